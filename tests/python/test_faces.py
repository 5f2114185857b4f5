"""Faces: the public FaceLocator, the `face` analyzer in reports, the CLI and
its bad inputs, and the shipped face-blending model on a self-blend made in
code. The real-face checks use the public-domain NASA astronaut portrait that
Debian's python3-skimage ships, and skip when it is absent."""

import json
import os
import pathlib
import subprocess
import sys

import cv2
import numpy as np
import pytest

import libdetect

SOURCE_DIR = pathlib.Path(os.environ.get("LIBDETECT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "models" / "train"))
import face_net  # noqa: E402
import sbi  # noqa: E402

ASTRONAUT = pathlib.Path("/usr/lib/python3/dist-packages/skimage/data/astronaut.png")
needs_astronaut = pytest.mark.skipif(not ASTRONAUT.exists(), reason="python3-skimage's astronaut.png is absent")


@pytest.fixture(scope="module")
def locator():
    return libdetect.FaceLocator()


@pytest.fixture(scope="module")
def detector():
    return libdetect.Detector(analyzers=["face"])


@pytest.fixture(scope="module")
def astronaut():
    return libdetect.Image.open(str(ASTRONAUT)).to_numpy()


@needs_astronaut
def test_locator_finds_the_face_and_aligns_it_on_the_template(locator, astronaut):
    faces, capped = locator.find(astronaut)
    assert len(faces) == 1 and not capped
    face = faces[0]
    assert face.landmarks.shape == (68, 2)
    assert 150 < face.box.x and face.box.x + face.box.width < 300
    assert face.detection_confidence > 0 and face.size > 80 and not face.too_small
    assert abs(face.yaw_degrees) < 20
    crop, transform = libdetect.FaceLocator.align(astronaut, face, 256, 0.4)
    assert crop.shape == (256, 256, 3) and crop.dtype == np.uint8 and transform.shape == (2, 3)
    # The five points (eye centres, nose tip, mouth corners) are fitted to the
    # ArcFace template, scaled to 256 with margin 0.4: least squares puts their
    # centroid exactly on the template's, and each point near its own.
    lm = face.landmarks
    five = np.array([lm[36:42].mean(0), lm[42:48].mean(0), lm[30], lm[48], lm[54]])
    mapped = five @ transform[:, :2].T + transform[:, 2]
    template = (np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655],
                          [70.7299, 92.2041]]) - 56) * (256 / 112 * 0.6) + 128
    assert np.abs(mapped.mean(0) - template.mean(0)).max() < 1e-6
    assert np.abs(mapped - template).max() < 8.0
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.FaceLocator.align(astronaut, face, 8, 0.4)
    with pytest.raises(libdetect.ModelError):
        libdetect.FaceLocator(landmarks_model="/nonexistent/predictor.dat")


@needs_astronaut
def test_face_analyzer_reports_each_face_with_a_boundary_heatmap(detector, astronaut):
    report = detector.analyze(astronaut)
    result = report["face"]
    assert result.applicable
    assert len(result.faces) == 1
    face = result.faces[0]
    assert 0.0 <= face.blend_probability <= 1.0
    assert result.score == pytest.approx(face.blend_probability)
    assert result.evidence["faces_found"] == 1 and result.evidence["faces_capped"] is False
    assert face.context is not None and face.context.noise_face > 0 and face.context.sharpness_context > 0
    assert not {"noise_face", "noise_context", "context_measured"} & set(face.evidence)  # typed, not evidence
    heatmap = result.heatmap
    assert heatmap.shape == (512, 512)
    # Whatever the boundary map says, it is drawn only over the face's aligned crop.
    _, transform = libdetect.FaceLocator.align(astronaut, face, 320, 0.4)
    inverse = cv2.invertAffineTransform(transform)
    corners = np.array([[0, 0], [320, 0], [0, 320], [320, 320]], float) @ inverse[:, :2].T + inverse[:, 2]
    # Interpolation may spill one map cell (8 crop pixels) past the crop's edge.
    spill = int(np.ceil(8 * np.sqrt(abs(np.linalg.det(inverse[:, :2]))))) + 1
    (x0, y0), (x1, y1) = np.floor(corners.min(0)).astype(int) - spill, np.ceil(corners.max(0)).astype(int) + spill
    outside = heatmap.copy()
    outside[max(0, y0):y1, max(0, x0):x1] = 0
    assert outside.max() == 0.0 and heatmap.max() > 0.0
    assert x1 - x0 < 400 and face.box.x > x0 and face.box.x + face.box.width < x1
    record = json.loads(report.to_json())
    face_json = next(a for a in record["analyzers"] if a["name"] == "face")["faces"][0]
    assert len(face_json["landmarks"]) == 68 and face_json["blend_probability"] == pytest.approx(face.blend_probability)
    assert any(m["name"] == "face-blend-detector" for m in record["models"])


@needs_astronaut
def test_a_self_blend_scores_higher_than_its_source_face(locator, detector, astronaut):
    face = locator.find(astronaut)[0][0]
    original = detector.analyze(astronaut)["face"].score
    blends = []
    for seed in range(5):
        blended, mask = sbi.self_blend(astronaut, face.landmarks, np.random.default_rng(seed))
        assert mask.max() == pytest.approx(1.0)
        blends.append(detector.analyze(blended)["face"].score)
    assert np.median(blends) > original


@needs_astronaut
def test_gray_images_and_capped_crowds(astronaut):
    gray = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY)
    assert libdetect.Detector(analyzers=["face"]).analyze(gray)["face"].applicable
    crowd = np.vstack([np.hstack([astronaut, astronaut[:, ::-1]])] * 2)  # four faces
    result = libdetect.Detector(analyzers=["face"], max_faces=2).analyze(crowd)["face"]
    assert len(result.faces) == 2
    assert result.evidence["faces_found"] == 2 and result.evidence["faces_capped"] is True
    assert "only the strongest 2" in result.evidence["note"]
    with pytest.raises(libdetect.InvalidArgument):
        libdetect.Detector(analyzers=["face"], max_faces=0)


@needs_astronaut
def test_tiny_faces_are_not_analysed(detector, astronaut):
    tiny = cv2.resize(astronaut, (128, 128), interpolation=cv2.INTER_AREA)  # the face is ~25 px
    result = detector.analyze(tiny)["face"]
    if result.applicable:  # found below the searched size: reported, but without a score
        assert result.score is None and all(f.too_small for f in result.faces)
    else:
        assert "no face" in result.reason


def test_no_face_is_not_applicable_with_the_reason(detector):
    rng = np.random.default_rng(0)
    for image in (np.full((300, 400, 3), 128, np.uint8), rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)):
        result = detector.analyze(image)["face"]
        assert not result.applicable and "no face" in result.reason
        assert result.score is None and result.faces == []


def test_missing_landmark_model_is_a_model_error():
    with pytest.raises(libdetect.ModelError, match="landmark model"):
        libdetect.Detector(analyzers=["face"], face_landmarks_model="/nonexistent/predictor.dat")
    # The other analyzers do not need it.
    libdetect.Detector(analyzers=["ela"], face_landmarks_model="/nonexistent/predictor.dat")


@needs_astronaut
def test_cli_reports_faces(tmp_path):
    out = tmp_path / "report.json"
    subprocess.run([os.environ.get("LIBDETECT_CLI", "libdetect"), "scan", str(ASTRONAUT), "--analyzers", "face",
                    "--max-faces", "1", "--out", str(out)], check=True, capture_output=True)
    record = json.loads(out.read_text())
    face = next(a for a in record["analyzers"] if a["name"] == "face")
    assert record["options"]["max_faces"] == 1 and len(face["faces"]) == 1


def test_network_input_matches_the_runtime_reduction():
    crop = np.random.default_rng(1).integers(0, 256, (face_net.ALIGN_SIZE, face_net.ALIGN_SIZE, 3), dtype=np.uint8)
    small = face_net.to_network_input(crop)
    assert small.shape == (face_net.CROP, face_net.CROP, 3)
    # Area reduction by an integer factor is the block mean.
    block = face_net.ALIGN_SIZE // face_net.CROP
    expected = crop.reshape(face_net.CROP, block, face_net.CROP, block, 3).mean((1, 3))
    assert np.abs(small - expected).max() <= 1.0


@needs_astronaut
def test_cxx_and_python_give_the_same_logit_and_boundary(locator, detector, astronaut):
    torch = pytest.importorskip("torch")
    models = SOURCE_DIR / "models"
    entry = next(m for m in json.loads((models / "manifest.json").read_text())["models"]
                 if m["name"] == "face-blend-detector")
    network = face_net.for_inference(torch.jit.load(str(models / entry["file"])))
    face = locator.find(astronaut)[0][0]
    crop, _ = libdetect.FaceLocator.align(astronaut, face, entry["input"]["align_size"], entry["input"]["margin"])
    x = torch.from_numpy(face_net.to_network_input(crop)).permute(2, 0, 1)[None].float() / 255.0
    with torch.no_grad():
        logit, boundary = network(x)
    result = detector.analyze(astronaut)["face"]
    assert result.faces[0].evidence["blend_logit"] == pytest.approx(float(logit[0]), abs=1e-4)
    assert result.faces[0].evidence["boundary_peak"] == pytest.approx(float(torch.sigmoid(boundary).max()), abs=1e-4)


def test_face_xray_boundary_is_one_on_the_edge_and_zero_off_it():
    mask = np.array([[0.0, 0.5, 1.0]], np.float32)
    assert sbi.boundary(mask).tolist() == [[0.0, 1.0, 0.0]]


SHARED_FACES = SOURCE_DIR.parent / "shared" / "data" / "faces" / "real"


@pytest.mark.skipif(not SHARED_FACES.is_dir(), reason="the development set (../shared/data) is absent")
def test_faces_of_the_development_set_are_found_and_scored(detector):
    # FFHQ and London portraits: whole, frontal faces; every one is found and scored.
    files = sorted(SHARED_FACES.glob("ffhq-*"))[:3] + sorted(SHARED_FACES.glob("london-*"))[:3]
    assert files
    for path in files:
        result = detector.analyze(str(path))["face"]
        assert result.applicable, path
        assert result.faces and result.faces[0].size >= 40 and 0.0 <= result.score <= 1.0
