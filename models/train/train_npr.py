#!/usr/bin/python3
"""Train the learned AI-image detector (npr_net.NprNet) and export it to
TorchScript with its manifest entry.

    /usr/bin/python3 models/train/train_npr.py ../shared/data --minutes 45

DATA_DIR holds a manifest.csv like the development set's (file, label,
domain, source_path). The split is by group (person, prompt) within each
source with a fixed seed: 30 % held out for evaluate.py (never read here),
and 15 % of the rest for validation (checkpoint choice and threshold).

Training sees 128-px patches at native resolution, many per image. Both
classes get the same random treatment: resize 0.5-1.5, Gaussian blur, JPEG
re-compression q50-100, crops and flips, so that size, format and JPEG
history cannot separate them. Sampling is balanced by label, and within a
label sources are drawn with weight sqrt(images) so that no source dominates.
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
import image_ops  # noqa: E402
import model_manifest  # noqa: E402
import npr_net  # noqa: E402
import splits as split_lists  # noqa: E402
from logistic import fit_logistic  # noqa: E402
from simulators.aligned import AlignedCache, is_aligned, read_entry  # noqa: E402

MODEL_NAME = "npr-detector"
TEST_SHARE, SPLIT_SEED = 0.3, 1
VALIDATION_SHARE, VALIDATION_SEED = 0.15, 2
ALIGNED_SHARE = 0.5  # of the fake samples, when aligned fakes train
TARGET_FPR = 0.05


def splits(entries):
    """(train, validation, test) entries: the committed "detectors" split
    (splits.py); evaluate.py and the other detectors read it too."""
    return split_lists.three_way(entries, "detectors")


def random_patch(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    tile = npr_net.TILE
    scale = rng.uniform(0.5, 1.5) if rng.random() < 0.4 else 1.0
    need = int(math.ceil((tile + 32) / scale))
    h, w = rgb.shape[:2]
    rh, rw = min(h, need), min(w, need)
    y, x = int(rng.integers(0, h - rh + 1)), int(rng.integers(0, w - rw + 1))
    patch = rgb[y:y + rh, x:x + rw]
    if scale != 1.0:
        interpolations = [cv2.INTER_LINEAR, cv2.INTER_CUBIC] + ([cv2.INTER_AREA] if scale < 1 else [])
        size = (max(8, int(round(rw * scale))), max(8, int(round(rh * scale))))
        patch = cv2.resize(patch, size, interpolation=interpolations[int(rng.integers(len(interpolations)))])
    if rng.random() < 0.2:
        patch = cv2.GaussianBlur(patch, (0, 0), rng.uniform(0.2, 1.5))
    if rng.random() < 0.6:
        patch = image_ops.encode_jpeg(np.ascontiguousarray(patch), int(rng.integers(50, 101)))
    patch = npr_net.pad_to_tile(patch)
    h, w = patch.shape[:2]
    y, x = int(rng.integers(0, h - tile + 1)), int(rng.integers(0, w - tile + 1))
    patch = patch[y:y + tile, x:x + tile]
    if rng.random() < 0.5:
        patch = patch[:, ::-1]
    return patch


class Sampler:
    """Balanced by label; sources weighted by sqrt(image count). When some
    fakes are aligned (source 'aligned/...'), `aligned_share` of the fakes
    are drawn from those and the rest from the generated images, whatever
    their counts."""

    def __init__(self, entries, images, seed: int, aligned_share: float = ALIGNED_SHARE):
        self.rng = np.random.default_rng(seed)
        self.images = images
        self.pools = {}  # (label, aligned) -> (names, weights, sources)
        for label in (0, 1):
            for aligned in (False, True):
                sources = {}
                for index, e in enumerate(entries):
                    if e.label == label and is_aligned(e) == aligned:
                        sources.setdefault(e.source, []).append(index)
                if sources:
                    names = sorted(sources)
                    weights = np.array([math.sqrt(len(sources[s])) for s in names])
                    self.pools[(label, aligned)] = (names, weights / weights.sum(), sources)
        has_both = (1, False) in self.pools and (1, True) in self.pools
        self.aligned_share = aligned_share if has_both else float((1, True) in self.pools)

    def batch(self, size: int):
        patches, labels = [], []
        for i in range(size):
            label = i % 2
            aligned = label == 1 and self.rng.random() < self.aligned_share
            names, weights, sources = self.pools[(label, aligned)]
            source = names[int(self.rng.choice(len(names), p=weights))]
            index = sources[source][int(self.rng.integers(len(sources[source])))]
            patches.append(random_patch(self.images[index], self.rng))
            labels.append(label)
        x = torch.from_numpy(np.stack(patches)).permute(0, 3, 1, 2).float().div_(255.0)
        return x.contiguous(), torch.tensor(labels, dtype=torch.float32)


def train_network(train, train_images, validation, validation_images, steps: int = 0, minutes: float = 0.0,
                  batch: int = 64, width: int = 32, seed: int = 1, validate_every: int = 400,
                  checkpoint: str = None, started: float = None, log=None):
    """Trains an NprNet; keeps the state with the best mean validation AUC
    (as-is and JPEG q75), saved to `checkpoint` as it improves. Returns
    (state dict, that AUC, its step, the step count)."""
    log = log or (lambda line: print(line, flush=True))
    started = started or time.time()
    torch.manual_seed(seed)
    model = npr_net.NprNet(width=width)
    log(f"parameters: {sum(p.numel() for p in model.parameters())}")
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sampler = Sampler(train, train_images, seed)
    validation_labels = np.array([e.label for e in validation])

    def step(x, y):
        model.train()
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return float(loss)

    # The step count is fixed before the schedule starts: by `steps`, or by
    # timing a few steps against `minutes`.
    total = steps
    if total == 0:
        probe_started = time.time()
        for _ in range(5):
            step(*sampler.batch(batch))
        per_step = (time.time() - probe_started) / 5
        total = max(10, int(minutes * 60 / per_step * 0.85))  # leave time for validation
        log(f"{per_step:.2f} s per step -> {total} steps")
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-3, total_steps=total, pct_start=0.1)

    best = (-1.0, None, 0)
    running = []
    for index in range(1, total + 1):
        running.append(step(*sampler.batch(batch)))
        schedule.step()
        if index % 50 == 0:
            log(f"step {index}/{total} loss {np.mean(running[-50:]):.4f} ({time.time() - started:.0f} s)")
        if index % validate_every == 0 or index == total:
            as_is = devset.auc(image_scores(model, validation_images), validation_labels)
            jpeg = devset.auc(image_scores(model, validation_images, "jpeg75"), validation_labels)
            log(f"validation AUC as-is {as_is:.3f} jpeg75 {jpeg:.3f}")
            if (as_is + jpeg) / 2 > best[0]:
                best = ((as_is + jpeg) / 2, {k: v.clone() for k, v in model.state_dict().items()}, index)
                if checkpoint:
                    torch.save(best[1], checkpoint)
    log(f"kept step {best[2]} (validation mean AUC {best[0]:.3f})")
    return best[1], best[0], best[2], total


def aligned_summary(cache) -> dict:
    if cache is None:
        return {}
    controls = cache.controls()
    return {"aligned_fakes": {
        "what": "content-aligned fakes of the training and validation reals (models/train/simulators)",
        "families": cache.families(), "share_of_fake_samples": ALIGNED_SHARE,
        "control_auc": {f: controls[f]["control_auc"] for f in cache.families() if f in controls},
        "median_psnr_db": {f: controls[f]["median_psnr_db"] for f in cache.families() if f in controls}}}


def image_scores(model, images, condition: str = "as-is") -> np.ndarray:
    model.eval()
    return np.array([npr_net.image_logit(model, image_ops.condition(rgb, condition))[0] for rgb in images])


def threshold_for_fpr(real_logits: np.ndarray, fpr: float) -> float:
    """The smallest logit threshold leaving at most `fpr` of reals above it."""
    cutoff = devset.real_score_cutoff(real_logits, fpr)
    return cutoff + 1e-6 if cutoff is not None else float(np.min(real_logits))


def count_by(entries) -> dict:
    counts = Counter(e.source if is_aligned(e) else f"{e.domain}/{'fake' if e.label else 'real'}" for e in entries)
    return dict(sorted(counts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--minutes", type=float, default=45.0, help="training time budget")
    parser.add_argument("--steps", type=int, default=0, help="fixed step count (overrides --minutes)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--validate-every", type=int, default=400)
    parser.add_argument("--models-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "models"))
    parser.add_argument("--name", default=MODEL_NAME)
    parser.add_argument("--exclude-folder", metavar="FOLDER",
                        help="train and validate without the images under FOLDER (faces, scenes): the "
                             "leave-one-domain-out runs of evaluate.py")
    parser.add_argument("--aligned", metavar="CACHE",
                        help="add the content-aligned fakes of the training and validation reals, one per "
                             "family in this cache (simulators/aligned.py)")
    parser.add_argument("--export-weights", metavar="WEIGHTS",
                        help="skip training: script saved weights (MODEL.pt.weights) to MODEL.pt, then finalize")
    parser.add_argument("--finalize", metavar="MODEL_PT",
                        help="skip training: calibrate an exported model, set its threshold, write its entry")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    entries = devset.read_manifest(args.data_dir)
    train, validation, test = splits(entries)
    if args.exclude_folder:
        outside = args.exclude_folder.rstrip("/") + "/"
        train = [e for e in train if not e.file.startswith(outside)]
        validation = [e for e in validation if not e.file.startswith(outside)]
    cache = None
    if args.aligned:
        cache = AlignedCache(args.aligned)
        train, validation = train + cache.fakes_for(train), validation + cache.fakes_for(validation)
    print(f"images: train {len(train)}, validation {len(validation)}, held out (unread) {len(test)}", flush=True)
    started = time.time()
    train_images = [read_entry(e, cache) for e in train]
    validation_images = [read_entry(e, cache) for e in validation]
    print(f"decoded in {time.time() - started:.0f} s", flush=True)
    # Calibration and threshold come from the development set's own validation
    # images: aligned crops would change the prevalence the probability states.
    own = [i for i, e in enumerate(validation) if not is_aligned(e)]
    own_validation, own_validation_images = [validation[i] for i in own], [validation_images[i] for i in own]
    if args.export_weights:
        args.finalize = args.export_weights[:-len(".weights")] if args.export_weights.endswith(".weights") \
            else args.export_weights + ".pt"
        export(torch.load(args.export_weights), args.width, args.finalize)
    if args.finalize:
        previous = {}
        try:
            previous = model_manifest.entry(args.models_dir, args.name).get("training_data", {})
        except KeyError:
            pass
        keep = {k: previous[k] for k in ("steps", "batch", "seed", "validation_auc_mean_as_is_jpeg75") if k in previous}
        command = None
        if "steps" in previous:  # the reproducible form of the run that made the model
            command = f"/usr/bin/python3 models/train/train_npr.py DATA_DIR --steps {previous['steps']}"
        finalize(args, args.finalize, own_validation, own_validation_images, {
            "train": count_by(train), "validation": count_by(validation), "held_out": count_by(test), **keep},
            command)
        return 0

    checkpoint = os.path.join(args.models_dir, args.name + ".pt.weights")
    os.makedirs(args.models_dir, exist_ok=True)
    state, best_score, _, total = train_network(
        train, train_images, validation, validation_images, steps=args.steps, minutes=args.minutes,
        batch=args.batch, width=args.width, seed=args.seed, validate_every=args.validate_every,
        checkpoint=checkpoint, started=started)
    path = os.path.join(args.models_dir, args.name + ".pt")
    # The weights are already saved (the checkpoint, MODEL.pt.weights):
    # TorchScript compiles from the source files as they are now, so an edit
    # made during training can break scripting, and `--export-weights` then
    # scripts them again without retraining.
    export(state, args.width, path)
    # The reproducible form of this run: --minutes becomes the step count it gave.
    command = f"/usr/bin/python3 models/train/train_npr.py DATA_DIR --steps {total} --batch {args.batch} " \
              f"--width {args.width} --seed {args.seed}" + \
              (f" --exclude-folder {args.exclude_folder}" if args.exclude_folder else "") + \
              (" --aligned ALIGNED_CACHE" if args.aligned else "")
    finalize(args, path, own_validation, own_validation_images, {
        "train": count_by(train), "validation": count_by(validation), "held_out": count_by(test),
        **aligned_summary(cache),
        "steps": total, "batch": args.batch, "seed": args.seed,
        "validation_auc_mean_as_is_jpeg75": round(best_score, 4)}, command)
    return 0


def export(state_dict, width: int, path: str) -> None:
    model = npr_net.NprNet(width=width)
    model.load_state_dict(state_dict)
    torch.jit.script(model.eval()).save(path)


def finalize(args, path: str, validation, validation_images, training_summary: dict, command=None) -> None:
    """Calibration, threshold and manifest entry for the exported model at
    `path`, from its scores on the validation images as the library computes
    them (frozen, optimised for inference, tiled like the C++ runtime)."""
    scripted = torch.jit.load(path)
    model = npr_net.for_inference(scripted)
    labels = np.array([e.label for e in validation])
    logits = image_scores(model, validation_images)
    # Platt scaling: the network's logit is confident on patches it was
    # trained on; a 1-D logistic fit on validation images maps it to a
    # probability that matches observed frequencies.
    scale, offset = fit_logistic(logits[:, None], labels.astype(float), lam=1e-3)
    calibrated = 1.0 / (1.0 + np.exp(-(scale * logits + offset)))
    threshold = threshold_for_fpr(calibrated[labels == 0], TARGET_FPR)
    parameters = sum(p.numel() for p in scripted.parameters())
    width = scripted.state_dict()["stem.0.weight"].shape[0]
    sha256 = model_manifest.sha256_of(path)
    model_manifest.put_entry(args.models_dir, {
        "name": args.name, "file": os.path.basename(path), "sha256": sha256,
        "architecture": f"NPR residual (image minus nearest re-up-sampled copy) -> ResNet stem + 2 stages of "
                        f"2 basic blocks (widths {width}, {2 * width}) -> mean pool -> 1 logit; "
                        f"{parameters} parameters",
        "input": {"color": "RGB", "dtype": "float32", "scale": "pixel / 255 (no mean, no std)",
                  "layout": "NCHW", "tile": npr_net.TILE, "max_tiles": npr_net.MAX_TILES},
        "tiling": f"{npr_net.TILE}-px tiles at even offsets spread evenly over the image: enough to cover it, "
                  f"at most {npr_net.MAX_TILES} (both counts shrunk alike); images smaller than a tile are "
                  f"padded by reflection; image logit = mean of tile logits; heatmap = tile probabilities",
        "calibration": {"rule": "probability = sigmoid(scale * mean tile logit + offset), Platt scaling "
                                "fitted on the validation images as-is",
                        "scale": round(float(scale), 6), "offset": round(float(offset), 6)},
        "threshold": round(threshold, 6),
        "threshold_rule": f"{TARGET_FPR:.0%} false positives on validation reals as-is (calibrated probability)",
        "training_data": {
            "data_set": f"DATA_DIR = {args.data_dir} (manifest.csv, {sum(n for k in ('train', 'validation', 'held_out') for source, n in training_summary[k].items() if not source.startswith('aligned/'))} images)",
            "split": f"by person / prompt within each source, seed {SPLIT_SEED}: {TEST_SHARE:.0%} held out, "
                     f"{VALIDATION_SHARE:.0%} of the rest for validation",
            "augmentation": "both classes: resize 0.5-1.5 p0.4, blur sigma 0.2-1.5 p0.2, JPEG q50-100 p0.6, "
                            "crop, flip",
            **training_summary,
        },
        "metrics": {},
        "trained": datetime.date.today().isoformat(),
        "command": command or "/usr/bin/python3 models/train/train_npr.py DATA_DIR " + " ".join(sys.argv[2:]),
        "card": args.name + ".md",
    })
    print(f"wrote {path} ({os.path.getsize(path)} bytes, sha256 {sha256}), calibration {scale:.4f} x + "
          f"{offset:.4f}, threshold {threshold:.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
