"""The same scan twice gives the same JSON, apart from the time it was made
and how long it took."""

import json

import libdetect
from conftest import EXAMPLES


def without_times(report_json: str) -> dict:
    report = json.loads(report_json)
    del report["created_utc"], report["elapsed_ms"]
    for analyzer in report["analyzers"]:
        del analyzer["elapsed_ms"]
    return report


def test_two_scans_give_identical_reports_apart_from_times():
    for path in sorted(EXAMPLES.iterdir()):
        first = libdetect.Detector().analyze(str(path)).to_json()
        second = libdetect.Detector(threads=1).analyze(str(path)).to_json()
        a, b = without_times(first), without_times(second)
        b["options"]["threads"] = a["options"]["threads"]  # the only option that differs on purpose
        assert a == b, path.name
        # What makes a scan reproducible is all in the report.
        assert a["tool"]["version"] and a["tool"]["git_revision"] and len(a["sha256"]) == 64
        assert all(len(m["sha256"]) == 64 for m in a["models"])
        assert json.loads(first)["created_utc"].endswith("Z")
