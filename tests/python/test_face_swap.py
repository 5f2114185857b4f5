"""The classical face-swap generator (models/train/face_swap.py): the donor's
face lands on the target's geometry, inside the mask only."""

import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "models" / "train"))
import face_swap  # noqa: E402


def face_points(cx, cy, r):
    """68 points on an ellipse-ish layout: jaw, brows, nose, eyes, mouth."""
    angles = np.linspace(np.pi * 0.1, np.pi * 0.9, 17)
    jaw = np.stack([cx - r * np.cos(angles), cy + r * np.sin(angles) * 0.9], 1)
    brows = np.stack([np.linspace(cx - 0.7 * r, cx + 0.7 * r, 10), np.full(10, cy - 0.45 * r)], 1)
    nose = np.stack([np.full(9, cx) + np.linspace(-0.15, 0.15, 9) * r, np.linspace(cy - 0.3 * r, cy + 0.2 * r, 9)], 1)
    eyes = np.concatenate([np.stack([cx + dx * r + 0.12 * r * np.cos(t), cy - 0.25 * r + 0.06 * r * np.sin(t)], 1)
                           for dx in (-0.35, 0.35) for t in [np.linspace(0, 2 * np.pi, 6, endpoint=False)]])
    mouth = np.stack([cx + 0.3 * r * np.cos(np.linspace(0, 2 * np.pi, 20, endpoint=False)),
                      cy + 0.5 * r + 0.1 * r * np.sin(np.linspace(0, 2 * np.pi, 20, endpoint=False))], 1)
    points = np.concatenate([jaw, brows, nose, eyes, mouth])
    assert points.shape == (68, 2)
    return points


def test_the_donor_face_replaces_the_target_inside_the_mask_only():
    rng = np.random.default_rng(0)
    target = np.full((240, 240, 3), (60, 120, 180), np.uint8)
    target += rng.integers(0, 10, target.shape, dtype=np.uint8)
    donor = np.full((200, 200, 3), (200, 40, 40), np.uint8)
    donor[::4] = 255  # a stripe texture the target does not have
    out, how = face_swap.swap(target, face_points(120, 110, 70), donor, face_points(100, 95, 55), rng,
                              mask_kind="face", blend="alpha", sharpen=False)
    assert out.shape == target.shape and out.dtype == np.uint8
    assert how == {"mask": "face", "blend": "alpha", "sharpen": False, "jpeg_quality": 0}
    changed = np.abs(out.astype(int) - target.astype(int)).sum(axis=2) > 12
    assert changed[110, 120]                         # the face centre
    assert not changed[:20].any() and not changed[-20:].any()  # far outside the face
    # The donor's stripes survive the warp and the colour match: the swapped region has more vertical detail.
    inside = out[90:130, 100:140].astype(float)
    assert np.abs(np.diff(inside, axis=0)).mean() > 2 * np.abs(np.diff(target[90:130, 100:140].astype(float), axis=0)).mean()


def test_poisson_cloning_and_jpeg_keep_the_frame():
    rng = np.random.default_rng(1)
    target = (rng.random((200, 220, 3)) * 255).astype(np.uint8)
    donor = (rng.random((200, 220, 3)) * 255).astype(np.uint8)
    out, how = face_swap.swap(target, face_points(110, 100, 60), donor, face_points(110, 100, 60), rng,
                              mask_kind="inner", blend="poisson", sharpen=True, jpeg_quality=85)
    assert out.shape == target.shape and how["blend"] == "poisson" and how["jpeg_quality"] == 85
