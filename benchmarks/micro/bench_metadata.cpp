// Reading all metadata of a 5-MB JPEG (target <= 20 ms): the metadata
// analyzer end to end (container walk, exiv2, generator rules, thumbnail
// comparison), with decoding the same file as the baseline of the run.
#include "fixtures.hpp"
#include "metadata/metadata_analyzer.hpp"

#include <libdetect/image.hpp>

#include <benchmark/benchmark.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>
#pragma GCC diagnostic pop
#include <opencv2/imgproc.hpp>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace {

// A 3000x2000 camera-like JPEG at q98 (about 5 MB) with EXIF, GPS, XMP and a
// thumbnail, written by exiv2.
const std::vector<std::uint8_t>& jpeg_5mb() {
    static const std::vector<std::uint8_t> bytes = [] {
        const cv::Mat picture = libdetect::fixtures::structured_scene(3000, 2000, 5);
        cv::Mat noisy(picture.size(), CV_16SC3);
        cv::RNG(5).fill(noisy, cv::RNG::NORMAL, 0, 12);  // sensor-like noise makes the file camera-sized
        cv::Mat noisy_picture;
        picture.convertTo(noisy_picture, CV_16SC3);
        noisy_picture += noisy;
        noisy_picture.convertTo(noisy_picture, CV_8UC3);
        const auto encoded = libdetect::fixtures::encode(noisy_picture, ".jpg", 98);
        auto image = Exiv2::ImageFactory::open(encoded.data(), static_cast<long>(encoded.size()));
        image->readMetadata();
        Exiv2::ExifData exif;
        exif["Exif.Image.Make"] = "Canon";
        exif["Exif.Image.Model"] = "Canon EOS 80D";
        exif["Exif.Photo.DateTimeOriginal"] = "2021:06:01 10:00:00";
        exif["Exif.GPSInfo.GPSLatitude"] = "51/1 30/1 0/1";
        cv::Mat small;
        cv::resize(noisy_picture, small, cv::Size(160, 107), 0, 0, cv::INTER_AREA);
        const auto thumb = libdetect::fixtures::encode(small, ".jpg", 85);
        Exiv2::ExifThumb(exif).setJpegThumbnail(thumb.data(), static_cast<long>(thumb.size()));
        image->setExifData(exif);
        Exiv2::XmpData xmp;
        xmp["Xmp.xmp.CreatorTool"] = "Canon EOS 80D Firmware 1.0.2";
        image->setXmpData(xmp);
        image->writeMetadata();
        Exiv2::BasicIo& io = image->io();
        io.seek(0, Exiv2::BasicIo::beg);
        const Exiv2::DataBuf data = io.read(static_cast<long>(io.size()));
        return std::vector<std::uint8_t>(data.pData_, data.pData_ + data.size_);
    }();
    return bytes;
}

void BM_Decode5MB(benchmark::State& state) {
    for (auto _ : state) {
        auto image = libdetect::Image::from_bytes(jpeg_5mb());
        benchmark::DoNotOptimize(image.width());
    }
    state.counters["MB"] = double(jpeg_5mb().size()) / 1e6;
}
BENCHMARK(BM_Decode5MB)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Metadata5MB(benchmark::State& state) {
    const auto image = libdetect::Image::from_bytes(jpeg_5mb());
    const libdetect::metadata::MetadataAnalyzer analyzer;
    for (auto _ : state) {
        auto result = analyzer.analyze({libdetect::detail::impl_of(image), true, false});
        benchmark::DoNotOptimize(result.evidence.size());
    }
    state.counters["MB"] = double(jpeg_5mb().size()) / 1e6;
}
BENCHMARK(BM_Metadata5MB)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
