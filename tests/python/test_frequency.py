"""The frequency analyzer's score is the shipped model applied to the
features in its evidence: a notebook can recompute (and plot) it."""

import json
import math
import pathlib

import numpy as np

import libdetect

MODEL = pathlib.Path(__file__).resolve().parents[2] / "models" / "frequency-spectrum-lr.json"
EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "images"


def test_score_is_the_shipped_model_applied_to_the_evidence():
    model = json.loads(MODEL.read_text())
    detector = libdetect.Detector(analyzers=["frequency"])
    checked = 0
    for path in sorted(EXAMPLE.iterdir()):
        result = detector.analyze(str(path))["frequency"]
        if not result.applicable:
            continue
        e = result.evidence
        features = np.array(list(e["radial_profile"]) + [e["high_frequency_slope"]] + list(e["periodic_peaks"]))
        z = np.dot(model["weights"], (features - model["mean"]) / np.array(model["scale"])) + model["bias"]
        assert math.isclose(result.score, 1.0 / (1.0 + math.exp(-z)), rel_tol=0, abs_tol=1e-9)
        assert e["model"] == model["name"]
        heatmap = result.heatmap
        assert heatmap is not None and heatmap.min() >= 0.0 and heatmap.max() <= 1.0
        checked += 1
    assert checked >= 2


def test_small_image_is_not_applicable_with_reason():
    pixels = np.random.default_rng(1).integers(0, 256, (100, 300, 3), dtype=np.uint8)
    result = libdetect.Detector(analyzers=["frequency"]).analyze(pixels)["frequency"]
    assert not result.applicable
    assert "128 px" in result.reason
    assert result.score is None
