"""The libdetect command, run as a user would run it."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, SOURCE_DIR, copies_of_untouched, file_state

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


def test_a_crash_a_hang_or_a_memory_hog_loses_only_its_own_file(tmp_path):
    # Each worker process analyzes one file at a time; the fault-injection hook
    # makes a worker crash, hang or exhaust its address space on one named file.
    env = dict(os.environ, LIBDETECT_FAULT_INJECTION="crash=spliced.jpg;hang=untouched.jpg;oom=rotated_exif.jpg")
    out = tmp_path / "records.jsonl"
    result = subprocess.run([CLI, "scan", EXAMPLES, "--format", "jsonl", "--out", out, "--threads", "2",
                             "--file-timeout", "20", "--worker-memory", "3072", "--analyzers", "ela,noise,metadata", "--summary",
                             tmp_path / "summary.csv"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [Path(r["file"]).name for r in records] == ["lossless.png", "rotated_exif.jpg", "spliced.jpg",
                                                        "untouched.jpg"]
    assert "error" not in records[0] and records[0]["analyzers"][0]["name"] == "ela"
    assert records[1]["error"]["type"] == "memory_limit"
    assert records[2]["error"]["type"] == "crashed" and "signal 11" in records[2]["error"]["message"]
    assert records[3]["error"]["type"] == "timeout" and "20 s" in records[3]["error"]["message"]
    rows = list(csv.DictReader((tmp_path / "summary.csv").open(newline="")))
    assert [row["status"] for row in rows] == ["ok", "error", "error", "error"]


def test_supervised_and_in_process_scans_write_the_same_records(tmp_path):
    def records(*extra):
        result = run("scan", EXAMPLES, "--format", "jsonl", "--threads", "2", "--analyzers", "ela,jpeg,metadata",
                     "--heatmaps", tmp_path / ("maps" + "".join(extra)), *extra)
        assert result.returncode == 0, result.stderr
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        for r in lines:  # times differ from run to run, and so do the heatmap folders
            r.pop("created_utc"), r.pop("elapsed_ms")
            for a in r["analyzers"]:
                a.pop("elapsed_ms")
                if a.get("heatmap"):
                    a["heatmap"] = Path(a["heatmap"]).name
        return lines
    supervised = records()
    assert records("--in-process") == supervised
    assert supervised[2]["analyzers"][0]["heatmap"] == "spliced.ela.png"


def test_outputs_never_overwrite_evidence(tmp_path):
    evidence = tmp_path / "case"
    evidence.mkdir()
    photo = evidence / "a.jpg"
    photo.write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    before = file_state(photo)
    for args in (["--out", photo], ["--summary", photo], ["--out", evidence / "report.json"],
                 ["--heatmaps", evidence / "maps"]):
        result = run("scan", evidence, "--analyzers", "ela", *args)
        assert result.returncode == 2 and "refusing to write" in result.stderr, args
    assert file_state(photo) == before and sorted(os.listdir(evidence)) == ["a.jpg"]
    # A link planted where a heatmap will be written is replaced, never followed.
    maps, other = tmp_path / "maps", tmp_path / "other.png"
    maps.mkdir()
    other.write_bytes(b"precious")
    (maps / "a.ela.png").symlink_to(other)
    assert run("scan", photo, "--analyzers", "ela", "--heatmaps", maps).returncode == 0
    assert other.read_bytes() == b"precious"
    assert not (maps / "a.ela.png").is_symlink() and (maps / "a.ela.png").read_bytes()[:4] == b"\x89PNG"


def test_folder_scans_give_every_entry_a_record_and_never_block(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    jpeg = (EXAMPLES / "untouched.jpg").read_bytes()
    (case / "a.jpg").write_bytes(jpeg)
    (case / "b_no_extension").write_bytes(jpeg)  # recognised by content
    (case / "notes.txt").write_text("not evidence")
    os.mkfifo(case / "c_fifo")
    (case / "d_dangling.jpg").symlink_to(tmp_path / "gone.jpg")
    (case / "e_loop").symlink_to(case / "e_loop")
    result = subprocess.run([CLI, "scan", case, "-r", "--format", "jsonl", "--analyzers", "metadata"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    records = {Path(r["file"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert sorted(records) == ["a.jpg", "b_no_extension", "c_fifo", "d_dangling.jpg", "e_loop", "notes.txt"]
    assert "error" not in records["a.jpg"] and records["b_no_extension"]["format"] == "jpeg"
    assert records["notes.txt"]["error"] == {"type": "skipped",
                                             "message": "not an image: its first bytes match no format libdetect reads"}
    assert "FIFO" in records["c_fifo"]["error"]["message"]
    assert "link to nothing" in records["d_dangling.jpg"]["error"]["message"]
    assert "symbolic links" in records["e_loop"]["error"]["message"]


def test_the_sandbox_kills_a_worker_that_opens_a_socket_starts_a_program_or_writes_a_file(tmp_path):
    case = copies_of_untouched(tmp_path / "case", ("a.jpg", "b.jpg", "c.jpg", "d.jpg"))
    env = dict(os.environ, LIBDETECT_FAULT_INJECTION="socket=a.jpg;exec=b.jpg;write=c.jpg")
    result = subprocess.run([CLI, "scan", case, "--format", "jsonl", "--analyzers", "ela"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1 and "without their sandbox" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records[:3]:
        assert record["error"]["type"] == "crashed" and "signal 31" in record["error"]["message"], record
    assert "error" not in records[3]
    assert sorted(os.listdir(case)) == ["a.jpg", "b.jpg", "c.jpg", "d.jpg"]  # nothing planted


def test_a_taken_over_worker_cannot_make_the_scan_write_elsewhere_or_forge_records(tmp_path):
    # The scanning process is not sandboxed: it must not write a heatmap file
    # a worker names outside the heatmap folder, nor copy a worker's extra
    # record line into the output.
    case = copies_of_untouched(tmp_path / "case", ("a.jpg", "b.jpg", "c.jpg"))
    env = dict(os.environ, LIBDETECT_FAULT_INJECTION="forge_heatmap=a.jpg;forge_record=b.jpg")
    result = subprocess.run([CLI, "scan", case, "--format", "jsonl", "--analyzers", "ela", "--heatmaps",
                             tmp_path / "maps"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["file"]).name for r in records] == ["a.jpg", "b.jpg", "c.jpg"]
    assert records[0]["error"]["type"] == "crashed" and "outside the heatmap folder" in records[0]["error"]["message"]
    assert records[1]["error"]["type"] == "crashed" and "one JSON object" in records[1]["error"]["message"]
    assert "error" not in records[2]
    assert sorted(os.listdir(case)) == ["a.jpg", "b.jpg", "c.jpg"]  # nothing planted
    assert sorted(os.listdir(tmp_path / "maps")) == ["c.ela.png"]


def test_worker_per_file_keeps_a_taken_over_worker_from_the_next_files(tmp_path):
    # "poison": the worker analyzes a.jpg normally, then crashes on every later
    # file, as a worker taken over by a.jpg could misreport them.
    case = copies_of_untouched(tmp_path / "case", ("a.jpg", "b.jpg", "c.jpg"))
    env = dict(os.environ, LIBDETECT_FAULT_INJECTION="poison=a.jpg")

    def errors(*extra):
        result = subprocess.run([CLI, "scan", case, "--format", "jsonl", "--analyzers", "metadata", "--threads", "1",
                                 *extra], capture_output=True, text=True, timeout=300, env=env)
        return [r.get("error", {}).get("type") for r in map(json.loads, result.stdout.splitlines())]
    assert errors() == [None, "crashed", None]  # b.jpg paid for a.jpg
    assert errors("--worker-per-file") == [None, None, None]


def test_models_lists_where_each_model_is_loaded_from_and_whether_it_matches(tmp_path):
    import shutil
    listed = run("models", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    catalog = json.loads(listed.stdout)
    manifest = json.loads((SOURCE_DIR / "models" / "manifest.json").read_text())
    assert [m["name"] for m in catalog["models"]] == [m["name"] for m in manifest["models"]]
    assert all(m["matches"] and Path(m["path"]).is_file() for m in catalog["models"])
    npr = next(m for m in catalog["models"] if m["name"] == "npr-detector")
    assert npr["error_rates"]["leave_source_out_auc"] == pytest.approx(0.63)
    # A tampered copy is named, and the exit status says so.
    copy = tmp_path / "models"
    shutil.copytree(catalog["directory"], copy)
    data = bytearray((copy / "npr-detector.pt").read_bytes())
    data[-1] ^= 0xFF
    (copy / "npr-detector.pt").write_bytes(bytes(data))
    tampered = run("models", "--model-dir", copy)
    assert tampered.returncode == 1
    assert "npr-detector  MISMATCH" in tampered.stdout and "face-blend-detector  OK" in tampered.stdout
    assert run("models", "--model-dir", tmp_path / "nowhere").returncode == 2


def test_the_case_summary_counts_groups_and_ranks(tmp_path):
    import cv2
    case = tmp_path / "case"
    case.mkdir()
    jpeg = (EXAMPLES / "untouched.jpg").read_bytes()
    (case / "a.jpg").write_bytes(jpeg)
    (case / "b_same_bytes.jpg").write_bytes(jpeg)
    picture = cv2.imread(str(EXAMPLES / "untouched.jpg"))
    small = cv2.resize(picture, (480, 360), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(case / "c_reshared.jpg"), small, [cv2.IMWRITE_JPEG_QUALITY, 70])
    (case / "d_other.png").write_bytes((EXAMPLES / "lossless.png").read_bytes())
    (case / "e_broken.jpg").write_bytes(b"\xff\xd8 broken")
    (case / "f_notes.txt").write_text("notes")
    summary_path = tmp_path / "summary.json"
    result = run("scan", case, "--analyzers", "noise,metadata", "--format", "jsonl", "--out", tmp_path / "r.jsonl",
                 "--case-summary", summary_path, "--html", tmp_path / "html")
    assert result.returncode == 1  # the broken file
    summary = json.loads(summary_path.read_text())
    assert (summary["inputs"], summary["analyzed"], summary["skipped"], summary["failed"]) == (6, 4, 1, 1)
    assert sum(summary["verdicts"].values()) == 4
    groups = [sorted(Path(f).name for f in g["files"]) for g in summary["duplicate_groups"]]
    assert groups == [["a.jpg", "b_same_bytes.jpg", "c_reshared.jpg"]]  # one picture, three files
    assert summary["duplicate_groups"][0]["same_bytes"] is False
    assert [Path(f["file"]).name for f in summary["failures"]] == ["e_broken.jpg"]
    ranked = summary["top_by_probability"]["locally_edited"]
    assert len(ranked) == 4 and ranked == sorted(ranked, key=lambda e: -e["probability"])
    index = (tmp_path / "html" / "index.html").read_text()
    assert "Case summary" in index and "same picture: " in index


def test_a_scan_killed_part_way_resumes_without_losing_or_repeating_anything(tmp_path):
    import signal
    import time
    case = tmp_path / "case"
    case.mkdir()
    for i in range(12):
        (case / f"img{i:02d}.jpg").write_bytes((EXAMPLES / ("spliced.jpg" if i % 3 else "untouched.jpg")).read_bytes())
    args = ["scan", case, "--format", "jsonl", "--threads", "1", "--analyzers", "noise,metadata"]
    assert run(*args, "--out", tmp_path / "full.jsonl").returncode == 0
    full = [json.loads(line) for line in (tmp_path / "full.jsonl").read_text().splitlines()]

    out = tmp_path / "case.jsonl"
    scan = subprocess.Popen([CLI, *map(str, args), "--out", str(out)], stderr=subprocess.DEVNULL)
    partial_lines = []
    for _ in range(600):
        partials = list(tmp_path.glob("case.jsonl.partial-*"))
        partial_lines = partials[0].read_text().splitlines() if partials else []
        if len(partial_lines) >= 3:
            break
        time.sleep(0.05)
    scan.send_signal(signal.SIGKILL)
    scan.wait()
    assert 3 <= len(partial_lines) < 12 and not out.exists()
    with open(partials[0], "a") as torn:
        torn.write('{"schema": "libdetect.rep')  # the killed writer's last line, cut short
    # One input changed after the kill: it must be analyzed again.
    changed = Path(json.loads(partial_lines[0])["file"])
    changed.write_bytes((EXAMPLES / "lossless.png").read_bytes())

    resumed = run(*args, "--out", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "torn last line dropped" in resumed.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["file"] for r in records] == [r["file"] for r in full]  # nothing lost, nothing twice
    assert not list(tmp_path.glob("case.jsonl.partial-*"))
    by_file = {r["file"]: r for r in records}
    for line in partial_lines[1:]:
        kept = json.loads(line)
        assert by_file[kept["file"]] == kept  # reused as recorded, times included
    assert by_file[str(changed)]["format"] == "png"
    for record, reference in zip(records, full):
        if record["file"] != str(changed):
            assert record["sha256"] == reference["sha256"] and record["verdict"] == reference["verdict"]
    assert run(*args, "--resume").returncode == 2  # --resume needs --out
    assert run(*args, "--out", out, "--resume", "--heatmaps", tmp_path / "maps").returncode == 2
    # An input replaced by a FIFO since: never read for its hash (it would block), reported instead.
    fifo = Path(records[-1]["file"])
    fifo.unlink()
    os.mkfifo(fifo)
    again = subprocess.run([CLI, *map(str, args), "--out", str(out), "--resume"], capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 1 and "11 earlier report(s) reused" in again.stderr
    assert "FIFO" in json.loads(out.read_text().splitlines()[-1])["error"]["message"]
