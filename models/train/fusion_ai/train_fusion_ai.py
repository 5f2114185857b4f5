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
- `frequency`: its linear model refitted for each fold as train_frequency.py
  fits it (same training split, one augmented variant per image, L2 0.1)
  without the fold's generator group, scoring that group's test images.
Each feature is the logit of the analyzer's probability, as the verdict sees
it at run time. Conditions: as-is and re-shared (<= 1,024 px, JPEG q90); the
fusion is fitted on both.

Judged by leave-source-out: for each of the six fake sources, fit on the
other five and half of the reals (split by group), test on the held-out
source against the other half of the reals of its own group (faces or
scenes: scored by the same fold network), and the other way round; report
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
import model_manifest  # noqa: E402
import splits  # noqa: E402
import train_npr  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_SOURCES = ("faces/fake/gphotos", "faces/fake/stylegan", "faces/fake/webai",
                "scenes/fake/lab", "scenes/fake/gallery", "scenes/fake/cmp")
CONDITIONS = ("as-is", "reshared")
SWEEP = ("jpeg95", "jpeg75", "jpeg50", "resize0.5", "blur1")  # reported, not fitted on
DETECTORS = ("model", "coding_cost", "frequency")
ANALYZER_OF_MODEL = {"npr-detector": "model", "coding-cost-lr": "coding_cost", "frequency-spectrum-lr": "frequency"}
L2 = 1e-2
CLIP = 12.0  # logits beyond this carry no more information and would let one detector dominate


def logit(p):
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.clip(np.log(p / (1 - p)), -CLIP, CLIP)


def npr_calibration(models_dir: str):
    calibration = model_manifest.entry(models_dir, "npr-detector")["calibration"]
    return calibration["scale"], calibration["offset"]


def shipped_logits(entries, analyzers, cache: str) -> np.ndarray:
    """[image, condition, analyzer] logits of the shipped analyzers'
    probabilities (NaN where not applicable), as-is (the file itself, its own
    JPEG history) and re-shared (the JPEG a platform would serve); cached."""
    files = [e.file for e in entries]
    if os.path.exists(cache):
        stored = np.load(cache, allow_pickle=False)
        if list(stored["files"]) == files and list(stored.get("analyzers", [])) == list(analyzers):
            return stored["values"]
    import libdetect
    detector = libdetect.Detector(analyzers=list(analyzers), heatmaps=False, threads=1)
    values = np.full((len(entries), len(CONDITIONS), len(analyzers)), np.nan)
    for i, e in enumerate(entries):
        for c, condition in enumerate(CONDITIONS):
            if condition == "as-is":
                report = detector.analyze(e.path)
            else:
                ok, data = cv2.imencode(".jpg", cv2.cvtColor(image_ops.reshare(image_ops.read_rgb(e.path)),
                                                             cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])
                report = detector.analyze(data.tobytes())
            for d, analyzer in enumerate(analyzers):
                estimate = report[analyzer].findings.ai_generation
                if estimate is not None:
                    values[i, c, d] = float(logit(estimate.probability))
        if i % 100 == 0:
            print(f"shipped {'/'.join(analyzers)} {i}/{len(entries)}", flush=True)
    np.savez(cache, files=np.array(files), analyzers=np.array(analyzers), values=values)
    return values


def frequency_features(entries, cache: str) -> dict:
    """The frequency analyzer's 36 features: for the training split one
    augmented variant per image (train_frequency.augment, its seed), for the
    test split as-is and re-shared; cached."""
    if os.path.exists(cache):
        stored = np.load(cache, allow_pickle=True)
        if list(stored["files"]) == [e.file for e in entries]:
            return stored["rows"].item()
    import libdetect
    import train_frequency
    detector = libdetect.Detector(analyzers=["frequency"], heatmaps=False, threads=1)
    split_of_file = splits.load(entries, "detectors")  # train_frequency's split: validation trains
    split = {e.group: "test" if split_of_file[e.file] == "test" else "train" for e in entries}
    rows = {}
    for index, e in enumerate(entries):
        rgb = image_ops.read_rgb(e.path)
        if split[e.group] == "train":
            variant = train_frequency.augment(rgb, np.random.default_rng([1, index, 0]))
            rows[e.file] = {"train": train_frequency.features_of(detector, variant)}
        else:
            rows[e.file] = {c: train_frequency.features_of(detector, image_ops.condition(rgb, c))
                            for c in CONDITIONS + SWEEP}
        if index % 200 == 0:
            print(f"frequency features {index}/{len(entries)}", flush=True)
    np.savez(cache, files=np.array([e.file for e in entries]), rows=np.array(rows, dtype=object))
    return rows


def frequency_out_of_fold(entries, test, conditions=CONDITIONS) -> np.ndarray:
    """[test image, condition] logits of a frequency model fitted without the
    image's generator group (NaN where not applicable)."""
    import leave_source_out
    rows = frequency_features(entries, os.path.join(HERE, "out", "frequency-features.npz"))
    out = np.full((len(test), len(conditions)), np.nan)
    for fold, fakes in leave_source_out.GENERATED.items():
        train = [e for e in entries if "train" in rows[e.file] and rows[e.file]["train"] is not None
                 and not (e.label == 1 and e.file.startswith(fakes))]
        x = np.array([rows[e.file]["train"] for e in train])
        y = np.array([e.label for e in train], dtype=float)
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        beta = logistic.fit_logistic((x - mean) / scale, y, 0.1)
        for i, e in enumerate(test):
            if not (e.file.startswith(fakes) or e.file.startswith(leave_source_out.TEST_REALS[fold])):
                continue
            for c, condition in enumerate(conditions):
                f = rows[e.file].get(condition)
                if f is not None:
                    out[i, c] = np.clip(((np.asarray(f) - mean) / scale) @ beta[:-1] + beta[-1], -CLIP, CLIP)
    return out


def npr_out_of_fold_sweep(test, width: int, cache: str) -> np.ndarray:
    """[test image, SWEEP condition] mean tile logits of the fold network that
    did not see the image's generator group (npr_out_of_fold.py's weights)."""
    files = [e.file for e in test]
    if os.path.exists(cache):
        stored = np.load(cache, allow_pickle=False)
        if list(stored["files"]) == files:
            return stored["values"]
    import torch
    import leave_source_out
    import npr_net
    out = np.full((len(test), len(SWEEP)), np.nan)
    for fold, fakes in leave_source_out.GENERATED.items():
        model = npr_net.NprNet(width=width)
        model.load_state_dict(torch.load(os.path.join(HERE, "out", f"npr-fold-{fold.replace(' ', '-')}.pt.weights")))
        model.eval()
        for i, e in enumerate(test):
            if e.file.startswith(fakes) or e.file.startswith(leave_source_out.TEST_REALS[fold]):
                rgb = image_ops.read_rgb(e.path)
                out[i] = [npr_net.image_logit(model, image_ops.condition(rgb, c))[0] for c in SWEEP]
    np.savez(cache, files=np.array(files), values=out)
    return out


def coding_cost_sweep(test, cache: str) -> np.ndarray:
    """[test image, SWEEP condition] logits of the shipped coding_cost
    analyzer (its direction is fixed a priori: nothing to refit)."""
    files = [e.file for e in test]
    if os.path.exists(cache):
        stored = np.load(cache, allow_pickle=False)
        if list(stored["files"]) == files:
            return stored["values"]
    import libdetect
    detector = libdetect.Detector(analyzers=["coding_cost"], heatmaps=False, threads=1)
    out = np.full((len(test), len(SWEEP)), np.nan)
    for i, e in enumerate(test):
        rgb = image_ops.read_rgb(e.path)
        for c, condition in enumerate(SWEEP):
            estimate = detector.analyze(np.ascontiguousarray(image_ops.condition(rgb, condition)))[
                "coding_cost"].findings.ai_generation
            if estimate is not None:
                out[i, c] = float(logit(estimate.probability))
    np.savez(cache, files=np.array(files), values=out)
    return out


def domain_of(source: str) -> str:
    """"faces" or "scenes": the fold group of a fake source."""
    return source.split("/")[0]


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
    others = shipped_logits(test, ("coding_cost", "frequency"), os.path.join(HERE, "out", "analyzer-logits.npz"))
    frequency = frequency_out_of_fold(entries, test)
    x_all = np.stack([np.clip(npr, -CLIP, CLIP), others[..., 0], frequency], axis=2)  # [image, condition, detector]
    a_, b_ = a, b
    npr_sweep = npr_out_of_fold_sweep(test, 32, os.path.join(HERE, "out", "npr-oof-sweep.npz"))
    others_sweep = coding_cost_sweep(test, os.path.join(HERE, "out", "coding-cost-sweep.npz"))
    frequency_sweep = frequency_out_of_fold(entries, test, SWEEP)
    labels = np.array([e.label for e in test])
    sources = np.array([source_of(e.file) for e in test])
    domains = np.array([e.file.split("/")[0] for e in test])
    usable = ~np.isnan(x_all).any(axis=(1, 2))
    print(f"test-split images: {len(test)} ({int(labels.sum())} fake); all detectors applicable: {int(usable.sum())}")
    x_all, labels, sources, domains = x_all[usable], labels[usable], sources[usable], domains[usable]
    npr_sweep, others_sweep, frequency_sweep = npr_sweep[usable], others_sweep[usable], frequency_sweep[usable]
    kept = [e for e, u in zip(test, usable) if u]
    # Reals in two halves by group, so that no real is fitted and tested on.
    side = devset.split_by_group([e for e in kept if e.label == 0], 0.5, args.seed)
    half = np.array([0 if e.label == 1 else (1 if side[e.group] == "test" else 0) for e in kept])

    candidates = {f"{d} alone": (i,) for i, d in enumerate(DETECTORS)}
    for k in (2, 3):
        for combo in combinations(range(len(DETECTORS)), k):
            candidates["fusion " + " + ".join(DETECTORS[i] for i in combo)] = combo
            # Equal weights: each logit standardised by the fitting reals, summed;
            # nothing learned from the fakes, so nothing tuned to the training sources.
            candidates["mean of " + " + ".join(DETECTORS[i] for i in combo)] = combo

    present = [src for src in FAKE_SOURCES if ((labels == 1) & (sources == src)).any()]
    print("fake sources with test images: " + ", ".join(f"{src} {int(((labels == 1) & (sources == src)).sum())}"
                                                        for src in present))
    results = {}
    for name, columns in candidates.items():
        per = {}
        for source in present:
            for c, condition in enumerate(CONDITIONS):
                scores, truth = [], []
                for fit_half in (0, 1):
                    train = ((labels == 1) & (sources != source)) | ((labels == 0) & (half == fit_half))
                    # Tested against the reals of the source's own group (faces or scenes): their NPR
                    # scores come from the same fold network as the held-out fakes', so the AUC
                    # measures detection, not the offset between two networks or two domains.
                    evaluate = ((labels == 1) & (sources == source)) | \
                        ((labels == 0) & (half != fit_half) & (domains == domain_of(source)))
                    x_train = x_all[train][:, :, list(columns)].reshape(-1, len(columns))  # both conditions
                    y_train = np.repeat(labels[train], len(CONDITIONS))
                    if len(columns) == 1:  # alone: the detector's own logit, direction as shipped
                        scores.append(x_all[evaluate, c, columns[0]])
                    elif name.startswith("mean of"):
                        reals = x_all[(labels == 0) & (half == fit_half)][:, :, list(columns)].reshape(-1, len(columns))
                        z = (x_all[evaluate, c][:, list(columns)] - reals.mean(axis=0)) / reals.std(axis=0)
                        scores.append(z.sum(axis=1))
                    else:
                        model = fit(x_train, y_train)
                        scores.append(score(model, x_all[evaluate, c][:, list(columns)]))
                    truth.append(labels[evaluate])
                # The two halves' scores come from two fits: AUC per half, averaged.
                aucs = [metrics.auc(s, t) for s, t in zip(scores, truth)]
                tprs = [metrics.tpr_at_fpr(s, t, 0.05) for s, t in zip(scores, truth)]
                per[(source, condition)] = (float(np.mean(aucs)), float(np.mean(tprs)))
        results[name] = per

    def row(name, condition):
        cells = [results[name][(s, condition)] for s in present]
        aucs = [c[0] for c in cells]
        return cells, float(np.mean(aucs)), float(np.min(aucs)), float(np.mean([c[1] for c in cells]))

    for condition in CONDITIONS:
        print(f"\n### {condition}: leave-source-out AUC / TPR at 5% FPR\n")
        print("| candidate | " + " | ".join(s.split("/")[-1] for s in present) + " | mean AUC | min AUC | mean TPR |")
        print("|---" * (len(present) + 4) + "|")
        for name in candidates:
            cells, mean, low, tpr = row(name, condition)
            print(f"| {name} | " + " | ".join(f"{a:.3f} / {t:.2f}" for a, t in cells) +
                  f" | {mean:.3f} | {low:.3f} | {tpr:.2f} |")

    fusions = [n for n in candidates if n.startswith("fusion") or n.startswith("mean of")]
    best = max(fusions, key=lambda n: (round(row(n, "reshared")[1], 3), row(n, "reshared")[2]))
    singles = max((n for n in candidates if n.endswith("alone")), key=lambda n: row(n, "reshared")[1])
    print(f"\nbest fusion (re-shared mean AUC, then worst source): {best}; best single detector: {singles}")

    columns = list(candidates[best])
    reals = labels == 0
    oof_real = x_all[reals][:, :, columns].reshape(-1, len(columns))
    oof_mean, oof_scale = oof_real.mean(axis=0), oof_real.std(axis=0)

    def fused(x):  # the chosen candidate's score on out-of-fold logits
        return ((x[..., columns] - oof_mean) / oof_scale).sum(axis=-1)

    # Platt scaling of the summed z-scores, class-balanced, both conditions pooled.
    t = fused(x_all).reshape(-1)
    y = np.repeat(labels, len(CONDITIONS))
    weight = np.where(y == 1, 0.5 / y.sum(), 0.5 / (1 - y).sum()) * len(y)
    a, b = logistic.fit_logistic(t[:, None], y, 1e-3, weight)
    probability = lambda z: logistic.sigmoid(a * z + b)  # noqa: E731
    cutoff = metrics.real_score_cutoff(fused(x_all[reals]).reshape(-1), 0.05)
    threshold = float(probability(cutoff) + 1e-9)

    # Robustness sweep: every out-of-fold image under each condition, pooled.
    sweep_x = np.stack([np.clip(a_ * npr_sweep + b_, -CLIP, CLIP), others_sweep, frequency_sweep], axis=2)
    print("\n### sweep: the chosen candidate on every test image (out of fold), pooled\n")
    print("| condition | AUC | TPR at threshold | FPR at threshold |\n|---|---|---|---|")
    sweep = {}
    for c, condition in enumerate(CONDITIONS + SWEEP):
        x = x_all[:, c] if condition in CONDITIONS else sweep_x[:, SWEEP.index(condition)]
        ok = ~np.isnan(x[:, columns]).any(axis=1)
        p = probability(fused(x[ok]))
        sweep[condition] = {"auc": round(metrics.auc(p, labels[ok]), 3),
                            "tpr_at_threshold": round(float((p[labels[ok] == 1] >= threshold).mean()), 3),
                            "fpr_at_threshold": round(float((p[labels[ok] == 0] >= threshold).mean()), 3)}
        print(f"| {condition} | {sweep[condition]['auc']:.3f} | {sweep[condition]['tpr_at_threshold']:.2f} | "
              f"{sweep[condition]['fpr_at_threshold']:.2f} |")

    if args.write_model:
        # At run time the shipped analyzers' logits are standardised by the shipped
        # models' own real-image statistics (test-split reals, which neither trained on).
        test_reals = [e for e, r in zip(kept, reals) if r]
        shipped = shipped_logits(test_reals, ("model", "frequency"), os.path.join(HERE, "out", "shipped-real-logits.npz"))
        shipped_columns = {"model": shipped[..., 0], "frequency": shipped[..., 1],
                           "coding_cost": others[usable][reals][..., 0]}
        run_mean = [float(np.nanmean(shipped_columns[DETECTORS[i]])) for i in columns]
        run_scale = [float(np.nanstd(shipped_columns[DETECTORS[i]])) for i in columns]
        _, as_is_mean, as_is_min, as_is_tpr = row(best, "as-is")
        _, re_mean, re_min, re_tpr = row(best, "reshared")
        out = {
            "name": "fusion-ai-lr",
            "features": [f"{DETECTORS[i]}.ai_generation_logit" for i in columns],
            "mean": run_mean, "scale": run_scale,
            "weights": [float(a)] * len(columns), "bias": float(b), "threshold": threshold,
            "error_rates": {
                "evaluated_on": "leave-source-out over the development set's generator sources with test images "
                                "(gphotos, stylegan, webai, lab, gallery): detectors retrained without the source's "
                                "group, scored against half the test reals of the same group (faces or scenes); "
                                "re-shared = <= 1,024 px, JPEG q90",
                "leave_source_out_auc": round(re_mean, 3), "leave_source_out_auc_min": round(re_min, 3),
                "leave_source_out_tpr_at_5pct_fpr": round(re_tpr, 3),
                "leave_source_out_auc_as_is": round(as_is_mean, 3),
                "leave_source_out_auc_min_as_is": round(as_is_min, 3)},
            "candidate": best,
            # The shipped models whose logits the standardisation above belongs to: a retrained
            # input needs this file refitted (tests/python/test_models_manifest.py checks it).
            "input_models": {name: model_manifest.entry(args.models_dir, name)["sha256"]
                             for name in ("npr-detector", "frequency-spectrum-lr", "coding-cost-lr")
                             if any(DETECTORS[i] == ANALYZER_OF_MODEL[name] for i in columns)},
            "sweep": sweep,
            "trained": datetime.date.today().isoformat(),
            "training_data": {"n_real": int(reals.sum()), "n_fake": int(labels.sum()),
                              "conditions": list(CONDITIONS)},
        }
        text = json.dumps(out, indent=1) + "\n"
        with open(args.write_model, "w") as f:
            f.write(text)
        print(f"wrote {args.write_model} (sha256 {hashlib.sha256(text.encode()).hexdigest()})")
        models_dir = os.path.dirname(os.path.abspath(args.write_model))
        model_manifest.put_entry(models_dir, {
            "name": "fusion-ai-lr",
            "file": os.path.basename(args.write_model),
            "sha256": model_manifest.sha256_of(args.write_model),
            "architecture": f"{best}: each detector's logit (of its calibrated probability) standardised by the "
                            "shipped models' logits on held-out real photos, summed with equal weights (nothing "
                            "learned from fakes), then Platt scaling",
            "input": "the findings.ai_generation estimates of the analyzers named in features; all must be present",
            "tiling": "none (reads the analyzers' image-level estimates)",
            "threshold": threshold,
            "threshold_rule": "5% false positives on the out-of-fold reals (as-is and JPEG q90 re-shared pooled)",
            "training_data": {
                "data_set": "libdetect development set v2 (../shared/data)",
                "split": "train_npr.splits test split (30% by group, seed 1): images no shipped network trained on",
                "out_of_source": "NPR retrained without each generator group (npr_out_of_fold.py, 1,500 steps); "
                                 "frequency refitted without it; coding_cost needs no fakes",
                "n_real": int(reals.sum()), "n_fake": int(labels.sum()), "conditions": list(CONDITIONS)},
            "metrics": {
                "leave_source_out": {"auc": round(re_mean, 3), "auc_min": round(re_min, 3),
                                     "tpr_at_5pct_fpr": round(re_tpr, 3), "auc_as_is": round(as_is_mean, 3),
                                     "auc_min_as_is": round(as_is_min, 3),
                                     "evaluated_on": out["error_rates"]["evaluated_on"]},
                "out_of_fold_by_condition": sweep},
            "trained": out["trained"],
            "command": "/usr/bin/python3 models/train/fusion_ai/npr_out_of_fold.py DATA_DIR --steps 1500 && "
                       "PYTHONPATH=build/python /usr/bin/python3 models/train/fusion_ai/train_fusion_ai.py DATA_DIR "
                       "--write-model models/fusion-ai-lr.json",
            "card": "fusion-ai-lr.md",
            "embedded": "compiled into libdetect (src/core/embedded_models.hpp)",
        })
    return 0


if __name__ == "__main__":
    sys.exit(main())
