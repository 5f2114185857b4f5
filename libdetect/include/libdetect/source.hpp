// Finding the real photo an edit was made from: rank candidate originals by
// perceptual hash (of the whole picture and of each cell of a 3x3 grid, so
// that an edit covering half the picture leaves some cells recognisable),
// verify the best few by local features, register the original onto the
// suspect and map what differs.
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/image.hpp>
#include <libdetect/options.hpp>
#include <libdetect/report.hpp>

#include <array>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

struct SourceSearchOptions {
    int verify_top = 8;      // candidates (by PDQ distance) checked with local features
    int min_inliers = 20;    // RANSAC inliers needed to call a candidate the source
                             // (8 suffice when the picture or a grid cell matches by PDQ)
    int list_top = 10;       // ranked candidates kept in the result
    Limits limits;           // for reading candidates
    int threads = 0;         // workers hashing candidates (0: one per core)
};

// One candidate file of a source search, ranked by how likely it is the original.
struct SourceCandidate {
    std::string file;
    int pdq_distance = 256;     // whole picture, smallest over the suspect's 8 dihedral variants
    int region_distance = 256;  // smallest PDQ distance between same-place grid cells
                                // (cells of quality < 50 on either side are ignored)
    int inliers = -1;        // RANSAC inliers, -1 when not verified
    std::string error;       // why the file could not be used, else empty
};

// The result of a source search: the original found (or not), how it maps onto
// the suspect, and what changed.
struct SourceMatch {
    bool found = false;
    std::string file;            // the source, when found
    int pdq_distance = 256;      // of the source, or the best distance when none was found
    int inliers = 0;
    // Maps source pixel (x, y, 1) to suspect pixels, row-major 3x3.
    std::array<double, 9> homography{};
    // Fraction of the overlapping area that differs (0..1).
    double changed_fraction = 0.0;
    // Per-region difference in [0, 1] over the suspect (coarser than it), and
    // the binary mask of changed regions at the same size (1 = changed).
    Heatmap difference;
    Heatmap changed_mask;
    // Where the source command wrote them as PNGs, else empty.
    std::string difference_file;
    std::string changed_mask_file;
    std::string reason;          // plain words: why found or not
    std::vector<SourceCandidate> ranked;
};

// Candidates that cannot be read, or are byte-identical to the suspect, are
// listed with the reason and skipped.
LIBDETECT_API SourceMatch find_source(const Image& suspect, const std::vector<std::string>& candidates,
                                      const SourceSearchOptions& options = {},
                                      const ProgressCallback& progress = {});

// The result as JSON (heatmaps as paths when set, else omitted).
LIBDETECT_API std::string to_json(const SourceMatch& match, int indent = 2);

LIBDETECT_NAMESPACE_END
