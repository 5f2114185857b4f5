"""The learned detector end to end, without the development data: train a tiny
network for a few seconds on images made in code, export it, load it in C++,
and check that (1) it separates the two synthetic classes, (2) C++ and the
Python training code give the same logits, (3) bad model files are
ModelErrors at Detector construction while other analyzers keep working."""

import csv
import hashlib
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys

import cv2
import numpy as np
import pytest

import libdetect

torch = pytest.importorskip("torch")

SOURCE_DIR = pathlib.Path(os.environ.get("LIBDETECT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
TRAIN_DIR = SOURCE_DIR / "models" / "train"
sys.path.insert(0, str(TRAIN_DIR))
import npr_net  # noqa: E402

PARITY_TOLERANCE = 1e-4


def synthetic_image(label: int, rng: np.random.Generator, size: int = 192) -> np.ndarray:
    """Real: smooth noise at full resolution. Fake: the same kind of noise at
    half resolution, up-sampled x2 (the periodic trace NPR sees)."""
    if label == 0:
        noise = rng.normal(128, 40, (size, size, 3))
        return np.clip(cv2.GaussianBlur(noise, (0, 0), 0.8), 0, 255).astype(np.uint8)
    noise = rng.normal(128, 40, (size // 2, size // 2, 3))
    small = np.clip(cv2.GaussianBlur(noise, (0, 0), 0.8), 0, 255).astype(np.uint8)
    return cv2.resize(small, (size, size), interpolation=cv2.INTER_LINEAR)


def write_data_set(root: pathlib.Path, per_class: int, seed: int):
    rng = np.random.default_rng(seed)
    rows = []
    for label, folder in ((0, "synthetic/real"), (1, "synthetic/fake")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            name = f"{folder}/noise-{i:04d}.png"
            cv2.imwrite(str(root / name), cv2.cvtColor(synthetic_image(label, rng), cv2.COLOR_RGB2BGR))
            rows.append({"file": name, "label": "fake" if label else "real", "domain": "scene",
                         "generator": "bilinear x2" if label else "", "source_path": name})
    with open(root / "manifest.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-model")
    data, models = root / "data", root / "models"
    write_data_set(data, per_class=40, seed=3)
    models.mkdir()
    subprocess.run([sys.executable, str(TRAIN_DIR / "train_npr.py"), str(data), "--steps", "150",
                    "--batch", "16", "--width", "8", "--threads", "1", "--validate-every", "50",
                    "--models-dir", str(models)], check=True, timeout=600)
    return models


def test_exported_model_has_a_complete_manifest_entry(tiny_model):
    entry = json.loads((tiny_model / "manifest.json").read_text())["models"][0]
    pt = tiny_model / entry["file"]
    assert hashlib.sha256(pt.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["input"]["tile"] == npr_net.TILE and entry["input"]["max_tiles"] == npr_net.MAX_TILES
    assert 0.0 < entry["threshold"] < 1.0
    assert entry["calibration"]["scale"] > 0


def test_cpp_separates_the_synthetic_classes(tiny_model):
    detector = libdetect.Detector(analyzers=["model"], model_dir=tiny_model)
    rng = np.random.default_rng(99)  # images the model never saw
    scores = {0: [], 1: []}
    for label in (0, 1):
        for _ in range(8):
            scores[label].append(detector.analyze(synthetic_image(label, rng))["model"].score)
    assert min(scores[1]) > max(scores[0]), scores


@pytest.mark.parametrize("size", [(192, 192), (90, 100), (300, 700), (1100, 900)])
def test_cpp_logits_match_the_python_training_code(tiny_model, size):
    entry = json.loads((tiny_model / "manifest.json").read_text())["models"][0]
    reference = npr_net.for_inference(torch.jit.load(str(tiny_model / entry["file"])))
    rng = np.random.default_rng(sum(size))
    rgb = cv2.resize(synthetic_image(1, rng), (size[1], size[0]), interpolation=cv2.INTER_LINEAR)
    expected, tiles = npr_net.image_logit(reference, rgb)
    result = libdetect.Detector(analyzers=["model"], model_dir=tiny_model).analyze(rgb)["model"]
    assert abs(result.evidence["logit"] - expected) < PARITY_TOLERANCE
    assert result.evidence["tiles"] == tiles.size
    assert result.evidence["padded"] == (min(size) < npr_net.TILE)
    heatmap = result.heatmap
    assert heatmap.shape == tiles.shape
    calibration = entry["calibration"]
    probabilities = 1 / (1 + np.exp(-(calibration["scale"] * tiles + calibration["offset"])))
    assert np.abs(heatmap - probabilities).max() < PARITY_TOLERANCE


def test_tiny_and_one_colour_images_are_not_applicable_not_scored(tiny_model):
    detector = libdetect.Detector(analyzers=["model"], model_dir=tiny_model)
    rng = np.random.default_rng(5)
    tiny = detector.analyze(synthetic_image(1, rng)[:63, :200].copy())["model"]
    assert not tiny.applicable and tiny.score is None and "64 px" in tiny.reason
    flat = detector.analyze(np.full((300, 300, 3), (40, 90, 200), np.uint8))["model"]
    assert not flat.applicable and "uniform" in flat.reason
    assert detector.analyze(synthetic_image(1, rng)[:64, :64].copy())["model"].applicable


def copy_models(source: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    shutil.copytree(source, target)
    return target


def set_entry(models: pathlib.Path, **changes):
    manifest = json.loads((models / "manifest.json").read_text())
    manifest["models"][0].update(changes)
    (models / "manifest.json").write_text(json.dumps(manifest))


def test_a_model_that_does_not_match_its_manifest_is_refused(tiny_model, tmp_path):
    models = copy_models(tiny_model, tmp_path / "models")
    with open(models / "npr-detector.pt", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(libdetect.ModelError, match="does not match its manifest"):
        libdetect.Detector(model_dir=models)
    # The other analyzers do not need the model.
    report = libdetect.Detector(analyzers=["ela", "noise"], model_dir=models).analyze(synthetic_image(0, np.random.default_rng(1)))
    assert [r.name for r in report.analyzers] == ["ela", "noise"]


def test_missing_model_and_missing_folder_are_model_errors(tiny_model, tmp_path):
    models = copy_models(tiny_model, tmp_path / "models")
    (models / "npr-detector.pt").unlink()
    with pytest.raises(libdetect.ModelError, match="cannot read model file"):
        libdetect.Detector(analyzers=["model"], model_dir=models)
    with pytest.raises(libdetect.ModelError, match="no manifest.json"):
        libdetect.Detector(analyzers=["model"], model_dir=tmp_path / "nowhere")


class OneChannelNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3)

    def forward(self, x):
        return self.conv(x).mean(dim=(1, 2, 3))


class TwoLogitNet(torch.nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))[:, :2]


@pytest.mark.parametrize("network, message", [(OneChannelNet(), "does not accept the input"),
                                              (TwoLogitNet(), "expected one logit per tile")])
def test_a_model_with_the_wrong_shape_is_refused_at_construction(tiny_model, tmp_path, network, message):
    models = copy_models(tiny_model, tmp_path / "models")
    path = models / "npr-detector.pt"
    torch.jit.script(network.eval()).save(str(path))
    set_entry(models, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(libdetect.ModelError, match=message):
        libdetect.Detector(analyzers=["model"], model_dir=models)


def test_shipped_model_matches_the_python_code_on_the_examples():
    models = SOURCE_DIR / "models"
    entry = json.loads((models / "manifest.json").read_text())
    entry = next((m for m in entry["models"] if m["name"] == "npr-detector"), None)
    if entry is None or not (models / entry["file"]).exists():
        pytest.skip("no shipped npr-detector in models/")
    reference = npr_net.for_inference(torch.jit.load(str(models / entry["file"])))
    detector = libdetect.Detector(analyzers=["model"])
    for path in sorted((SOURCE_DIR / "examples" / "images").iterdir()):
        rgb = libdetect.Image.open(str(path)).to_numpy()
        expected, _ = npr_net.image_logit(reference, rgb)
        result = detector.analyze(rgb)["model"]
        assert abs(result.evidence["logit"] - expected) < PARITY_TOLERANCE, path.name
        calibration = entry["calibration"]
        assert math.isclose(result.score, 1 / (1 + math.exp(-(calibration["scale"] * expected + calibration["offset"]))),
                            abs_tol=1e-4)


def test_one_loaded_model_serves_parallel_scans_with_the_same_scores(tiny_model, tmp_path):
    rng = np.random.default_rng(21)
    paths = []
    for i in range(6):
        path = tmp_path / f"image-{i}.png"
        cv2.imwrite(str(path), synthetic_image(i % 2, rng, size=256 + 32 * i))
        paths.append(str(path))
    detector = libdetect.Detector(analyzers=["model"], model_dir=tiny_model, threads=2, model_threads=1)
    parallel = [o.report["model"].evidence["logit"] for o in detector.analyze_files(paths)]
    alone = [detector.analyze(p)["model"].evidence["logit"] for p in paths]
    assert parallel == alone
    two_threads = libdetect.Detector(analyzers=["model"], model_dir=tiny_model, model_threads=2)
    assert [two_threads.analyze(p)["model"].evidence["logit"] for p in paths] == pytest.approx(alone, abs=1e-5)
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.Detector(analyzers=["model"], model_dir=tiny_model, model_threads=0)
