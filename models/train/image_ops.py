"""Image treatments shared by the training and evaluation scripts: JPEG
re-compression and the evaluation conditions of the model cards. RGB uint8."""

from __future__ import annotations

import cv2
import numpy as np

# The conditions of the model issue: as-is, JPEG q95/75/50, downscale x0.5,
# Gaussian blur sigma 1, PNG re-save.
CONDITIONS = ["as-is", "jpeg95", "jpeg75", "jpeg50", "resize0.5", "blur1", "png"]


def encode_jpeg(rgb: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    assert ok
    return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def reshare(rgb: np.ndarray) -> np.ndarray:
    """The field condition of issue 17: what a re-shared image becomes, at
    most 1,024 px on its longer side (INTER_AREA), then JPEG q90."""
    h, w = rgb.shape[:2]
    if max(h, w) > 1024:
        f = 1024.0 / max(h, w)
        rgb = cv2.resize(rgb, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    return encode_jpeg(rgb, 90)


def condition(rgb: np.ndarray, name: str) -> np.ndarray:
    """One condition, or several joined by '+' applied left to right
    ('resize0.5+jpeg75': what a platform does to an upload)."""
    if "+" in name:
        for part in name.split("+"):
            rgb = condition(rgb, part)
        return rgb
    if name.startswith("jpeg"):
        return encode_jpeg(rgb, int(name[4:]))
    if name == "resize0.5":
        return cv2.resize(rgb, (max(1, rgb.shape[1] // 2), max(1, rgb.shape[0] // 2)), interpolation=cv2.INTER_AREA)
    if name == "blur1":
        return cv2.GaussianBlur(rgb, (0, 0), 1.0)
    if name == "png":  # lossless: the pixels must not change
        ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        assert ok
        return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    if name == "reshared":
        return reshare(rgb)
    if name == "as-is":
        return rgb
    raise ValueError(f"unknown condition {name}")


def read_rgb(path: str) -> np.ndarray:
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise IOError(f"cannot decode {path}")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
