// Forgery benchmark: manipulates real photos with the fixture generator and
// scores every analyzer's heatmap and score against the exact masks.
//
//   eval_forgeries PHOTO_DIR [--images N] [--seed S]
//
// For each analyzer x manipulation x final JPEG quality (100, 90, 75) it
// prints pixel F1 and IoU (per-image best threshold, and the fixed threshold
// 0.5) averaged over images, and the image-level ROC AUC of the analyzer's
// score against the same photos re-saved untouched at that quality.
#include "fixtures.hpp"
#include "forgeries.hpp"
#include "io/image_impl.hpp"

#include <libdetect/libdetect.hpp>

#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace fx = libdetect::fixtures;
using libdetect::AnalyzerResult;

namespace {

struct PixelScores {
    double best_f1 = 0, best_iou = 0, fixed_f1 = 0, fixed_iou = 0;
};

PixelScores pixel_scores(const libdetect::Heatmap& map, const cv::Mat& truth) {
    const cv::Mat small(map.height, map.width, CV_32F, const_cast<float*>(map.values.data()));
    cv::Mat heat;
    cv::resize(small, heat, truth.size(), 0, 0, cv::INTER_NEAREST);
    const cv::Mat positive = truth > 0;
    const double total_positive = cv::countNonZero(positive);
    PixelScores s;
    for (int step = 1; step <= 19; ++step) {
        const double threshold = step * 0.05;
        const cv::Mat predicted = heat > threshold;
        const double tp = cv::countNonZero(predicted & positive);
        const double predicted_count = cv::countNonZero(predicted);
        const double f1 = (predicted_count + total_positive) > 0 ? 2 * tp / (predicted_count + total_positive) : 0;
        const double iou = (predicted_count + total_positive - tp) > 0 ? tp / (predicted_count + total_positive - tp) : 0;
        s.best_f1 = std::max(s.best_f1, f1);
        s.best_iou = std::max(s.best_iou, iou);
        if (step == 10) {
            s.fixed_f1 = f1;
            s.fixed_iou = iou;
        }
    }
    return s;
}

// Probability that a random positive scores above a random negative (ties 1/2).
double auc(const std::vector<double>& positives, const std::vector<double>& negatives) {
    if (positives.empty() || negatives.empty()) return -1;
    double wins = 0;
    for (double p : positives)
        for (double n : negatives) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
    return wins / (double(positives.size()) * double(negatives.size()));
}

struct Cell {
    std::vector<PixelScores> pixels;
    std::vector<double> scores;  // image-level, forgeries
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: eval_forgeries PHOTO_DIR [--images N] [--seed S] [--analyzers a,b,...] [--scores FILE.csv] [--skip N]\n";
        return 2;
    }
    int images = 40;
    std::uint64_t seed = 1;
    libdetect::Options options;  // every analyzer unless --analyzers names some
    std::string scores_path;     // --scores: one row per analyzed image (photo, edit, quality, scores)
    std::size_t skip = 0;        // --skip: leave out the first photos (e.g. those of another run)
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--images")) images = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--scores")) scores_path = argv[i + 1];
        if (!std::strcmp(argv[i], "--skip")) skip = std::strtoull(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--analyzers")) {
            std::stringstream list(argv[i + 1]);
            for (std::string name; std::getline(list, name, ',');) options.analyzers.push_back(name);
        }
    }
    const auto photos = libdetect::expand_inputs({argv[1]}, true);
    if (photos.size() < 2) {
        std::cerr << "need at least two photos in " << argv[1] << "\n";
        return 2;
    }
    const std::vector<int> qualities = {100, 90, 75};
    const libdetect::Detector detector(options);
    std::map<std::tuple<std::string, std::string, int>, Cell> cells;   // analyzer, manipulation, quality
    std::map<std::pair<std::string, int>, std::vector<double>> negatives;  // analyzer, quality
    cv::RNG rng(seed);
    int used = 0;
    // Rows for fitting the fusion (models/train/train_fusion.py): every
    // analyzer's score or empty where it had none, per image analyzed.
    std::ofstream scores;
    std::vector<std::string> columns;
    auto write_scores = [&](std::size_t photo, const std::string& edit, int quality, const libdetect::Report& report) {
        if (!scores.is_open()) return;
        if (columns.empty()) {
            for (const auto& r : report.analyzers) columns.push_back(r.name);
            scores << "photo,edit,quality";
            for (const auto& c : columns) scores << "," << c;
            scores << "\n";
        }
        scores << photo << "," << edit << "," << quality;
        for (const auto& c : columns) {
            const auto* r = report.find(c);
            scores << ",";
            if (r && r->applicable && r->score) scores << *r->score;
        }
        scores << "\n";
    };
    if (!scores_path.empty()) scores.open(scores_path);
    for (std::size_t i = skip; i < photos.size() && used < images; ++i) {
        cv::Mat photo, donor;
        try {
            photo = libdetect::detail::impl_of(libdetect::Image::from_file(photos[i])).bgr.clone();
            donor = libdetect::detail::impl_of(libdetect::Image::from_file(photos[(i + 1) % photos.size()])).bgr.clone();
        } catch (const libdetect::Error&) {
            continue;
        }
        if (std::min(photo.cols, photo.rows) < 128) continue;
        ++used;
        for (const int quality : qualities) {
            const auto untouched = detector.analyze(libdetect::Image::from_bytes(fx::encode(photo, ".jpg", quality)));
            write_scores(i, "untouched", quality, untouched);
            for (const auto& result : untouched.analyzers)
                if (result.score) negatives[{result.name, quality}].push_back(*result.score);
        }
        for (const auto kind : fx::all_manipulations()) {
            fx::Forgery forgery;
            try {
                forgery = fx::make_forgery(photo, donor, kind, rng);
            } catch (const std::exception&) {
                continue;  // e.g. no room for a copy-move
            }
            const cv::Mat truth = forgery.source_mask.empty() ? forgery.mask : (forgery.mask | forgery.source_mask);
            for (const int quality : qualities) {
                const auto report = detector.analyze(libdetect::Image::from_bytes(fx::encode(forgery.image, ".jpg", quality)));
                write_scores(i, fx::manipulation_name(kind), quality, report);
                for (const auto& result : report.analyzers) {
                    if (!result.applicable) continue;
                    Cell& cell = cells[{result.name, fx::manipulation_name(kind), quality}];
                    if (!result.heatmap.empty()) cell.pixels.push_back(pixel_scores(result.heatmap, truth));
                    if (result.score) cell.scores.push_back(*result.score);
                }
            }
        }
        std::cerr << "\r" << used << "/" << images << " photos" << std::flush;
    }
    std::cerr << "\n";
    std::printf("forgery benchmark: %d photos from %s, seed %llu\n", used, argv[1],
                static_cast<unsigned long long>(seed));
    std::printf("%-10s %-10s %4s %4s | %8s %8s | %8s %8s | %6s\n", "analyzer", "edit", "q", "n", "F1 best",
                "IoU best", "F1 @0.5", "IoU @0.5", "AUC");
    for (const auto& [key, cell] : cells) {
        const auto& [analyzer, manipulation, quality] = key;
        PixelScores mean;
        for (const auto& p : cell.pixels) {
            mean.best_f1 += p.best_f1 / cell.pixels.size();
            mean.best_iou += p.best_iou / cell.pixels.size();
            mean.fixed_f1 += p.fixed_f1 / cell.pixels.size();
            mean.fixed_iou += p.fixed_iou / cell.pixels.size();
        }
        const double area = auc(cell.scores, negatives[{analyzer, quality}]);
        char auc_text[16];
        if (area < 0) std::snprintf(auc_text, sizeof(auc_text), "%6s", "n/a");
        else std::snprintf(auc_text, sizeof(auc_text), "%6.3f", area);
        std::printf("%-10s %-10s %4d %4zu | %8.3f %8.3f | %8.3f %8.3f | %s\n", analyzer.c_str(), manipulation.c_str(),
                    quality, cell.pixels.size(), mean.best_f1, mean.best_iou, mean.fixed_f1, mean.fixed_iou, auc_text);
    }
    return 0;
}
