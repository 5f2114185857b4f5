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


def tiff_with_thumbnail(thumbnail: bytes) -> bytes:
    """Little-endian EXIF: an empty IFD0 pointing to IFD1, whose
    JPEGInterchangeFormat(Length) tags locate `thumbnail`."""
    ifd1 = 8 + 2 + 4
    data = ifd1 + 2 + 2 * 12 + 4
    return (b"II*\0" + struct.pack("<I", 8) + struct.pack("<HI", 0, ifd1) +
            struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, data) +
            struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail)) + struct.pack("<I", 0) + thumbnail)


def cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    if value < 1 << 8:
        return bytes([major << 5 | 24, value])
    if value < 1 << 16:
        return bytes([major << 5 | 25]) + struct.pack(">H", value)
    return bytes([major << 5 | 26]) + struct.pack(">I", value)


def cbor(value) -> bytes:
    """The CBOR of str, bytes, int >= 0, list and dict (enough for C2PA boxes)."""
    if isinstance(value, str):
        return cbor_head(3, len(value.encode())) + value.encode()
    if isinstance(value, bytes):
        return cbor_head(2, len(value)) + value
    if isinstance(value, int):
        return cbor_head(0, value)
    if isinstance(value, list):
        return cbor_head(4, len(value)) + b"".join(cbor(v) for v in value)
    return cbor_head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())


def jumbf_box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def jumbf_superbox(label: str, *children: bytes) -> bytes:
    description = jumbf_box(b"jumd", b"\x11" * 16 + b"\x03" + label.encode() + b"\0")
    return jumbf_box(b"jumb", description + b"".join(children))


def c2pa_store(*assertions: bytes, claim: bytes = None) -> bytes:
    claim = claim if claim is not None else cbor({"claim_generator": "corpus/1.0", "alg": "sha256"})
    manifest = jumbf_superbox("urn:uuid:corpus", jumbf_superbox("c2pa.assertions", *assertions),
                              jumbf_superbox("c2pa.claim", jumbf_box(b"cbor", claim)))
    return jumbf_superbox("c2pa", manifest)


def stealth_overlong(picture: Path) -> bytes:
    """A PNG whose alpha low bits carry the stealth-pnginfo signature and a
    length of 2^31 bits (issue 22's reader must refuse it, not allocate it)."""
    import cv2
    import numpy as np
    bgra = cv2.cvtColor(cv2.imread(str(picture)), cv2.COLOR_BGR2BGRA)
    bits = [(byte >> (7 - i)) & 1 for byte in b"stealth_pnginfo" + struct.pack(">I", 1 << 31) for i in range(8)]
    column = bgra[:, 0, 3].copy()
    column[:len(bits)] = (column[:len(bits)] & 0xFE) | np.array(bits, dtype=np.uint8)
    bgra[:, 0, 3] = column
    ok, encoded = cv2.imencode(".png", bgra)
    assert ok
    return encoded.tobytes()


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
        # An EXIF thumbnail whose header claims 65,500 x 65,500 pixels.
        "exif-thumbnail-65500.jpg": jpeg_with(jpeg, jpeg_segment(0xE1, b"Exif\0\0" + tiff_with_thumbnail(
            sof_claiming(jpeg, 65500, 65500)[:4000]))),
        # 1,300 hard-binding assertions (each would re-hash the whole file).
        "c2pa-1300-hash-assertions.png": png_with(png, png_chunk(b"caBX", c2pa_store(*[
            jumbf_superbox(f"c2pa.hash.data__{i}", jumbf_box(b"cbor", cbor(
                {"alg": "sha256", "hash": b"\0" * 32, "exclusions": [{"start": 33, "length": 12}]})))
            for i in range(1300)]))),
        # A claim of 100,000 nested CBOR tags (a recursive decoder's stack).
        "c2pa-deep-cbor-tags.png": png_with(png, png_chunk(b"caBX", c2pa_store(
            claim=b"\xc6" * 100000 + cbor("end")))),
        "stealth-pnginfo-overlong.png": stealth_overlong(examples / "lossless.png"),
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
