// A logistic regression over standardised features, fitted by a script in
// models/train/ and shipped as JSON. The frequency analyzer uses one; the
// calibrated fusion of analyzer scores is the same kind of model.
#pragma once

#include <Eigen/Core>

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::fusion {

class LogisticModel {
public:
    // Parses {"name", "features", "mean", "scale", "weights", "bias",
    // "threshold"}; throws ModelError on anything malformed.
    static LogisticModel from_json(const std::string& text, const std::string& sha256);
    // The model compiled into this build from models/<file>; empty when the
    // build has none (before its first training).
    static std::optional<LogisticModel> embedded(const std::string& file);
    // The same, for an analyzer that computes `expected_features`: a model
    // trained on other features is a ModelError, not a silent misreading.
    static std::optional<LogisticModel> embedded(const std::string& file,
                                                 const std::vector<std::string>& expected_features);

    double logit(const std::vector<double>& features) const;
    double probability(const std::vector<double>& features) const;

    const std::string& name() const { return name_; }
    const std::string& sha256() const { return sha256_; }
    const std::vector<std::string>& feature_names() const { return feature_names_; }
    double threshold() const { return threshold_; }
    // ROC AUC on data the model never saw, as its training script measured
    // it ("held_out_auc"); NaN when the file does not record one.
    double held_out_auc() const { return held_out_auc_; }
    // The training script's "error_rates" block: figures on held-out data
    // and what that data was.
    const std::map<std::string, double>& error_rates() const { return error_rates_; }
    const std::string& evaluated_on() const { return evaluated_on_; }

private:
    std::string name_, sha256_, evaluated_on_;
    std::map<std::string, double> error_rates_;
    std::vector<std::string> feature_names_;
    Eigen::VectorXd mean_, inverse_scale_, weights_;
    double bias_ = 0.0, threshold_ = 0.5;
    double held_out_auc_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace libdetect::fusion
