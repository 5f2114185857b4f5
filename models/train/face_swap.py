"""Classical cross-identity face swaps, made the way the first FaceSwap tools
made them (issue 23, item 2): the donor's face is warped onto the target's
geometry triangle by triangle (Delaunay over the 68 landmarks), its colour
matched to the target's skin (mean and deviation in CIELAB inside the mask),
and cloned in with Poisson blending (cv2.seamlessClone) or a feathered alpha
mask; the mask shape varies (whole hull, inner face, jaw-less), and the
result may be sharpened and re-saved as JPEG.

These are for evaluation: the face model was trained on self-blends only, and
a swap between two real people is the case it exists for. RGB uint8 in and
out, landmarks (68, 2) in each image's frame.
"""

from __future__ import annotations

from typing import Tuple

import cv2
import numpy as np

import sbi

MASKS = ("face", "inner", "lower")
BLENDS = ("poisson", "alpha")


def delaunay(points: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    """Triangles (k, 3) as indices into `points`, over a rectangle of `size` (w, h)."""
    w, h = size
    subdiv = cv2.Subdiv2D((0, 0, w, h))
    clipped = np.clip(points, [0, 0], [w - 1, h - 1]).astype(np.float32)
    for x, y in clipped:
        subdiv.insert((float(x), float(y)))
    triangles = []
    for t in subdiv.getTriangleList().reshape(-1, 3, 2):
        index = [int(np.argmin(((clipped - v) ** 2).sum(axis=1))) for v in t]
        if len(set(index)) == 3:
            triangles.append(index)
    return np.array(sorted(set(tuple(t) for t in triangles)), dtype=np.int32)


def warp_face(donor: np.ndarray, donor_points: np.ndarray, target_shape, target_points: np.ndarray) -> np.ndarray:
    """The donor's pixels moved onto the target's geometry, piecewise affine."""
    h, w = target_shape[:2]
    out = np.zeros((h, w, 3), np.float32)
    for tri in delaunay(target_points, (w, h)):
        src, dst = donor_points[tri].astype(np.float32), target_points[tri].astype(np.float32)
        x, y, bw, bh = cv2.boundingRect(dst)
        x, y = max(x, 0), max(y, 0)
        bw, bh = min(bw, w - x), min(bh, h - y)
        if bw <= 0 or bh <= 0:
            continue
        local = (dst - np.float32([x, y])).astype(np.float32)
        matrix = cv2.getAffineTransform(src, local)
        patch = cv2.warpAffine(donor.astype(np.float32), matrix, (bw, bh), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REFLECT_101)
        mask = np.zeros((bh, bw), np.float32)
        cv2.fillConvexPoly(mask, np.round(local).astype(np.int32), 1.0)
        region = out[y:y + bh, x:x + bw]
        region[:] = region * (1 - mask[..., None]) + patch * mask[..., None]
    return out


def match_colour(source: np.ndarray, target: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Source's colours moved to the target's mean and deviation inside the mask (CIELAB)."""
    inside = mask > 0.5
    if inside.sum() < 16:
        return source
    a = cv2.cvtColor(np.clip(source, 0, 255).astype(np.uint8), cv2.COLOR_RGB2LAB).astype(np.float32)
    b = cv2.cvtColor(target, cv2.COLOR_RGB2LAB).astype(np.float32)
    for c in range(3):
        ms, ss = a[..., c][inside].mean(), a[..., c][inside].std() + 1e-3
        mt, st = b[..., c][inside].mean(), b[..., c][inside].std() + 1e-3
        a[..., c] = (a[..., c] - ms) * (st / ss) + mt
    return cv2.cvtColor(np.clip(a, 0, 255).astype(np.uint8), cv2.COLOR_LAB2RGB).astype(np.float32)


def swap(target: np.ndarray, target_points: np.ndarray, donor: np.ndarray, donor_points: np.ndarray,
         rng: np.random.Generator, mask_kind: str = "", blend: str = "", sharpen: bool = None,
         jpeg_quality: int = 0) -> Tuple[np.ndarray, dict]:
    """(the target image with the donor's face, what was done)."""
    mask_kind = mask_kind or MASKS[int(rng.integers(len(MASKS)))]
    blend = blend or BLENDS[int(rng.integers(len(BLENDS)))]
    sharpen = bool(rng.random() < 0.3) if sharpen is None else sharpen
    scale = sbi.face_scale(target_points)
    warped = warp_face(donor, donor_points, target.shape, target_points)
    mask = sbi.hull_mask(target.shape[:2], target_points, mask_kind)
    # Stay inside the warped area: shrink the hull a little.
    radius = max(1, int(round(0.04 * scale)))
    mask = cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1)))
    warped = match_colour(warped, target, mask)
    if blend == "poisson" and mask.sum() > 0:
        ys, xs = np.nonzero(mask > 0.5)
        centre = (int((xs.min() + xs.max()) // 2), int((ys.min() + ys.max()) // 2))
        out = cv2.seamlessClone(np.clip(warped, 0, 255).astype(np.uint8), target,
                                (mask > 0.5).astype(np.uint8) * 255, centre, cv2.NORMAL_CLONE)
    else:
        soft = cv2.GaussianBlur(mask, (0, 0), max(0.5, rng.uniform(0.02, 0.06) * scale))[..., None]
        out = np.clip(np.round(warped * soft + target.astype(np.float32) * (1 - soft)), 0, 255).astype(np.uint8)
    if sharpen:
        blurred = cv2.GaussianBlur(out, (0, 0), 1.0)
        out = cv2.addWeighted(out, 1.5, blurred, -0.5, 0)
    if jpeg_quality:
        ok, data = cv2.imencode(".jpg", cv2.cvtColor(out, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        out = cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return out, {"mask": mask_kind, "blend": blend, "sharpen": sharpen, "jpeg_quality": jpeg_quality}
