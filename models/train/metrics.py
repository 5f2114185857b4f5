"""The figures every model card and the verdict's gates quote: ROC AUC, TPR
at a false-positive rate, average precision, expected calibration error.
One module, tested against scikit-learn (tests/python/test_train_metrics.py)
on random data, ties, one-class sets and NaN scores.

Conventions: labels 1 = fake (positive), 0 = real. A set with one class has
no AUC or AP (NaN). NaN scores are an error (ValueError), as in scikit-learn:
a detector that returns NaN is broken, and dropping those images would hide it.
"""

from __future__ import annotations

import numpy as np


def _checked(scores, labels):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if scores.shape != labels.shape:
        raise ValueError(f"{scores.shape[0]} scores for {labels.shape[0]} labels")
    if np.isnan(scores).any():
        raise ValueError("NaN among the scores")
    return scores, labels


def auc(scores, labels) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) statistic, ties counted half."""
    scores, labels = _checked(scores, labels)
    positives = int(labels.sum())
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    # Average ranks over runs of equal scores.
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(scores)]
    for start, end in zip(starts, ends):
        ranks[order[start:end]] = (start + end - 1) / 2.0 + 1.0
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def real_score_cutoff(real_scores, fpr: float):
    """The real score that a threshold must exceed so that at most `fpr` of
    the reals lie above it; None when every real may (fpr * n >= n)."""
    ordered = np.sort(np.asarray(real_scores, dtype=float))[::-1]
    allowed = int(np.floor(fpr * len(ordered)))
    return float(ordered[allowed]) if allowed < len(ordered) else None


def tpr_at_fpr(scores, labels, fpr: float) -> float:
    """The largest share of fakes caught while at most `fpr` of the reals are
    flagged (scores strictly above the cutoff are flagged)."""
    scores, labels = _checked(scores, labels)
    cutoff = real_score_cutoff(scores[labels == 0], fpr)
    return float((scores[labels == 1] > (-np.inf if cutoff is None else cutoff)).mean())


def average_precision(scores, labels) -> float:
    """Precision averaged over the recall steps, one step per distinct score
    (tied scores are one threshold, as in scikit-learn)."""
    scores, labels = _checked(scores, labels)
    positives = int(labels.sum())
    if positives == 0:
        return float("nan")
    order = np.argsort(-scores, kind="mergesort")
    sorted_scores, hits = scores[order], labels[order] == 1
    last_of_run = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    true_positives = np.cumsum(hits)[last_of_run]
    flagged = (np.flatnonzero(last_of_run) + 1).astype(float)
    precision = true_positives / flagged
    recall_step = np.diff(np.r_[0, true_positives]) / positives
    return float((recall_step * precision).sum())


def expected_calibration_error(probabilities, labels, bins: int = 10) -> float:
    """Sum over equal-width probability bins of (share of images in the bin)
    x |mean probability - share of fakes| (the last bin includes 1.0)."""
    probabilities, labels = _checked(probabilities, labels)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.mean() * abs(probabilities[inside].mean() - labels[inside].mean())
    return float(error)
