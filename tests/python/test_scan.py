import pytest

import libdetect
from conftest import EXAMPLES


def test_scan_reports_good_files_and_errors_for_bad_ones(mixed_dir):
    outcomes = libdetect.scan(mixed_dir)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].error_type == "decode_error"
    assert outcomes[1].to_dict()["error"]["type"] == "decode_error"
    assert outcomes[0].report.format == "jpeg"
    assert outcomes[2].report.format == "png"
    assert "3 input(s), 2 analyzed, 1 failed" in libdetect.summary_text(outcomes)


def test_scan_progress_callback_sees_every_file(mixed_dir):
    seen = []
    libdetect.scan([mixed_dir], progress=lambda done, total: seen.append((done, total)), threads=2)
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_progress_errors_surface_after_the_scan(mixed_dir):
    def broken(done, total):
        raise RuntimeError("display failed")
    with pytest.raises(RuntimeError, match="display failed"):
        libdetect.scan(mixed_dir, progress=broken)


def test_scan_recurses_only_when_asked(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.jpg").write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    assert libdetect.scan(tmp_path) == []
    outcomes = libdetect.scan(tmp_path, recursive=True)
    assert len(outcomes) == 1 and outcomes[0].ok


def test_files_in_folders_that_are_not_images_are_listed_as_skipped(tmp_path):
    import subprocess
    import os
    (tmp_path / "notes.txt").write_text("interview notes\n")
    (tmp_path / "photo").write_bytes((EXAMPLES / "untouched.jpg").read_bytes())  # no extension
    outcomes = libdetect.scan(tmp_path, analyzers=["noise"])
    assert [(o.file.endswith("notes.txt"), o.ok, o.skipped) for o in outcomes] == [(True, False, True), (False, True, False)]
    assert outcomes[0].error_type == "skipped" and "not an image" in outcomes[0].error_message
    assert "2 input(s), 1 analyzed, 1 skipped (not images), 0 failed" in libdetect.summary_text(outcomes)
    cli = os.environ.get("LIBDETECT_CLI")
    if cli:
        run = subprocess.run([cli, "scan", str(tmp_path), "--format", "jsonl", "--analyzers", "noise"],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr  # a skipped entry is not a failure
        records = [line for line in run.stdout.splitlines() if line]
        assert len(records) == 2 and '"type":"skipped"' in records[0]
