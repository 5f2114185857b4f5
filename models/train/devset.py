"""Reading the development set (../shared/data): its manifest, the source of
each image, the groups that must not be split (same person, same prompt), and
a fixed-seed split by group. Shared by the training scripts."""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from typing import Dict, List

from metrics import auc, real_score_cutoff  # noqa: F401  (the scripts use devset.auc)

# The pairs whose real and fake halves match in content and processing: the
# fairest tests on this data (see the data set's README).
BALANCED_PAIRS = {
    "stylegan/ffhq": ("faces/fake/stylegan", "faces/real/ffhq"),
    "webai/webreal": ("faces/fake/webai", "faces/real/webreal"),
    "lab": ("scenes/fake/lab", "scenes/real/lab"),
}


@dataclass
class Entry:
    path: str
    file: str
    label: int  # 1 fake, 0 real
    domain: str
    source: str  # e.g. "faces/real/amfd"
    group: str
    original_sha256: str = ""  # of the source file, as the data manifest records it


def source_of(file: str) -> str:
    folder, name = os.path.split(file)
    return folder + "/" + name.split("-")[0]


def group_of(file: str, source: str, source_path: str) -> str:
    if source.endswith("/amfd"):  # neutral and smiling photo of one person
        match = re.search(r"-(\d+)\.", source_path)
        return "amfd:" + (match.group(1) if match else file)
    if source.endswith("/gallery"):  # one prompt run on many services
        prompt = os.path.splitext(os.path.basename(source_path))[0].lower()
        prompt = re.sub(r"_stable_diffusion.*$", "", prompt)
        return "gallery:" + re.sub(r"[^a-z0-9]", "", prompt)[:24]
    if source.endswith("/cmp"):  # prompts are not recorded; keep the set together
        return "cmp"
    return file


def read_manifest(data_dir: str) -> List[Entry]:
    entries = []
    with open(os.path.join(data_dir, "manifest.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            source = source_of(row["file"])
            entries.append(Entry(
                path=os.path.join(data_dir, row["file"]), file=row["file"],
                label=1 if row["label"] == "fake" else 0, domain=row["domain"], source=source,
                group=group_of(row["file"], source, row["source_path"]),
                original_sha256=row.get("original_sha256", "")))
    return entries


def split_by_group(entries: List[Entry], test_share: float, seed: int) -> Dict[str, str]:
    """group -> "train" | "test": within each source, groups are ordered by a
    seeded hash and the first test_share of its images go to test."""
    by_source: Dict[str, Dict[str, int]] = {}
    for e in entries:
        by_source.setdefault(e.source, {}).setdefault(e.group, 0)
        by_source[e.source][e.group] += 1
    assignment = {}
    for source, groups in sorted(by_source.items()):
        total = sum(groups.values())
        ordered = sorted(groups, key=lambda g: hashlib.sha256(f"{seed}:{g}".encode()).hexdigest())
        taken = 0
        for g in ordered:
            # A source held in one group (cmp) goes wholly to one side.
            side = "test" if taken < test_share * total and len(groups) > 1 else "train"
            if side == "test":
                taken += groups[g]
            assignment[g] = side
    return assignment
