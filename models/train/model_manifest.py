"""models/manifest.json: one entry per shipped model, replaced by name."""

from __future__ import annotations

import hashlib
import json
import os


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(models_dir: str) -> dict:
    path = os.path.join(models_dir, "manifest.json")
    if not os.path.exists(path):
        return {"schema": "libdetect.models/1", "models": []}
    with open(path) as handle:
        return json.load(handle)


def entry(models_dir: str, name: str) -> dict:
    for model in read(models_dir)["models"]:
        if model["name"] == name:
            return model
    raise KeyError(f"no model named {name} in {models_dir}/manifest.json")


def put_entry(models_dir: str, new_entry: dict) -> None:
    manifest = read(models_dir)
    manifest["models"] = [m for m in manifest["models"] if m["name"] != new_entry["name"]] + [new_entry]
    with open(os.path.join(models_dir, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1)
        handle.write("\n")
