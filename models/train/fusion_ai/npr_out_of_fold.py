#!/usr/bin/python3
"""Out-of-source NPR scores for the AI-generation fusion (issue 17, item 3).

The fusion must learn how much to trust each detector on generators it never
saw, so the NPR score of every image it trains on comes from an NPR network
trained without that image's generator group. Two folds, as in
leave_source_out.py: without the generated faces, and without the scene
generators; each retrains the shipped recipe (no aligned fakes; same split,
steps, batch, width, seed) and scores every test-split image of its own group
(the reals of the group too, which no fold trained on), as-is and reshared
(<= 1,024 px, JPEG q90).

    /usr/bin/python3 models/train/fusion_ai/npr_out_of_fold.py ../shared/data --steps 1500

Writes out/npr-oof.csv (file, label, fold, npr_as_is, npr_reshared: mean tile
logits) and out/npr-fold-*.pt.weights (state dicts).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import devset  # noqa: E402
import image_ops  # noqa: E402
import npr_net  # noqa: E402
import train_npr  # noqa: E402
from leave_source_out import GENERATED, TEST_REALS, training_sets  # noqa: E402

CONDITIONS = ("as-is", "reshared")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    entries = devset.read_manifest(args.data_dir)
    _, _, test = train_npr.splits(entries)
    rows = []
    for fold, fakes in GENERATED.items():
        weights = os.path.join(args.out, f"npr-fold-{fold.replace(' ', '-')}.pt.weights")
        train, validation = training_sets(entries, None, fold, with_aligned=False)
        if os.path.exists(weights):
            state = torch.load(weights)
            print(f"## {fold}: reusing {weights}", flush=True)
        else:
            print(f"## {fold}: train {len(train)}, validation {len(validation)}", flush=True)
            started = time.time()
            state, _, _, _ = train_npr.train_network(
                train, [image_ops.read_rgb(e.path) for e in train], validation,
                [image_ops.read_rgb(e.path) for e in validation], steps=args.steps, batch=args.batch,
                width=args.width, seed=args.seed, validate_every=max(args.steps // 2, 1))
            torch.save(state, weights)
            print(f"trained in {time.time() - started:.0f} s", flush=True)
        model = npr_net.NprNet(width=args.width)
        model.load_state_dict(state)
        model.eval()
        scored = [e for e in test if e.file.startswith(fakes) or e.file.startswith(TEST_REALS[fold])]
        for e in scored:
            rgb = image_ops.read_rgb(e.path)
            logits = [npr_net.image_logit(model, image_ops.condition(rgb, c))[0] for c in CONDITIONS]
            rows.append((e.file, e.label, fold, *(f"{v:.6f}" for v in logits)))
        labels = np.array([r[1] for r in rows if r[2] == fold])
        for i, c in enumerate(CONDITIONS):
            scores = np.array([float(r[3 + i]) for r in rows if r[2] == fold])
            print(f"{fold} {c}: AUC {devset.auc(scores, labels):.3f} ({int(labels.sum())} fake, "
                  f"{int((labels == 0).sum())} real)", flush=True)
    with open(os.path.join(args.out, "npr-oof.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "label", "fold", "npr_as_is", "npr_reshared"])
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
