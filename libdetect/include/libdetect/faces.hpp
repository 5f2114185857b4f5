// Finding faces and putting them into the canonical frame the face model was
// trained on. The `face` analyzer does both inside a scan; this API is for
// callers who want the faces themselves (an analyst's notebook, the training
// scripts under models/train/).
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/image.hpp>
#include <libdetect/options.hpp>
#include <libdetect/report.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

struct FaceSearch {
    std::vector<Face> faces;  // strongest detection first; analysis fields left empty
    bool capped = false;      // more than Options::max_faces were detected
};

// A face resampled so that its eyes, nose tip and mouth corners sit on a fixed
// template (a similarity transform: rotation, uniform scale, translation).
struct AlignedFaceCrop {
    int size = 0;
    std::vector<std::uint8_t> rgb;          // size x size x 3, tightly packed
    std::array<double, 6> image_to_crop{};  // 2x3 row-major affine: crop = A * (x, y, 1)
};

// Finds faces and their 68 landmarks (dlib), and aligns face crops.
class LIBDETECT_API FaceLocator {
public:
    // Loads the landmark model named by options.face_landmarks_model (or
    // Debian's default): ModelError when it is missing or unreadable;
    // InvalidArgument when options.max_faces < 1. Loading takes about 2 s.
    explicit FaceLocator(const Options& options = {});
    ~FaceLocator();
    FaceLocator(FaceLocator&&) noexcept;
    FaceLocator& operator=(FaceLocator&&) noexcept;

    // Frontal and near-frontal faces of about 40 px and up, with their 68
    // landmarks. Thread-safe.
    FaceSearch find(const Image& image) const;

    // The aligned crop of `face` (its landmarks must be the 68 points of
    // find()). `margin` in [0, 0.9) shrinks the template towards the centre,
    // leaving context around the face; pixels beyond the image edge repeat
    // the edge. Throws InvalidArgument for size < 16 or a bad margin.
    static AlignedFaceCrop align(const Image& image, const Face& face, int size, double margin);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

LIBDETECT_NAMESPACE_END
