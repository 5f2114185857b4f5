"""libdetect.scan in supervised worker processes (libdetect._supervised): a
file that crashes, hangs or exhausts a worker loses only its own outcome, the
workers are confined, and the outcomes equal an in-process scan's."""

import json
import os

import numpy as np
import pytest

import libdetect
from conftest import EXAMPLES, copies_of_untouched

FAST = ["ela", "jpeg", "metadata"]


def _comparable(outcome):
    record = outcome.to_dict()
    if "analyzers" in record:
        record.pop("created_utc"), record.pop("elapsed_ms")
        for analyzer in record["analyzers"]:
            analyzer.pop("elapsed_ms")
    return record


def test_supervised_outcomes_equal_the_in_process_ones_heatmaps_included():
    supervised = libdetect.scan(EXAMPLES, analyzers=FAST + ["noise"], threads=2)
    in_process = libdetect.scan(EXAMPLES, analyzers=FAST + ["noise"], threads=2, supervised=False)
    assert [o.file for o in supervised] == [o.file for o in in_process]
    assert all(o.ok for o in supervised) and len(supervised) == 4
    assert [_comparable(o) for o in supervised] == [_comparable(o) for o in in_process]
    for s, i in zip(supervised, in_process):
        for a, b in zip(s.report.analyzers, i.report.analyzers):
            assert (a.heatmap is None) == (b.heatmap is None)
            if a.heatmap is not None:
                assert a.heatmap.dtype == np.float32 and np.array_equal(a.heatmap, b.heatmap), a.name


def test_a_crash_a_hang_or_a_memory_hog_loses_only_its_own_file(monkeypatch):
    monkeypatch.setenv("LIBDETECT_FAULT_INJECTION", "crash=spliced.jpg;hang=untouched.jpg;oom=rotated_exif.jpg")
    seen = []
    outcomes = libdetect.scan(EXAMPLES, analyzers=FAST, threads=2, file_timeout_s=15,
                              worker_memory_bytes=3 << 30, progress=lambda done, total: seen.append((done, total)))
    assert [os.path.basename(o.file) for o in outcomes] == ["lossless.png", "rotated_exif.jpg", "spliced.jpg",
                                                            "untouched.jpg"]
    assert outcomes[0].ok and outcomes[0].report["ela"].applicable is not None
    assert outcomes[1].error_type == "memory_limit"
    assert outcomes[2].error_type == "crashed" and "signal 11 (SIGSEGV)" in outcomes[2].error_message
    assert outcomes[3].error_type == "timeout" and "15 s" in outcomes[3].error_message
    assert sorted(seen) == [(n, 4) for n in range(1, 5)]


def test_the_sandbox_kills_a_worker_that_opens_a_socket_starts_a_program_or_writes_a_file(tmp_path, monkeypatch):
    case = copies_of_untouched(tmp_path / "case", ("a.jpg", "b.jpg", "c.jpg", "d.jpg"))
    monkeypatch.setenv("LIBDETECT_FAULT_INJECTION", "socket=a.jpg;exec=b.jpg;write=c.jpg")
    outcomes = libdetect.scan(case, analyzers=["ela"], threads=1)
    for outcome in outcomes[:3]:
        assert outcome.error_type == "crashed" and "signal 31 (SIGSYS)" in outcome.error_message, outcome
    assert outcomes[3].ok
    assert sorted(os.listdir(case)) == ["a.jpg", "b.jpg", "c.jpg", "d.jpg"]  # nothing planted


def test_unusable_options_raise_as_a_detector_would():
    with pytest.raises(libdetect.InvalidArgument, match="no_such_analyzer"):
        libdetect.scan(EXAMPLES, analyzers=["no_such_analyzer"])
    with pytest.raises(libdetect.ModelError):
        libdetect.scan(EXAMPLES / "untouched.jpg", analyzers=["model"], model_dir="/nonexistent")


def test_names_that_are_not_utf8_and_bad_inputs_keep_their_outcomes(tmp_path):
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9.jpg")
    with open(odd, "wb") as handle:
        handle.write((EXAMPLES / "untouched.jpg").read_bytes())
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    outcomes = libdetect.scan([odd, tmp_path / "broken.jpg", tmp_path / "missing.jpg"], analyzers=FAST)
    assert outcomes[0].ok and os.fsencode(outcomes[0].file) == odd
    assert outcomes[1].error_type == "decode_error"
    assert outcomes[2].error_type == "io_error"


def test_outcome_from_json_reads_a_record_back_with_its_heatmaps():
    report = libdetect.Detector(analyzers=["ela", "noise"]).analyze(EXAMPLES / "spliced.jpg")
    outcome = libdetect.ScanOutcome(str(EXAMPLES / "spliced.jpg"), report)
    heatmap = report["ela"].heatmap
    read = libdetect.outcome_from_json(outcome.to_json(), {"ela": heatmap})
    assert read.ok and read.to_json() == outcome.to_json()
    assert np.array_equal(read.report["ela"].heatmap, heatmap) and read.report["noise"].heatmap is None
    with pytest.raises(libdetect.InvalidArgument, match="does not hold"):
        libdetect.outcome_from_json(outcome.to_json(), {"face": heatmap})
    with pytest.raises(libdetect.InvalidArgument, match="float32"):
        libdetect.outcome_from_json(outcome.to_json(), {"ela": heatmap.astype(np.float64)})
    with pytest.raises(libdetect.InvalidArgument, match="report.verdict"):
        record = json.loads(outcome.to_json())
        del record["verdict"]
        libdetect.outcome_from_json(json.dumps(record))
    failed = libdetect.outcome_from_json(libdetect.ScanOutcome("x.jpg", error_type="io_error",
                                                               error_message="gone").to_json())
    assert not failed.ok and failed.error_type == "io_error" and failed.error_message == "gone"
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.ScanOutcome("x.jpg")


def test_replies_of_a_taken_over_worker_are_refused_and_cost_only_their_file(tmp_path, monkeypatch):
    # Stand-ins for a worker that a parser bug put under an attacker's control:
    # a record about another file, heatmaps of a terabyte, JSON nested a
    # million levels deep, and talk between files.
    names = ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"]
    case = copies_of_untouched(tmp_path / "case", names)
    monkeypatch.setenv("LIBDETECT_FAULT_INJECTION", "forge_other=a.jpg;forge_heatmaps=b.jpg;forge_deep=c.jpg;chatter=d.jpg")
    outcomes = libdetect.scan(case, analyzers=["ela"], threads=1)
    assert [os.path.basename(o.file) for o in outcomes] == names
    for outcome, why in zip(outcomes[:3], ["another file", "impossible size", "RecursionError"]):
        assert outcome.error_type == "crashed" and "malformed reply" in outcome.error_message, outcome.error_message
        assert why in outcome.error_message, outcome.error_message
    # The chatty worker's own reply was whole; it is replaced before the next file.
    assert outcomes[3].ok and outcomes[4].ok


def test_a_worker_per_file_keeps_a_taken_over_worker_from_the_next_files(tmp_path, monkeypatch):
    # "poison": the worker analyzes a.jpg normally, then crashes on every later
    # file, as a worker taken over by a.jpg could misreport them.
    case = copies_of_untouched(tmp_path / "case", ("a.jpg", "b.jpg", "c.jpg"))
    monkeypatch.setenv("LIBDETECT_FAULT_INJECTION", "poison=a.jpg")
    shared = libdetect.scan(case, analyzers=["metadata"], threads=1)
    assert shared[0].ok and shared[1].error_type == "crashed" and shared[2].ok  # b.jpg paid for a.jpg
    fresh = libdetect.scan(case, analyzers=["metadata"], threads=1, worker_per_file=True)
    assert all(o.ok for o in fresh), [o.error_message for o in fresh]
