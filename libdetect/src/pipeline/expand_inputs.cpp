#include <libdetect/detector.hpp>

#include "io/container.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

LIBDETECT_NAMESPACE_BEGIN
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

// Images libdetect cannot decode yet (GIF, HEIF/HEIC, AVIF, JPEG XL): they are
// analyzed, so that the scan reports them as undecodable evidence rather
// than as something that is not an image.
bool is_undecoded_image(const std::uint8_t* head, std::size_t size) {
    auto starts = [&](const char* magic, std::size_t at = 0) {
        const std::size_t n = std::char_traits<char>::length(magic);
        return size >= at + n && std::equal(magic, magic + n, reinterpret_cast<const char*>(head) + at);
    };
    if (starts("GIF87a") || starts("GIF89a")) return true;
    if (size >= 2 && head[0] == 0xFF && head[1] == 0x0A) return true;  // JPEG XL codestream
    if (starts("JXL ", 4)) return true;                                 // JPEG XL container
    if (starts("ftyp", 4))                                              // ISO BMFF: HEIF, HEIC, AVIF
        for (const char* brand : {"heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis"})
            if (starts(brand, 8)) return true;
    return false;
}

// Why a regular file found in a folder is not analyzed, or "" when it is an
// image by extension or by its first bytes (evidence is recognised by
// content, not by its name: a JPEG saved without an extension is still a
// JPEG). A file that cannot be opened is analyzed, so that the scan reports
// the error.
std::string skip_reason(const std::filesystem::path& path) {
    if (has_image_extension(path)) return {};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::uint8_t head[32] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    if (in.gcount() == 0) return "an empty file";
    const std::size_t size = static_cast<std::size_t>(in.gcount());
    if (!io::sniff_format(head, size).empty() || is_undecoded_image(head, size)) return {};
    return "not an image: its first bytes match no format libdetect reads";
}

// Every entry but directories; nothing is opened but regular files (a FIFO
// would block).
template <typename Iterator>
void collect(Iterator it, std::vector<InputEntry>& found) {
    std::error_code ec;
    for (const Iterator end; it != end; it.increment(ec)) {
        if (ec) break;
        std::error_code type_ec;
        if (it->is_regular_file(type_ec))
            found.push_back({it->path().string(), skip_reason(it->path())});
        else if (!it->is_directory(type_ec))
            found.push_back({it->path().string(), {}});
    }
}

}  // namespace

std::vector<InputEntry> list_inputs(const std::vector<std::string>& paths, bool recursive) {
    namespace fs = std::filesystem;
    std::vector<InputEntry> inputs;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            inputs.push_back({path, {}});  // files, and missing paths (reported by the scan)
            continue;
        }
        std::vector<InputEntry> found;
        const auto options = fs::directory_options::skip_permission_denied;
        if (recursive) collect(fs::recursive_directory_iterator(path, options, ec), found);
        else collect(fs::directory_iterator(path, options, ec), found);
        if (ec) {
            inputs.push_back({path, {}});  // unreadable directory: the scan reports it
            continue;
        }
        std::sort(found.begin(), found.end(), [](const InputEntry& a, const InputEntry& b) { return a.path < b.path; });
        inputs.insert(inputs.end(), found.begin(), found.end());
    }
    return inputs;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, bool recursive) {
    std::vector<std::string> analyzed;
    for (auto& entry : list_inputs(paths, recursive))
        if (entry.skipped.empty()) analyzed.push_back(std::move(entry.path));
    return analyzed;
}

ScanOutcome skipped_outcome(const InputEntry& entry) {
    return ScanOutcome{entry.path, std::nullopt, "skipped", entry.skipped};
}

LIBDETECT_NAMESPACE_END
