#include <libdetect/detector.hpp>

#include "io/container.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace libdetect {
namespace {

bool has_image_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* const kExtensions[] = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp",
                                              ".tif", ".tiff", ".bmp", ".dib"};
    return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                       [&](const char* e) { return ext == e; });
}

// Whether a regular file's first bytes are an image signature we decode:
// evidence is recognised by content, not by its name (a JPEG saved without
// an extension is still a JPEG).
bool has_image_signature(const std::filesystem::path& path) {
    std::uint8_t head[32] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(head), sizeof head);
    return in.gcount() > 0 && !io::sniff_format(head, static_cast<std::size_t>(in.gcount())).empty();
}

// Images by extension or content; every entry that is not a regular file
// (FIFO, socket, device, dangling or looping link) is kept too, so that the
// scan gives it a record saying why it was not analyzed instead of dropping
// it silently. Nothing is opened but regular files (a FIFO would block).
template <typename Iterator>
void collect(Iterator it, std::vector<std::string>& found) {
    std::error_code ec;
    for (const Iterator end; it != end; it.increment(ec)) {
        if (ec) break;
        std::error_code type_ec;
        const bool regular = it->is_regular_file(type_ec);
        if (regular ? has_image_extension(it->path()) || has_image_signature(it->path())
                    : !it->is_directory(type_ec))
            found.push_back(it->path().string());
    }
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, bool recursive) {
    namespace fs = std::filesystem;
    std::vector<std::string> inputs;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            inputs.push_back(path);  // files, and missing paths (reported by the scan)
            continue;
        }
        std::vector<std::string> found;
        const auto options = fs::directory_options::skip_permission_denied;
        if (recursive) collect(fs::recursive_directory_iterator(path, options, ec), found);
        else collect(fs::directory_iterator(path, options, ec), found);
        if (ec) {
            inputs.push_back(path);  // unreadable directory: the scan reports it
            continue;
        }
        std::sort(found.begin(), found.end());
        inputs.insert(inputs.end(), found.begin(), found.end());
    }
    return inputs;
}

}  // namespace libdetect
