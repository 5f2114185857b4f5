"""ms per 224 px crop of out/nsfw-mobilenetv2.pt on one thread (batch 1 and 4),
as saved (scripted) and frozen + optimize_for_inference.

    /usr/bin/python3 models/train/pretrained/time_extractor.py
"""
import os
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def bench(f, bs, n=20):
    x = torch.rand(bs, 3, 224, 224)
    with torch.no_grad():
        for _ in range(8):
            f(x)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            f(x)
            times.append(time.perf_counter() - t)
    times.sort()
    return 1000 * times[len(times) // 2] / bs, 1000 * times[0] / bs


def main():
    torch.set_num_threads(1)
    net = torch.jit.load(os.path.join(HERE, "out", "nsfw-mobilenetv2.pt")).eval()
    frozen = torch.jit.optimize_for_inference(torch.jit.freeze(net))
    for name, f in [("scripted", net), ("frozen+optimized", frozen)]:
        for bs in (1, 4):
            med, best = bench(f, bs)
            print(f"{name:18s} batch {bs}: median {med:6.1f} ms/crop, best {best:6.1f} ms/crop")


if __name__ == "__main__":
    main()
