#include <libdetect/faces.hpp>

#include "face/alignment.hpp"
#include "face/face_finder.hpp"
#include "io/image_impl.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstring>

LIBDETECT_NAMESPACE_BEGIN

struct FaceLocator::Impl {
    explicit Impl(face::FaceFinderSettings settings) : finder(std::move(settings)) {}
    face::FaceFinder finder;
};

FaceLocator::FaceLocator(const Options& options) : impl_(std::make_unique<Impl>(face::finder_settings(options))) {}
FaceLocator::~FaceLocator() = default;
FaceLocator::FaceLocator(FaceLocator&&) noexcept = default;
FaceLocator& FaceLocator::operator=(FaceLocator&&) noexcept = default;

FaceSearch FaceLocator::find(const Image& image) const {
    FaceSearch search;
    for (const auto& found : impl_->finder.find(detail::impl_of(image).bgr, &search.capped))
        search.faces.push_back(face::to_report_face(found));
    return search;
}

AlignedFaceCrop FaceLocator::align(const Image& image, const Face& face, int size, double margin) {
    if (size < 16 || size > 4096) throw InvalidArgument("face crop size must be within 16..4096");
    if (!(margin >= 0.0 && margin < 0.9)) throw InvalidArgument("face crop margin must be within [0, 0.9)");
    if (face.landmarks.size() != 68) throw InvalidArgument("a face needs its 68 landmarks to be aligned");
    for (const auto& point : face.landmarks)
        if (!std::isfinite(point[0]) || !std::isfinite(point[1]))
            throw InvalidArgument("face landmarks must be finite");
    const face::AlignedFace aligned = face::align_face(detail::impl_of(image).bgr, face::landmark_points(face), size, margin);
    AlignedFaceCrop crop;
    crop.size = size;
    cv::Mat rgb;
    cv::cvtColor(aligned.crop, rgb, cv::COLOR_BGR2RGB);
    crop.rgb.assign(rgb.data, rgb.data + rgb.total() * rgb.elemSize());
    for (int i = 0; i < 6; ++i) crop.image_to_crop[std::size_t(i)] = aligned.transform.at<double>(i / 3, i % 3);
    return crop;
}

LIBDETECT_NAMESPACE_END
