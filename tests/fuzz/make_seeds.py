#!/usr/bin/python3
"""Writes the fuzzers' seed corpus (tests/fuzz/corpus/<target>/seed-*):
small, valid examples of each structure, so fuzzing starts from inputs that
reach deep into the parsers. Run once; the output is committed.

    /usr/bin/python3 tests/fuzz/make_seeds.py
"""

import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def cbor(value) -> bytes:
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        if n < 256:
            return bytes([major << 5 | 24, n])
        if n < 65536:
            return bytes([major << 5 | 25]) + struct.pack(">H", n)
        return bytes([major << 5 | 26]) + struct.pack(">I", n)
    if isinstance(value, bool):
        return bytes([0xF5 if value else 0xF4])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode()
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    if value is None:
        return bytes([0xF6])
    raise TypeError(value)


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def superbox(label: str, children) -> bytes:
    description = b"\x11" * 16 + b"\x03" + label.encode() + b"\x00"
    return box(b"jumb", box(b"jumd", description) + b"".join(children))


def cbor_box(label, value) -> bytes:
    return superbox(label, [box(b"cbor", cbor(value))])


def manifest_store() -> bytes:
    actions = {"actions": [{"action": "c2pa.created",
                            "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}]}
    hash_data = {"exclusions": [{"start": 20, "length": 100}], "alg": "sha256", "hash": bytes(32), "name": "jumbf manifest"}
    claim = {"claim_generator": "seed/1.0", "alg": "sha256", "dc:format": "image/jpeg"}
    cose = bytes([0xD2]) + cbor([cbor({1: -7}), {33: b"\x30\x03\x02\x01\x00"}, None, bytes(64)])
    return superbox("c2pa", [superbox("urn:uuid:seed", [
        superbox("c2pa.assertions", [cbor_box("c2pa.actions.v2", actions), cbor_box("c2pa.hash.data", hash_data),
                                     cbor_box("c2pa.ingredient", {"dc:title": "A.jpg", "relationship": "parentOf"})]),
        cbor_box("c2pa.claim", claim),
        superbox("c2pa.signature", [box(b"cbor", cose)])])])


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(chunks) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + idat + png_chunk(b"IEND", b"")


def jpeg_segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(segments) -> bytes:
    return b"\xff\xd8" + b"".join(segments) + jpeg_segment(0xDA, bytes(10)) + b"\x00\xff\xd9"


def riff(chunks) -> bytes:
    body = b"WEBP" + b"".join(k + struct.pack("<I", len(d)) + d + (b"\x00" if len(d) % 2 else b"") for k, d in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def write(target: str, name: str, data: bytes) -> None:
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data)


def main() -> None:
    parameters = b"parameters\x00a duck\nNegative prompt: blur\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description Iptc4xmpExt:DigitalSourceType="' \
          b'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta>'
    store = manifest_store()
    write("png_chunks", "seed-text", png([png_chunk(b"tEXt", parameters),
                                          png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b'{"steps": 50}')),
                                          png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp)]))
    write("png_chunks", "seed-c2pa", png([png_chunk(b"caBX", store), png_chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08")]))
    write("jpeg_segments", "seed-jpeg", jpeg([
        jpeg_segment(0xFE, b"a comment"),
        jpeg_segment(0xE1, b"Exif\x00\x00MM\x00*\x00\x00\x00\x08"),
        jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp),
        jpeg_segment(0xEB, b"JP\x00\x01\x00\x00\x00\x01" + store[:40]),
        jpeg_segment(0xEB, b"JP\x00\x01\x00\x00\x00\x02" + store[:8] + store[40:])]))
    write("jpeg_segments", "seed-webp", riff([(b"VP8 ", b"\x00" * 10), (b"EXIF", b"Exif\x00\x00II*\x00\x08\x00\x00\x00"),
                                              (b"XMP ", xmp), (b"C2PA", store)]))
    write("c2pa", "seed-store", store)
    write("c2pa", "seed-cbor", cbor({"a": [1, -2, b"\x00", {"b": True}], "c": None}))


if __name__ == "__main__":
    main()
