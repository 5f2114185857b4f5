"""Trains the ZED-style coder (zed_net.py) on REAL photos only: the training
split of the development set's real sources (devset.split_by_group, seed 1,
40% of each source held out for testing) minus a calibration quarter, plus a
few scikit-image photographs. No fake image is read.

Augmentation matches the field condition: random crop, random downscale
0.5-1.0 (INTER_AREA), horizontal flip, JPEG re-compression at quality 70-100
with probability --jpeg-prob (0 = the "not JPEG-aware" variant).

  /usr/bin/python3 models/train/zed/train_zed.py --minutes 28 --out models/train/zed/out
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

import cv2
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import devset  # noqa: E402
from image_ops import encode_jpeg, read_rgb  # noqa: E402
from zed_net import ZedCoder, export  # noqa: E402

DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "data"))
TILE = 128
# Bundled with scikit-image (python3-skimage), all free to use: astronaut and
# rocket public domain (NASA, SpaceX); coffee, chelsea, camera CC0 (their
# photographers); brick, grass, gravel CC0 (CC0Textures); coins "no known
# copyright restrictions" (Brooklyn Museum).
SKIMAGE_PHOTOS = ["astronaut.png", "rocket.jpg", "coffee.png", "chelsea.png", "camera.png",
                  "brick.png", "grass.png", "gravel.png", "coins.png"]


def real_splits(data_dir: str, seed: int = 1):
    """Real entries -> (train, calib, test). test: the held-out 40% of each
    real source; calib: a further group split of a quarter of the rest, kept
    out of training for validation NLL and for fixing score directions."""
    entries = devset.read_manifest(data_dir)
    split = devset.split_by_group(entries, 0.4, seed)
    reals = [e for e in entries if e.label == 0]
    rest = [e for e in reals if split[e.group] == "train"]
    test = [e for e in reals if split[e.group] == "test"]
    inner = devset.split_by_group(rest, 0.25, seed + 100)
    train = [e for e in rest if inner[e.group] == "train"]
    calib = [e for e in rest if inner[e.group] == "test"]
    return train, calib, test


def skimage_photos():
    try:
        import skimage
    except ImportError:
        return []
    folder = os.path.join(os.path.dirname(skimage.__file__), "data")
    images = []
    for name in SKIMAGE_PHOTOS:
        img = cv2.imread(os.path.join(folder, name), cv2.IMREAD_COLOR)
        if img is not None:
            images.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    return images


def sample_crop(rng: random.Random, img: np.ndarray, jpeg_prob: float) -> np.ndarray:
    """A 128x128 RGB crop: random region, downscale by s in [0.5, 1], JPEG
    70-100 with probability jpeg_prob, then crop at an even offset."""
    h, w = img.shape[:2]
    need = TILE + 16
    smin = max(0.5, need / min(h, w))
    s = rng.uniform(smin, 1.0) if smin < 1.0 else 1.0
    side = min(min(h, w), int(math.ceil(need / s)) + 2)
    y, x = rng.randint(0, h - side), rng.randint(0, w - side)
    region = img[y:y + side, x:x + side]
    if s < 1.0:
        out = max(need, int(round(side * s)))
        region = cv2.resize(region, (out, out), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.5:
        region = region[:, ::-1]
    region = np.ascontiguousarray(region)
    if rng.random() < jpeg_prob:
        region = encode_jpeg(region, rng.randint(70, 100))
    oy = rng.randint(0, (region.shape[0] - TILE) // 2) * 2
    ox = rng.randint(0, (region.shape[1] - TILE) // 2) * 2
    return region[oy:oy + TILE, ox:ox + TILE]


def to_tensor(crops) -> torch.Tensor:
    return torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).float().div_(255.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=100000)
    parser.add_argument("--minutes", type=float, default=28.0, help="wall-time budget of the training loop")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--jpeg-prob", type=float, default=0.8)
    parser.add_argument("--name", default="zed-coder")
    parser.add_argument("--log", default=os.path.join(HERE, "train_zed.log"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log = open(args.log, "a")

    def say(msg: str) -> None:
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    train, calib, test = real_splits(args.data, 1)
    images = [read_rgb(e.path) for e in train]
    extra = skimage_photos()
    images = [im for im in images + extra if min(im.shape[:2]) >= TILE + 16]
    say(f"args {vars(args)}")
    say(f"training reals {len(train)} (+{len(extra)} skimage photos; {len(images)} usable >= 144 px), "
        f"calib reals {len(calib)}, test reals {len(test)} (never read here)")
    # Fixed validation crops from the calibration reals: half as-is, half JPEG q90.
    vrng = random.Random(1234)
    val_crops = []
    for i, e in enumerate(calib):
        im = read_rgb(e.path)
        if min(im.shape[:2]) >= TILE + 16:
            val_crops.append(sample_crop(vrng, im, 1.0 if i % 2 else 0.0))
    val = to_tensor(val_crops)

    model = ZedCoder()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    start = time.time()
    budget = args.minutes * 60.0
    running = None
    step = 0

    def val_nll():
        model.eval()
        with torch.no_grad():
            out = torch.cat([model.nll_per_level(val[i:i + 32]) for i in range(0, len(val), 32)]).mean(0)
        model.train()
        return out

    while step < args.steps and time.time() - start < budget:
        frac = (time.time() - start) / budget
        lr = args.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))
        if step < 100:
            lr *= (step + 1) / 100.0
        for group in opt.param_groups:
            group["lr"] = lr
        batch = to_tensor([sample_crop(rng, images[rng.randrange(len(images))], args.jpeg_prob)
                           for _ in range(args.batch)])
        nll = model.nll_per_level(batch).mean(0)
        loss = nll.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        running = nll.detach() if running is None else 0.98 * running + 0.02 * nll.detach()
        step += 1
        if step % 100 == 0:
            say(f"step {step} t {time.time() - start:.0f}s lr {lr:.2e} train nll/level "
                + " ".join(f"{v:.3f}" for v in running.tolist()))
        if step % 500 == 0:
            say("  val nll/level " + " ".join(f"{v:.3f}" for v in val_nll().tolist()))
    v = val_nll()
    say(f"done: {step} steps in {time.time() - start:.0f}s; train nll/level (running) "
        + " ".join(f"{x:.3f}" for x in running.tolist()) + "; val nll/level " + " ".join(f"{x:.3f}" for x in v.tolist()))
    torch.save(model.state_dict(), os.path.join(args.out, args.name + ".pth"))
    scripted = export(model, os.path.join(args.out, args.name + ".pt"))
    x = val[:16]
    with torch.no_grad():
        diff = (scripted(x) - model(x)).abs().max().item()
        scripted(x)
        t0 = time.time()
        for _ in range(3):
            scripted(x)
        ms = (time.time() - t0) / 3 * 1000
    say(f"exported {args.name}.pt: scripted vs eager max abs diff {diff:.2e}; 16 tiles on 1 thread {ms:.0f} ms")
    with open(os.path.join(args.out, args.name + ".json"), "w") as handle:
        json.dump({"steps": step, "seconds": time.time() - start, "val_nll": v.tolist(),
                   "train_nll": running.tolist(), "args": vars(args), "script_diff": diff, "ms16": ms}, handle, indent=1)


if __name__ == "__main__":
    main()
