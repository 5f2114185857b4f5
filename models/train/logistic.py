"""L2-penalised logistic regression by Newton's method (IRLS), shared by the
training scripts. The C++ side (libdetect/src/fusion/logistic_model.cpp)
applies what these write: standardise with mean/scale, dot the weights, add
the bias, squash."""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def fit_logistic(x: np.ndarray, y: np.ndarray, lam: float, sample_weight=None) -> np.ndarray:
    """Returns [weights..., bias]; the bias is not penalised."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    penalty = np.full(xb.shape[1], lam)
    penalty[-1] = 0.0
    beta = np.zeros(xb.shape[1])
    for _ in range(100):
        p = sigmoid(xb @ beta)
        gradient = xb.T @ (w * (p - y)) + penalty * beta
        hessian = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta


def predict(beta, x):
    return sigmoid(np.asarray(x) @ beta[:-1] + beta[-1])
