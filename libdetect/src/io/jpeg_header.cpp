#include "io/jpeg_header.hpp"

#include "io/byte_reader.hpp"
#include "io/jpeg_error.hpp"
#include "io/tiff_ifd.hpp"

#include <libdetect/error.hpp>

#include <cstring>

namespace libdetect::io {
namespace {

// Offset just past the first start-of-scan segment header, found by walking
// the length-prefixed marker segments (an EXIF thumbnail inside APP1 has its
// own markers, which the walk skips over).
std::optional<std::size_t> first_scan_offset(const ByteReader& r) {
    std::size_t at = 2;  // after SOI
    while (r.has(at, 4)) {
        if (*r.u8(at) != 0xFF) {  // extraneous bytes: libjpeg skips them with a warning
            ++at;
            continue;
        }
        const std::uint32_t marker = *r.u8(at + 1);
        if (marker == 0xFF) { ++at; continue; }  // fill byte
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2;
            continue;
        }
        const auto length = r.u16(at + 2, true);
        if (!length || *length < 2) return std::nullopt;
        const std::size_t next = at + 2 + *length;
        if (marker == 0xDA) return next;
        at = next;
    }
    return std::nullopt;
}

bool has_end_of_image_after(const std::uint8_t* data, std::size_t size, std::size_t from) {
    for (std::size_t i = size; i-- > from + 1;)
        if (data[i] == 0xD9 && data[i - 1] == 0xFF) return true;
    return false;
}

}  // namespace

ContainerFacts read_jpeg_container(const std::uint8_t* data, std::size_t size) {
    ContainerFacts facts;
    facts.format = "jpeg";

    jpeg_decompress_struct cinfo;
    JpegErrorManager errors;
    std::memset(&cinfo, 0, sizeof(cinfo));
    install_jpeg_errors(cinfo, errors);

    // Nothing with a non-trivial destructor may live between setjmp and the
    // longjmp that returns here.
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        throw DecodeError(std::string("malformed JPEG header: ") + errors.message);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);

    facts.width = static_cast<int>(cinfo.image_width);
    facts.height = static_cast<int>(cinfo.image_height);
    JpegFacts jpeg;
    jpeg.components = cinfo.num_components;
    jpeg.progressive = cinfo.progressive_mode != 0;
    for (int c = 0; c < cinfo.num_components; ++c) {
        const int slot = cinfo.comp_info[c].quant_tbl_no;
        const JQUANT_TBL* table = (slot >= 0 && slot < NUM_QUANT_TBLS) ? cinfo.quant_tbl_ptrs[slot]
                                                                       : nullptr;
        if (!table) {
            jpeg.component_table.push_back(-1);
            continue;
        }
        int index = -1;
        for (std::size_t t = 0; t < jpeg.quant_tables.size(); ++t)
            if (jpeg.quant_tables[t].slot == slot) index = static_cast<int>(t);
        if (index < 0) {
            QuantTable q;
            q.slot = slot;
            for (int i = 0; i < 64; ++i) q.values[i] = table->quantval[i];  // natural order
            jpeg.quant_tables.push_back(q);
            index = static_cast<int>(jpeg.quant_tables.size()) - 1;
        }
        jpeg.component_table.push_back(index);
    }
    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 &&
            std::memcmp(m->data, "Exif\0\0", 6) == 0) {
            facts.exif_orientation = exif_orientation_from_tiff(m->data + 6, m->data_length - 6);
            break;
        }
    }
    jpeg_destroy_decompress(&cinfo);
    facts.jpeg = std::move(jpeg);

    const ByteReader reader(data, size);
    const auto scan = first_scan_offset(reader);
    if (!scan || !has_end_of_image_after(data, size, *scan))
        throw DecodeError("truncated JPEG: no end-of-image marker after the image data");
    return facts;
}

}  // namespace libdetect::io
