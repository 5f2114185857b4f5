"""Faces of the development set for train_face.py and evaluate_faces.py,
found and aligned by libdetect itself (FaceLocator), so that training sees
exactly the crops the C++ runtime makes. Needs the built Python module:
PYTHONPATH=build/python.

The cache (a folder of .npy files) holds, for each image with a face, the
strongest face's ALIGN_SIZE crop, its landmarks in crop coordinates and its
size in the image; rebuilt when missing.
"""

from __future__ import annotations

import json
import os
import sys
from typing import List

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import face_net  # noqa: E402

FACE_DOMAINS = ("face", "person")


def libdetect_module():
    try:
        import libdetect
    except ImportError as error:
        raise SystemExit("the face scripts need libdetect's Python module: build it and set "
                         "PYTHONPATH=build/python") from error
    return libdetect


def face_entries(data_dir: str) -> List[devset.Entry]:
    return [e for e in devset.read_manifest(data_dir) if e.domain in FACE_DOMAINS]


def to_crop(transform: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ transform[:, :2].T + transform[:, 2]


def build(data_dir: str, cache_dir: str) -> dict:
    libdetect = libdetect_module()
    locator = libdetect.FaceLocator()
    crops, landmarks, kept, sizes, missing = [], [], [], [], []
    entries = face_entries(data_dir)
    for index, entry in enumerate(entries):
        image = libdetect.Image.open(entry.path)
        faces, _ = locator.find(image)
        faces = [f for f in faces if not f.too_small]
        if not faces:
            missing.append(entry.file)
            continue
        face = faces[0]
        crop, transform = libdetect.FaceLocator.align(image, face, face_net.ALIGN_SIZE, face_net.MARGIN)
        crops.append(crop)
        landmarks.append(to_crop(transform, face.landmarks).astype(np.float32))
        kept.append(entry.file)
        sizes.append(face.size)
        if (index + 1) % 200 == 0:
            print(f"  faces: {index + 1}/{len(entries)} images, {len(kept)} faces", flush=True)
    os.makedirs(cache_dir, exist_ok=True)
    np.save(os.path.join(cache_dir, "crops.npy"), np.stack(crops))
    np.save(os.path.join(cache_dir, "landmarks.npy"), np.stack(landmarks))
    summary = {"files": kept, "face_sizes": sizes, "no_face": missing,
               "align_size": face_net.ALIGN_SIZE, "margin": face_net.MARGIN}
    with open(os.path.join(cache_dir, "index.json"), "w") as handle:
        json.dump(summary, handle)
    return summary


def load(data_dir: str, cache_dir: str):
    """(entries with a face, crops N x S x S x 3, landmarks N x 68 x 2, summary)."""
    index_path = os.path.join(cache_dir, "index.json")
    summary = None
    if os.path.exists(index_path):
        with open(index_path) as handle:
            summary = json.load(handle)
        if summary.get("align_size") != face_net.ALIGN_SIZE or summary.get("margin") != face_net.MARGIN:
            summary = None
    if summary is None:
        print(f"finding and aligning faces into {cache_dir} ...", flush=True)
        summary = build(data_dir, cache_dir)
    by_file = {e.file: e for e in face_entries(data_dir)}
    entries = [by_file[f] for f in summary["files"]]
    crops = np.load(os.path.join(cache_dir, "crops.npy"), mmap_mode="r")
    landmarks = np.load(os.path.join(cache_dir, "landmarks.npy"))
    return entries, crops, landmarks, summary
