"""models/manifest.json describes the files that ship: each entry's file and
model card exist and the recorded SHA-256 is the file's."""

import hashlib
import json
import pathlib

MODELS = pathlib.Path(__file__).resolve().parents[2] / "models"


def test_every_manifest_entry_matches_its_file():
    manifest = json.loads((MODELS / "manifest.json").read_text())
    assert manifest["schema"] == "libdetect.models/1"
    assert manifest["models"]
    for entry in manifest["models"]:
        data = (MODELS / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert (MODELS / entry["card"]).is_file()
        for key in ("architecture", "input", "threshold", "training_data", "metrics", "command", "trained"):
            assert key in entry, (entry["name"], key)


def test_the_report_names_the_shipped_frequency_model():
    import libdetect
    import numpy as np
    entry = next(m for m in json.loads((MODELS / "manifest.json").read_text())["models"]
                 if m["name"] == "frequency-spectrum-lr")
    pixels = np.random.default_rng(2).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    evidence = libdetect.Detector(analyzers=["frequency"]).analyze(pixels)["frequency"].evidence
    assert evidence["model_sha256"] == entry["sha256"]


def test_reports_carry_the_models_and_their_error_rates():
    import libdetect
    import numpy as np
    entry = next(m for m in json.loads((MODELS / "manifest.json").read_text())["models"]
                 if m["name"] == "frequency-spectrum-lr")
    shipped = json.loads((MODELS / entry["file"]).read_text())
    pixels = np.random.default_rng(3).integers(0, 256, (200, 200, 3), dtype=np.uint8)
    report = libdetect.Detector(analyzers=["frequency", "ela"]).analyze(pixels)
    assert report.models == json.loads(report.to_json())["models"]
    by_user = {m["used_by"]: m for m in report.models}
    assert set(by_user) == {"frequency", "fusion"}  # the fusion's own model is always listed
    model = by_user["frequency"]
    assert model["file"] == entry["file"] and model["sha256"] == entry["sha256"]
    rates = shipped["error_rates"]
    assert model["evaluated_on"] == rates["evaluated_on"]
    for key in ("auc", "fpr_at_threshold", "tpr_at_threshold", "threshold"):
        assert model["error_rates"][key] == rates[key]
    # The fusion's models (editing, AI) are listed whatever ran.
    assert sorted(m["name"] for m in libdetect.Detector(analyzers=["ela"]).analyze(pixels).models) == [
        "fusion-ai-lr", "fusion-edited-lr"]


def test_the_package_carries_every_shipped_model_and_finds_them_beside_itself():
    # No fallback to the source tree: the package's own copy must be complete
    # (issue 20), and a model is found with no model_dir and no environment.
    import os
    import libdetect
    package_models = pathlib.Path(libdetect.__file__).parent / "models"
    manifest = json.loads((MODELS / "manifest.json").read_text())
    for entry in manifest["models"]:
        copy = package_models / entry["file"]
        assert copy.is_file(), copy
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == entry["sha256"], copy
    if not os.environ.get("LIBDETECT_MODEL_DIR"):
        report = libdetect.Detector(analyzers=["model"]).analyze((MODELS.parent / "examples" / "images" /
                                                                  "spliced.jpg").read_bytes())
        assert report["model"].applicable


def test_the_ai_stack_was_fitted_on_the_shipped_inputs():
    """models/fusion-ai-lr.json standardises the logits of particular models:
    retraining one of them without refitting the stack
    (models/train/fusion_ai/train_fusion_ai.py) must fail here, not pass
    silently with stale statistics."""
    manifest = {m["name"]: m for m in json.loads((MODELS / "manifest.json").read_text())["models"]}
    stack = json.loads((MODELS / "fusion-ai-lr.json").read_text())
    analyzers = {"npr-detector": "model", "frequency-spectrum-lr": "frequency", "coding-cost-lr": "coding_cost"}
    assert sorted(analyzers[name] + ".ai_generation_logit" for name in stack["input_models"]) == \
        sorted(stack["features"])
    for name, sha256 in stack["input_models"].items():
        assert manifest[name]["sha256"] == sha256, f"{name} changed: refit models/fusion-ai-lr.json"
