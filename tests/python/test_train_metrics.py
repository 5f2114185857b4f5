"""The training scripts' metrics (models/train/metrics.py) against
scikit-learn on random data, ties, one-class sets and NaN scores, and the
IRLS logistic regression (models/train/logistic.py) against scikit-learn's."""

import os
import sys
from pathlib import Path

import numpy as np
import pytest

sklearn_metrics = pytest.importorskip("sklearn.metrics")
from sklearn.linear_model import LogisticRegression  # noqa: E402

SOURCE = Path(os.environ.get("LIBDETECT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE / "models" / "train"))
import logistic  # noqa: E402
import metrics  # noqa: E402


def cases():
    rng = np.random.default_rng(7)
    for n in (5, 40, 500):
        labels = (rng.random(n) < 0.4).astype(int)
        labels[0], labels[1] = 0, 1
        yield "continuous", rng.normal(labels * 0.8, 1.0), labels
        yield "ties", np.round(rng.normal(labels * 0.8, 1.0), 0), labels  # few distinct values
        yield "all tied", np.zeros(n), labels
        yield "perfect", labels + rng.random(n) * 0.5, labels


@pytest.mark.parametrize("name, scores, labels", list(cases()))
def test_auc_and_average_precision_equal_sklearn(name, scores, labels):
    assert metrics.auc(scores, labels) == pytest.approx(sklearn_metrics.roc_auc_score(labels, scores), abs=1e-12)
    assert metrics.average_precision(scores, labels) == pytest.approx(
        sklearn_metrics.average_precision_score(labels, scores), abs=1e-12)


@pytest.mark.parametrize("name, scores, labels", list(cases()))
@pytest.mark.parametrize("fpr", [0.0, 0.01, 0.05, 0.2, 1.0])
def test_tpr_at_fpr_is_the_best_roc_point_within_the_rate(name, scores, labels, fpr):
    roc_fpr, roc_tpr, _ = sklearn_metrics.roc_curve(labels, scores)
    expected = roc_tpr[roc_fpr <= fpr + 1e-12].max()
    assert metrics.tpr_at_fpr(scores, labels, fpr) == pytest.approx(expected, abs=1e-12)


def test_one_class_has_no_auc_and_nan_scores_are_an_error():
    assert np.isnan(metrics.auc([0.1, 0.2], [1, 1]))
    assert np.isnan(metrics.average_precision([0.1, 0.2], [0, 0]))
    for function in (metrics.auc, metrics.average_precision, metrics.expected_calibration_error):
        with pytest.raises(ValueError, match="NaN"):
            function(np.array([0.2, np.nan, 0.4]), np.array([0, 1, 1]))
    with pytest.raises(ValueError):
        metrics.auc([0.1, 0.2, 0.3], [0, 1])


def test_expected_calibration_error_by_hand_and_against_calibration_curve():
    # Two bins used: [0.1, 0.1, 0.1] with no fake (|0.1 - 0| x 3/5) and
    # [0.9, 1.0] with both fake (|0.95 - 1| x 2/5).
    assert metrics.expected_calibration_error(np.array([0.1, 0.1, 0.1, 0.9, 1.0]),
                                              np.array([0, 0, 0, 1, 1])) == pytest.approx(0.06 + 0.02)
    from sklearn.calibration import calibration_curve
    rng = np.random.default_rng(3)
    probabilities = rng.random(2000)
    labels = (rng.random(2000) < probabilities ** 2).astype(int)
    observed, predicted = calibration_curve(labels, probabilities, n_bins=10, strategy="uniform")
    which = np.clip(np.digitize(probabilities, np.linspace(0, 1, 11)[1:-1]), 0, 9)
    weights = np.bincount(which, minlength=10)[np.bincount(which, minlength=10) > 0] / len(labels)
    assert metrics.expected_calibration_error(probabilities, labels) == pytest.approx(
        float((weights * np.abs(predicted - observed)).sum()), abs=1e-12)


def test_the_logistic_regression_equals_sklearns():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(300, 4))
    y = (x @ np.array([1.0, -2.0, 0.5, 0.0]) + rng.normal(size=300) > 0).astype(int)
    for lam in (0.01, 1.0, 10.0):
        beta = logistic.fit_logistic(x, y, lam)
        # sklearn minimises C * sum(log-loss) + |w|^2 / 2, intercept unpenalised.
        reference = LogisticRegression(C=1.0 / lam, tol=1e-12, max_iter=10000).fit(x, y)
        assert np.allclose(beta[:-1], reference.coef_[0], atol=1e-5)
        assert beta[-1] == pytest.approx(reference.intercept_[0], abs=1e-5)
