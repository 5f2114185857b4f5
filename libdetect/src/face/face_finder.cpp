#include "face/face_finder.hpp"

#include "face/alignment.hpp"

#include <libdetect/error.hpp>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>

namespace libdetect::face {
namespace {

constexpr const char* kDefaultLandmarks = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
constexpr double kDetectorWindow = 80.0;  // dlib's frontal detector finds faces of about this size and up

// Reading the 99 MB predictor takes about 2 s; a predictor is read-only once
// loaded, so every FaceFinder of the process that names the same file shares
// one (a batch tool or a test suite builds many Detectors).
std::shared_ptr<const dlib::shape_predictor> shared_predictor(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<const dlib::shape_predictor>> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto existing = loaded[path].lock()) return existing;
    auto predictor = std::make_shared<dlib::shape_predictor>();
    dlib::deserialize(path) >> *predictor;
    loaded[path] = predictor;
    return predictor;
}

}  // namespace

struct FaceFinder::Impl {
    FaceFinderSettings settings;
    // The detector holds scratch state while it runs, so each call gets a copy
    // of this prototype; the shape predictor is read-only and shared.
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    std::shared_ptr<const dlib::shape_predictor> predictor;
};

FaceFinderSettings finder_settings(const Options& options) {
    if (options.max_faces < 1) throw InvalidArgument("max_faces must be at least 1");
    FaceFinderSettings settings;
    settings.landmarks_model = options.face_landmarks_model;
    settings.max_faces = options.max_faces;
    return settings;
}

Face to_report_face(const FoundFace& found) {
    Face face;
    face.box = {found.box.x, found.box.y, found.box.width, found.box.height};
    for (const auto& point : found.landmarks) face.landmarks.push_back({point.x, point.y});
    face.detection_confidence = found.confidence;
    face.size = found.size;
    face.yaw_degrees = found.yaw_degrees;
    face.touches_border = found.touches_border;
    face.too_small = found.size < kMinFaceSide;
    return face;
}

std::vector<cv::Point2d> landmark_points(const Face& face) {
    std::vector<cv::Point2d> points;
    points.reserve(face.landmarks.size());
    for (const auto& point : face.landmarks) points.emplace_back(point[0], point[1]);
    return points;
}

FaceFinder::FaceFinder(FaceFinderSettings settings) : impl_(std::make_unique<Impl>()) {
    if (settings.landmarks_model.empty()) settings.landmarks_model = kDefaultLandmarks;
    if (!(settings.min_face >= 8.0) || settings.max_working_side < 64 || settings.max_faces < 1)
        throw InvalidArgument("face finder: min_face >= 8, max_working_side >= 64 and max_faces >= 1 are required");
    std::error_code error;
    if (!std::filesystem::is_regular_file(settings.landmarks_model, error))
        throw ModelError("face landmark model " + settings.landmarks_model +
                         " not found (Debian: apt install libdlib-data)");
    try {
        impl_->predictor = shared_predictor(settings.landmarks_model);
    } catch (const std::exception& e) {
        throw ModelError("face landmark model " + settings.landmarks_model + " is unreadable: " + e.what());
    }
    if (impl_->predictor->num_parts() != 68)
        throw ModelError("face landmark model " + settings.landmarks_model + " has " +
                         std::to_string(impl_->predictor->num_parts()) + " points, not 68");
    impl_->settings = std::move(settings);
}

FaceFinder::~FaceFinder() = default;

const FaceFinderSettings& FaceFinder::settings() const noexcept { return impl_->settings; }

std::vector<FoundFace> FaceFinder::find(const cv::Mat& image, bool* capped) const {
    CV_Assert(image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3));
    const auto& s = impl_->settings;
    cv::Mat gray;
    if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    else gray = image;

    // Scale so that a min_face face fills the detector's window, but keep the
    // working image within max_working_side.
    double scale = kDetectorWindow / s.min_face;
    scale = std::min(scale, double(s.max_working_side) / std::max(gray.cols, gray.rows));
    cv::Mat working;
    if (std::abs(scale - 1.0) > 1e-9)
        cv::resize(gray, working, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    else
        working = gray;

    const dlib::cv_image<unsigned char> view(working);
    auto detector = impl_->detector;
    std::vector<dlib::rect_detection> detections;
    detector(view, detections, 0.0);
    std::sort(detections.begin(), detections.end(),
              [](const auto& a, const auto& b) { return a.detection_confidence > b.detection_confidence; });
    if (capped) *capped = int(detections.size()) > s.max_faces;
    if (int(detections.size()) > s.max_faces) detections.resize(std::size_t(s.max_faces));

    std::vector<FoundFace> faces;
    for (const auto& detection : detections) {
        const dlib::full_object_detection shape = (*impl_->predictor)(view, detection.rect);
        FoundFace face;
        const auto& r = detection.rect;
        face.box = cv::Rect2d(r.left() / scale, r.top() / scale, double(r.width()) / scale, double(r.height()) / scale);
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
            face.landmarks.emplace_back(shape.part(i).x() / scale, shape.part(i).y() / scale);
        face.confidence = detection.detection_confidence;
        face.size = std::sqrt(face.box.area());
        face.yaw_degrees = yaw_degrees(face.landmarks);
        face.touches_border = face.box.x < 0 || face.box.y < 0 || face.box.br().x > image.cols ||
                              face.box.br().y > image.rows;
        faces.push_back(std::move(face));
    }
    return faces;
}

}  // namespace libdetect::face
