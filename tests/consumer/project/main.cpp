// Prints one line per analyzer of the image given, using only public headers.
#include <libdetect/libdetect.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    try {
        const libdetect::Report report = libdetect::Detector().analyze_file(argv[1]);
        std::cout << "libdetect " << libdetect::version_string() << " " << report.sha256 << "\n";
        for (const auto& result : report.analyzers) std::cout << "analyzer " << result.name << "\n";
        std::cout << "verdict " << report.verdict.label << "\n";
    } catch (const libdetect::Error& e) {
        std::cerr << e.type() << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}
