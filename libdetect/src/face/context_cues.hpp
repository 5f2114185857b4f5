// Handcrafted face-versus-context cues: a face pasted from elsewhere often
// carries a different noise level, sharpness, colour or JPEG grid than the
// picture around it. Each cue compares the face (inside its landmark hull)
// with a ring around it; they are evidence for a reader, not calibrated
// scores: hair, background and make-up make the two regions differ anyway.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace libdetect::face {

// The best-fitting 8x8 block-grid phase of a grey image inside `mask` (or
// everywhere when mask is empty): {phase x, phase y, strength}.
struct GridPhase {
    int x = 0, y = 0;
    double strength = 0.0;
};

// block_grid_phase of a CV_32F grey image inside `mask` (empty: everywhere).
// Strength is the blocking at the best phase minus the mean of the others,
// in grey levels; 0 when there is no grid.
GridPhase block_grid_phase(const cv::Mat& gray, const cv::Mat& mask);

// The whole image's grid phase, measured once per image, from its 8-bit
// luma (Image::Impl::gray).
GridPhase image_grid_phase(const cv::Mat& luma);

struct ContextCues {
    bool measured = false;        // both regions had enough pixels
    double noise_face = 0.0;      // robust noise sigma (grey levels) inside the face
    double noise_context = 0.0;   // ... in the ring around it
    double sharpness_face = 0.0;  // mean |Laplacian| after a light blur
    double sharpness_context = 0.0;
    double colour_difference = 0.0;  // distance of the mean a*b* chroma (CIELAB) of face and ring
    // The 8x8 JPEG block grid's phase (0..7 per axis) that fits each region
    // best, and how clearly (0: no grid; blocking strength relative to the
    // other phases).
    int grid_face_x = 0, grid_face_y = 0;
    double grid_face_strength = 0.0;
};

// `landmarks`: the face's 68 points in image coordinates.
ContextCues context_cues(const cv::Mat& bgr, const std::vector<cv::Point2d>& landmarks);


}  // namespace libdetect::face
