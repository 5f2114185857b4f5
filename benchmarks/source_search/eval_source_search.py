#!/usr/bin/python3
"""Evaluates `libdetect.find_source` on edits of real photos made in code.

For each trial: take a real photo from the data set, edit 10-50 % of it
(inpaint with OpenCV, or splice in a region of another photo), re-save it as
JPEG q75-95 (half the time also downscaled to 70-100 %), and hide the original
among DISTRACTORS other images of the data set. Measures top-1 retrieval (the
source found is the original), IoU of the changed-region mask with the edit
mask, and the time of each search.

    /usr/bin/python3 benchmarks/source_search/eval_source_search.py ../shared/data \
        --trials 100 --seed 2 [--distractors 500]

Needs python3-opencv (edits) and the libdetect module (PYTHONPATH=build/python).
"""

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

import libdetect


def random_mask(h, w, rng):
    """1-3 random ellipses covering 10-50 % of the image."""
    while True:
        mask = np.zeros((h, w), np.uint8)
        for _ in range(rng.randint(1, 3)):
            centre = (rng.randint(w // 6, 5 * w // 6), rng.randint(h // 6, 5 * h // 6))
            axes = (rng.randint(w // 10, w // 3), rng.randint(h // 10, h // 3))
            cv2.ellipse(mask, centre, axes, rng.uniform(0, 180), 0, 360, 255, -1)
        if 0.10 <= (mask > 0).mean() <= 0.50:
            return mask


def make_edit(original, donor, kind, rng):
    h, w = original.shape[:2]
    mask = random_mask(h, w, rng)
    if kind == "inpaint":
        edited = cv2.inpaint(original, mask, 7, cv2.INPAINT_TELEA)
    else:  # splice a region of another photo, feathered
        donor = cv2.resize(donor, (w, h), interpolation=cv2.INTER_AREA)
        alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 2)[..., None]
        edited = (alpha * donor + (1 - alpha) * original).astype(np.uint8)
    scale = rng.uniform(0.7, 1.0) if rng.random() < 0.5 else 1.0
    if scale < 1.0:
        size = (round(w * scale), round(h * scale))
        edited = cv2.resize(edited, size, interpolation=cv2.INTER_AREA)
        mask = cv2.resize(mask, size, interpolation=cv2.INTER_NEAREST)
    quality = rng.randint(75, 95)
    return edited, mask > 0, quality, scale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="data set folder with manifest.csv")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--distractors", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--controls", type=int, default=20,
                        help="unedited re-encoded copies: how much area is wrongly called changed")
    parser.add_argument("--json", type=Path, help="write per-trial results here")
    args = parser.parse_args()

    rows = list(csv.DictReader(open(args.data / "manifest.csv")))
    everything = [args.data / r["file"] for r in rows]
    reals = [args.data / r["file"] for r in rows if r["label"] == "real"]
    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for trial in range(args.trials):
            original_path = rng.choice(reals)
            donor_path = rng.choice([p for p in reals if p != original_path])
            original = cv2.imread(str(original_path), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
            donor = cv2.imread(str(donor_path), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
            kind = "inpaint" if trial % 2 == 0 else "splice"
            edited, truth, quality, scale = make_edit(original, donor, kind, rng)
            suspect = Path(tmp) / f"suspect-{trial}.jpg"
            cv2.imwrite(str(suspect), edited, [cv2.IMWRITE_JPEG_QUALITY, quality])
            pool = rng.sample([p for p in everything if p not in (original_path, donor_path)], args.distractors)
            pool.insert(rng.randint(0, len(pool)), original_path)

            start = time.perf_counter()
            match = libdetect.find_source(suspect, pool)
            seconds = time.perf_counter() - start

            top1 = match.found and Path(match.file) == original_path
            iou = None
            if top1:
                predicted = match.changed_mask > 0.5
                truth_small = cv2.resize(truth.astype(np.uint8), predicted.shape[::-1], interpolation=cv2.INTER_NEAREST) > 0
                union = (predicted | truth_small).sum()
                iou = float((predicted & truth_small).sum() / union) if union else 1.0
            results.append({"trial": trial, "kind": kind, "original": str(original_path.relative_to(args.data)),
                            "edit_fraction": float(truth.mean()), "quality": quality, "scale": round(scale, 3),
                            "found": match.found, "top1": bool(top1), "pdq_distance": match.pdq_distance,
                            "inliers": match.inliers, "iou": iou, "seconds": seconds})
            print(f"{trial:3d} {kind:7s} edit {truth.mean():.2f} q{quality} x{scale:.2f}: "
                  f"top1={top1} inliers={match.inliers} pdq={match.pdq_distance} "
                  f"iou={'-' if iou is None else f'{iou:.2f}'} {seconds:.2f}s", file=sys.stderr)

        controls = []
        for trial in range(args.controls):
            original_path = rng.choice(reals)
            original = cv2.imread(str(original_path), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
            scale = rng.uniform(0.7, 1.0) if rng.random() < 0.5 else 1.0
            copy = cv2.resize(original, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else original
            suspect = Path(tmp) / f"control-{trial}.jpg"
            cv2.imwrite(str(suspect), copy, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(75, 95)])
            pool = rng.sample([p for p in everything if p != original_path], args.distractors)
            pool.insert(rng.randint(0, len(pool)), original_path)
            match = libdetect.find_source(suspect, pool)
            controls.append({"top1": match.found and Path(match.file) == original_path,
                             "changed_fraction": match.changed_fraction if match.found else None})

    print(f"\nsource search on {args.trials} edits, {args.distractors} distractors each, seed {args.seed}")
    for kind in ("inpaint", "splice", None):
        subset = [r for r in results if kind is None or r["kind"] == kind]
        ious = [r["iou"] for r in subset if r["iou"] is not None]
        print(f"{kind or 'all':8s} n={len(subset):3d}  top-1 {sum(r['top1'] for r in subset) / len(subset):.3f}  "
              f"IoU median {statistics.median(ious) if ious else float('nan'):.3f} "
              f"mean {statistics.mean(ious) if ious else float('nan'):.3f}  "
              f"share IoU>=0.6 {sum(i >= 0.6 for i in ious) / max(1, len(ious)):.2f}")
    if controls:
        fractions = [c["changed_fraction"] for c in controls if c["changed_fraction"] is not None]
        print(f"controls n={len(controls):3d}  top-1 {sum(c['top1'] for c in controls) / len(controls):.3f}  "
              f"area wrongly called changed: median {statistics.median(fractions):.4f} max {max(fractions):.4f}")
    print(f"search time median {statistics.median(r['seconds'] for r in results):.2f} s "
          f"({args.distractors + 1} candidates)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
