#!/usr/bin/python3
"""Evaluate the face-blending detector on the held-out split, through the
library itself (libdetect's `face` analyzer: detection, alignment, the
shipped TorchScript, calibration).

    PYTHONPATH=build/python /usr/bin/python3 models/train/evaluate_faces.py ../shared/data [--write-manifest]

For every held-out image (never seen in training or validation) with a face,
a self-blend is made in the image itself (sbi.py, seeded per image): the
positives. The untouched images are the negatives. Each pair is scored under
the conditions of the model issue (as-is, JPEG q75, downscale x0.5) applied
to the whole picture, by the face found where the original face was (box
IoU >= 0.3). Prints AUC, TPR at 1 % FPR and the false positives at the
shipped threshold on untouched real faces and on untouched generated faces.
--write-manifest records the figures in models/manifest.json, from where
every report copies them.
"""

from __future__ import annotations

import argparse
import os
import sys
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import evaluate  # noqa: E402
import face_data  # noqa: E402
import image_ops  # noqa: E402
import model_manifest  # noqa: E402
import sbi  # noqa: E402
from train_face import MODEL_NAME, DEFAULT_CACHE  # noqa: E402
from train_npr import splits  # noqa: E402

CONDITIONS = ["as-is", "jpeg75", "resize0.5"]
SEED = 7


def iou(a, b) -> float:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.width, b.x + b.width), min(a.y + a.height, b.y + b.height)
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def scaled_box(box, factor: float) -> SimpleNamespace:
    return SimpleNamespace(x=box.x * factor, y=box.y * factor, width=box.width * factor, height=box.height * factor)


def matched_face(detector, rgb: np.ndarray, where):
    """The analysed face (>= 40 px) the `face` analyzer found where `where`
    is (the most overlapping, IoU >= 0.3), else None."""
    result = detector.analyze(np.ascontiguousarray(rgb))["face"]
    best, best_iou = None, 0.3
    for face in result.findings.faces:
        overlap = iou(face.box, where)
        if overlap >= best_iou and not face.too_small:
            best, best_iou = face, overlap
    return best


def face_probability(detector, rgb: np.ndarray, where):
    """The blend probability of the face found where `where` is, else None."""
    face = matched_face(detector, rgb, where)
    return face.blend_probability if face else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "models"))
    parser.add_argument("--name", default=MODEL_NAME)
    parser.add_argument("--cache", default=DEFAULT_CACHE)
    parser.add_argument("--limit", type=int, default=0, help="evaluate only the first N held-out faces")
    parser.add_argument("--write-manifest", action="store_true")
    args = parser.parse_args()

    libdetect = face_data.libdetect_module()
    detector = libdetect.Detector(analyzers=["face"], model_dir=args.models_dir, heatmaps=False)
    locator = libdetect.FaceLocator()
    entry = model_manifest.entry(args.models_dir, args.name)
    threshold = entry["threshold"]
    entries, _, _, _ = face_data.load(args.data_dir, args.cache)
    _, _, test = splits(devset.read_manifest(args.data_dir))
    held_out = {e.file for e in test}
    chosen = [e for e in entries if e.file in held_out]
    if args.limit:
        chosen = chosen[:args.limit]

    scores = {c: {"original": [], "blend": []} for c in CONDITIONS}
    kinds = []   # "real" or "generated" for each kept pair
    lost = {c: 0 for c in CONDITIONS}
    for index, e in enumerate(chosen):
        rgb = libdetect.Image.open(e.path).to_numpy()
        faces, _ = locator.find(rgb)
        faces = [f for f in faces if not f.too_small]
        if not faces:
            continue
        face = faces[0]
        blended, _ = sbi.self_blend(rgb, face.landmarks, np.random.default_rng(SEED * 100003 + index))
        row = {}
        for c in CONDITIONS:
            factor = 0.5 if c == "resize0.5" else 1.0
            where = scaled_box(face.box, factor)
            pair = (face_probability(detector, image_ops.condition(rgb, c), where),
                    face_probability(detector, image_ops.condition(blended, c), where))
            row[c] = pair
        for c in CONDITIONS:
            original, blend = row[c]
            if original is None or blend is None:
                lost[c] += 1
                original = blend = np.nan
            scores[c]["original"].append(original)
            scores[c]["blend"].append(blend)
        kinds.append("generated" if e.label == 1 else "real")
        if (index + 1) % 50 == 0:
            print(f"  {index + 1}/{len(chosen)} images", flush=True)

    kinds = np.array(kinds)
    by_condition = {}
    print(f"held-out faces: {len(kinds)} ({(kinds == 'real').sum()} real, {(kinds == 'generated').sum()} generated); "
          f"threshold {threshold:.4f}")
    print("| condition | pairs | AUC | TPR@1%FPR | TPR@5%FPR | TPR @ threshold | FPR real faces @ threshold | "
          "FPR generated faces @ threshold | faces lost |\n|---|---|---|---|---|---|---|---|---|")
    for c in CONDITIONS:
        original = np.array(scores[c]["original"], float)
        blend = np.array(scores[c]["blend"], float)
        keep = ~np.isnan(original)
        probabilities = np.concatenate([original[keep], blend[keep]])
        labels = np.concatenate([np.zeros(keep.sum(), int), np.ones(keep.sum(), int)])
        m = evaluate.metrics(probabilities, labels, threshold)
        real = keep & (kinds == "real")
        generated = keep & (kinds == "generated")
        m["fpr_real_faces_at_threshold"] = round(float((original[real] >= threshold).mean()), 4)
        m["fpr_generated_faces_at_threshold"] = round(float((original[generated] >= threshold).mean()), 4)
        m["n_real_faces"], m["n_generated_faces"] = int(real.sum()), int(generated.sum())
        m["faces_lost"] = lost[c]
        by_condition[c] = m
        print(f"| {c} | {int(keep.sum())} | {m['auc']:.3f} | {m['tpr_at_1pct_fpr']:.3f} | {m['tpr_at_5pct_fpr']:.3f} | "
              f"{m['tpr_at_threshold']:.3f} | {m['fpr_real_faces_at_threshold']:.3f} | "
              f"{m['fpr_generated_faces_at_threshold']:.3f} | {lost[c]} |", flush=True)

    if args.write_manifest:
        as_is = by_condition["as-is"]
        # Other scripts' figures (calibrate_faces.py: real faces by source) stay.
        entry.setdefault("metrics", {}).update({
            "held_out": {
                "auc": as_is["auc"], "tpr_at_1pct_fpr": as_is["tpr_at_1pct_fpr"],
                "tpr_at_threshold": as_is["tpr_at_threshold"],
                "fpr_at_threshold": as_is["fpr_real_faces_at_threshold"],
                "fpr_generated_faces_at_threshold": as_is["fpr_generated_faces_at_threshold"],
                "ece": as_is["ece"],
                "evaluated_on": "held-out split of the development set (seed 1, by person/prompt): untouched faces "
                                "against self-blends of the same faces made in the image (not real face swaps); "
                                "fpr_at_threshold on untouched real faces",
            },
            "held_out_by_condition": {c: {k: by_condition[c][k] for k in (
                "auc", "tpr_at_1pct_fpr", "tpr_at_threshold", "fpr_real_faces_at_threshold",
                "fpr_generated_faces_at_threshold", "n_real_faces", "n_generated_faces", "faces_lost")}
                for c in CONDITIONS},
        })
        if "real_faces_by_source" in entry["metrics"]:
            entry["metrics"]["held_out"]["worst_source_fpr_at_threshold"] = \
                entry["metrics"]["real_faces_by_source"]["worst_source_fpr"]
        model_manifest.put_entry(args.models_dir, entry)
        print("wrote the metrics into", os.path.join(args.models_dir, "manifest.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
