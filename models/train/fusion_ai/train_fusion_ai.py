#!/usr/bin/python3
"""One AI-generation probability from the AI detectors (issue 17, item 3):
a logistic regression stacked over the logits of their probabilities, trained
on out-of-source scores, judged leave-source-out as-is and re-shared.

    PYTHONPATH=build/python /usr/bin/python3 models/train/fusion_ai/train_fusion_ai.py ../shared/data \\
        [--write-model models/fusion-ai-lr.json]

Inputs per image of the NPR test split (train_npr.splits: 30 % by group,
never trained on by any detector's network):
- `model`: the NPR logit from npr_out_of_fold.py (a network trained without
  the image's generator group), put through the shipped Platt calibration, so
  that it is in the units the shipped analyzer reports;
- `coding_cost`: its fixed-direction statistic needs no fakes to fit, so the
  shipped model's score is already out of source;
- `frequency`: the shipped model (trained on the other splits of every source:
  in-source, so its figures here are optimistic) — a candidate only.
Each feature is the logit of the analyzer's probability, as the verdict sees
it at run time. Conditions: as-is and re-shared (<= 1,024 px, JPEG q90); the
fusion is fitted on both.

Judged by leave-source-out: for each of the six fake sources, fit on the
other five and half of the reals (split by group), test on the held-out
source against the other half of the reals, and the other way round; report
AUC and TPR at 5 % FPR per source and condition. Candidates: each detector
alone, and the fusions. Writes the chosen fusion (fitted on everything) when
asked; the choice is by the re-shared mean AUC, then its worst source.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import sys
from itertools import combinations

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import devset  # noqa: E402
import image_ops  # noqa: E402
import logistic  # noqa: E402
import metrics  # noqa: E402
import train_npr  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_SOURCES = ("faces/fake/gphotos", "faces/fake/stylegan", "faces/fake/webai",
                "scenes/fake/lab", "scenes/fake/gallery", "scenes/fake/cmp")
CONDITIONS = ("as-is", "reshared")
DETECTORS = ("model", "coding_cost", "frequency")
L2 = 1e-2
CLIP = 12.0  # logits beyond this carry no more information and would let one detector dominate


def logit(p):
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.clip(np.log(p / (1 - p)), -CLIP, CLIP)


def npr_calibration(models_dir: str):
    with open(os.path.join(models_dir, "manifest.json")) as f:
        entry = next(m for m in json.load(f)["models"] if m["name"] == "npr-detector")
    return entry["calibration"]["scale"], entry["calibration"]["offset"]


def analyzer_logits(entries, cache: str) -> np.ndarray:
    """[image, condition, (coding_cost, frequency)] logits of the shipped
    analyzers' probabilities (NaN where not applicable); cached by file list."""
    files = [e.file for e in entries]
    if os.path.exists(cache):
        stored = np.load(cache, allow_pickle=False)
        if list(stored["files"]) == files:
            return stored["values"]
    import libdetect
    detector = libdetect.Detector(analyzers=["coding_cost", "frequency"], heatmaps=False, threads=1)
    values = np.full((len(entries), len(CONDITIONS), 2), np.nan)
    for i, e in enumerate(entries):
        rgb = image_ops.read_rgb(e.path)
        for c, name in enumerate(CONDITIONS):
            ok, data = cv2.imencode(".jpg", cv2.cvtColor(image_ops.reshare(rgb), cv2.COLOR_RGB2BGR),
                                    [cv2.IMWRITE_JPEG_QUALITY, 90]) if name == "reshared" else (True, None)
            # As-is: the file itself (its own JPEG history); re-shared: the JPEG a platform would serve.
            report = detector.analyze(e.path if data is None else data.tobytes())
            for d, analyzer in enumerate(("coding_cost", "frequency")):
                estimate = report[analyzer].findings.ai_generation
                if estimate is not None:
                    values[i, c, d] = float(logit(estimate.probability))
        if i % 100 == 0:
            print(f"features {i}/{len(entries)}", flush=True)
    np.savez(cache, files=np.array(files), values=values)
    return values


def source_of(file: str) -> str:
    for s in FAKE_SOURCES:
        if file.startswith(s):
            return s
    return ""


def fit(x, y):
    """Standardised features, class-balanced L2 logistic regression:
    (mean, scale, weights, bias)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    weight = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())) * len(y)
    beta = logistic.fit_logistic((x - mean) / scale, y, L2, weight)
    return mean, scale, beta[:-1], beta[-1]


def score(model, x):
    mean, scale, weights, bias = model
    return ((x - mean) / scale) @ weights + bias


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--oof", default=os.path.join(HERE, "out", "npr-oof.csv"))
    parser.add_argument("--models-dir", default=os.path.join(HERE, "..", "..", "..", "models"))
    parser.add_argument("--write-model", metavar="JSON")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    entries = devset.read_manifest(args.data_dir)
    _, _, test = train_npr.splits(entries)
    with open(args.oof) as f:
        oof = {row["file"]: row for row in csv.DictReader(f)}
    test = [e for e in test if e.file in oof]
    a, b = npr_calibration(args.models_dir)
    npr = np.array([[a * float(oof[e.file]["npr_as_is"]) + b, a * float(oof[e.file]["npr_reshared"]) + b]
                    for e in test])
    others = analyzer_logits(test, os.path.join(HERE, "out", "analyzer-logits.npz"))
    x_all = np.concatenate([np.clip(npr, -CLIP, CLIP)[..., None], others], axis=2)  # [image, condition, detector]
    labels = np.array([e.label for e in test])
    sources = np.array([source_of(e.file) for e in test])
    usable = ~np.isnan(x_all).any(axis=(1, 2))
    print(f"test-split images: {len(test)} ({int(labels.sum())} fake); all detectors applicable: {int(usable.sum())}")
    x_all, labels, sources = x_all[usable], labels[usable], sources[usable]
    kept = [e for e, u in zip(test, usable) if u]
    # Reals in two halves by group, so that no real is fitted and tested on.
    side = devset.split_by_group([e for e in kept if e.label == 0], 0.5, args.seed)
    half = np.array([0 if e.label == 1 else (1 if side[e.group] == "test" else 0) for e in kept])

    candidates = {f"{d} alone": (i,) for i, d in enumerate(DETECTORS)}
    for k in (2, 3):
        for combo in combinations(range(len(DETECTORS)), k):
            candidates["fusion " + " + ".join(DETECTORS[i] for i in combo)] = combo

    results = {}
    for name, columns in candidates.items():
        per = {}
        for source in FAKE_SOURCES:
            for c, condition in enumerate(CONDITIONS):
                scores, truth = [], []
                for fit_half in (0, 1):
                    train = ((labels == 1) & (sources != source)) | ((labels == 0) & (half == fit_half))
                    evaluate = ((labels == 1) & (sources == source)) | ((labels == 0) & (half != fit_half))
                    x_train = x_all[train][:, :, list(columns)].reshape(-1, len(columns))  # both conditions
                    y_train = np.repeat(labels[train], len(CONDITIONS))
                    model = fit(x_train, y_train)
                    scores.append(score(model, x_all[evaluate, c][:, list(columns)]))
                    truth.append(labels[evaluate])
                # The two halves' scores come from two fits: AUC per half, averaged.
                aucs = [metrics.auc(s, t) for s, t in zip(scores, truth)]
                tprs = [metrics.tpr_at_fpr(s, t, 0.05) for s, t in zip(scores, truth)]
                per[(source, condition)] = (float(np.mean(aucs)), float(np.mean(tprs)))
        results[name] = per

    def row(name, condition):
        cells = [results[name][(s, condition)] for s in FAKE_SOURCES]
        aucs = [c[0] for c in cells]
        return cells, float(np.mean(aucs)), float(np.min(aucs)), float(np.mean([c[1] for c in cells]))

    for condition in CONDITIONS:
        print(f"\n### {condition}: leave-source-out AUC / TPR at 5% FPR\n")
        print("| candidate | " + " | ".join(s.split("/")[-1] for s in FAKE_SOURCES) + " | mean AUC | min AUC | mean TPR |")
        print("|---" * (len(FAKE_SOURCES) + 4) + "|")
        for name in candidates:
            cells, mean, low, tpr = row(name, condition)
            print(f"| {name} | " + " | ".join(f"{a:.3f} / {t:.2f}" for a, t in cells) +
                  f" | {mean:.3f} | {low:.3f} | {tpr:.2f} |")

    fusions = [n for n in candidates if n.startswith("fusion")]
    best = max(fusions, key=lambda n: (round(row(n, "reshared")[1], 3), row(n, "reshared")[2]))
    singles = max((n for n in candidates if n.endswith("alone")), key=lambda n: row(n, "reshared")[1])
    print(f"\nbest fusion (re-shared mean AUC, then worst source): {best}; best single detector: {singles}")

    if args.write_model:
        columns = list(candidates[best])
        model = fit(x_all[:, :, columns].reshape(-1, len(columns)), np.repeat(labels, len(CONDITIONS)))
        mean, scale, weights, bias = model
        # Threshold: 5 % false positives on the reals, both conditions pooled.
        real_scores = score(model, x_all[labels == 0][:, :, columns].reshape(-1, len(columns)))
        cutoff = metrics.real_score_cutoff(real_scores, 0.05)
        threshold = float(logistic.sigmoid(cutoff + 1e-9))
        _, as_is_mean, as_is_min, as_is_tpr = row(best, "as-is")
        _, re_mean, re_min, re_tpr = row(best, "reshared")
        out = {
            "name": "fusion-ai-lr",
            "features": [f"{DETECTORS[i]}.ai_generation_logit" for i in columns],
            "mean": [float(v) for v in mean], "scale": [float(v) for v in scale],
            "weights": [float(v) for v in weights], "bias": float(bias), "threshold": threshold,
            "error_rates": {
                "evaluated_on": "leave-source-out over the six development-set generator sources (fitted without "
                                "the source and half the reals, tested on it against the other half), "
                                "re-shared: <= 1,024 px, JPEG q90",
                "leave_source_out_auc": round(re_mean, 3), "leave_source_out_auc_min": round(re_min, 3),
                "leave_source_out_tpr_at_5pct_fpr": round(re_tpr, 3),
                "leave_source_out_auc_as_is": round(as_is_mean, 3),
                "leave_source_out_auc_min_as_is": round(as_is_min, 3)},
            "trained": datetime.date.today().isoformat(),
            "training_data": {"n_real": int((labels == 0).sum()), "n_fake": int(labels.sum()),
                              "conditions": list(CONDITIONS)},
        }
        text = json.dumps(out, indent=1) + "\n"
        with open(args.write_model, "w") as f:
            f.write(text)
        print(f"wrote {args.write_model} (sha256 {hashlib.sha256(text.encode()).hexdigest()}): {json.dumps(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
