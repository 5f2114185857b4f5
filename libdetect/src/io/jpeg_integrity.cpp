#include "io/jpeg_integrity.hpp"

#include "io/jpeg_error.hpp"

#include <cstring>

namespace libdetect::io {
namespace {

// libjpeg calls emit_message with level -1 for each warning; `errors` must
// stay the first member so that cinfo->err can be cast back.
struct WarningLog {
    JpegErrorManager errors;
    char first[JMSG_LENGTH_MAX];
    long count;
};

void on_message(j_common_ptr cinfo, int level) {
    if (level != -1) return;  // trace messages
    auto* log = reinterpret_cast<WarningLog*>(cinfo->err);
    if (log->count++ == 0) (*cinfo->err->format_message)(cinfo, log->first);
}

// Everything libjpeg may longjmp out of happens here, where no local object
// has a destructor.
bool read_all_scans(const std::uint8_t* data, std::size_t size, WarningLog& log) {
    jpeg_decompress_struct cinfo;
    std::memset(&cinfo, 0, sizeof(cinfo));
    install_jpeg_errors(cinfo, log.errors);
    log.errors.base.emit_message = on_message;
    if (setjmp(log.errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    jpeg_read_coefficients(&cinfo);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

}  // namespace

std::string jpeg_damage(const std::uint8_t* data, std::size_t size) {
    WarningLog log{};
    if (!read_all_scans(data, size, log)) return std::string("libjpeg cannot read the scans: ") + log.errors.message;
    if (log.count == 0) return {};
    std::string what = std::string("libjpeg: ") + log.first;
    if (log.count > 1) what += " (" + std::to_string(log.count) + " warnings)";
    return what;
}

}  // namespace libdetect::io
