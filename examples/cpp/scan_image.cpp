// Example: analyze one image with the C++ API, print what each analyzer found
// and save the heatmaps next to a report.
//
//   example_scan_image IMAGE [OUTPUT_DIR]
#include <libdetect/libdetect.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " IMAGE [OUTPUT_DIR]\n";
        return 2;
    }
    const std::filesystem::path output = argc > 2 ? argv[2] : ".";
    try {
        const libdetect::Detector detector;  // all analyzers, default limits
        libdetect::Report report = detector.analyze_file(argv[1]);

        std::cout << report.file << " (" << report.format << ", " << report.width << "x"
                  << report.height << ", sha256 " << report.sha256 << ")\n"
                  << "verdict: " << report.verdict.label << "\n";
        std::filesystem::create_directories(output);
        for (auto& result : report.analyzers) {
            std::cout << "  " << result.name << ": "
                      << (result.score ? std::to_string(*result.score) : "no score") << "\n";
            if (result.heatmap.empty()) continue;
            const auto path = output / (result.name + "_heatmap.png");
            libdetect::save_heatmap_png(result.heatmap, report.width, report.height, path.string());
            result.heatmap_file = path.string();
            std::cout << "    heatmap: " << path.string() << "\n";
        }
        std::ofstream(output / "report.json") << libdetect::to_json(report) << "\n";
        std::cout << "report: " << (output / "report.json").string() << "\n";
    } catch (const libdetect::Error& e) {
        std::cerr << "error (" << e.type() << "): " << e.what() << "\n";
        return 1;
    }
    return 0;
}
