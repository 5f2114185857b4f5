#include "metadata/camera_record.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

namespace libdetect::metadata {
namespace {

// "YYYY:MM:DD HH:MM:SS" as a sortable number of seconds (calendar-exact
// arithmetic is not needed to order two dates).
std::optional<long long> exif_time(const std::string& text) {
    int y, mo, d, h, mi, s;
    if (std::sscanf(text.c_str(), "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return std::nullopt;
    if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
    return ((((y * 12LL + mo) * 31 + d) * 24 + h) * 60 + mi) * 60 + s;
}

std::string field(const std::map<std::string, std::string>& fields, const char* key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
}

const char* const kEditors[] = {"photoshop", "gimp", "lightroom", "snapseed", "affinity", "pixelmator",
                                "paint.net", "picsart", "facetune", "meitu", "canva", "faceapp", "lensa"};

}  // namespace

CameraRecord check_camera_record(const std::map<std::string, std::string>& fields, int width, int height) {
    CameraRecord record;
    const std::string make = field(fields, "Exif.Image.Make"), model = field(fields, "Exif.Image.Model");
    const std::string original = field(fields, "Exif.Photo.DateTimeOriginal");
    const std::string modified = field(fields, "Exif.Image.DateTime");
    record.present = (!make.empty() || !model.empty()) && !original.empty();

    const auto taken = exif_time(original), changed = exif_time(modified);
    if (!original.empty() && !taken) record.inconsistencies.push_back("DateTimeOriginal is not a valid date: " + original);
    if (taken && changed && *changed < *taken)
        record.inconsistencies.push_back("DateTime (" + modified + ") is before DateTimeOriginal (" + original + ")");
    if (taken && *exif_time("1990:01:01 00:00:00") > *taken)
        record.inconsistencies.push_back("DateTimeOriginal is before 1990: " + original);

    const std::string px = field(fields, "Exif.Photo.PixelXDimension"), py = field(fields, "Exif.Photo.PixelYDimension");
    if (!px.empty() && !py.empty()) {
        const long w = std::atol(px.c_str()), h = std::atol(py.c_str());
        const bool same = (w == width && h == height) || (w == height && h == width);
        if (w > 0 && h > 0 && !same)
            record.inconsistencies.push_back("EXIF says " + px + "x" + py + " pixels, the picture has " +
                                             std::to_string(width) + "x" + std::to_string(height) +
                                             ": resized or cropped after the camera wrote it");
    }
    std::string software = field(fields, "Exif.Image.Software");
    std::string lowered = software;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* editor : kEditors)
        if (lowered.find(editor) != std::string::npos) record.edited_with = software;
    return record;
}

}  // namespace libdetect::metadata
