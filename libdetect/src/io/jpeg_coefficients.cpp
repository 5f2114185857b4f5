#include "io/jpeg_coefficients.hpp"

#include "io/jpeg_error.hpp"

#include <libdetect/error.hpp>

#include <cstring>

namespace libdetect::io {

namespace {

enum class Outcome { ok, not_luma, error };

// Everything libjpeg may longjmp out of happens here, where no local object
// has a destructor; the caller owns `out` and the messages.
Outcome read_into(const std::uint8_t* data, std::size_t size, LumaCoefficients& out, char* message) {
    jpeg_decompress_struct cinfo;
    JpegErrorManager errors;
    std::memset(&cinfo, 0, sizeof(cinfo));
    install_jpeg_errors(cinfo, errors);
    if (setjmp(errors.jump)) {
        std::memcpy(message, errors.message, JMSG_LENGTH_MAX);
        jpeg_destroy_decompress(&cinfo);
        return Outcome::error;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space != JCS_YCbCr && cinfo.jpeg_color_space != JCS_GRAYSCALE) {
        jpeg_destroy_decompress(&cinfo);
        return Outcome::not_luma;
    }
    jvirt_barray_ptr* arrays = jpeg_read_coefficients(&cinfo);
    const jpeg_component_info& luma = cinfo.comp_info[0];
    if (!luma.quant_table) {
        std::strcpy(message, "the luminance has no quantization table");
        jpeg_destroy_decompress(&cinfo);
        return Outcome::error;
    }
    out.block_columns = static_cast<int>(luma.width_in_blocks);
    out.block_rows = static_cast<int>(luma.height_in_blocks);
    for (int i = 0; i < 64; ++i) out.quant_steps[i] = luma.quant_table->quantval[i];
    const std::size_t kept = out.frequencies.size();
    out.values.resize(static_cast<std::size_t>(out.block_columns) * out.block_rows * kept);
    for (int by = 0; by < out.block_rows; ++by) {
        JBLOCKARRAY row = (*cinfo.mem->access_virt_barray)(reinterpret_cast<j_common_ptr>(&cinfo), arrays[0],
                                                           static_cast<JDIMENSION>(by), 1, FALSE);
        std::int16_t* out_row = out.values.data() + static_cast<std::size_t>(by) * out.block_columns * kept;
        for (int bx = 0; bx < out.block_columns; ++bx)
            for (std::size_t f = 0; f < kept; ++f) out_row[std::size_t(bx) * kept + f] = row[0][bx][out.frequencies[f]];
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return Outcome::ok;
}

}  // namespace

std::optional<LumaCoefficients> read_luma_coefficients(const std::uint8_t* data, std::size_t size,
                                                       const std::vector<int>& frequencies, std::string& reason) {
    static_assert(sizeof(JCOEF) == sizeof(std::int16_t), "libjpeg's JCOEF is 16 bits");
    for (int f : frequencies)
        if (f < 0 || f >= 64) throw InvalidArgument("a DCT frequency is 0-63, got " + std::to_string(f));
    LumaCoefficients out;
    out.frequencies = frequencies;
    char message[JMSG_LENGTH_MAX] = {};
    switch (read_into(data, size, out, message)) {
    case Outcome::ok: return out;
    case Outcome::not_luma:
        reason = "the JPEG is not YCbCr or grayscale (CMYK/YCCK): no luminance channel";
        return std::nullopt;
    case Outcome::error: break;
    }
    throw DecodeError(std::string("malformed JPEG data: ") + message);
}

}  // namespace libdetect::io
