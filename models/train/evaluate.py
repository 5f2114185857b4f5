#!/usr/bin/python3
"""Evaluate the learned AI-image detector on the held-out split.

    /usr/bin/python3 models/train/evaluate.py ../shared/data [--write-manifest]

Scores every held-out image (never seen in training or validation) the way
the library does: the exported TorchScript frozen and optimised for inference,
the C++ tiling rule, the mean tile logit, the manifest's calibration (the
parity test holds C++ and this code within 1e-4). Prints ROC AUC, average
precision, TPR at 1 % and 5 % FPR, balanced accuracy at the shipped threshold
and expected calibration error, per domain and per condition (as-is, JPEG
q95/75/50, downscale x0.5, Gaussian blur sigma 1, PNG re-save), and the
balanced pairs. --write-manifest records the as-is figures and the AUC per
condition in models/manifest.json, from where every report copies them.

Leave-source-out (issue 9): hold out each fake source in turn (generated
faces, scene generators, each simulator family of an aligned cache), train
on the rest with and without content-aligned fakes, test on the held-out
pair as-is and after x0.5 + JPEG q75 (leave_source_out.py):

    evaluate.py DATA --leave-source-out --aligned-cache CACHE --lso-steps 500

Leave-one-domain-out: train without one folder of the data set and test on
it (see the model card for the commands):

    train_npr.py DATA --exclude-folder scenes --models-dir /tmp/no-scenes
    evaluate.py DATA --models-dir /tmp/no-scenes --only-folder scenes
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
from metrics import average_precision, expected_calibration_error, tpr_at_fpr  # noqa: E402,F401
import image_ops  # noqa: E402
import model_manifest  # noqa: E402
import npr_net  # noqa: E402
import train_npr  # noqa: E402

DOMAINS = ["face", "person", "scene", "art"]


def metrics(probabilities, labels, threshold: float) -> dict:
    if labels.min() == labels.max():
        return {"n_real": int((labels == 0).sum()), "n_fake": int((labels == 1).sum())}
    predicted = probabilities >= threshold
    tpr = float(predicted[labels == 1].mean())
    fpr = float(predicted[labels == 0].mean())
    return {
        "n_real": int((labels == 0).sum()), "n_fake": int((labels == 1).sum()),
        "auc": round(devset.auc(probabilities, labels), 4),
        "average_precision": round(average_precision(probabilities, labels), 4),
        "tpr_at_1pct_fpr": round(tpr_at_fpr(probabilities, labels, 0.01), 4),
        "tpr_at_5pct_fpr": round(tpr_at_fpr(probabilities, labels, 0.05), 4),
        "tpr_at_threshold": round(tpr, 4), "fpr_at_threshold": round(fpr, 4),
        "balanced_accuracy": round((tpr + 1 - fpr) / 2, 4),
        "ece": round(expected_calibration_error(probabilities, labels), 4),
    }


def row(name: str, m: dict) -> str:
    if "auc" not in m:
        return f"| {name} | {m['n_real']} | {m['n_fake']} | - | - | - | - | - | - |"
    return (f"| {name} | {m['n_real']} | {m['n_fake']} | {m['auc']:.3f} | {m['average_precision']:.3f} | "
            f"{m['tpr_at_1pct_fpr']:.3f} | {m['tpr_at_5pct_fpr']:.3f} | {m['balanced_accuracy']:.3f} | "
            f"{m['ece']:.3f} |")


HEADER = ("| subset | real | fake | AUC | AP | TPR@1%FPR | TPR@5%FPR | bal. acc. @ threshold | ECE |\n"
          "|---|---|---|---|---|---|---|---|---|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "models"))
    parser.add_argument("--name", default=train_npr.MODEL_NAME)
    parser.add_argument("--only-folder", help="test only on images under this folder (faces, scenes)")
    parser.add_argument("--conditions", default=",".join(image_ops.CONDITIONS))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write-manifest", action="store_true")
    parser.add_argument("--leave-source-out", action="store_true",
                        help="the leave-source-out table instead (trains one model per held-out source)")
    parser.add_argument("--aligned-cache", help="simulators/aligned.py cache (for --leave-source-out)")
    parser.add_argument("--lso-steps", type=int, default=500)
    parser.add_argument("--lso-batch", type=int, default=32)
    parser.add_argument("--lso-width", type=int, default=32)
    parser.add_argument("--lso-sources", help="comma list of held-out sources (default: all)")
    parser.add_argument("--lso-variants", default="with,without")
    parser.add_argument("--lso-log", help="append the runs' log and table to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.leave_source_out:
        if not args.aligned_cache:
            parser.error("--leave-source-out needs --aligned-cache")
        import leave_source_out
        leave_source_out.run(args.data_dir, args.aligned_cache, args.lso_steps, args.lso_batch, args.lso_width,
                             seed=1, log_path=args.lso_log,
                             held_out_sources=args.lso_sources.split(",") if args.lso_sources else None,
                             variants=tuple(args.lso_variants.split(",")))
        return 0

    entry = model_manifest.entry(args.models_dir, args.name)
    path = os.path.join(args.models_dir, entry["file"])
    if model_manifest.sha256_of(path) != entry["sha256"]:
        raise SystemExit(f"{path} does not match its manifest entry")
    model = npr_net.for_inference(torch.jit.load(path))
    scale, offset = entry["calibration"]["scale"], entry["calibration"]["offset"]
    threshold = entry["threshold"]

    _, _, test = train_npr.splits(devset.read_manifest(args.data_dir))
    if args.only_folder:
        test = [e for e in test if e.file.startswith(args.only_folder.rstrip("/") + "/")]
    labels = np.array([e.label for e in test])
    images = [image_ops.read_rgb(e.path) for e in test]
    print(f"{entry['file']} (sha256 {entry['sha256'][:16]}...), threshold {threshold}, "
          f"{len(test)} held-out images ({int(labels.sum())} fake)\n")

    results = {}
    for condition in args.conditions.split(","):
        logits = np.array([npr_net.image_logit(model, image_ops.condition(rgb, condition))[0] for rgb in images])
        probabilities = 1.0 / (1.0 + np.exp(-(scale * logits + offset)))
        results[condition] = probabilities
        print(f"### {condition}\n\n{HEADER}")
        print(row("all", metrics(probabilities, labels, threshold)))
        for domain in DOMAINS:
            inside = np.array([e.domain == domain for e in test])
            if inside.any():
                print(row(domain, metrics(probabilities[inside], labels[inside], threshold)))
        for pair, (fake_prefix, real_prefix) in devset.BALANCED_PAIRS.items():
            inside = np.array([e.source in (fake_prefix, real_prefix) for e in test])
            if inside.any():
                print(row(f"pair {pair}", metrics(probabilities[inside], labels[inside], threshold)))
        print(flush=True)

    if args.write_manifest:
        entry["metrics"] = {
            "held_out": {**metrics(results["as-is"], labels, threshold),
                         "evaluated_on": "held-out split of the development set (seed 1, by person/prompt), as-is"},
            "held_out_auc_by_condition": {c: metrics(p, labels, threshold).get("auc") for c, p in results.items()},
            "held_out_fpr_at_threshold_by_condition": {c: metrics(p, labels, threshold).get("fpr_at_threshold")
                                                       for c, p in results.items()},
        }
        model_manifest.put_entry(args.models_dir, entry)
        print(f"metrics written to {os.path.join(args.models_dir, 'manifest.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
