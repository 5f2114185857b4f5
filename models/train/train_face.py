#!/usr/bin/python3
"""Train the face-blending detector (face_net.FaceBlendNet) on self-blended
faces (sbi.py) and export it to TorchScript with its manifest entry.

    PYTHONPATH=build/python /usr/bin/python3 models/train/train_face.py ../shared/data --minutes 45

No deepfake is used. Every face of the development set (real and generated
alike: both are untouched faces) is found and aligned by libdetect
(face_data.py); a batch holds faces and self-blends of the same faces, so
the only difference the network can learn is the blend. Both halves get the
same random treatment after blending: flip, down-and-up scaling (small
faces), JPEG q60-100, blur. The split is the one of train_npr.py (by person
and prompt, seed 1): held-out images are never read here.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import sys
import time
from collections import Counter

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import face_data  # noqa: E402
import face_net  # noqa: E402
import image_ops  # noqa: E402
import model_manifest  # noqa: E402
import sbi  # noqa: E402
from logistic import fit_logistic  # noqa: E402
from train_npr import splits, threshold_for_fpr  # noqa: E402

MODEL_NAME = "face-blend-detector"
TARGET_FPR = 0.05
BOUNDARY_WEIGHT = 1.0
# Boundary pixels are a few percent of a map: weigh them up so that the dense
# signal is not drowned by the zeros around it.
BOUNDARY_POS_WEIGHT = 5.0
DEFAULT_CACHE = "/tmp/libdetect-face-cache"


def boundary_target(mask: np.ndarray) -> np.ndarray:
    """The Face X-ray target at the boundary map's resolution."""
    return cv2.resize(np.ascontiguousarray(sbi.boundary(mask)), (face_net.MAP, face_net.MAP),
                      interpolation=cv2.INTER_AREA)


def treat(rgb: np.ndarray, mask: np.ndarray, rng: np.random.Generator):
    """The same random treatment for a face and its blend (rng seeded alike)."""
    if rng.random() < 0.5:
        rgb, mask = rgb[:, ::-1], mask[:, ::-1]
    if rng.random() < 0.3:
        factor = rng.uniform(0.3, 0.9)
        size = rgb.shape[0]
        small = cv2.resize(rgb, (max(8, int(size * factor)),) * 2, interpolation=cv2.INTER_AREA)
        rgb = cv2.resize(small, (size, size), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.1:
        rgb = cv2.GaussianBlur(rgb, (0, 0), rng.uniform(0.3, 1.2))
    if rng.random() < 0.5:
        rgb = image_ops.encode_jpeg(np.ascontiguousarray(rgb), int(rng.integers(60, 101)))
    return face_net.to_network_input(np.ascontiguousarray(rgb)), boundary_target(mask)


def pair(crop: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator, treated: bool = True):
    """(face, blend) network inputs and boundary targets of one face."""
    blended, mask = sbi.self_blend(np.asarray(crop), landmarks, rng)
    zero = np.zeros(mask.shape, np.float32)
    if not treated:
        return ((face_net.to_network_input(np.asarray(crop)), boundary_target(zero)),
                (face_net.to_network_input(blended), boundary_target(mask)))
    seed = int(rng.integers(1 << 31))
    return treat(np.asarray(crop), zero, np.random.default_rng(seed)), treat(blended, mask, np.random.default_rng(seed))


def to_tensor(images) -> torch.Tensor:
    return torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).float().div_(255.0).contiguous()


class Sampler:
    """Faces drawn with sources weighted by sqrt(count)."""

    def __init__(self, indices, entries, seed: int):
        self.rng = np.random.default_rng(seed)
        sources = {}
        for i in indices:
            sources.setdefault(entries[i].source, []).append(i)
        self.names = sorted(sources)
        weights = np.array([math.sqrt(len(sources[s])) for s in self.names])
        self.weights = weights / weights.sum()
        self.sources = sources

    def draw(self) -> int:
        source = self.names[int(self.rng.choice(len(self.names), p=self.weights))]
        return self.sources[source][int(self.rng.integers(len(self.sources[source])))]


def validation_set(indices, crops, landmarks, seed: int):
    """Each validation face and one fixed self-blend of it, untreated."""
    images, labels = [], []
    for i in indices:
        (face, _), (blend, _) = pair(crops[i], landmarks[i], np.random.default_rng(seed * 100003 + int(i)), False)
        images += [face, blend]
        labels += [0, 1]
    return images, np.array(labels)


def logits_of(model, images, batch: int = 64) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch):
            out.append(model(to_tensor(images[start:start + batch]))[0].numpy())
    return np.concatenate(out)


def export(state_dict, width: int, path: str) -> None:
    model = face_net.FaceBlendNet(width=width)
    model.load_state_dict(state_dict)
    torch.jit.script(model.eval()).save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--minutes", type=float, default=45.0, help="training time budget")
    parser.add_argument("--steps", type=int, default=0, help="fixed step count (overrides --minutes)")
    parser.add_argument("--pairs", type=int, default=16, help="faces per batch (each with its self-blend)")
    parser.add_argument("--width", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--validate-every", type=int, default=200)
    parser.add_argument("--cache", default=DEFAULT_CACHE, help="aligned faces (built on first use)")
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "models"))
    parser.add_argument("--name", default=MODEL_NAME)
    parser.add_argument("--init", metavar="WEIGHTS",
                        help="start from these weights (every tensor whose name and shape match; the rest is new)")
    parser.add_argument("--init-command", default="",
                        help="the command that made the --init weights (recorded in the manifest)")
    parser.add_argument("--export-weights", metavar="WEIGHTS",
                        help="skip training: script saved weights (MODEL.pt.weights) to MODEL.pt, then finalize")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    entries, crops, landmarks, summary = face_data.load(args.data_dir, args.cache)
    train_entries, validation_entries, test_entries = splits(devset.read_manifest(args.data_dir))
    side = {e.file: "train" for e in train_entries}
    side.update({e.file: "validation" for e in validation_entries})
    side.update({e.file: "held_out" for e in test_entries})
    train = [i for i, e in enumerate(entries) if side[e.file] == "train"]
    validation = [i for i, e in enumerate(entries) if side[e.file] == "validation"]
    held_out = [i for i, e in enumerate(entries) if side[e.file] == "held_out"]
    crops = np.asarray(crops)  # into memory
    print(f"faces: train {len(train)}, validation {len(validation)}, held out (unread) {len(held_out)}; "
          f"images without a face: {len(summary['no_face'])}", flush=True)
    validation_images, validation_labels = validation_set(validation, crops, landmarks, args.seed)
    counts = {name: dict(sorted(Counter(entries[i].source for i in group).items()))
              for name, group in (("train", train), ("validation", validation), ("held_out", held_out))}
    path = os.path.join(args.models_dir, args.name + ".pt")

    if args.export_weights:
        export(torch.load(args.export_weights), args.width, path)
        previous = model_manifest.entry(args.models_dir, args.name).get("training_data", {})
        finalize(args, path, validation_images, validation_labels, counts, summary,
                 {k: previous[k] for k in ("steps", "pairs", "seed", "validation_auc", "initialised_from") if k in previous})
        return 0

    model = face_net.FaceBlendNet(width=args.width)
    print(f"parameters: {sum(p.numel() for p in model.parameters())}", flush=True)
    if args.init:
        own = model.state_dict()
        start = {k: v for k, v in torch.load(args.init).items() if k in own and own[k].shape == v.shape}
        model.load_state_dict(start, strict=False)
        print(f"initialised {len(start)} of {len(own)} tensors from {args.init}", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sampler = Sampler(train, entries, args.seed)

    def batch():
        images, targets, labels = [], [], []
        for _ in range(args.pairs):
            i = sampler.draw()
            (face, face_map), (blend, blend_map) = pair(crops[i], landmarks[i], sampler.rng)
            images += [face, blend]
            targets += [face_map, blend_map]
            labels += [0.0, 1.0]
        return to_tensor(images), torch.from_numpy(np.stack(targets)), torch.tensor(labels)

    def step(x, maps, y):
        model.train()
        logit, boundary = model(x)
        loss = F.binary_cross_entropy_with_logits(logit, y) + \
            BOUNDARY_WEIGHT * F.binary_cross_entropy_with_logits(
                boundary, maps, pos_weight=torch.tensor(BOUNDARY_POS_WEIGHT))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return float(loss)

    started = time.time()
    total = args.steps
    if total == 0:
        for _ in range(5):
            step(*batch())
        per_step = (time.time() - started) / 5
        total = max(10, int(args.minutes * 60 / per_step * 0.9))
        print(f"{per_step:.2f} s per step -> {total} steps", flush=True)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-3, total_steps=total, pct_start=0.1)
    best = (-1.0, None, 0)
    running = []
    for index in range(1, total + 1):
        running.append(step(*batch()))
        schedule.step()
        if index % 50 == 0:
            print(f"step {index}/{total} loss {np.mean(running[-50:]):.4f} ({time.time() - started:.0f} s)", flush=True)
        if index % args.validate_every == 0 or index == total:
            auc = devset.auc(logits_of(model, validation_images), validation_labels)
            print(f"validation AUC (faces vs their self-blends) {auc:.4f}", flush=True)
            if auc > best[0]:
                best = (auc, {k: v.clone() for k, v in model.state_dict().items()}, index)
                os.makedirs(args.models_dir, exist_ok=True)
                torch.save(best[1], path + ".weights")
    print(f"kept step {best[2]} (validation AUC {best[0]:.4f})", flush=True)
    # Weights first: TorchScript compiles the classes from the source files as
    # they are now; --export-weights scripts them again without retraining.
    torch.save(best[1], path + ".weights")
    export(best[1], args.width, path)
    finalize(args, path, validation_images, validation_labels, counts, summary,
             {"steps": total, "pairs": args.pairs, "seed": args.seed, "validation_auc": round(best[0], 4),
              **({"initialised_from": args.init_command} if args.init else {})})
    return 0


def finalize(args, path, validation_images, validation_labels, counts, summary, run: dict) -> None:
    """Calibration, threshold and manifest entry from the validation faces as
    the library scores them (frozen, optimised for inference)."""
    scripted = torch.jit.load(path)
    logits = logits_of(face_net.for_inference(scripted), validation_images)
    scale, offset = fit_logistic(logits[:, None], validation_labels.astype(float), lam=1e-3)
    calibrated = 1.0 / (1.0 + np.exp(-(scale * logits + offset)))
    threshold = threshold_for_fpr(calibrated[validation_labels == 0], TARGET_FPR)
    sha256 = model_manifest.sha256_of(path)
    parameters = sum(p.numel() for p in scripted.parameters())
    command = (f"PYTHONPATH=build/python /usr/bin/python3 models/train/train_face.py DATA_DIR "
               f"--steps {run.get('steps')} --pairs {run.get('pairs')} --width {args.width} --seed {run.get('seed')}")
    if run.get("initialised_from"):
        command += " --init FIRST.pt.weights  # after: " + run["initialised_from"]
    model_manifest.put_entry(args.models_dir, {
        "name": args.name, "file": os.path.basename(path), "sha256": sha256,
        "architecture": f"residual CNN on the aligned face: full-resolution stem, stages at 1/2, 1/4, 1/8 "
                        f"(widths {args.width}, {2 * args.width}, {4 * args.width}); logit from the pooled 1/8 "
                        f"features, boundary map from the 1/4 features; {parameters} parameters",
        "input": {"color": "RGB", "dtype": "float32", "scale": "pixel / 255 (no mean, no std)", "layout": "NCHW",
                  "crop": face_net.CROP, "align_size": face_net.ALIGN_SIZE, "margin": face_net.MARGIN,
                  "map": face_net.MAP},
        "alignment": f"FaceLocator.align(image, face, {face_net.ALIGN_SIZE}, {face_net.MARGIN}) (5-point similarity "
                     f"onto the ArcFace template), then area reduction to {face_net.CROP} px",
        "outputs": "(logit per face, boundary logits MAP x MAP over the crop)",
        "calibration": {"rule": "probability = sigmoid(scale * logit + offset), Platt scaling fitted on validation "
                                "faces and one self-blend of each (a prior of one blend per face)",
                        "scale": round(float(scale), 6), "offset": round(float(offset), 6)},
        "threshold": round(threshold, 6),
        "threshold_rule": f"{TARGET_FPR:.0%} false positives on the untouched validation faces (calibrated probability)",
        "training_data": {
            "data_set": f"DATA_DIR = {args.data_dir}: faces of the face and person domains found by FaceLocator "
                        f"({len(summary['files'])} of {len(summary['files']) + len(summary['no_face'])} images)",
            "split": "train_npr.py's split (by person / prompt within each source, seed 1); held-out images unread",
            "fakes": "self-blends made on the fly (sbi.py): no deepfake data",
            "augmentation": "both halves alike: flip, down-and-up scaling x0.3-0.9 p0.3, blur p0.1, JPEG q60-100 p0.5",
            **counts, **run,
        },
        "metrics": {},
        "trained": datetime.date.today().isoformat(),
        "command": command,
        "card": args.name + ".md",
    })
    print(f"wrote {path} ({os.path.getsize(path)} bytes, sha256 {sha256}), calibration {scale:.4f} x + "
          f"{offset:.4f}, threshold {threshold:.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
