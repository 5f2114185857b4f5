import json
import shutil

import numpy as np

import libdetect
from conftest import EXAMPLES, write_bmp
from test_cli import run


def make_case(tmp_path):
    """The untouched example hidden among the other examples, and an edit of it."""
    folder = tmp_path / "case"
    folder.mkdir()
    for name in ("untouched.jpg", "lossless.png", "rotated_exif.jpg"):
        shutil.copy(EXAMPLES / name, folder / name)
    original = libdetect.Image.open(EXAMPLES / "untouched.jpg").to_numpy()
    donor = libdetect.Image.open(EXAMPLES / "lossless.png").to_numpy()
    edited = original.copy()
    edited[100:260, 150:390] = np.tile(donor, (1, 1, 1))[:160, :240]  # 240x160 region repainted
    suspect = tmp_path / "suspect.bmp"
    write_bmp(suspect, edited)
    return folder, suspect


def test_find_source_in_python(tmp_path):
    folder, suspect = make_case(tmp_path)
    match = libdetect.find_source(suspect, sorted(folder.iterdir()))
    assert match.found and match.file == str(folder / "untouched.jpg")
    mask = match.changed_mask
    assert mask.shape == (480, 640) and mask.dtype == np.float32
    truth = np.zeros_like(mask, bool)
    truth[100:260, 150:390] = True
    predicted = mask > 0.5
    assert (predicted & truth).sum() / (predicted | truth).sum() > 0.6
    assert abs(match.changed_fraction - truth.mean()) < 0.05
    assert match.candidates[0].inliers >= 20
    none = libdetect.find_source(EXAMPLES / "spliced.jpg", [folder / "lossless.png"])
    assert not none.found and none.file is None and "no source found" in none.reason


def test_cli_source_writes_json_and_maps(tmp_path):
    folder, suspect = make_case(tmp_path)
    heat, mask = tmp_path / "heat.png", tmp_path / "mask.png"
    result = run("source", suspect, "--in", folder, "--heatmap", heat, "--mask", mask)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["found"] and record["source"].endswith("untouched.jpg")
    assert record["changed_mask"] == str(mask) and mask.stat().st_size > 0 and heat.stat().st_size > 0
    assert len(record["homography"]) == 9
    assert run("source", tmp_path / "missing.jpg", "--in", folder).returncode == 2
