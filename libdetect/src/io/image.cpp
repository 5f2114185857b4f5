#include "io/image_impl.hpp"
#include "io/jpeg_integrity.hpp"
#include "io/png_pixels.hpp"

#include "hash/digest.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

LIBDETECT_NAMESPACE_BEGIN
namespace {

void check_pixel_limit(std::uint64_t width, std::uint64_t height, const Limits& limits) {
    if (width * height > limits.max_pixels)
        throw LimitError("image of " + std::to_string(width) + "x" + std::to_string(height) +
                         " pixels exceeds the limit of " + std::to_string(limits.max_pixels) +
                         " pixels");
}

void check_byte_limit(std::uint64_t bytes, const Limits& limits) {
    if (bytes > limits.max_file_bytes)
        throw LimitError("input of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_file_bytes) + " bytes");
}

cv::Mat decode_pixels(const std::vector<std::uint8_t>& bytes, const io::ContainerFacts& facts) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw LimitError("inputs over 2 GiB cannot be decoded (OpenCV buffer limit)");
    cv::Mat pixels;
    // A PNG reaches the decoder without its ancillary chunks (io/png_pixels.hpp).
    const std::vector<std::uint8_t> png =
        facts.format == "png" ? io::png_pixel_chunks(bytes.data(), bytes.size()) : std::vector<std::uint8_t>();
    const std::vector<std::uint8_t>& input = facts.format == "png" ? png : bytes;
    try {
        const cv::Mat encoded(1, static_cast<int>(input.size()), CV_8UC1, const_cast<std::uint8_t*>(input.data()));
        pixels = cv::imdecode(encoded, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        throw DecodeError("cannot decode " + facts.format + ": " + e.what());
    }
    if (pixels.empty())
        throw DecodeError("cannot decode " + facts.format + " pixel data (corrupt or truncated)");
    if (pixels.cols != facts.width || pixels.rows != facts.height)
        throw DecodeError("decoded size " + std::to_string(pixels.cols) + "x" +
                          std::to_string(pixels.rows) + " differs from the header's " +
                          std::to_string(facts.width) + "x" + std::to_string(facts.height));
    return pixels;
}

}  // namespace

Image::Image(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

const cv::Mat& Image::Impl::gray() const {
    std::call_once(gray_once_, [this] { cv::cvtColor(bgr, gray_, cv::COLOR_BGR2GRAY); });
    return gray_;
}

Image Image::from_file(const std::string& path, const Limits& limits) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) {
        std::error_code link_ec;
        if (fs::is_symlink(fs::symlink_status(path, link_ec)))
            throw IoError("cannot open '" + path + "': a link to nothing (" +
                          (ec ? ec.message() : std::string("dangling")) + ")");
        throw IoError("cannot open '" + path + "': " + (ec && ec != std::errc::no_such_file_or_directory ? ec.message()
                                                                                                    : "no such file"));
    }
    if (!fs::is_regular_file(status)) {
        const char* kind = fs::is_fifo(status)           ? "a FIFO (never opened: reading it could block)"
                           : fs::is_socket(status)         ? "a socket"
                           : fs::is_block_file(status)     ? "a block device"
                           : fs::is_character_file(status) ? "a character device"
                           : fs::is_directory(status)      ? "a directory"
                                                           : "not a regular file";
        throw IoError("cannot open '" + path + "': " + kind);
    }
    const auto size = fs::file_size(path, ec);
    if (ec) throw IoError("cannot read the size of '" + path + "': " + ec.message());
    check_byte_limit(size, limits);

    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open '" + path + "' for reading (permission denied?)");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throw IoError("cannot read '" + path + "'");
    return from_bytes(std::move(bytes), path, limits);
}

Image Image::from_bytes(std::vector<std::uint8_t> bytes, const std::string& name,
                        const Limits& limits) {
    check_byte_limit(bytes.size(), limits);
    auto impl = std::make_shared<Impl>();
    impl->name = name;
    impl->byte_size = bytes.size();
    // Hash first: the digest identifies the evidence even if decoding fails later.
    impl->sha256 = hash::sha256_hex(bytes.data(), bytes.size());
    impl->md5 = hash::md5_hex(bytes.data(), bytes.size());
    if (bytes.empty()) throw DecodeError("empty input: 0 bytes");
    impl->facts = io::read_container(bytes.data(), bytes.size());
    check_pixel_limit(static_cast<std::uint64_t>(impl->facts.width),
                      static_cast<std::uint64_t>(impl->facts.height), limits);
    // The integrity check holds every DCT coefficient of the file (300 MB
    // for a 100-MP photo): it runs before the pixels exist, not beside them.
    if (impl->facts.format == "jpeg") impl->facts.damage = io::jpeg_damage(bytes.data(), bytes.size());
    impl->bgr = decode_pixels(bytes, impl->facts);
    impl->bytes = std::move(bytes);
    return Image(std::move(impl));
}

Image Image::from_pixels(const std::uint8_t* data, int width, int height, int channels,
                         std::size_t stride_bytes, PixelOrder order, const std::string& name,
                         const Limits& limits) {
    if (!data) throw InvalidArgument("pixel buffer is null");
    if (width <= 0 || height <= 0)
        throw InvalidArgument("pixel buffer must have a positive size, got " +
                              std::to_string(width) + "x" + std::to_string(height));
    if (channels != 1 && channels != 3 && channels != 4)
        throw InvalidArgument("pixel buffer must have 1, 3 or 4 channels, got " +
                              std::to_string(channels));
    const std::size_t row_bytes = static_cast<std::size_t>(width) * channels;
    if (stride_bytes == 0) stride_bytes = row_bytes;
    if (stride_bytes < row_bytes)
        throw InvalidArgument("row stride " + std::to_string(stride_bytes) +
                              " is smaller than width*channels = " + std::to_string(row_bytes));
    check_pixel_limit(static_cast<std::uint64_t>(width), static_cast<std::uint64_t>(height), limits);

    const cv::Mat wrapped(height, width, CV_8UC(channels), const_cast<std::uint8_t*>(data),
                          stride_bytes);
    const cv::Mat packed = wrapped.clone();  // contiguous copy: the caller keeps its buffer
    auto impl = std::make_shared<Impl>();
    impl->name = name;
    impl->byte_size = packed.total() * packed.elemSize();
    impl->sha256 = hash::sha256_hex(packed.data, impl->byte_size);
    impl->md5 = hash::md5_hex(packed.data, impl->byte_size);
    impl->facts.format = "raw";
    impl->facts.width = width;
    impl->facts.height = height;
    const bool rgb = order == PixelOrder::RGB;
    if (channels == 1) cv::cvtColor(packed, impl->bgr, cv::COLOR_GRAY2BGR);
    else if (channels == 4) cv::cvtColor(packed, impl->bgr, rgb ? cv::COLOR_RGBA2BGR : cv::COLOR_BGRA2BGR);
    if (channels == 4) impl->facts.conversions.push_back(io::kAlphaDropped);
    else if (rgb) cv::cvtColor(packed, impl->bgr, cv::COLOR_RGB2BGR);
    else impl->bgr = packed;
    return Image(std::move(impl));
}

int Image::width() const noexcept { return impl_->bgr.cols; }
int Image::height() const noexcept { return impl_->bgr.rows; }
const std::string& Image::name() const noexcept { return impl_->name; }
const std::string& Image::format() const noexcept { return impl_->facts.format; }
const std::string& Image::sha256() const noexcept { return impl_->sha256; }
std::uint64_t Image::byte_size() const noexcept { return impl_->byte_size; }
int Image::exif_orientation() const noexcept { return impl_->facts.exif_orientation; }

std::vector<std::uint8_t> Image::rgb() const {
    cv::Mat rgb;
    cv::cvtColor(impl_->bgr, rgb, cv::COLOR_BGR2RGB);
    return std::vector<std::uint8_t>(rgb.data, rgb.data + rgb.total() * rgb.elemSize());
}

LIBDETECT_NAMESPACE_END
