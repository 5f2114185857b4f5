"""Leave-source-out validation of the learned AI-image detector (issue 9):
hold out each fake source in turn with a disjoint set of reals, train on the
rest, test on the held-out pair; with and without content-aligned fakes.

Fake sources: the generated faces (faces/fake), the scene generators
(scenes/fake) and each simulator family of the aligned cache
(simulators/aligned.py). Reals are split as in train_npr.splits: training
and validation reals are never tested, test reals never trained on.

- held-out generated faces: test = faces/fake vs faces/real of the test split;
- held-out scene generators: test = scenes/fake vs scenes/real of the test split;
- held-out simulator family F: test = the test reals' crops vs their own
  aligned fakes of family F (perfect pairs).

Variants: `with` aligned fakes (beside the generated images), `without`
(generated images only), `only` (aligned fakes only: does a detector of
simulated traces alone find real generators?). Each run trains for the same
number of steps; the test is as-is and after a
downscale by 0.5 then JPEG q75. Called by evaluate.py --leave-source-out.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Dict, List

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import image_ops  # noqa: E402
import npr_net  # noqa: E402
import train_npr  # noqa: E402
from simulators.aligned import AlignedCache, aligned_entries, read_entry  # noqa: E402

GENERATED = {"generated faces": "faces/fake/", "scene generators": "scenes/fake/"}
TEST_REALS = {"generated faces": "faces/real/", "scene generators": "scenes/real/"}
DEGRADED = "resize0.5+jpeg75"
CONDITIONS = ("as-is", DEGRADED)


def training_sets(entries, cache: AlignedCache, held_out: str, with_aligned: bool, generated: bool = True):
    """(train, validation) entries without the held-out source; without any
    generated image when `generated` is false (aligned fakes only)."""
    train, validation, _ = train_npr.splits(entries)

    def keep(split):
        kept = [e for e in split if not (held_out in GENERATED and e.file.startswith(GENERATED[held_out]))
                and (generated or e.label == 0)]
        return kept + (cache.fakes_for(split, leave_out=held_out) if with_aligned else [])
    return keep(train), keep(validation)


def test_set(entries, cache: AlignedCache, held_out: str):
    """(entries, images) of the held-out pair."""
    _, _, test = train_npr.splits(entries)
    if held_out in GENERATED:
        chosen = [e for e in test if e.file.startswith(GENERATED[held_out]) or e.file.startswith(TEST_REALS[held_out])]
        return chosen, [image_ops.read_rgb(e.path) for e in chosen]
    reals = [e for e in test if e.label == 0]
    fakes = aligned_entries(reals, held_out)
    return reals + fakes, [cache.image(e) for e in reals + fakes]  # the reals' crops and their fakes


def run(data_dir: str, cache_dir: str, steps: int, batch: int, width: int, seed: int, log_path: str,
        held_out_sources: List[str] = None, variants=("with", "without")) -> Dict:
    from evaluate import tpr_at_fpr  # evaluate imports this module
    entries = devset.read_manifest(data_dir)
    cache = AlignedCache(cache_dir)
    sources = held_out_sources or list(GENERATED) + cache.families()
    results = {}
    images: Dict[str, np.ndarray] = {}
    log_file = open(log_path, "a") if log_path else None

    def log(line: str) -> None:
        print(line, flush=True)
        if log_file:
            log_file.write(line + "\n")
            log_file.flush()

    def pixels(e):
        key = e.file
        if key not in images:
            images[key] = read_entry(e, cache)
        return images[key]

    trained = {}  # training files -> model: runs with the same training set are trained once
    for held_out in sources:
        test_entries, test_images = test_set(entries, cache, held_out)
        labels = np.array([e.label for e in test_entries])
        for variant in variants:  # with, without, only (aligned fakes only, no generated image)
            with_aligned = variant in ("with", "only")
            train, validation = training_sets(entries, cache, held_out if with_aligned or held_out in GENERATED
                                              else "", with_aligned, generated=variant != "only")
            key = tuple(e.file for e in train)
            if key in trained:  # e.g. without aligned fakes, every simulator family is held out alike
                model = trained[key]
            else:
                log(f"## held out: {held_out}; {variant} aligned fakes; train {len(train)}, validation "
                    f"{len(validation)}, test {len(test_entries)} ({int(labels.sum())} fake)")
                started = time.time()
                state, _, _, _ = train_npr.train_network(
                    train, [pixels(e) for e in train], validation, [pixels(e) for e in validation], steps=steps,
                    batch=batch, width=width, seed=seed, validate_every=max(steps // 2, 1), log=log)
                model = npr_net.NprNet(width=width)
                model.load_state_dict(state)
                model.eval()
                log(f"trained in {time.time() - started:.0f} s")
                trained[key] = model
            row = {}
            for condition in CONDITIONS:
                s = train_npr.image_scores(model, test_images, condition)
                row[condition] = {"auc": round(devset.auc(s, labels), 4),
                                  "tpr_at_5pct_fpr": round(tpr_at_fpr(s, labels, 0.05), 4)}
            results.setdefault(held_out, {})[variant] = {"n_real": int((labels == 0).sum()),
                                                         "n_fake": int(labels.sum()), **row}
            log(f"{held_out} / {variant}: " + json.dumps(results[held_out][variant]))
    log("\n" + table(results))
    return results


def table(results: Dict) -> str:
    lines = ["| held-out fake source | aligned fakes in training | real | fake | AUC as-is | TPR@5%FPR as-is | "
             "AUC x0.5 + JPEG q75 | TPR@5%FPR x0.5 + JPEG q75 |", "|---|---|---|---|---|---|---|---|"]
    for source, variants in results.items():
        for variant, r in variants.items():
            lines.append(f"| {source} | {variant} | {r['n_real']} | {r['n_fake']} | {r['as-is']['auc']:.3f} | "
                         f"{r['as-is']['tpr_at_5pct_fpr']:.3f} | {r[DEGRADED]['auc']:.3f} | "
                         f"{r[DEGRADED]['tpr_at_5pct_fpr']:.3f} |")
    return "\n".join(lines)
