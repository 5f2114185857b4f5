import os
import threading
import time

import numpy as np
import pytest

import libdetect
from conftest import EXAMPLES, file_state


def test_analyze_accepts_path_bytes_array_and_image():
    detector = libdetect.Detector()
    path = EXAMPLES / "spliced.jpg"
    from_path = detector.analyze(path)
    from_str = detector.analyze(str(path))
    from_bytes = detector.analyze(path.read_bytes())
    from_image = detector.analyze(libdetect.Image.open(path))
    assert from_path.sha256 == from_bytes.sha256 == from_image.sha256 == from_str.sha256
    assert from_path.format == "jpeg" and (from_path.width, from_path.height) == (640, 480)
    assert from_bytes.file == "<bytes>"

    rgb = np.zeros((30, 40, 3), np.uint8)
    rgb[..., 0] = 200
    report = detector.analyze(rgb)
    assert (report.format, report.width, report.height) == ("raw", 40, 30)
    assert detector.analyze(np.ascontiguousarray(rgb[:, ::2])).width == 20  # strided view


def test_report_attributes_dict_and_json_agree():
    report = libdetect.Detector().analyze(EXAMPLES / "spliced.jpg")
    ela = report["ela"]
    assert ela.applicable and ela.score is None
    assert ela.evidence["resave_quality"] == 75
    assert ela.evidence["jpeg_quality_estimate"] == 90
    heatmap = ela.heatmap
    assert heatmap.dtype == np.float32 and heatmap.shape == (60, 80)
    assert 0.0 <= heatmap.min() and heatmap.max() <= 1.0
    # The pasted 200x160 region at (300, 120) is brighter than the rest.
    inside = heatmap[16:34, 38:62].mean()
    outside = np.concatenate([heatmap[:14].ravel(), heatmap[36:].ravel()]).mean()
    assert inside - outside > 0.25
    d = report.to_dict()
    assert d["schema"] == "libdetect.report/1"
    assert d["sha256"] == report.sha256
    assert d["analyzers"][0]["evidence"]["resave_quality"] == 75
    assert d["verdict"]["label"] == report.verdict.label == "inconclusive"
    with pytest.raises(KeyError):
        report["no_such_analyzer"]


def test_heatmaps_can_be_disabled_and_analyzers_chosen():
    report = libdetect.Detector(analyzers=["ela"], heatmaps=False).analyze(EXAMPLES / "untouched.jpg")
    assert report["ela"].heatmap is None
    assert libdetect.available_analyzers()[0] == "ela" and "copy_move" in libdetect.available_analyzers()
    with pytest.raises(libdetect.InvalidArgument, match="crystal_ball"):
        libdetect.Detector(analyzers=["crystal_ball"])


@pytest.mark.parametrize("name, error", [
    ("empty", libdetect.DecodeError),
    ("truncated", libdetect.DecodeError),
    ("text", libdetect.DecodeError),
    ("huge", libdetect.LimitError),
])
def test_bad_inputs_raise_typed_errors_and_stay_untouched(bad_inputs, name, error):
    path = bad_inputs[name]
    before = file_state(path)
    with pytest.raises(error) as info:
        libdetect.Detector().analyze(path)
    assert isinstance(info.value, libdetect.Error)
    assert file_state(path) == before


def test_unreadable_paths_and_bad_arguments(tmp_path):
    detector = libdetect.Detector()
    with pytest.raises(libdetect.IoError):
        detector.analyze(tmp_path / "missing.jpg")
    with pytest.raises(libdetect.IoError):
        detector.analyze(tmp_path)  # a directory
    with pytest.raises(libdetect.InvalidArgument):
        detector.analyze(np.zeros((4, 4, 3), np.float32))
    with pytest.raises(libdetect.InvalidArgument):
        detector.analyze(np.zeros((4, 4, 2), np.uint8))
    with pytest.raises(libdetect.InvalidArgument):
        detector.analyze(None)
    with pytest.raises(libdetect.LimitError):
        libdetect.Detector(max_pixels=100).analyze(np.zeros((20, 20, 3), np.uint8))


def test_analysis_releases_the_gil():
    big = np.random.default_rng(0).integers(0, 255, (2048, 2048, 3), dtype=np.uint8)
    detector = libdetect.Detector()
    start = time.perf_counter()
    detector.analyze(big)
    one_analysis = time.perf_counter() - start

    worker = threading.Thread(target=lambda: [detector.analyze(big) for _ in range(3)])
    gaps, last = [], time.perf_counter()
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    # Holding the GIL through an analysis would stall this loop for about one
    # analysis; released, the loop only waits for the GIL switch interval.
    assert max(gaps) < 0.5 * one_analysis, (max(gaps), one_analysis)


def test_same_input_same_report_apart_from_times():
    detector = libdetect.Detector()
    def stable(report):
        d = report.to_dict()
        for key in ("created_utc", "elapsed_ms"):
            d.pop(key)
        for analyzer in d["analyzers"]:
            analyzer.pop("elapsed_ms")
        return d
    path = EXAMPLES / "spliced.jpg"
    assert stable(detector.analyze(path)) == stable(libdetect.Detector().analyze(path))


def test_image_facts():
    image = libdetect.Image.open(EXAMPLES / "rotated_exif.jpg")
    assert image.exif_orientation == 6
    assert (image.width, image.height) == (320, 240)  # stored pixels, not rotated
    pixels = image.to_numpy()
    assert pixels.shape == (240, 320, 3) and pixels.dtype == np.uint8
    assert len(image.sha256) == 64


def test_memoryviews_of_any_layout_are_copied_safely():
    png = (EXAMPLES / "lossless.png").read_bytes()
    detector = libdetect.Detector()
    interleaved = bytearray(2 * len(png))
    interleaved[::2] = png
    assert detector.analyze(memoryview(interleaved)[::2]).format == "png"  # strided view
    with pytest.raises(libdetect.DecodeError):
        detector.analyze(memoryview(bytearray(png))[::-1])  # reversed: not an image


def test_file_names_that_are_not_utf8_round_trip(tmp_path):
    name = os.fsdecode(b"caf\xe9.jpg")  # Latin-1 byte: a surrogate escape in Python
    path = tmp_path / name
    path.write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    [outcome] = libdetect.scan(tmp_path)
    assert outcome.ok and outcome.file == str(path)
    assert libdetect.Detector().analyze(path).file == str(path)
    with pytest.raises(libdetect.IoError):
        libdetect.Detector().analyze(tmp_path / os.fsdecode(b"missing\xff.jpg"))


def test_to_html_embeds_a_blurred_preview_and_checks_the_image():
    path = str(EXAMPLES / "spliced.jpg")
    report = libdetect.Detector(analyzers=["ela"]).analyze(path)
    html = libdetect.to_html(report, path)
    assert html.startswith("<!DOCTYPE html>") and 'class="blurred"' in html
    assert 'class="blurred"' not in libdetect.to_html(report, path, blur=False)
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.to_html(report, str(EXAMPLES / "untouched.jpg"))


def test_hostile_paths_and_arrays_are_refused_before_any_copy(tmp_path):
    (tmp_path / "a.jpg").write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    with pytest.raises(libdetect.InvalidArgument, match="NUL"):
        libdetect.Detector(analyzers=["ela"]).analyze(str(tmp_path / "a.jpg") + "\0.png")
    detector = libdetect.Detector(analyzers=["ela"])
    # A 20,000 x 20,000 broadcast view costs 3 bytes; a copy would cost 1.2 GB.
    view = np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (20000, 20000, 3))
    with pytest.raises(libdetect.LimitError, match="20000x20000"):
        detector.analyze(view)
    # Rows beyond int's range are reported as they are, not wrapped.
    tall = np.broadcast_to(np.zeros((1, 1), np.uint8), (2**31, 1))
    with pytest.raises(libdetect.LimitError, match="1x2147483648"):
        detector.analyze(tall)
    huge = np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (2**20, 2**20, 3))  # 3 TiB claimed
    with pytest.raises(libdetect.LimitError):
        detector.analyze(huge)


def test_typed_findings_match_the_json_and_feed_the_verdict():
    report = libdetect.Detector().analyze(EXAMPLES / "spliced.jpg")
    d = report.to_dict()
    by_name = {a["name"]: a for a in d["analyzers"]}
    # Both JPEG readers state the same quality, typed and in the JSON.
    assert report["ela"].findings.jpeg_history.quality_estimate == 90
    assert by_name["jpeg"]["findings"]["jpeg_history"]["quality_estimate"] == 90
    declaration = report["metadata"].findings.declaration
    assert declaration is not None and declaration.ai_generated is False and declaration.hidden is False
    camera = report["metadata"].findings.camera_record
    assert camera is not None and camera.consistent == (camera.present and not camera.inconsistencies)
    estimate = report["model"].findings.ai_generation
    assert estimate.model == "npr-detector" and estimate.probability == report["model"].score
    assert estimate.leave_source_out_auc == pytest.approx(
        by_name["model"]["findings"]["ai_generation"]["leave_source_out_auc"])
    # The verdict's AI probability is one of the estimates or their stack, never absent when one exists.
    assert "ai_generated" in report.verdict.probabilities
    assert report["ela"].findings.ai_generation is None  # nothing established: None, not a default
    assert isinstance(report["face"].findings.faces, list) and report["face"].faces == report["face"].findings.faces
