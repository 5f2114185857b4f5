"""Self-blended images (SBI, Shiohara & Yamasaki, CVPR 2022): a face blended
with a slightly altered copy of itself through a deformed mask of its
landmark hull. The blend carries what every face swap leaves - a boundary
where colour, sharpness and geometry change - without any deepfake data. The
mask's boundary, 4 m (1 - m), is the Face X-ray target (Li et al., CVPR
2020).

Works in any frame: an aligned crop or a whole image, given the 68 landmarks
in that frame. Sizes are relative to the face (the landmark hull), so a blend
looks the same at every resolution. RGB uint8 in, RGB uint8 out.
"""

from __future__ import annotations

from typing import Tuple

import cv2
import numpy as np

# Landmark subsets whose hull is the blended region (iBUG 300-W indices).
HULLS = {
    "face": list(range(68)),
    "inner": list(range(17, 68)),                           # brows, nose, eyes, mouth: the jaw stays
    "lower": list(range(0, 17)) + list(range(27, 36)) + list(range(48, 68)),  # jaw, nose, mouth
}


def face_scale(landmarks: np.ndarray) -> float:
    """The face's size: the square root of its landmark hull's area."""
    hull = cv2.convexHull(landmarks.astype(np.float32))
    return float(np.sqrt(max(cv2.contourArea(hull), 1.0)))


def hull_mask(shape: Tuple[int, int], landmarks: np.ndarray, which: str) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    hull = cv2.convexHull(np.round(landmarks[HULLS[which]]).astype(np.int32))
    cv2.fillConvexPoly(mask, hull, 255)
    return mask.astype(np.float32) / 255.0


def deform(mask: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """A smooth random displacement of the mask (elastic), then an erosion or
    dilation, so that the boundary does not follow the hull exactly."""
    h, w = mask.shape
    amplitude = rng.uniform(0.01, 0.05) * scale
    # The displacement is smooth over ~15 % of the face: draw it on a grid
    # 8x coarser and interpolate (the same field, a fraction of the cost).
    coarse = (max(2, w // 8), max(2, h // 8))
    smooth = max(0.5, 0.15 * scale / 8)
    dx, dy = (cv2.resize(cv2.GaussianBlur(rng.standard_normal((coarse[1], coarse[0])).astype(np.float32), (0, 0), smooth),
                         (w, h), interpolation=cv2.INTER_CUBIC) for _ in range(2))
    dx *= amplitude / (np.abs(dx).max() + 1e-6)
    dy *= amplitude / (np.abs(dy).max() + 1e-6)
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    mask = cv2.remap(mask, gx + dx, gy + dy, cv2.INTER_LINEAR, borderValue=0)
    radius = int(round(rng.uniform(0.0, 0.08) * scale))
    if radius > 0:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        mask = cv2.erode(mask, kernel) if rng.random() < 0.5 else cv2.dilate(mask, kernel)
    return mask


def jitter_colour(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    image = rgb.astype(np.float32)
    image += rng.uniform(-12, 12, size=3).astype(np.float32)             # per-channel shift
    contrast = rng.uniform(0.85, 1.15)
    image = (image - image.mean()) * contrast + image.mean() + rng.uniform(-10, 10)
    hsv = cv2.cvtColor(np.clip(image, 0, 255).astype(np.uint8), cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-4, 4)) % 180
    hsv[..., 1] = np.clip(hsv[..., 1] * rng.uniform(0.8, 1.2), 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)


def jitter_sharpness(rgb: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    if rng.random() < 0.5:  # softer: down and up again
        factor = rng.uniform(0.35, 0.85)
        h, w = rgb.shape[:2]
        small = cv2.resize(rgb, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv2.INTER_AREA)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    sigma = max(0.5, 0.01 * scale)  # sharper: unsharp mask
    blurred = cv2.GaussianBlur(rgb, (0, 0), sigma)
    amount = rng.uniform(0.3, 1.0)
    return cv2.addWeighted(rgb, 1 + amount, blurred, -amount, 0)


def shift_geometry(rgb: np.ndarray, centre: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """A small scaling about the face centre and a small translation."""
    zoom = rng.uniform(0.95, 1.05)
    tx, ty = rng.uniform(-0.03, 0.03, size=2) * scale
    matrix = np.array([[zoom, 0, (1 - zoom) * centre[0] + tx], [0, zoom, (1 - zoom) * centre[1] + ty]], np.float32)
    return cv2.warpAffine(rgb, matrix, (rgb.shape[1], rgb.shape[0]), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT)


def self_blend(rgb: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
    """(blended image, blending mask m in [0, 1]) for a face with 68
    landmarks (x, y) in the image's frame."""
    scale = face_scale(landmarks)
    source, target = rgb, rgb
    altered = shift_geometry(jitter_sharpness(jitter_colour(rgb, rng), scale, rng), landmarks.mean(0), scale, rng)
    if rng.random() < 0.5:
        source = altered   # the altered copy is pasted in
    else:
        target = altered   # or the face is pasted into the altered copy
    which = ["face", "face", "inner", "lower"][int(rng.integers(4))]
    mask = deform(hull_mask(rgb.shape[:2], landmarks, which), scale, rng)
    mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(0.01, 0.08) * scale)
    peak = mask.max()
    if peak <= 0:
        return rgb.copy(), mask
    mask = mask / peak
    ratio = [0.25, 0.5, 0.75, 1.0, 1.0, 1.0][int(rng.integers(6))]
    blend = (mask * ratio)[..., None]
    out = source.astype(np.float32) * blend + target.astype(np.float32) * (1 - blend)
    return np.clip(np.round(out), 0, 255).astype(np.uint8), mask


def boundary(mask: np.ndarray) -> np.ndarray:
    """Face X-ray: 4 m (1 - m), 1 on the middle of the blending edge, 0 away from it."""
    return 4.0 * mask * (1.0 - mask)
