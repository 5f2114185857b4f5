// libjpeg reports fatal errors by calling error_exit, which must not return:
// the readers setjmp() before calling libjpeg and on_jpeg_error longjmp()s
// back with the message. Warnings are swallowed (a library does not print).
#pragma once

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

namespace libdetect::io {

struct JpegErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] inline void on_jpeg_error(j_common_ptr cinfo) {
    auto* manager = reinterpret_cast<JpegErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, manager->message);
    std::longjmp(manager->jump, 1);
}

inline void on_jpeg_message(j_common_ptr, int) {}

inline void install_jpeg_errors(jpeg_decompress_struct& cinfo, JpegErrorManager& errors) {
    cinfo.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = on_jpeg_error;
    errors.base.emit_message = on_jpeg_message;
    errors.message[0] = '\0';
}

}  // namespace libdetect::io
