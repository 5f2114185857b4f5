"""Frozen nsfwjs-MobileNetV2 features for every dev-set image, per condition.

    /usr/bin/python3 models/train/pretrained/extract_features.py --condition reshared
    /usr/bin/python3 models/train/pretrained/extract_features.py --condition as-is

Conditions: "as-is" = decoded pixels; "reshared" = downscale so the longer side
is <= 1024 (INTER_AREA; a no-op on this set, whose crops are <= 512 px) then
JPEG q90 (image_ops.reshare), applied to both classes.
Crops: native resolution, never resized (except images with a side < 224,
which are upscaled with INTER_CUBIC so the short side is 224: a few old camera
and web images). Images with both sides >= 448 get the 4 corner crops (224 px,
non-overlapping); smaller images (e.g. the 256 px StyleGAN/FFHQ pair) get the
top-left and bottom-right corner crops. Feature = mean of the per-crop 1280-d
pooled features. Saves out/features-<condition>.npz (files, label, source,
domain, group, features [N,1280] float32, n_crops).
"""
import argparse
import os
import sys
import time

import cv2
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from devset import read_manifest  # noqa: E402
from image_ops import read_rgb, reshare  # noqa: E402

S = 224


def crops(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    if min(h, w) < S:
        f = S / min(h, w)
        rgb = cv2.resize(rgb, (max(S, round(w * f)), max(S, round(h * f))), interpolation=cv2.INTER_CUBIC)
        h, w = rgb.shape[:2]
    if h >= 2 * S and w >= 2 * S:
        boxes = [(0, 0), (0, w - S), (h - S, 0), (h - S, w - S)]
    else:
        boxes = [(0, 0), (h - S, w - S)]
    return np.stack([rgb[t:t + S, l:l + S] for t, l in boxes])


def load_extractor(path: str):
    net = torch.jit.load(path).eval()
    return torch.jit.optimize_for_inference(torch.jit.freeze(net))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--condition", choices=["as-is", "reshared"], required=True)
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--model", default=os.path.join(HERE, "out", "nsfw-mobilenetv2.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    net = load_extractor(a.model)
    entries = read_manifest(a.data)
    feats = np.zeros((len(entries), 1280), np.float32)
    n_crops = np.zeros(len(entries), np.int32)
    start = time.time()
    for i, e in enumerate(entries):
        rgb = read_rgb(e.path)
        if a.condition == "reshared":
            rgb = reshare(rgb)
        batch = torch.from_numpy(crops(rgb)).permute(0, 3, 1, 2).float().div_(255.0)
        with torch.no_grad():
            f = net(batch).numpy()
        feats[i] = f.mean(0)
        n_crops[i] = len(f)
        if (i + 1) % 100 == 0:
            el = time.time() - start
            print(f"{i + 1}/{len(entries)} {el:.0f}s eta {el / (i + 1) * (len(entries) - i - 1):.0f}s", flush=True)
    path = os.path.join(a.out, f"features-{a.condition}.npz")
    np.savez_compressed(path, files=np.array([e.file for e in entries]), label=np.array([e.label for e in entries]),
                        source=np.array([e.source for e in entries]), domain=np.array([e.domain for e in entries]),
                        group=np.array([e.group for e in entries]), features=feats, n_crops=n_crops)
    print(f"saved {path} in {time.time() - start:.0f}s, {n_crops.sum()} crops", flush=True)


if __name__ == "__main__":
    main()
