"""The libdetect command, run as a user would run it."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, file_state

CLI = os.environ.get("LIBDETECT_CLI", "libdetect")


def run(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("libdetect 0.")


def test_scan_of_the_examples_writes_reports_heatmaps_and_summary(tmp_path):
    out, summary, maps = tmp_path / "report.json", tmp_path / "summary.txt", tmp_path / "maps"
    result = run("scan", EXAMPLES, "--out", out, "--summary", summary, "--heatmaps", maps)
    assert result.returncode == 0, result.stderr
    reports = json.loads(out.read_text())
    assert isinstance(reports, list) and len(reports) == 4
    by_name = {Path(r["file"]).name: r for r in reports}
    spliced = by_name["spliced.jpg"]
    assert spliced["schema"] == "libdetect.report/1"
    heatmap = Path(spliced["analyzers"][0]["heatmap"])
    assert heatmap == maps / "spliced.ela.png" and heatmap.stat().st_size > 0
    # The heatmap PNG is 8-bit grayscale at the image's size (IHDR fields).
    header = heatmap.read_bytes()[:26]
    assert int.from_bytes(header[16:20], "big") == 640 and int.from_bytes(header[20:24], "big") == 480
    assert header[24] == 8 and header[25] == 0  # bit depth 8, colour type gray
    assert by_name["rotated_exif.jpg"]["exif_orientation"] == 6
    assert "4 input(s), 4 analyzed, 0 failed" in summary.read_text()


def test_one_input_prints_one_object_and_jsonl_prints_lines():
    single = run("scan", EXAMPLES / "untouched.jpg")
    assert single.returncode == 0
    assert json.loads(single.stdout)["format"] == "jpeg"
    lines = run("scan", "--format", "jsonl", EXAMPLES).stdout.splitlines()
    assert len(lines) == 4 and all(json.loads(line)["schema"] == "libdetect.report/1" for line in lines)


@pytest.mark.parametrize("name, error_type", [
    ("empty", "decode_error"),
    ("truncated", "decode_error"),
    ("text", "decode_error"),
    ("huge", "limit_error"),
])
def test_bad_inputs_give_error_records(bad_inputs, name, error_type):
    path = bad_inputs[name]
    before = file_state(path)
    result = run("scan", path)
    assert result.returncode == 1
    record = json.loads(result.stdout)  # complete JSON, never partial
    assert record["file"] == str(path)
    assert record["error"]["type"] == error_type
    assert record["error"]["message"]
    assert file_state(path) == before


def test_unreadable_path_gives_an_io_error_record(tmp_path):
    result = run("scan", tmp_path / "missing.jpg")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["type"] == "io_error"
    blocked = tmp_path / "file.jpg"
    blocked.write_bytes(b"x")
    result = run("scan", blocked / "inside.jpg")  # through a regular file
    assert json.loads(result.stdout)["error"]["type"] == "io_error"


def test_directory_with_one_bad_file_still_reports_the_good_ones(mixed_dir, tmp_path):
    states = {p: file_state(p) for p in mixed_dir.iterdir()}
    out = tmp_path / "out.json"
    result = run("scan", mixed_dir, "--out", out, "--heatmaps", tmp_path / "maps")
    assert result.returncode == 1
    records = json.loads(out.read_text())
    assert [("error" in r) for r in records] == [False, True, False]
    assert records[1]["error"]["type"] == "decode_error"
    assert "b_bad.jpg" in result.stderr
    assert {p: file_state(p) for p in mixed_dir.iterdir()} == states
    assert sorted(os.listdir(mixed_dir)) == ["a_good.jpg", "b_bad.jpg", "c_good.png"]


def test_usage_errors_print_no_report():
    result = run("scan", EXAMPLES, "--analyzers", "crystal_ball")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "crystal_ball" in result.stderr
    assert run("scan", "--format", "xml", EXAMPLES).returncode != 0


def test_gps_coordinates_flag_reaches_the_report():
    plain = json.loads(run("scan", "--analyzers", "metadata", EXAMPLES / "untouched.jpg").stdout)
    located = json.loads(run("scan", "--analyzers", "metadata", "--gps-coordinates", EXAMPLES / "untouched.jpg").stdout)
    assert plain["options"]["gps_coordinates"] is False
    assert located["options"]["gps_coordinates"] is True
    assert located["analyzers"][0]["evidence"]["gps_present"] is False


def test_csv_summary_has_one_typed_row_per_input(tmp_path, mixed_dir):
    summary = tmp_path / "summary.csv"
    result = run("scan", mixed_dir, "--summary", summary, "--out", tmp_path / "r.jsonl", "--format", "jsonl")
    rows = list(csv.DictReader(summary.open(newline="")))
    reports = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(rows) == len(reports) > 1
    assert result.returncode == (1 if any(r.get("error") for r in reports) else 0)
    for row, report in zip(rows, reports):
        assert row["file"] == report["file"]
        if "error" in report:
            assert row["status"] == "error" and row["error_type"] == report["error"]["type"]
            continue
        assert row["status"] == "ok" and row["sha256"] == report["sha256"] and int(row["width"]) == report["width"]
        for analyzer in report["analyzers"]:
            assert row[analyzer["name"] + "_applicable"] == str(analyzer["applicable"]).lower()
            cell = row[analyzer["name"] + "_score"]
            if analyzer["score"] is None:
                assert cell == ""
            else:
                assert abs(float(cell) - analyzer["score"]) < 1e-5


def test_html_reports_for_one_input_and_for_a_folder(tmp_path, mixed_dir):
    single = tmp_path / "one.html"
    assert run("scan", EXAMPLES / "spliced.jpg", "--html", single).returncode == 0
    text = single.read_text()
    assert text.startswith("<!DOCTYPE html>") and 'class="blurred"' in text
    assert 'class="blurred"' not in (run("scan", EXAMPLES / "spliced.jpg", "--html", tmp_path / "plain.html",
                                         "--no-blur") and (tmp_path / "plain.html").read_text())
    folder = tmp_path / "reports"
    result = run("scan", mixed_dir, "--html", folder, "--format", "jsonl")
    assert result.returncode == 1  # one input is not an image
    index = (folder / "index.html").read_text()
    links = [line for line in index.splitlines() if "report-" in line]
    assert len(links) == 2 and "b_bad.jpg" in index and "error" in index
    scores = [float(line.split("<td>")[3].split("</td>")[0]) for line in links]
    assert scores == sorted(scores, reverse=True)
    for line in links:
        name = line.split('href="')[1].split('"')[0]
        assert (folder / name).read_text().startswith("<!DOCTYPE html>")


def test_a_missing_model_folder_is_a_clear_error_and_other_analyzers_still_run(tmp_path):
    missing = run("scan", EXAMPLES / "untouched.jpg", "--model-dir", tmp_path / "nowhere")
    assert missing.returncode == 2
    assert "has no manifest.json" in missing.stderr and missing.stdout == ""
    without = run("scan", EXAMPLES / "untouched.jpg", "--model-dir", tmp_path / "nowhere", "--analyzers", "ela,noise")
    assert without.returncode == 0
    assert [a["name"] for a in json.loads(without.stdout)["analyzers"]] == ["ela", "noise"]
