"""Writes 4 fixed 224x224 RGB inputs (centre crops of dev-set images, not kept
in the repository), runs parity.js (tfjs CPU) and the TorchScript module on
them, and prints the max abs differences.

    /usr/bin/python3 models/train/pretrained/parity_check.py /tmp/nsfw/package \
        /tmp/nsfw/node_modules [--data /work/shared/data] [--tmp /tmp/nsfw/parity]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from image_ops import read_rgb  # noqa: E402

FILES = ["faces/fake/gphotos-0000.jpg", "faces/real/ffhq-0000.jpg",
         "scenes/fake/lab-0000.jpg", "scenes/real/camera-0000.jpg"]


def centre_crop(rgb, size=224):
    h, w = rgb.shape[:2]
    t, l = (h - size) // 2, (w - size) // 2
    return np.ascontiguousarray(rgb[t:t + size, l:l + size])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("package")
    ap.add_argument("node_modules")
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--tmp", default="/tmp/nsfw/parity")
    ap.add_argument("--model", default=os.path.join(HERE, "out", "nsfw-mobilenetv2.pt"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.tmp, exist_ok=True)
    names = []
    for i, f in enumerate(FILES):
        path = os.path.join(a.data, f)
        if not os.path.exists(path):  # fall back to any file of that source
            import glob
            path = sorted(glob.glob(os.path.join(a.data, f.split("-")[0] + "-*")))[0]
        crop = centre_crop(read_rgb(path))
        name = f"{i}_" + os.path.basename(path).split(".")[0]
        crop.tofile(os.path.join(a.tmp, name + ".rgb"))
        names.append(name)
    js = json.loads(subprocess.run(["node", os.path.join(HERE, "parity.js"), a.package, a.node_modules, a.tmp],
                                   check=True, capture_output=True).stdout)
    net = torch.jit.load(a.model)
    worst = {"logits": 0.0, "probs": 0.0, "features": 0.0}
    print(f"tfjs {js['tfjs']} backend {js['backend']}")
    for name in names:
        x = torch.from_numpy(np.fromfile(os.path.join(a.tmp, name + ".rgb"), np.uint8).reshape(224, 224, 3))
        x = x.permute(2, 0, 1).float().div(255).unsqueeze(0)
        with torch.no_grad():
            ours = {"features": net(x)[0].numpy(), "logits": net.logits(x)[0].numpy(), "probs": net.probs(x)[0].numpy()}
        line = [name]
        for k in worst:
            d = float(np.abs(ours[k] - np.asarray(js[name][k])).max())
            worst[k] = max(worst[k], d)
            line.append(f"{k} maxdiff {d:.2e}")
        print("  ".join(line))
        print("   tfjs logits", np.round(js[name]["logits"], 4), "torch", np.round(ours["logits"], 4))
    print("MAX ABS DIFF  " + "  ".join(f"{k} {v:.2e}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
