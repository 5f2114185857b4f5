// A TorchScript tile classifier. This header is torch-free; the one .cpp
// that includes torch keeps build cost in one place (DESIGN.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace libdetect::model {

// What a network gives for a batch of N inputs.
struct NetworkOutput {
    std::vector<float> logits;  // N
    std::vector<float> maps;    // N x map_height x map_width (LogitsAndMaps models), else empty
    int map_height = 0;
    int map_width = 0;
};

class TorchClassifier {
public:
    enum class Outputs {
        Logits,         // forward(x) -> Tensor[N]
        LogitsAndMaps,  // forward(x) -> (Tensor[N], Tensor[N, H, W]), e.g. a blending-boundary map
    };

    // `archive`: the bytes of a TorchScript file (already checked against
    // its manifest); `name`: for messages. The module is frozen and optimised
    // for inference once, then probed with one zero tile: a model that does not
    // map N x 3 x tile x tile to the outputs named is a ModelError here, not later.
    TorchClassifier(const std::string& archive, const std::string& name, int tile,
                    Outputs outputs = Outputs::Logits);
    ~TorchClassifier();
    TorchClassifier(const TorchClassifier&) = delete;
    TorchClassifier& operator=(const TorchClassifier&) = delete;

    // One logit per tile of `batch` (count x 3 x tile x tile floats), on
    // `threads` intra-op threads of the calling thread. Safe to call from
    // several threads at once.
    std::vector<float> logits(const std::vector<float>& batch, int count, int threads) const;

    // Logits and (for LogitsAndMaps models) maps, same contract.
    NetworkOutput run(const std::vector<float>& batch, int count, int threads) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace libdetect::model
