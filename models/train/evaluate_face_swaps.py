#!/usr/bin/python3
"""The face analyzer on classical cross-identity face swaps it never trained
on (issue 23, item 2a): face_swap.py puts one real person's face on another's.

    PYTHONPATH=build/python /usr/bin/python3 models/train/evaluate_face_swaps.py ../shared/data

Targets and donors: the real images the face network never trained on (the
validation and test sides of the committed "detectors" split) with a face of
at least 40 px; each target gets the face of a donor from another group (an
other person), with a seeded random mask (hull, inner face, jaw-less), blend
(Poisson cloning or a feathered alpha mask) and sharpening. The full `face`
analyzer scores the face at the target's box in the original and in the
swap, as-is and re-shared (JPEG q90). Prints AUC, TPR and FPR at the shipped
threshold, overall and by blend and mask.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import face_data  # noqa: E402
import face_swap  # noqa: E402
import image_ops  # noqa: E402
import metrics  # noqa: E402
import model_manifest  # noqa: E402
from evaluate_faces import face_probability  # noqa: E402
from train_npr import splits  # noqa: E402

SEED = 23
CONDITIONS = ("as-is", "reshared")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                             "models"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    libdetect = face_data.libdetect_module()
    detector = libdetect.Detector(analyzers=["face"], model_dir=args.models_dir, heatmaps=False)
    locator = libdetect.FaceLocator()
    threshold = model_manifest.entry(args.models_dir, "face-blend-detector")["threshold"]
    entries = devset.read_manifest(args.data_dir)
    train, _, _ = splits(entries)
    trained = {e.file for e in train}
    pool = []
    for e in entries:
        if e.label == 0 and e.file not in trained:
            rgb = image_ops.read_rgb(e.path)
            faces = [f for f in locator.find(rgb)[0] if not f.too_small]
            if faces:
                pool.append((e, rgb, faces[0]))
    if args.limit:
        pool = pool[:args.limit]
    print(f"real faces never trained on: {len(pool)}", flush=True)

    rng = np.random.default_rng(SEED)
    rows = []  # (condition, label, probability, blend, mask)
    for index, (e, rgb, face) in enumerate(pool):
        others = [i for i, (d, _, _) in enumerate(pool) if d.group != e.group]
        donor_entry, donor, donor_face = pool[others[int(rng.integers(len(others)))]]
        swapped, how = face_swap.swap(rgb, face.landmarks, donor, donor_face.landmarks, rng)
        for condition in CONDITIONS:
            for label, pixels in ((0, rgb), (1, swapped)):
                p = face_probability(detector, image_ops.condition(pixels, condition), face.box)
                if p is not None:
                    rows.append((condition, label, p, how["blend"], how["mask"]))
        if (index + 1) % 50 == 0:
            print(f"  {index + 1}/{len(pool)}", flush=True)

    def line(name, keep):
        labels = np.array([r[1] for r in rows if keep(r)])
        scores = np.array([r[2] for r in rows if keep(r)])
        if labels.sum() == 0 or (labels == 0).sum() == 0:
            return
        print(f"| {name} | {int((labels == 0).sum())} / {int(labels.sum())} | {metrics.auc(scores, labels):.3f} | "
              f"{(scores[labels == 1] >= threshold).mean():.3f} | {(scores[labels == 0] >= threshold).mean():.3f} |")

    print(f"\nthreshold {threshold}\n\n| subset | originals / swaps | AUC | TPR at threshold | FPR at threshold |\n"
          "|---|---|---|---|---|")
    for condition in CONDITIONS:
        line(condition, lambda r: r[0] == condition)
        for blend in face_swap.BLENDS:
            line(f"{condition}, {blend}", lambda r: r[0] == condition and (r[1] == 0 or r[3] == blend))
        for mask in face_swap.MASKS:
            line(f"{condition}, mask {mask}", lambda r: r[0] == condition and (r[1] == 0 or r[4] == mask))
    return 0


if __name__ == "__main__":
    sys.exit(main())
