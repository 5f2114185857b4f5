#include "fusion/logistic_model.hpp"

#include "core/embedded_models.hpp"
#include "core/statistics.hpp"

#include <libdetect/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace libdetect::fusion {
namespace {

Eigen::VectorXd finite_vector(const nlohmann::json& json, const char* key, std::size_t size) {
    const auto values = json.at(key).get<std::vector<double>>();
    if (values.size() != size)
        throw ModelError(std::string("logistic model: '") + key + "' has " + std::to_string(values.size()) +
                         " values, expected " + std::to_string(size));
    Eigen::VectorXd v(static_cast<Eigen::Index>(size));
    for (std::size_t i = 0; i < size; ++i) {
        if (!std::isfinite(values[i]))
            throw ModelError(std::string("logistic model: '") + key + "' holds a non-finite value");
        v[static_cast<Eigen::Index>(i)] = values[i];
    }
    return v;
}

}  // namespace

LogisticModel LogisticModel::from_json(const std::string& text, const std::string& sha256) {
    LogisticModel model;
    try {
        const auto json = nlohmann::json::parse(text);
        model.name_ = json.at("name").get<std::string>();
        model.feature_names_ = json.at("features").get<std::vector<std::string>>();
        const std::size_t n = model.feature_names_.size();
        model.mean_ = finite_vector(json, "mean", n);
        const Eigen::VectorXd scale = finite_vector(json, "scale", n);
        if ((scale.array() <= 0.0).any()) throw ModelError("logistic model: a feature scale is not positive");
        model.inverse_scale_ = scale.cwiseInverse();
        model.weights_ = finite_vector(json, "weights", n);
        model.bias_ = json.at("bias").get<double>();
        model.threshold_ = json.at("threshold").get<double>();
        if (!std::isfinite(model.bias_) || !(model.threshold_ > 0.0 && model.threshold_ < 1.0))
            throw ModelError("logistic model: bias or threshold out of range");
        if (json.contains("held_out_auc")) model.held_out_auc_ = json.at("held_out_auc").get<double>();
        if (const auto rates = json.find("error_rates"); rates != json.end() && rates->is_object()) {
            for (const auto& [key, value] : rates->items()) {
                if (key == "evaluated_on" && value.is_string()) model.evaluated_on_ = value.get<std::string>();
                else if (value.is_number()) model.error_rates_[key] = value.get<double>();
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(std::string("logistic model: malformed JSON: ") + e.what());
    }
    model.sha256_ = sha256;
    return model;
}

std::optional<LogisticModel> LogisticModel::embedded(const std::string& file) {
    const auto* model = core::embedded_model(file);
    if (!model) return std::nullopt;
    return from_json(model->text, model->sha256);
}

std::optional<LogisticModel> LogisticModel::embedded(const std::string& file,
                                                     const std::vector<std::string>& expected_features) {
    auto model = embedded(file);
    if (model && model->feature_names() != expected_features)
        throw ModelError(file + " was trained on other features than this build computes");
    return model;
}

double LogisticModel::logit(const std::vector<double>& features) const {
    if (features.size() != static_cast<std::size_t>(weights_.size()))
        throw ModelError("logistic model '" + name_ + "' expects " + std::to_string(weights_.size()) +
                         " features, got " + std::to_string(features.size()));
    const Eigen::Map<const Eigen::VectorXd> x(features.data(), weights_.size());
    return weights_.dot((x - mean_).cwiseProduct(inverse_scale_)) + bias_;
}

double LogisticModel::probability(const std::vector<double>& features) const {
    return sigmoid(logit(features));
}

}  // namespace libdetect::fusion
