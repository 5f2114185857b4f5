"""The metadata analyzer through Python: a generator's PNG text chunk is
named, pixels given as an array have no metadata, and GPS coordinates stay
out of reports unless asked for."""

import json
import struct
import zlib

import cv2
import numpy as np

import libdetect


def png_with_text(keyword: bytes, text: bytes) -> bytes:
    ok, encoded = cv2.imencode(".png", np.full((32, 48, 3), 90, np.uint8))
    assert ok
    data = encoded.tobytes()
    body = keyword + b"\x00" + text
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return data[:33] + chunk + data[33:]  # after the signature and IHDR


def test_a1111_parameters_are_declared():
    png = png_with_text(b"parameters", b"a fox\nNegative prompt: blur\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 6, Seed: 9")
    result = libdetect.Detector(analyzers=["metadata"]).analyze(png)["metadata"]
    assert result.applicable and result.score == 0.99
    assert result.evidence["declared"] is True
    assert result.evidence["generator"].startswith("AUTOMATIC1111")
    assert "Steps: 30" in result.evidence["field:png:tEXt:parameters"]
    assert result.heatmap is None


def test_pixels_have_no_metadata_and_invalid_utf8_is_replaced():
    pixels = np.zeros((32, 32, 3), np.uint8)
    result = libdetect.Detector(analyzers=["metadata"]).analyze(pixels)["metadata"]
    assert not result.applicable and "pixels" in result.reason
    png = png_with_text(b"Comment", b"bad \xff\xfe bytes")
    report = libdetect.Detector(analyzers=["metadata"]).analyze(png)
    assert report["metadata"].evidence["field:png:tEXt:Comment"] == "bad \u00ff\u00fe bytes"  # tEXt is Latin-1
    json.loads(report.to_json())


def test_gps_coordinates_option_is_recorded():
    report = libdetect.Detector(analyzers=["metadata"], gps_coordinates=True).analyze(png_with_text(b"k", b"v"))
    assert json.loads(report.to_json())["options"]["gps_coordinates"] is True
    report = libdetect.Detector(analyzers=["metadata"]).analyze(png_with_text(b"k", b"v"))
    assert json.loads(report.to_json())["options"]["gps_coordinates"] is False
