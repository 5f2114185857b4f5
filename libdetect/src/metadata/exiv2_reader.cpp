#include "metadata/exiv2_reader.hpp"

#include "metadata/text_record.hpp"
#include "metadata/user_comment.hpp"

// exiv2 0.27's headers use std::auto_ptr, deprecated since C++11.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>
#pragma GCC diagnostic pop

#include <climits>
#include <cmath>
#include <mutex>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace libdetect::metadata {
namespace {

// The EXIF, XMP and IPTC fields a report names. Anything else stays out:
// reports leave the investigator's hands.
const char* const kFields[] = {
    "Exif.Image.Make", "Exif.Image.Model", "Exif.Image.Software", "Exif.Image.DateTime",
    "Exif.Image.ImageDescription", "Exif.Image.Artist", "Exif.Image.HostComputer",
    "Exif.Photo.DateTimeOriginal", "Exif.Photo.DateTimeDigitized", "Exif.Photo.OffsetTimeOriginal",
    "Exif.Photo.LensModel", "Exif.Photo.ExposureTime", "Exif.Photo.FNumber", "Exif.Photo.ISOSpeedRatings",
    "Exif.Photo.FocalLength", "Exif.Photo.PixelXDimension", "Exif.Photo.PixelYDimension",
    "Exif.Photo.BodySerialNumber",
    "Xmp.xmp.CreatorTool", "Xmp.xmp.CreateDate", "Xmp.xmp.ModifyDate", "Xmp.photoshop.Credit",
    "Xmp.iptcExt.DigitalSourceType", "Xmp.iptcExt.DigitalSourceFileType", "Xmp.dcterms.provenance",
    "Xmp.tiff.Make", "Xmp.tiff.Model", "Xmp.exif.DateTimeOriginal", "Xmp.xmpMM.History",
    "Iptc.Application2.Program", "Iptc.Application2.Credit", "Iptc.Application2.DateCreated",
};

void initialise_exiv2() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // a library does not print
        Exiv2::XmpParser::initialize();               // before threads use XMP
    });
}

std::optional<double> degrees(const Exiv2::ExifData& exif, const char* key, const char* ref_key) {
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    if (it == exif.end() || it->count() != 3) return std::nullopt;
    double value = 0.0, unit = 1.0;
    for (long i = 0; i < 3; ++i, unit /= 60.0) {
        const Exiv2::Rational r = it->toRational(i);
        if (r.second == 0) return std::nullopt;
        value += unit * double(r.first) / double(r.second);
    }
    const auto ref = exif.findKey(Exiv2::ExifKey(ref_key));
    if (ref != exif.end()) {
        const std::string s = ref->toString();
        if (s == "S" || s == "W") value = -value;
    }
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

template <typename Data, typename Key>
void take(const Data& data, const char* name, EmbeddedRecord& out) {
    const auto it = data.findKey(Key(name));
    if (it == data.end()) return;
    std::string text;
    if (const auto* comment = dynamic_cast<const Exiv2::CommentValue*>(&it->value()))
        text = comment->comment();  // charset header decoded (UNICODE is UTF-16)
    else
        text = it->toString();
    while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
    if (text.empty()) return;
    if (text.size() > kMaxTextBytes) text.resize(kMaxTextBytes);
    out.fields[name] = valid_utf8(text);
}

// UserComment where the standard puts it (the Exif sub-IFD) and where some
// generators' savers put it (IFD0, which exiv2 reads as undefined bytes),
// decoded from the raw bytes (user_comment.hpp): exiv2's own decoding
// assumes the EXIF's byte order for UTF-16 text.
void take_user_comments(const Exiv2::ExifData& exif, Exiv2::ByteOrder order, EmbeddedRecord& out) {
    const std::pair<const char*, const char*> places[] = {{"Exif.Photo.UserComment", "Exif.Photo.UserComment"},
                                                          {"Exif.Image.0x9286", "Exif.Image.UserComment"}};
    for (const auto& [key, name] : places) {
        const auto it = exif.findKey(Exiv2::ExifKey(key));
        if (it == exif.end()) continue;
        std::string raw;
        bool little = order != Exiv2::bigEndian;
        if (const auto* comment = dynamic_cast<const Exiv2::CommentValue*>(&it->value())) {
            raw = comment->value_;
            if (comment->byteOrder_ != Exiv2::invalidByteOrder) little = comment->byteOrder_ == Exiv2::littleEndian;
        } else if (it->size() > 0 && it->size() <= long(4 * kMaxTextBytes)) {
            raw.resize(static_cast<std::size_t>(it->size()));
            it->copy(reinterpret_cast<Exiv2::byte*>(raw.data()), order);
        }
        std::string text = decode_user_comment(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size(), little);
        if (!text.empty()) out.fields[name] = std::move(text);
    }
}

}  // namespace

EmbeddedRecord read_embedded_metadata(const std::uint8_t* data, std::size_t size) {
    EmbeddedRecord out;
    if (size > static_cast<std::size_t>(LONG_MAX)) return out;
    initialise_exiv2();
    try {
        auto image = Exiv2::ImageFactory::open(data, static_cast<long>(size));
        if (!image.get()) return out;
        image->readMetadata();
        const Exiv2::ExifData& exif = image->exifData();
        const Exiv2::XmpData& xmp = image->xmpData();
        const Exiv2::IptcData& iptc = image->iptcData();
        for (const char* name : kFields) {
            const std::string key(name);
            if (key.rfind("Exif.", 0) == 0) take<Exiv2::ExifData, Exiv2::ExifKey>(exif, name, out);
            else if (key.rfind("Xmp.", 0) == 0) take<Exiv2::XmpData, Exiv2::XmpKey>(xmp, name, out);
            else take<Exiv2::IptcData, Exiv2::IptcKey>(iptc, name, out);
        }
        take_user_comments(exif, image->byteOrder(), out);
        for (const auto& datum : exif)
            if (datum.groupName() == "GPSInfo") out.gps_present = true;
        if (out.gps_present) {
            out.latitude = degrees(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef");
            out.longitude = degrees(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef");
        }
        const Exiv2::ExifThumbC thumb(exif);
        const Exiv2::DataBuf buffer = thumb.copy();
        if (buffer.size_ > 0) {
            out.thumbnail.assign(buffer.pData_, buffer.pData_ + buffer.size_);
            out.thumbnail_type = thumb.mimeType();
        }
    } catch (const Exiv2::AnyError& e) {
        out.problems.push_back(std::string("exiv2 could not read the metadata: ") + valid_utf8(e.what()));
    } catch (const std::exception& e) {
        out.problems.push_back(std::string("exiv2 failed: ") + valid_utf8(e.what()));
    }
    return out;
}

}  // namespace libdetect::metadata
