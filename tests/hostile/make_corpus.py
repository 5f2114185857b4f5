"""Writes a corpus of crafted evidence files (issue 16) into a folder: the
cases a person under investigation could build to crash, hang, exhaust or
mislead a scan. Every file is made here from the example images; nothing is
downloaded and nothing from ../shared is used.

    /usr/bin/python3 tests/hostile/make_corpus.py OUT_DIR [--examples DIR]

Prints one line per case. tests/python/test_hostile_corpus.py scans the
corpus as one batch; benchmarks/hostile_corpus.sh measures its time and peak
memory.
"""

from __future__ import annotations

import argparse
import os
import struct
import zlib
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with(png: bytes, *chunks: bytes) -> bytes:
    """The chunks inserted after IHDR (8-byte signature + 25-byte IHDR)."""
    return png[:33] + b"".join(chunks) + png[33:]


def jpeg_with(jpeg: bytes, *segments: bytes) -> bytes:
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def jpeg_segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def riff_chunk(fourcc: bytes, body: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def webp_with_xmp(picture: Path, xmp: bytes) -> bytes:
    """The picture as a WebP with an XMP chunk appended (and the RIFF size fixed)."""
    import cv2
    ok, encoded = cv2.imencode(".webp", cv2.imread(str(picture)), [cv2.IMWRITE_WEBP_QUALITY, 80])
    assert ok
    webp = encoded.tobytes() + riff_chunk(b"XMP ", xmp)
    return webp[:4] + struct.pack("<I", len(webp) - 8) + webp[8:]


def sof_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    at = jpeg.index(b"\xFF\xC0")
    return jpeg[: at + 5] + struct.pack(">HH", height, width) + jpeg[at + 9:]


def make(out: Path, examples: Path) -> list:
    out.mkdir(parents=True, exist_ok=True)
    jpeg = (examples / "untouched.jpg").read_bytes()
    png = (examples / "lossless.png").read_bytes()
    unterminated = b'<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType="' + b"a" * (10 << 20)
    bomb = png_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"z" * (4 << 20), 9))
    cases = {
        "xmp-unterminated.png": png_with(png, png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + unterminated)),
        "xmp-unterminated.jpg": jpeg_with(jpeg, jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" +
                                                             unterminated[:65000])),
        "xmp-unterminated.webp": webp_with_xmp(examples / "untouched.jpg", unterminated),
        "ztxt-bombs.png": png_with(png, *([bomb] * 5000)),
        "chunk-claims-1gb.png": png[:33] + struct.pack(">I", 1 << 30) + b"iCCP" + b"\0" * 96,
        "jpeg-claims-65500.jpg": sof_claiming(jpeg, 65500, 65500),
        "jpeg-cut-25.jpg": jpeg[: len(jpeg) // 4] + b"\xFF\xD9",
        "jpeg-cut-50.jpg": jpeg[: len(jpeg) // 2] + b"\xFF\xD9",
        "jpeg-cut-75.jpg": jpeg[: 3 * len(jpeg) // 4] + b"\xFF\xD9",
        "jpeg-garbage-inside.jpg": jpeg[: len(jpeg) // 2] + bytes(range(256)) * 2 + jpeg[len(jpeg) // 2 + 512:],
        "jpeg-10000-comments.jpg": jpeg_with(jpeg, *([jpeg_segment(0xFE, b"x" * 100)] * 10000)),
        "empty.jpg": b"",
        "text-named.jpg": b"Dear diary, this is not a picture.\n",
        "jpeg-without-extension": jpeg,
        "name with\nnewline.jpg": jpeg,
        "read-only.jpg": jpeg,
    }
    for name, data in cases.items():
        (out / name).write_bytes(data)
    os.chmod(out / "read-only.jpg", 0o444)
    (out / b"invalid-utf8-\xff.jpg".decode("utf-8", "surrogateescape")).write_bytes(jpeg)
    os.mkfifo(out / "fifo.jpg")
    os.symlink(out / "gone.jpg", out / "dangling.jpg")
    os.symlink(out / "loop.jpg", out / "loop.jpg")
    names = sorted(os.listdir(out))
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--examples", type=Path, default=SOURCE_DIR / "examples" / "images")
    args = parser.parse_args()
    for name in make(args.out, args.examples):
        print(repr(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
