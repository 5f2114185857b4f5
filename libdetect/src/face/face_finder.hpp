// Finding faces and their 68 landmarks with dlib (Debian's libdlib-dev and
// the shape predictor from libdlib-data). dlib types stay in the .cpp.
#pragma once

#include <libdetect/options.hpp>
#include <libdetect/report.hpp>

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace libdetect::face {

struct FoundFace {
    cv::Rect2d box;                       // image coordinates
    std::vector<cv::Point2d> landmarks;   // 68 points (iBUG 300-W order), image coordinates
    double confidence = 0.0;              // dlib's HOG detection score (> 0: detected; higher is surer)
    double size = 0.0;                    // sqrt(box area) in image pixels
    double yaw_degrees = 0.0;             // rough head yaw from the landmarks
    bool touches_border = false;          // the box reaches past the image edge
};

// The smallest face side the analysis is made for, in image pixels.
constexpr double kMinFaceSide = 40.0;

struct FaceFinderSettings {
    // The shape predictor; empty: /usr/share/dlib/shape_predictor_68_face_landmarks.dat.
    std::string landmarks_model;
    double min_face = kMinFaceSide;      // smallest face side searched for, in image pixels
    int max_working_side = 1600;  // the image is scaled so that its longer side is at most this
    int max_faces = 64;           // the strongest ones are kept
};

// The finder settings an Options asks for (landmark model, face cap):
// InvalidArgument when max_faces < 1.
FaceFinderSettings finder_settings(const Options& options);

// The public record of a found face (analysis fields left empty), and back.
Face to_report_face(const FoundFace& found);
std::vector<cv::Point2d> landmark_points(const Face& face);

class FaceFinder {
public:
    // Loads the shape predictor: ModelError if it is missing or unreadable.
    explicit FaceFinder(FaceFinderSettings settings = {});
    ~FaceFinder();
    FaceFinder(const FaceFinder&) = delete;
    FaceFinder& operator=(const FaceFinder&) = delete;

    // Faces in a BGR or gray 8-bit image, strongest first. The image is
    // scaled so that `min_face` becomes the HOG detector's 80-px window
    // (never beyond max_working_side); boxes and landmarks come back in image
    // coordinates. `capped` says whether more than max_faces were found.
    std::vector<FoundFace> find(const cv::Mat& image, bool* capped = nullptr) const;

    const FaceFinderSettings& settings() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace libdetect::face
