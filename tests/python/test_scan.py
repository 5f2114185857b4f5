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
