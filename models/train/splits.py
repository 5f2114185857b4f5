"""The development set's splits as data (issue 19, item 3).

Each split family is a committed CSV under models/train/splits/ (file,
original_sha256, label, group, split), made once by make_splits.py and read
by every script of that family, so that the held-out images of one model are
the held-out images of the next by construction, not because two defaults
happen to agree:

- "detectors" (train / validation / test): the NPR network, the face
  network, the frequency regression (train + validation = its training
  side), the fusion and the leave-source-out harness. Test: 30 % of each
  source by group (seed 1); validation: 15 % of the rest (seed 2).
- "coding_cost" (train / test): the coding-cost model and the ZED study,
  40 % by group (seed 1).

On data that is not the development set (the code-made images of the tests)
the same rule is computed instead: a committed split only describes the data
it was made from. On the development set a file or hash that differs from
the committed list is an error: the data changed, make the splits again.
"""

from __future__ import annotations

import csv
import os
from typing import Dict, List, Tuple

import devset

SPLIT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "splits")
FAMILIES = ("detectors", "coding_cost")
COLUMNS = ("file", "original_sha256", "label", "group", "split")


def compute(entries: List[devset.Entry], family: str) -> Dict[str, str]:
    """file -> split by the family's rule."""
    if family == "detectors":
        side = devset.split_by_group(entries, 0.3, 1)
        rest = [e for e in entries if side[e.group] == "train"]
        inner = devset.split_by_group(rest, 0.15, 2)
        return {e.file: "test" if side[e.group] == "test" else
                ("validation" if inner[e.group] == "test" else "train") for e in entries}
    if family == "coding_cost":
        side = devset.split_by_group(entries, 0.4, 1)
        return {e.file: side[e.group] for e in entries}
    raise ValueError(f"unknown split family {family!r} (known: {', '.join(FAMILIES)})")


def path_of(family: str) -> str:
    return os.path.join(SPLIT_DIR, f"{family}.csv")


def write(entries: List[devset.Entry], family: str, path: str = "") -> str:
    path = path or path_of(family)
    assignment = compute(entries, family)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in sorted(entries, key=lambda e: e.file):
            writer.writerow([e.file, e.original_sha256, e.label, e.group, assignment[e.file]])
    return path


def read(path: str) -> Dict[str, dict]:
    with open(path, newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def load(entries: List[devset.Entry], family: str, path: str = "") -> Dict[str, str]:
    """file -> split: the committed list when these entries are its data set,
    else the family's rule computed on them."""
    path = path or path_of(family)
    committed = read(path) if os.path.exists(path) else {}
    files = {e.file for e in entries}
    if not committed or not files & committed.keys():
        return compute(entries, family)  # another data set (code-made test images)
    problems = [f"{e.file}: not in the committed split" for e in entries if e.file not in committed]
    problems += [f"{e.file}: original_sha256, label or group differs from the committed split" for e in entries
                 if e.file in committed and (committed[e.file]["original_sha256"] != e.original_sha256
                                             or int(committed[e.file]["label"]) != e.label
                                             or committed[e.file]["group"] != e.group)]
    problems += [f"{f}: in the committed split, not in the data" for f in committed.keys() - files]
    if problems:
        raise ValueError(f"the data set does not match {path} ({len(problems)} problems, first: {problems[0]}); "
                         "if the data changed on purpose, run models/train/make_splits.py DATA_DIR")
    return {f: committed[f]["split"] for f in files}


def three_way(entries: List[devset.Entry], family: str = "detectors") -> Tuple[list, list, list]:
    """(train, validation, test) entries in the data's order."""
    split = load(entries, family)
    return tuple([e for e in entries if split[e.file] == name] for name in ("train", "validation", "test"))
