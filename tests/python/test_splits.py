"""The committed split lists (models/train/splits/): one assignment per file,
groups never straddle splits, a changed data set is refused, and other data
gets the same rule computed."""

import csv
import os
import pathlib
import sys

import pytest

TRAIN = pathlib.Path(__file__).resolve().parents[2] / "models" / "train"
sys.path.insert(0, str(TRAIN))
import devset  # noqa: E402
import splits  # noqa: E402


def committed_entries(family):
    with open(splits.path_of(family), newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [devset.Entry(path="", file=r["file"], label=int(r["label"]), domain="",
                         source=devset.source_of(r["file"]), group=r["group"], original_sha256=r["original_sha256"])
            for r in rows], rows


@pytest.mark.parametrize("family,counts", [("detectors", {"train": 1443, "validation": 253, "test": 716}),
                                           ("coding_cost", {"train": 1459, "test": 953})])
def test_committed_lists_are_whole_and_keep_groups_together(family, counts):
    entries, rows = committed_entries(family)
    assert len({r["file"] for r in rows}) == len(rows) == 2412
    found = {}
    for r in rows:
        found[r["split"]] = found.get(r["split"], 0) + 1
    assert found == counts
    sides = {}
    for r in rows:
        sides.setdefault(r["group"], set()).add(r["split"])
    assert all(len(s) == 1 for s in sides.values())
    # The committed list is what the family's rule gives on its own data.
    assert splits.compute(entries, family) == {r["file"]: r["split"] for r in rows}
    assert splits.load(entries, family) == {r["file"]: r["split"] for r in rows}


def test_a_changed_data_set_is_refused():
    entries, _ = committed_entries("detectors")
    entries[5].original_sha256 = "0" * 64
    with pytest.raises(ValueError, match="make_splits"):
        splits.load(entries, "detectors")
    regrouped, _ = committed_entries("detectors")
    regrouped[7].group = "someone else"  # a person moved into another group could straddle splits
    with pytest.raises(ValueError, match="group differs"):
        splits.load(regrouped, "detectors")
    with pytest.raises(ValueError, match="not in the data"):
        splits.load(committed_entries("detectors")[0][1:], "detectors")


def test_other_data_gets_the_rule_computed():
    entries = [devset.Entry(path="", file=f"faces/real/made-{i:03d}.png", label=i % 2, domain="face",
                            source="faces/real/made", group=f"person{i // 2}") for i in range(200)]
    split = splits.load(entries, "detectors")
    shares = {s: sum(v == s for v in split.values()) / len(entries) for s in ("train", "validation", "test")}
    assert 0.25 <= shares["test"] <= 0.35 and 0.05 <= shares["validation"] <= 0.15
    by_group = {}
    for e in entries:
        by_group.setdefault(e.group, set()).add(split[e.file])
    assert all(len(s) == 1 for s in by_group.values())


@pytest.mark.skipif(not os.path.exists(os.path.join(os.environ.get("LIBDETECT_SHARED_DIR", str(TRAIN.parents[2] / "shared")),
                                                    "data", "manifest.csv")), reason="development set not here")
def test_the_development_set_matches_its_committed_lists():
    data = os.path.join(os.environ.get("LIBDETECT_SHARED_DIR", str(TRAIN.parents[2] / "shared")), "data")
    entries = devset.read_manifest(data)
    for family in splits.FAMILIES:
        assert splits.load(entries, family) == splits.compute(entries, family)
