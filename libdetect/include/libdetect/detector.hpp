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

LIBDETECT_NAMESPACE_BEGIN

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

    // The options it was built with.
    const Options& options() const noexcept;

    // Every enabled analyzer over one decoded image, then the verdict.
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

// One entry met while expanding the inputs of a scan.
struct InputEntry {
    std::string path;
    // Why it is not analyzed (a regular file in a folder whose content is no
    // image format libdetect reads, or an empty one); empty: analyze it.
    std::string skipped;
};

// What a scan meets: the paths given, with directories expanded into every
// entry inside them (sorted; recursing when asked). Files are images by
// extension or content; other regular files found in folders are listed as
// skipped, with the reason, instead of being dropped silently. Paths given
// explicitly, missing ones, and entries that are not regular files (FIFOs,
// devices, broken or looping links) are listed for analysis, which reports
// each as an error without opening what would block.
LIBDETECT_API std::vector<InputEntry> list_inputs(const std::vector<std::string>& paths, bool recursive);

// The entries of list_inputs that are to be analyzed.
LIBDETECT_API std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                                     bool recursive);

// The outcome a scan records for a skipped entry (error type "skipped"): it
// is listed in the results but is not a failure.
LIBDETECT_API ScanOutcome skipped_outcome(const InputEntry& entry);

LIBDETECT_NAMESPACE_END
