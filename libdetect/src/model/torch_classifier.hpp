// A TorchScript tile classifier. This header is torch-free; the one .cpp
// that includes torch keeps build cost in one place (DESIGN.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace libdetect::model {

class TorchClassifier {
public:
    // `archive`: the bytes of a TorchScript file (already checked against
    // its manifest); `name`: for messages. The module is frozen and optimised
    // for inference once, then probed with one zero tile: a model that does not
    // map N x 3 x tile x tile to N logits is a ModelError here, not later.
    TorchClassifier(const std::string& archive, const std::string& name, int tile);
    ~TorchClassifier();
    TorchClassifier(const TorchClassifier&) = delete;
    TorchClassifier& operator=(const TorchClassifier&) = delete;

    // One logit per tile of `batch` (count x 3 x tile x tile floats), on
    // `threads` intra-op threads of the calling thread. Safe to call from
    // several threads at once.
    std::vector<float> logits(const std::vector<float>& batch, int count, int threads) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace libdetect::model
