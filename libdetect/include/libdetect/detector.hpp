#pragma once

#include <libdetect/export.hpp>
#include <libdetect/image.hpp>
#include <libdetect/options.hpp>
#include <libdetect/report.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace libdetect {

// Runs the enabled analyzers over an image and builds a Report. Construction
// validates the options; analyze() is const and may be called from several
// threads at once on the same Detector. A moved-from Detector may only be
// destroyed or assigned to.
class LIBDETECT_API Detector {
public:
    explicit Detector(Options options = {});
    ~Detector();
    Detector(Detector&&) noexcept;
    Detector& operator=(Detector&&) noexcept;
    Detector(const Detector&) = delete;
    Detector& operator=(const Detector&) = delete;

    const Options& options() const noexcept;

    Report analyze(const Image& image) const;
    // Reads, decodes (within the option limits) and analyzes a file.
    Report analyze_file(const std::string& path) const;

    // Analyzes many files on options().threads workers; never throws for a
    // bad input (its outcome carries the error). Outcomes keep input order.
    using Progress = ProgressCallback;
    std::vector<ScanOutcome> analyze_files(const std::vector<std::string>& paths,
                                           const Progress& progress = {}) const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// Expands directories into the image files inside them (by extension, sorted),
// optionally recursing. Other paths, including missing ones, are kept as given
// so that a scan reports them as errors instead of silently dropping them.
LIBDETECT_API std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                                     bool recursive);

}  // namespace libdetect
