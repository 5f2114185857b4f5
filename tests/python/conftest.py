"""Fixtures for the Python and CLI tests: small images made in code."""

import hashlib
import os
import struct
import zlib
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("LIBDETECT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLES = SOURCE_DIR / "examples" / "images"


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims width x height (valid CRCs, 1x1 of data)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(b"\x00\x10\x20\x30")) + chunk(b"IEND", b""))


def write_bmp(path: Path, rgb) -> None:
    """Writes an HxWx3 uint8 RGB array as an uncompressed 24-bit BMP."""
    import numpy as np
    h, w, _ = rgb.shape
    row_bytes = (w * 3 + 3) // 4 * 4
    rows = np.zeros((h, row_bytes), np.uint8)
    rows[:, : w * 3] = rgb[::-1, :, ::-1].reshape(h, w * 3)  # bottom-up BGR
    pixels = rows.tobytes()
    header = (b"BM" + (54 + len(pixels)).to_bytes(4, "little") + b"\0" * 4 + (54).to_bytes(4, "little")
              + (40).to_bytes(4, "little") + w.to_bytes(4, "little") + h.to_bytes(4, "little")
              + (1).to_bytes(2, "little") + (24).to_bytes(2, "little") + b"\0" * 24)
    path.write_bytes(header + pixels)


def copies_of_untouched(folder: Path, names) -> Path:
    """`folder` made, holding a copy of the untouched example under each name."""
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    return folder


def file_state(path: Path):
    """What must not change when libdetect reads a file."""
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


@pytest.fixture
def bad_inputs(tmp_path):
    """The bad inputs of the foundation issue, by name."""
    good = (EXAMPLES / "untouched.jpg").read_bytes()
    files = {
        "empty": tmp_path / "empty.jpg",
        "truncated": tmp_path / "truncated.jpg",
        "text": tmp_path / "note.jpg",
        "huge": tmp_path / "huge.png",
    }
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(good[: len(good) // 2])
    files["text"].write_text("Dear diary, this is not a picture.\n")
    files["huge"].write_bytes(png_claiming_size(60000, 60000))
    return files


@pytest.fixture
def mixed_dir(tmp_path):
    """A directory with two good images and one bad one."""
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "a_good.jpg").write_bytes((EXAMPLES / "untouched.jpg").read_bytes())
    (folder / "b_bad.jpg").write_bytes(b"not an image")
    (folder / "c_good.png").write_bytes((EXAMPLES / "lossless.png").read_bytes())
    return folder
