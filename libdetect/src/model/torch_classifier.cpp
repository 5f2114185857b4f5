#include "model/torch_classifier.hpp"

#include <libdetect/error.hpp>

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <cmath>
#include <sstream>

namespace libdetect::model {
namespace {

// c10::Error messages carry a C++ backtrace after the first line; errors
// from inside a TorchScript forward end with the Python-style cause instead.
std::string first_line(const char* message) {
    std::string text(message);
    if (text.find("TorchScript interpreter") != std::string::npos) {
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        return text.substr(text.rfind('\n') + 1);
    }
    return text.substr(0, text.find('\n'));
}

}  // namespace

struct TorchClassifier::Impl {
    torch::jit::Module module;
    std::string name;
    int tile = 0;
};

TorchClassifier::TorchClassifier(const std::string& archive, const std::string& name, int tile)
    : impl_(std::make_unique<Impl>()) {
    impl_->name = name;
    impl_->tile = tile;
    try {
        std::istringstream in(archive);
        torch::jit::Module loaded = torch::jit::load(in, torch::kCPU);
        loaded.eval();
        impl_->module = torch::jit::optimize_for_inference(loaded);
    } catch (const c10::Error& e) {
        throw ModelError(name + " is not a loadable TorchScript model: " + first_line(e.what()));
    } catch (const std::exception& e) {
        throw ModelError(name + " is not a loadable TorchScript model: " + e.what());
    }
    std::vector<float> zero(std::size_t(3) * tile * tile, 0.0f);
    std::vector<float> probe;
    try {
        probe = logits(zero, 1, 1);
    } catch (const ModelError& e) {
        throw ModelError(name + " does not accept the input its manifest describes (1 x 3 x " +
                         std::to_string(tile) + " x " + std::to_string(tile) + "): " + e.what());
    }
    if (!std::isfinite(probe.at(0)))
        throw ModelError(name + " gives a non-finite logit for a blank tile");
}

TorchClassifier::~TorchClassifier() = default;

std::vector<float> TorchClassifier::logits(const std::vector<float>& batch, int count, int threads) const {
    const int tile = impl_->tile;
    if (count <= 0 || batch.size() != std::size_t(count) * 3 * tile * tile)
        throw ModelError(impl_->name + ": batch size does not match the tile count");
    // OpenMP's thread count is per calling thread: set it for this one.
    at::set_num_threads(std::max(1, threads));
    torch::NoGradGuard no_grad;
    try {
        const auto input = torch::from_blob(const_cast<float*>(batch.data()), {count, 3, tile, tile},
                                            torch::kFloat32);
        const at::Tensor output = impl_->module.forward({input}).toTensor().to(torch::kFloat32).contiguous();
        if (output.dim() != 1 || output.size(0) != count)
            throw ModelError(impl_->name + " returned a tensor of shape " + c10::str(output.sizes()) +
                             " for " + std::to_string(count) + " tiles (expected one logit per tile)");
        return std::vector<float>(output.data_ptr<float>(), output.data_ptr<float>() + count);
    } catch (const ModelError&) {
        throw;
    } catch (const std::exception& e) {  // c10::Error, torch::jit::JITException, ...
        throw ModelError(impl_->name + " failed: " + first_line(e.what()));
    }
}

}  // namespace libdetect::model
