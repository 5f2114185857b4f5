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
    Outputs outputs = Outputs::Logits;
};

TorchClassifier::TorchClassifier(const std::string& archive, const std::string& name, int tile, Outputs outputs)
    : impl_(std::make_unique<Impl>()) {
    impl_->name = name;
    impl_->tile = tile;
    impl_->outputs = outputs;
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
    NetworkOutput probe;
    try {
        probe = run(zero, 1, 1);
    } catch (const ModelError& e) {
        throw ModelError(name + " does not accept the input its manifest describes (1 x 3 x " +
                         std::to_string(tile) + " x " + std::to_string(tile) + "): " + e.what());
    }
    if (!std::isfinite(probe.logits.at(0)))
        throw ModelError(name + " gives a non-finite logit for a blank tile");
}

TorchClassifier::~TorchClassifier() = default;

std::vector<float> TorchClassifier::logits(const std::vector<float>& batch, int count, int threads) const {
    return run(batch, count, threads).logits;
}

namespace {

std::vector<float> floats_of(const at::Tensor& tensor) {
    const at::Tensor flat = tensor.to(torch::kFloat32).contiguous();
    return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

}  // namespace

NetworkOutput TorchClassifier::run(const std::vector<float>& batch, int count, int threads) const {
    const int tile = impl_->tile;
    if (count <= 0 || batch.size() != std::size_t(count) * 3 * tile * tile)
        throw ModelError(impl_->name + ": batch size does not match the tile count");
    // OpenMP's thread count is per calling thread: set it for this one.
    at::set_num_threads(std::max(1, threads));
    torch::NoGradGuard no_grad;
    try {
        const auto input = torch::from_blob(const_cast<float*>(batch.data()), {count, 3, tile, tile},
                                            torch::kFloat32);
        const c10::IValue value = impl_->module.forward({input});
        at::Tensor logits, maps;
        if (impl_->outputs == Outputs::LogitsAndMaps) {
            if (!value.isTuple() || value.toTuple()->elements().size() != 2)
                throw ModelError(impl_->name + " must return (logits, maps)");
            logits = value.toTuple()->elements()[0].toTensor();
            maps = value.toTuple()->elements()[1].toTensor();
            if (maps.dim() != 3 || maps.size(0) != count)
                throw ModelError(impl_->name + " returned maps of shape " + c10::str(maps.sizes()) + " for " +
                                 std::to_string(count) + " inputs (expected N x H x W)");
        } else {
            if (!value.isTensor()) throw ModelError(impl_->name + " must return one tensor of logits");
            logits = value.toTensor();
        }
        if (logits.dim() != 1 || logits.size(0) != count)
            throw ModelError(impl_->name + " returned a tensor of shape " + c10::str(logits.sizes()) +
                             " for " + std::to_string(count) + " tiles (expected one logit per tile)");
        NetworkOutput output;
        output.logits = floats_of(logits);
        if (maps.defined()) {
            output.maps = floats_of(maps);
            output.map_height = int(maps.size(1));
            output.map_width = int(maps.size(2));
        }
        return output;
    } catch (const ModelError&) {
        throw;
    } catch (const std::exception& e) {  // c10::Error, torch::jit::JITException, ...
        throw ModelError(impl_->name + " failed: " + first_line(e.what()));
    }
}

}  // namespace libdetect::model
