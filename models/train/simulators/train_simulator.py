#!/usr/bin/python3
"""Train simulators of the zoo (zoo.RECIPES) on real photos.

    /usr/bin/python3 models/train/simulators/train_simulator.py ../shared/data \\
        --recipe all --steps 3000 --out /tmp/libdetect-simulators

Training photos: the real images of the development set's training split
(train_npr.splits: the held-out and validation images are never read) and
Debian's sample photos (python3-skimage). The validation split's reals give
the PSNR that is logged. Patches of 48 px, random crops and flips; L1 loss,
Adam with a cosine schedule; the recipe's seed fixes the initial weights and
the patch order. Writes OUT/NAME.pt: the state dict, the recipe, the steps and
the validation PSNR. To train elsewhere (a GPU machine), `--every 2
--copy-photos DIR` copies the photos that `--every 2` reads, with the
manifest and Debian's sample photos (DIR/samples), and DIR then serves as
DATA_DIR (with `--sample-dir DIR/samples`).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import time
from typing import List

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import devset  # noqa: E402
import image_ops  # noqa: E402
import train_npr  # noqa: E402
from simulators import zoo  # noqa: E402

SAMPLE_PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "motorcycle_right.png",
                 "rocket.jpg"]
SAMPLE_DIR = "/usr/lib/python3/dist-packages/skimage/data"
PATCH = 48


def photo_entries(data_dir: str, every: int = 1):
    """The development set's real photos a simulator may see: (every
    `every`-th real of the training split, every 4 * `every`-th real of the
    validation split)."""
    train, validation, _ = train_npr.splits(devset.read_manifest(data_dir))
    return ([e for e in train if e.label == 0][::every], [e for e in validation if e.label == 0][::4 * every])


def training_photos(data_dir: str, every: int = 1, sample_dir: str = SAMPLE_DIR):
    """(train photos, validation photos), uint8 RGB."""
    train, validation = photo_entries(data_dir, every)
    photos = [image_ops.read_rgb(e.path) for e in train]
    photos += [image_ops.read_rgb(os.path.join(sample_dir, n)) for n in SAMPLE_PHOTOS
               if os.path.exists(os.path.join(sample_dir, n))]
    return photos, [image_ops.read_rgb(e.path) for e in validation]


def random_patches(photos: List[np.ndarray], count: int, size: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty((count, size, size, 3), np.uint8)
    for i in range(count):
        photo = photos[int(rng.integers(len(photos)))]
        h, w = photo.shape[:2]
        y, x = int(rng.integers(0, h - size + 1)), int(rng.integers(0, w - size + 1))
        patch = photo[y:y + size, x:x + size]
        out[i] = patch[:, ::-1] if rng.random() < 0.5 else patch
    return out


def to_tensor(patches: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(patches).to(device).permute(0, 3, 1, 2).float().div_(255.0)


def batch_psnr(simulator, patches: np.ndarray, device: str) -> float:
    simulator.eval()
    with torch.no_grad():
        out = simulator(to_tensor(patches, device)).clamp(0, 1)
        mse = F.mse_loss(out, to_tensor(patches, device)).item()
    return 10 * np.log10(1.0 / mse)


def train_one(name: str, pool: np.ndarray, validation: np.ndarray, steps: int, batch: int, device: str,
              out_dir: str, log_every: int = 250, minutes: float = 0.0) -> dict:
    """Trains one recipe; OUT/NAME.pt is rewritten at every log line (a run
    cut short keeps its last state) and holds the log itself."""
    recipe = zoo.RECIPES[name]
    simulator = zoo.make_simulator(name).to(device)
    rng = np.random.default_rng(recipe.seed)
    optimizer = torch.optim.Adam(simulator.parameters(), lr=1e-3)
    started = time.time()
    log: List[str] = []

    def say(line: str) -> None:
        log.append(line)
        print(line, flush=True)

    def step() -> float:
        simulator.train()
        x = to_tensor(pool[rng.integers(0, len(pool), batch)], device)
        loss = F.l1_loss(simulator(x), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    if minutes > 0:  # the step count that fits the time, timed on a few steps at the starting rate
        for _ in range(5):
            step()
        probe = time.time()
        for _ in range(20):
            step()
        steps = max(50, int(minutes * 60 / ((time.time() - probe) / 20) * 0.9))
    for group in optimizer.param_groups:
        group["lr"] = 1e-3
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, total_steps=steps, pct_start=0.05)
    parameters = sum(p.numel() for p in simulator.parameters())
    say(f"{name}: operator {recipe.operator}, factor {recipe.factor}, latent {recipe.latent}, "
        f"{parameters} parameters, {steps} steps of {batch} patches of {PATCH} px, device {device}, "
        f"torch {torch.__version__}")
    result: dict = {}
    for index in range(1, steps + 1):
        loss = step()
        schedule.step()
        if index % log_every == 0 or index == steps:
            quality = batch_psnr(simulator, validation, device)
            say(f"{name} step {index}/{steps} L1 {loss * 255:.2f}/255 validation PSNR {quality:.2f} dB "
                f"({time.time() - started:.0f} s)")
            result = {"recipe": dataclasses.asdict(recipe), "steps": index, "planned_steps": steps,
                      "batch": batch, "validation_psnr_db": round(quality, 2),
                      "seconds": round(time.time() - started), "device": device, "log": log}
            os.makedirs(out_dir, exist_ok=True)
            torch.save({**result, "state_dict": {k: v.cpu() for k, v in simulator.state_dict().items()}},
                       os.path.join(out_dir, name + ".pt"))
    say(f"{name}: wrote {os.path.join(out_dir, name + '.pt')}, validation PSNR {result['validation_psnr_db']} dB")
    return result


def load(out_dir: str, name: str) -> zoo.Simulator:
    saved = torch.load(os.path.join(out_dir, name + ".pt"), map_location="cpu")
    simulator = zoo.Simulator(zoo.Recipe(**saved["recipe"]))
    simulator.load_state_dict(saved["state_dict"])
    return simulator.eval()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", nargs="?", help="development set (not needed with --patches)")
    parser.add_argument("--recipe", default="all", help="a name of zoo.RECIPES, a comma list, or all")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--minutes", type=float, default=0.0, help="a time budget instead of --steps")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--pool", type=int, default=40000, help="training patches drawn before training")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default="/tmp/libdetect-simulators")
    parser.add_argument("--every", type=int, default=1,
                        help="read every N-th training real only (a smaller copy of the data to carry)")
    parser.add_argument("--copy-photos", metavar="DIR",
                        help="copy the photos that would be read (and the manifest) to DIR, and stop")
    parser.add_argument("--sample-dir", default=SAMPLE_DIR, help="Debian's sample photos (python3-skimage)")
    parser.add_argument("--log-every", type=int, default=250)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.copy_photos:
        train, validation = photo_entries(args.data_dir, args.every)
        for e in train + validation:
            os.makedirs(os.path.join(args.copy_photos, os.path.dirname(e.file)), exist_ok=True)
            shutil.copyfile(e.path, os.path.join(args.copy_photos, e.file))
        shutil.copyfile(os.path.join(args.data_dir, "manifest.csv"), os.path.join(args.copy_photos, "manifest.csv"))
        os.makedirs(os.path.join(args.copy_photos, "samples"), exist_ok=True)
        for n in SAMPLE_PHOTOS:
            if os.path.exists(os.path.join(args.sample_dir, n)):
                shutil.copyfile(os.path.join(args.sample_dir, n), os.path.join(args.copy_photos, "samples", n))
        print(f"copied {len(train)} + {len(validation)} photos to {args.copy_photos}")
        return 0
    photos, validation_photos = training_photos(args.data_dir, args.every, args.sample_dir)
    rng = np.random.default_rng(0)
    pool = random_patches(photos, args.pool, PATCH, rng)
    validation = random_patches(validation_photos, 256, PATCH * 2, rng)
    print(f"{len(photos)} training photos, {len(validation_photos)} validation photos (every {args.every}); "
          f"{len(pool)} patches", flush=True)
    names = list(zoo.RECIPES) if args.recipe == "all" else args.recipe.split(",")
    for name in names:
        train_one(name, pool, validation, args.steps, args.batch, args.device, args.out, args.log_every,
                  args.minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
