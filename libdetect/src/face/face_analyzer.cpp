#include "face/face_analyzer.hpp"

#include "core/statistics.hpp"
#include "face/alignment.hpp"
#include "face/context_cues.hpp"
#include "model/torch_classifier.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::face {
namespace {

// The heatmap's longer side: the boundary map of a face is 40 x 40 cells,
// so finer grids show nothing more.
constexpr int kHeatmapSide = 512;

double read_margin(const model::ModelEntry& entry) {
    const auto found = entry.input.find("margin");
    if (found == entry.input.end() || !(found->second >= 0.0 && found->second < 0.9))
        throw ModelError(entry.manifest + ": model '" + entry.name + "' needs an input margin in [0, 0.9)");
    return found->second;
}

// The network's input for one face: the aligned crop at align_size, reduced
// to crop by area averaging (as face_net.to_network_input does), RGB / 255,
// appended to `batch` in CHW order.
void append_input(const cv::Mat& bgr, const std::vector<cv::Point2d>& landmarks, int align_size, double margin,
                  int crop, std::vector<float>& batch, cv::Mat& image_to_crop) {
    const AlignedFace aligned = align_face(bgr, landmarks, align_size, margin);
    image_to_crop = aligned.transform;
    cv::Mat small, rgb;
    cv::resize(aligned.crop, small, cv::Size(crop, crop), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    const std::size_t start = batch.size();
    batch.resize(start + std::size_t(3) * crop * crop);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < crop; ++y)
            for (int x = 0; x < crop; ++x)
                batch[start + (std::size_t(c) * crop + y) * crop + x] = rgb.at<cv::Vec3b>(y, x)[c] / 255.0f;
}

}  // namespace

FaceAnalyzer::FaceAnalyzer(const Options& options)
    : entry_(model::find_model(model::models_directory(options.model_dir), kModelName)),
      crop_(model::input_size(entry_, "crop", 32, 1024)),
      align_size_(model::input_size(entry_, "align_size", 32, 4096)),
      margin_(read_margin(entry_)),
      network_(std::make_unique<model::TorchClassifier>(model::read_verified(entry_), entry_.path, crop_,
                                                        model::TorchClassifier::Outputs::LogitsAndMaps)),
      finder_(finder_settings(options)),
      threads_(options.model_threads) {}

FaceAnalyzer::~FaceAnalyzer() = default;

AnalyzerResult FaceAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    bool capped = false;
    const std::vector<FoundFace> found = finder_.find(context.image.gray(), &capped);
    if (found.empty())
        return analysis::not_applicable("no face found (frontal and near-frontal faces of about " +
                                        std::to_string(int(kMinFaceSide)) + " px and up are searched for)");

    std::vector<float> batch;
    std::vector<cv::Mat> transforms(found.size());
    for (std::size_t i = 0; i < found.size(); ++i)
        append_input(bgr, found[i].landmarks, align_size_, margin_, crop_, batch, transforms[i]);
    const model::NetworkOutput output = network_->run(batch, int(found.size()), threads_);
    const GridPhase image_grid = image_grid_phase(context.image.gray());

    AnalyzerResult result;
    double best = -1.0;
    std::int64_t best_index = -1, analysable = 0;
    const int map_cells = output.map_height * output.map_width;
    const double cells_per_side = std::max(bgr.cols, bgr.rows) > kHeatmapSide
                                      ? double(std::max(bgr.cols, bgr.rows)) / kHeatmapSide
                                      : 1.0;
    const int grid_w = std::max(1, int(std::lround(bgr.cols / cells_per_side)));
    const int grid_h = std::max(1, int(std::lround(bgr.rows / cells_per_side)));
    cv::Mat heatmap;
    if (context.heatmaps) heatmap = cv::Mat::zeros(grid_h, grid_w, CV_32F);

    for (std::size_t i = 0; i < found.size(); ++i) {
        const double logit = output.logits[i];
        if (!std::isfinite(logit)) throw ModelError(entry_.name + " gave a non-finite logit");
        Face face = to_report_face(found[i]);
        face.blend_probability = model::calibrated_probability(entry_, logit);
        auto& e = face.evidence;
        e["blend_logit"] = logit;
        e["above_threshold"] = *face.blend_probability >= entry_.threshold;

        // The boundary map over the crop, its strongest cell, and its place in the heatmap.
        cv::Mat boundary(output.map_height, output.map_width, CV_32F);
        for (int c = 0; c < map_cells; ++c)
            boundary.at<float>(c / output.map_width, c % output.map_width) =
                float(sigmoid(output.maps[i * std::size_t(map_cells) + std::size_t(c)]));
        double boundary_peak = 0.0;
        cv::minMaxLoc(boundary, nullptr, &boundary_peak);
        e["boundary_peak"] = boundary_peak;
        if (context.heatmaps)
            cv::max(heatmap, crop_map_to_grid(boundary, transforms[i], align_size_, bgr.cols, bgr.rows, grid_w, grid_h),
                    heatmap);

        const ContextCues cues = context_cues(bgr, found[i].landmarks);
        // The cues are typed (Face::context, the record's "context"), not evidence.
        if (cues.measured)
            face.context = FaceContext{cues.noise_face,        cues.noise_context,     cues.sharpness_face,
                                       cues.sharpness_context, cues.colour_difference, cues.grid_face_x,
                                       cues.grid_face_y,       cues.grid_face_strength};
        if (!face.too_small) {
            ++analysable;
            if (*face.blend_probability > best) {
                best = *face.blend_probability;
                best_index = std::int64_t(i);
            }
        }
        result.findings.faces.push_back(std::move(face));
    }

    auto& e = result.evidence;
    e["model"] = entry_.name;
    e["model_sha256"] = entry_.sha256;
    e["threshold"] = entry_.threshold;
    if (const auto auc = entry_.error_rates.find("auc"); auc != entry_.error_rates.end())
        e["model_held_out_auc"] = auc->second;
    e["faces_found"] = std::int64_t(found.size());
    e["faces_analysable"] = analysable;
    e["faces_capped"] = capped;
    e["max_faces"] = std::int64_t(finder_.settings().max_faces);
    e["jpeg_grid_image"] = std::vector<double>{double(image_grid.x), double(image_grid.y)};
    e["jpeg_grid_image_strength"] = image_grid.strength;
    e["interpretation"] = std::string(
        "Each face's blend_probability is the network's probability that the face was blended into the "
        "picture (face swap, pasted face), calibrated so that 0.5 is the threshold: at most 5% of the unseen "
        "real faces of each development-set source lie above it (camera photos of people reached 3 of 9); "
        "above_threshold says whether it reaches it. On classical cross-identity swaps it scores AUC 0.63 "
        "only: a low probability does not show that a face was not swapped. The "
        "network was trained without deepfakes, on self-blended faces (models/face-blend-detector.md says "
        "where it fails). score is the highest probability among faces of at least 40 px. The heatmap is the "
        "predicted blending boundary of each face drawn back into the image. The context cues compare the "
        "face (inside its landmark hull) with a ring around it: noise (grey levels), sharpness, chroma "
        "difference, and the JPEG block-grid phase inside the face against the image's; they are "
        "evidence to read, not calibrated: hair, background and make-up differ from skin anyway, and a "
        "grid phase means little when its strength is near 0.");
    if (capped)
        e["note"] = std::string("more than max_faces faces were detected: only the strongest ") +
                    std::to_string(finder_.settings().max_faces) + " were analysed";
    if (best_index >= 0) {
        result.score = best;
        e["strongest_face"] = best_index;
        FaceSwapEstimate estimate;
        estimate.probability = best;
        estimate.threshold = entry_.threshold;
        if (const auto auc = entry_.error_rates.find("auc"); auc != entry_.error_rates.end())
            estimate.held_out_auc = auc->second;
        estimate.strongest_face = std::size_t(best_index);
        estimate.model = entry_.name;
        result.findings.face_swap = std::move(estimate);
    } else {
        e["no_score_reason"] = std::string("every face found is smaller than 40 px: too small for the model");
    }
    if (context.heatmaps) result.heatmap = analysis::heatmap_from(heatmap);
    return result;
}

std::vector<ModelInfo> FaceAnalyzer::models() const { return {model::model_info(entry_, kName)}; }

}  // namespace libdetect::face
