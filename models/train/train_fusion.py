#!/usr/bin/python3
"""Fit the fusion's "locally edited" question: a logistic regression over the
editing analyzers' scores (noise, jpeg, jpeg_dq, copy_move), trained on the
forgery generator's edits of real photos against the same photos untouched.

    build/benchmarks/eval_forgeries ../shared/data/scenes/real --skip 40 --images 60 --seed 2 \\
        --analyzers noise,jpeg,jpeg_dq,copy_move --scores fusion-scores.csv
    /usr/bin/python3 models/train/train_fusion.py fusion-scores.csv

The photos skipped (the first 40) are the forgery benchmark's. Classes are
weighted to equal totals, so the probability assumes half the images are
edited; splits are by photo; the threshold is set for 5 % false positives on
out-of-fold scores of untouched training photos.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
from logistic import fit_logistic, predict  # noqa: E402

MODEL_NAME = "fusion-edited-lr"
ANALYZERS = ["noise", "jpeg", "jpeg_dq", "copy_move"]
TARGET_FPR = 0.05
LAMBDA = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scores_csv")
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rows = list(csv.DictReader(open(args.scores_csv, newline="")))
    x = np.array([[float(r[a]) if r.get(a) not in (None, "") else 0.0 for a in ANALYZERS] for r in rows])
    y = np.array([0.0 if r["edit"] == "untouched" else 1.0 for r in rows])
    photo = [r["photo"] for r in rows]
    test = np.array([int(hashlib.sha256(f"{args.seed}:{p}".encode()).hexdigest(), 16) % 10 < 3 for p in photo])
    fold = np.array([int(hashlib.sha256(f"fold{args.seed}:{p}".encode()).hexdigest(), 16) % 5 for p in photo])

    train = ~test
    mean, scale = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
    xs = (x - mean) / scale
    weight = np.where(y == 1, 0.5 / max(1, (y[train] == 1).sum()), 0.5 / max(1, (y[train] == 0).sum())) * train.sum()
    oof = np.zeros(len(y))
    for k in range(5):
        fit = train & (fold != k)
        held = train & (fold == k)
        b = fit_logistic(xs[fit], y[fit], LAMBDA, weight[fit])
        oof[held] = predict(b, xs[held])
    threshold = float(np.quantile(oof[train & (y == 0)], 1 - TARGET_FPR))
    beta = fit_logistic(xs[train], y[train], LAMBDA, weight[train])
    p = predict(beta, xs)

    def rates(mask):
        real, edited = mask & (y == 0), mask & (y == 1)
        return {"n_untouched": int(real.sum()), "n_edited": int(edited.sum()),
                "auc": round(devset.auc(p[mask], y[mask]), 3),
                "fpr_at_threshold": round(float((p[real] >= threshold).mean()), 3),
                "tpr_at_threshold": round(float((p[edited] >= threshold).mean()), 3)}

    held_out = rates(test)
    by_edit = {e: round(float((p[test & (np.array([r["edit"] for r in rows]) == e)] >= threshold).mean()), 3)
               for e in sorted({r["edit"] for r in rows} - {"untouched"})}
    quality = np.array([int(r["quality"]) for r in rows])
    by_quality = {int(q): rates(test & (quality == q)) for q in sorted(set(quality))}
    photos = {side: len({p_ for p_, t in zip(photo, test) if t == (side == "test")}) for side in ("train", "test")}
    model = {
        "name": MODEL_NAME,
        "kind": "logistic_regression",
        "produces": "probability that the image was locally edited (spliced, copy-moved, inpainted, blurred or "
                    "resampled in part), assuming half of all images are",
        "features": [f"{a}.score" for a in ANALYZERS],
        "missing_feature_rule": "an analyzer that is not applicable or gives no score counts as 0",
        "mean": [round(float(v), 9) for v in mean],
        "scale": [round(float(v), 9) for v in scale],
        "weights": [round(float(v), 9) for v in beta[:-1]],
        "bias": round(float(beta[-1]), 9),
        "threshold": round(threshold, 6),
        "threshold_rule": f"{TARGET_FPR:.0%} false positives on out-of-fold scores of untouched training photos",
        "held_out_auc": held_out["auc"],
        "error_rates": {
            "evaluated_on": (f"code-made edits of {photos['test']} real photos of the development set never used "
                             f"in fitting ({held_out['n_edited']} edited, {held_out['n_untouched']} untouched images, "
                             "JPEG q100/90/75)"),
            "auc": held_out["auc"], "fpr_at_threshold": held_out["fpr_at_threshold"],
            "tpr_at_threshold": held_out["tpr_at_threshold"], "threshold": round(threshold, 6)},
        "held_out_tpr_by_edit": by_edit,
        "held_out_by_quality": by_quality,
        "training_data": {"photos": photos, "rows": int(train.sum()), "source": "eval_forgeries --scores (see docstring)"},
        "trained": datetime.date.today().isoformat(),
        "command": "/usr/bin/python3 models/train/train_fusion.py fusion-scores.csv (scores from the docstring's command)",
    }
    path = os.path.join(args.models_dir, MODEL_NAME + ".json")
    with open(path, "w") as handle:
        json.dump(model, handle, indent=1)
        handle.write("\n")
    sha256 = hashlib.sha256(open(path, "rb").read()).hexdigest()
    manifest_path = os.path.join(args.models_dir, "manifest.json")
    manifest = json.load(open(manifest_path))
    entry = {"name": MODEL_NAME, "file": MODEL_NAME + ".json", "sha256": sha256,
             "architecture": "logistic regression over 4 analyzer scores (noise, jpeg, jpeg_dq, copy_move)",
             "input": "the analyzers' scores in a report; missing scores count as 0",
             "tiling": "none (whole-image scores)", "threshold": model["threshold"],
             "threshold_rule": model["threshold_rule"], "training_data": model["training_data"],
             "metrics": {"held_out": held_out, "held_out_tpr_by_edit": by_edit},
             "trained": model["trained"], "command": model["command"], "card": MODEL_NAME + ".md",
             "embedded": "compiled into libdetect (src/core/embedded_models.hpp)"}
    manifest["models"] = [m for m in manifest["models"] if m["name"] != MODEL_NAME] + [entry]
    with open(manifest_path, "w") as handle:
        json.dump(manifest, handle, indent=1)
        handle.write("\n")

    print(f"weights {dict(zip(ANALYZERS, np.round(beta[:-1], 3)))}, bias {beta[-1]:.3f}, threshold {threshold:.4f}")
    print(f"held-out: {held_out}")
    print(f"held-out TPR by edit: {by_edit}")
    for q, r in by_quality.items():
        print(f"  q{q}: {r}")
    print(f"wrote {os.path.relpath(path)} (sha256 {sha256})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
