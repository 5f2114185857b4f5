"""Content-aligned fakes as training and validation data: each real photo of
the development set paired with its own reconstruction by one simulator of
each family (zoo.RECIPES, grouped by operator) and with an untrained random
up-sampler's trace ('random').

The pairing follows the split: the aligned fakes of a split are made from
that split's reals only (`aligned_entries`), so an image and its
reconstruction never sit on two sides of a train / validation / test
boundary. An aligned fake carries its real's group and domain.

Reconstructions are of one crop per real (at most CROP px a side, at a place
fixed by the file name), cached as one .npy per family: an x8 simulator takes
about 0.2 s per crop on two cores.

A family is used only if it passes the control (control.py: a classifier on
colour and blur statistics cannot tell its fakes from their reals, AUC <=
CONTROL_LIMIT); the cache records each family's control in control.json.

    /usr/bin/python3 models/train/simulators/aligned.py ../shared/data \
        --simulators /tmp/libdetect-simulators --out /tmp/libdetect-aligned
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from typing import Dict, List, Sequence

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import devset  # noqa: E402
import image_ops  # noqa: E402
from simulators import zoo  # noqa: E402

CROP = 192
CONTROL_LIMIT = 0.6
RANDOM_FAMILY = "random"


def families_of_recipes(recipe_names: Sequence[str]) -> List[str]:
    """The families that a set of simulators makes, the random one included."""
    return sorted({zoo.family_of(n) for n in recipe_names}) + [RANDOM_FAMILY]


def seed_of(file: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{file}".encode()).hexdigest()[:8], 16)


def crop_of(rgb: np.ndarray, file: str) -> np.ndarray:
    """The real's crop that its aligned fakes are made from: CROP px (or the
    whole side when shorter), at an even offset fixed by the file name."""
    rng = np.random.default_rng(seed_of(file, "crop"))
    h, w = rgb.shape[:2]
    ch, cw = min(h, CROP), min(w, CROP)
    y = int(rng.integers(0, h - ch + 1)) // 2 * 2
    x = int(rng.integers(0, w - cw + 1)) // 2 * 2
    return np.ascontiguousarray(rgb[y:y + ch, x:x + cw])


def make_fake(family: str, real_crop: np.ndarray, simulators: Dict[str, zoo.Simulator], file: str) -> np.ndarray:
    """The aligned fake of one real crop in one family (a simulator of that
    family picked by the file name, or a random up-sampler seeded by it)."""
    rng = np.random.default_rng(seed_of(file, family))
    if family == RANDOM_FAMILY:
        return zoo.keep_high_band(real_crop, zoo.random_upsampler_trace(real_crop, rng))
    members = sorted(n for n in simulators if zoo.family_of(n) == family)
    return zoo.aligned_fake(simulators[members[int(rng.integers(len(members)))]], real_crop)


def is_aligned(entry: devset.Entry) -> bool:
    return entry.source.startswith("aligned/")


def aligned_entries(reals: Sequence[devset.Entry], family: str) -> List[devset.Entry]:
    """One aligned-fake entry per real: same group and domain, label 1,
    source 'aligned/FAMILY'; `path` names the real it was made from."""
    return [devset.Entry(path=e.path, file=f"aligned/{family}/{e.file}", label=1, domain=e.domain,
                         source=f"aligned/{family}", group=e.group) for e in reals if e.label == 0]


class AlignedCache:
    """Real crops and their aligned fakes, per family, on disk under `root`:
    ROOT/FAMILY.npy holds an object array of crops in the order of
    ROOT/files.txt (the reals)."""

    def __init__(self, root: str):
        self.root = root
        with open(os.path.join(root, "files.txt")) as handle:
            self.files = handle.read().split("\n")
        self.index = {f: i for i, f in enumerate(self.files)}
        self.crops: Dict[str, np.ndarray] = {}

    def all_families(self) -> List[str]:
        names = sorted(f[:-4] for f in os.listdir(self.root) if f.endswith(".npy") and f != "real.npy")
        return [n for n in names if n != RANDOM_FAMILY] + [n for n in names if n == RANDOM_FAMILY]

    def controls(self) -> Dict[str, dict]:
        path = os.path.join(self.root, "control.json")
        return json.load(open(path)) if os.path.exists(path) else {}

    def families(self) -> List[str]:
        """The families that passed the control (all, if none was run)."""
        controls = self.controls()
        return [f for f in self.all_families()
                if f not in controls or controls[f]["control_auc"] <= CONTROL_LIMIT]

    def fakes_for(self, split: Sequence[devset.Entry], leave_out: str = "") -> List[devset.Entry]:
        """The aligned fakes of a split's reals, in every family that passed
        its control except `leave_out`."""
        return [a for f in self.families() if f != leave_out for a in aligned_entries(split, f)]

    def family(self, family: str) -> np.ndarray:
        if family not in self.crops:
            self.crops[family] = np.load(os.path.join(self.root, family + ".npy"), allow_pickle=True)
        return self.crops[family]

    def image(self, entry: devset.Entry) -> np.ndarray:
        """The pixels of an aligned-fake entry (or, for 'real', the real's crop)."""
        family = entry.source.split("/")[1] if is_aligned(entry) else "real"
        real_file = entry.file.split("/", 2)[2] if is_aligned(entry) else entry.file
        return self.family(family)[self.index[real_file]]


def read_entry(entry: devset.Entry, cache: "AlignedCache" = None) -> np.ndarray:
    """The pixels of any entry: aligned fakes from the cache, the rest from disk."""
    if is_aligned(entry):
        return cache.image(entry)
    return image_ops.read_rgb(entry.path)


def build_cache(reals: Sequence[devset.Entry], simulators: Dict[str, zoo.Simulator], root: str,
                log=print, run_control: bool = True) -> AlignedCache:
    """Makes (or completes) the cache for these reals: their crops ('real')
    and one aligned fake per family."""
    os.makedirs(root, exist_ok=True)
    files = [e.file for e in reals]
    listing = os.path.join(root, "files.txt")
    same_reals = os.path.exists(listing) and open(listing).read() == "\n".join(files)
    if not same_reals:
        for stale in os.listdir(root):
            os.remove(os.path.join(root, stale))
        with open(listing, "w") as handle:
            handle.write("\n".join(files))
    crops = [crop_of(image_ops.read_rgb(e.path), e.file) for e in reals]
    np.save(os.path.join(root, "real.npy"), _object_array(crops), allow_pickle=True)
    for family in families_of_recipes(list(simulators)):
        if same_reals and os.path.exists(os.path.join(root, family + ".npy")):
            continue  # made before from the same reals
        started = time.time()
        fakes = [make_fake(family, crop, simulators, file) for crop, file in zip(crops, files)]
        np.save(os.path.join(root, family + ".npy"), _object_array(fakes), allow_pickle=True)
        log(f"aligned/{family}: {len(fakes)} fakes in {time.time() - started:.0f} s")
    cache = AlignedCache(root)
    if run_control:
        from simulators import control
        results = control.report(cache, cache.all_families())
        with open(os.path.join(root, "control.json"), "w") as handle:
            json.dump(results, handle, indent=1)
        for family, r in results.items():
            log(f"aligned/{family}: median PSNR {r['median_psnr_db']} dB, control AUC {r['control_auc']:.3f} "
                f"({'used' if r['control_auc'] <= CONTROL_LIMIT else 'REJECTED: colour or blur separates it'}), "
                f"with full-scale blur measures {r['control_auc_full_scale_blur']:.3f}")
    return cache


def _object_array(items: List[np.ndarray]) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def load_simulators(weights_dir: str) -> Dict[str, zoo.Simulator]:
    from simulators.train_simulator import load
    return {n: load(weights_dir, n) for n in zoo.RECIPES if os.path.exists(os.path.join(weights_dir, n + ".pt"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--simulators", default="/tmp/libdetect-simulators", help="train_simulator.py --out")
    parser.add_argument("--out", default="/tmp/libdetect-aligned")
    parser.add_argument("--every", type=int, default=1, help="every N-th real only (a quick control)")
    args = parser.parse_args()
    simulators = load_simulators(args.simulators)
    reals = [e for e in devset.read_manifest(args.data_dir) if e.label == 0][::args.every]
    print(f"{len(reals)} reals; simulators: {', '.join(simulators)}", flush=True)
    build_cache(reals, simulators, args.out, log=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
