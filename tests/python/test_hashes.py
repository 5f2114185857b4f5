import csv
import hashlib
import io
import json

import numpy as np
import pytest

import libdetect
from conftest import EXAMPLES, file_state, write_bmp
from test_cli import run


def test_pdq_and_hashes_of_any_source():
    path = EXAMPLES / "spliced.jpg"
    data = path.read_bytes()
    by_path = libdetect.pdq(path)
    assert by_path == libdetect.pdq(data) == libdetect.pdq(libdetect.Image.open(path))
    assert len(by_path.hex) == 64 and by_path.quality == 100
    h = libdetect.hashes(path)
    assert h.sha256 == hashlib.sha256(data).hexdigest()
    assert h.md5 == hashlib.md5(data).hexdigest()
    assert h.pdq == by_path and len(h.phash) == 16
    assert libdetect.Detector().analyze(path).hashes.to_dict() == h.to_dict()
    assert libdetect.Detector().analyze(path).to_dict()["hashes"]["pdq"] == by_path.hex


def test_pdq_distance_and_quality_flags():
    a = libdetect.pdq(EXAMPLES / "untouched.jpg")
    b = libdetect.pdq(EXAMPLES / "spliced.jpg")
    assert a.distance(a) == 0 and a.distance(b) > libdetect.PDQ_MATCH_THRESHOLD
    flat = libdetect.pdq(np.full((100, 100, 3), 128, np.uint8))
    assert flat.quality < libdetect.PDQ_MIN_USEFUL_QUALITY
    assert libdetect.PdqHash(a.hex) == a
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.PdqHash("not hex")
    variants = libdetect.pdq_dihedral(EXAMPLES / "untouched.jpg")
    assert len(variants) == 8 and variants[0] == a


def test_hash_list_query_in_python(tmp_path):
    target = libdetect.pdq(EXAMPLES / "spliced.jpg")
    listing = tmp_path / "known.csv"
    listing.write_text(f"label,pdq\ncase-7,{target.hex}\nbroken,xyz\n")
    known = libdetect.HashList.load_csv(listing)
    assert len(known) == 1 and known[0].label == "case-7"
    assert [(p.line, "bad PDQ" in p.message) for p in known.problems] == [(3, True)]
    [match] = known.query(target)
    assert match.distance == 0 and known[match.index].line == 2
    assert known.query(libdetect.pdq(EXAMPLES / "untouched.jpg")) == []


def test_cli_hash_prints_csv_and_jsonl(bad_inputs):
    result = run("hash", EXAMPLES, bad_inputs["truncated"])
    assert result.returncode == 1  # one input failed, the others are hashed
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == [
        "lossless.png", "rotated_exif.jpg", "spliced.jpg", "untouched.jpg", "truncated.jpg"]
    spliced = rows[2]
    assert spliced["sha256"] == hashlib.sha256((EXAMPLES / "spliced.jpg").read_bytes()).hexdigest()
    assert spliced["pdq"] == libdetect.pdq(EXAMPLES / "spliced.jpg").hex
    assert spliced["pdq_quality"] == "100" and spliced["error"] == ""
    assert rows[4]["error"].startswith("decode_error:") and rows[4]["pdq"] == ""
    lines = run("hash", "--format", "jsonl", EXAMPLES / "spliced.jpg").stdout.splitlines()
    assert json.loads(lines[0])["md5"] == spliced["md5"]


def test_cli_match_reports_matches_problems_and_low_quality(tmp_path):
    spliced = libdetect.hashes(EXAMPLES / "spliced.jpg")
    untouched = libdetect.hashes(EXAMPLES / "untouched.jpg")
    near = list(spliced.pdq.hex)
    near[-1] = "0" if near[-1] != "0" else "1"  # 1-4 bits away
    listing = tmp_path / "known.csv"
    listing.write_text(
        "label,pdq,md5\n"
        f"original,{spliced.pdq.hex},\n"
        "bad line,123,\n"
        f"near copy,{''.join(near)},\n"
        f"same bytes,{'0' * 64},{untouched.md5}\n")
    before = file_state(listing)
    result = run("match", "--hashes", listing, EXAMPLES / "spliced.jpg", EXAMPLES / "untouched.jpg")
    assert result.returncode == 0, result.stderr
    assert f"{listing}:3: skipped: bad PDQ hash" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["label"] for m in records[0]["matches"]] == ["original", "near copy"]
    assert records[0]["matches"][0]["distance"] == 0 and not records[0]["low_quality"]
    [by_md5] = records[1]["matches"]
    assert by_md5["label"] == "same bytes" and by_md5["md5_equal"] and not by_md5["pdq_match"]
    assert file_state(listing) == before

    strict = run("match", "--hashes", listing, "--threshold", "0", "--format", "csv", EXAMPLES / "spliced.jpg")
    rows = list(csv.DictReader(io.StringIO(strict.stdout)))
    assert [(r["label"], r["distance"]) for r in rows] == [("original", "0")]


def test_cli_match_flags_low_quality_hashes(tmp_path):
    image = tmp_path / "flat.bmp"
    write_bmp(image, np.full((64, 96, 3), 200, np.uint8))
    listing = tmp_path / "known.csv"
    listing.write_text("pdq\n" + "0" * 64 + "\n")
    [record] = [json.loads(line) for line in run("match", "--hashes", listing, image).stdout.splitlines()]
    assert record["pdq_quality"] == 0 and record["low_quality"] is True
    assert run("match", "--hashes", tmp_path / "missing.csv", image).returncode == 2
