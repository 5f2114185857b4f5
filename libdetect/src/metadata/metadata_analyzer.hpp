#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::metadata {

// What the file declares: EXIF/XMP/IPTC (exiv2), generator records in PNG
// text chunks, JPEG comments and EXIF UserComment, IPTC DigitalSourceType,
// the camera record and its embedded thumbnail. Declared AI generation gives
// a high score with declared = true; a consistent camera record a mild push
// toward authentic; otherwise no score, because missing metadata proves
// nothing (every platform strips it).
class MetadataAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "metadata";
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::metadata
