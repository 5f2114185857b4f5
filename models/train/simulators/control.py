"""The control of issue 9: aligned fakes must differ from their reals only by
generation traces. A logistic regression on low-pass statistics (colour
means, low-pass contrast, blur measures) tries to tell each real crop from
its own aligned fake; a cross-validated AUC near 0.5 (target <= 0.6) says
that colour and blur give nothing away.

The blur measures (variance of the Laplacian, Tenengrad) are taken at half
scale (area down-sampling), the sharpness a viewer sees: at full scale they
also count the pixel-period traces that a detector is meant to learn. Their
full-scale values are reported beside, as information.

    /usr/bin/python3 models/train/simulators/control.py CACHE_DIR
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, List

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import devset  # noqa: E402
from logistic import fit_logistic, predict  # noqa: E402
from simulators.aligned import AlignedCache  # noqa: E402
from simulators import zoo  # noqa: E402


def blur_measures(grey: np.ndarray) -> List[float]:
    laplacian = cv2.Laplacian(grey, cv2.CV_32F)
    gx, gy = cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)
    return [float(np.log(laplacian.var() + 1e-3)), float(np.log(np.mean(gx * gx + gy * gy) + 1e-3))]


def low_pass_features(rgb: np.ndarray, full_scale: bool = False) -> np.ndarray:
    """Colour means (RGB, Lab a and b), low-pass contrast (std of each
    channel after a Gaussian of sigma 2) and blur measures at half scale (or
    at full scale)."""
    image = rgb.astype(np.float32)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    smooth = cv2.GaussianBlur(image, (0, 0), zoo.LOW_PASS_SIGMA)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    if not full_scale:
        grey = cv2.resize(grey, (max(1, grey.shape[1] // 2), max(1, grey.shape[0] // 2)),
                          interpolation=cv2.INTER_AREA)
    return np.array([*image.mean(axis=(0, 1)), lab[..., 1].mean(), lab[..., 2].mean(),
                     *smooth.std(axis=(0, 1)), *blur_measures(grey)])


def control_auc(reals: List[np.ndarray], fakes: List[np.ndarray], folds: int = 5, full_scale: bool = False) -> float:
    """Cross-validated AUC of the control classifier; a real and its own fake
    always fall in the same fold. Reported as max(AUC, 1 - AUC): a
    separation either way counts."""
    x = np.array([low_pass_features(r, full_scale) for r in reals] + [low_pass_features(f, full_scale) for f in fakes])
    y = np.array([0] * len(reals) + [1] * len(fakes), dtype=float)
    pair = np.concatenate([np.arange(len(reals)), np.arange(len(fakes))])
    fold = np.random.default_rng(0).permutation(len(reals))[pair] % folds
    scores = np.zeros(len(y))
    for k in range(folds):
        train, test = fold != k, fold == k
        mean, scale = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
        beta = fit_logistic((x[train] - mean) / scale, y[train], lam=1.0)
        scores[test] = predict(beta, (x[test] - mean) / scale)
    value = devset.auc(scores, y)
    return max(value, 1.0 - value)


def report(cache: AlignedCache, family_names: List[str]) -> Dict[str, dict]:
    reals = list(cache.family("real"))
    out = {}
    for family in family_names:
        fakes = list(cache.family(family))
        out[family] = {
            "pairs": len(fakes),
            "median_psnr_db": round(float(np.median([zoo.psnr(f, r) for f, r in zip(fakes, reals)])), 1),
            "control_auc": round(control_auc(reals, fakes), 3),
            "control_auc_full_scale_blur": round(control_auc(reals, fakes, full_scale=True), 3),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cache_dir")
    args = parser.parse_args()
    cache = AlignedCache(args.cache_dir)
    print("| family | pairs | median PSNR (dB) | control AUC (target <= 0.6) | with full-scale blur measures |\n"
          "|---|---|---|---|---|")
    for family, r in report(cache, cache.families()).items():
        print(f"| {family} | {r['pairs']} | {r['median_psnr_db']} | {r['control_auc']:.3f} | "
              f"{r['control_auc_full_scale_blur']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
