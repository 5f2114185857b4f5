"""Notebook helpers: a report shown as HTML (previews blurred until clicked),
many reports as one pandas DataFrame, and matplotlib plots of the heatmaps
and the frequency profile. pandas and matplotlib are optional: they are
imported only when these helpers are called."""

from __future__ import annotations

import html
import math
from typing import Dict, Iterable, List, Optional, Sequence, Union

import numpy as np

from ._libdetect import Image, Report, ScanOutcome, to_html


class HtmlReport:
    """A report rendered as the self-contained HTML case report; notebooks
    display it through ``_repr_html_`` inside an isolated frame."""

    def __init__(self, document: str, height: int = 720):
        self.document = document
        self.height = height

    def _repr_html_(self) -> str:
        # srcdoc keeps the report's styles (and its click-to-reveal CSS)
        # apart from the notebook's page.
        return (f'<iframe srcdoc="{html.escape(self.document, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ccc" '
                f'sandbox=""></iframe>')

    def save(self, path) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.document)


def _image_for(report: Report, image) -> Image:
    """The analysed image: the one passed, the one a report made from bytes
    or pixels keeps, or the report's file opened again."""
    if image is None:
        image = getattr(report, "_image", None)
        if image is None:
            return Image.open(report.file)
    return image if isinstance(image, Image) else Image.open(image)


def show(report: Report, image=None, blur: bool = True, height: int = 720) -> HtmlReport:
    """The report as HTML for a notebook cell. ``image``: the analysed image
    (an Image, a path, bytes or an array); by default the report's file is
    opened again. Previews and heatmap overlays stay blurred until clicked
    unless ``blur=False``."""
    return HtmlReport(to_html(report, _image_for(report, image), blur=blur), height)


Record = Union[Report, ScanOutcome, Dict[str, object]]


def read_jsonl(path) -> List[Dict[str, object]]:
    """The records of a CLI scan written with ``--format jsonl`` (one JSON
    report or error record per line), as dicts. :func:`report_rows` and
    :func:`to_dataframe` accept them beside reports and scan outcomes, and
    give the same rows for a CLI scan as for a Python scan of the same files."""
    import json
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                raise ValueError(f"{path}:{number}: not a JSON record ({error})") from None
            if not isinstance(record, dict) or "file" not in record:
                raise ValueError(f"{path}:{number}: not a libdetect report or error record")
            records.append(record)
    return records


def _row_of_record(record: Dict[str, object]) -> Dict[str, object]:
    row: Dict[str, object] = {"file": str(record["file"])}
    if "error" in record:
        error = record["error"]
        row.update({"error_type": error.get("type"), "error": error.get("message")})
        return row
    verdict = record.get("verdict") or {}
    row.update({"sha256": record.get("sha256"), "format": record.get("format"), "width": record.get("width"),
                "height": record.get("height"), "verdict": verdict.get("label"), "verdict_score": verdict.get("score")})
    for question, probability in sorted((verdict.get("probabilities") or {}).items()):
        row[f"probability.{question}"] = probability
    for result in record.get("analyzers") or []:
        row[f"score.{result['name']}"] = result.get("score") if result.get("applicable") else None
        if result.get("error"):
            row[f"error.{result['name']}"] = result["error"]
    return row


def _row_of_report(file, report: Report) -> Dict[str, object]:
    row: Dict[str, object] = {"file": str(file)}
    row.update({"sha256": report.sha256, "format": report.format, "width": report.width,
                "height": report.height, "verdict": report.verdict.label,
                "verdict_score": report.verdict.score})
    for question, probability in sorted(report.verdict.probabilities.items()):
        row[f"probability.{question}"] = probability
    for result in report.analyzers:
        row[f"score.{result.name}"] = result.score if result.applicable else None
        if result.error:
            row[f"error.{result.name}"] = result.error
    return row


def report_rows(items: Iterable[Record]) -> List[Dict[str, object]]:
    """One flat dict per report, scan outcome or JSON record (:func:`read_jsonl`):
    file, SHA-256, format, size, verdict, its probabilities
    (``probability.<question>``), each analyzer's score (``score.<analyzer>``;
    None when it gives none or is not applicable) and, for failed inputs,
    ``error_type`` and ``error``."""
    rows = []
    for item in items:
        if isinstance(item, dict):
            rows.append(_row_of_record(item))
        elif isinstance(item, ScanOutcome):
            rows.append(_row_of_report(item.file, item.report) if item.ok else
                        {"file": str(item.file), "error_type": item.error_type, "error": item.error_message})
        else:
            rows.append(_row_of_report(item.file, item))
    return rows


def to_dataframe(items: Iterable[Record]):
    """The reports, scan outcomes or JSON records as a pandas DataFrame, one
    row each (columns as in :func:`report_rows`), typed for analysis:
    ``score.*``, ``probability.*`` and ``verdict_score`` are float64 with NaN
    where there is no value (not applicable, failed input); ``width`` and
    ``height`` are nullable integers (``Int64``); ``verdict``, ``format`` and
    ``error_type`` are categoricals. Needs pandas (Debian: python3-pandas)."""
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError("libdetect.to_dataframe needs pandas (Debian: apt install python3-pandas)") from error
    frame = pandas.DataFrame(report_rows(items))
    for column in frame.columns:
        if column == "verdict_score" or column.startswith(("score.", "probability.")):
            frame[column] = pandas.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column in ("width", "height"):
            frame[column] = frame[column].astype("Int64")
        elif column in ("verdict", "format", "error_type"):
            frame[column] = frame[column].astype("category")
    return frame


def _blurred(rgb: np.ndarray, cells: int = 24) -> np.ndarray:
    """A coarse mosaic of the image: enough to place the heatmaps, too coarse
    to show a person."""
    h, w = rgb.shape[:2]
    step = max(1, int(math.ceil(max(h, w) / cells)))
    hh, ww = h // step * step or h, w // step * step or w
    small = rgb[:hh, :ww].reshape(hh // step, step, ww // step, step, -1).mean(axis=(1, 3))
    mosaic = np.repeat(np.repeat(small, step, axis=0), step, axis=1)
    out = np.zeros_like(rgb, dtype=np.float64)
    out[:] = rgb.mean(axis=(0, 1))
    out[:mosaic.shape[0], :mosaic.shape[1]] = mosaic
    return out.astype(np.uint8)


def plot(report: Report, image=None, analyzers: Optional[Sequence[str]] = None, blur: bool = True,
         columns: int = 3):
    """A matplotlib figure: the image (a coarse mosaic unless ``blur=False``),
    each heatmap laid over it, and the frequency analyzer's radial profile.
    Returns the Figure. Needs matplotlib (Debian: python3-matplotlib)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError("libdetect.plot needs matplotlib (Debian: apt install python3-matplotlib)") from error
    rgb = _image_for(report, image).to_numpy()
    shown = _blurred(rgb) if blur else rgb
    results = [r for r in report.analyzers if (analyzers is None or r.name in analyzers)]
    maps = [r for r in results if r.heatmap is not None]
    profile = next((r for r in results if r.name == "frequency" and "radial_profile" in r.evidence), None)
    panels = 1 + len(maps) + (1 if profile is not None else 0)
    rows = int(math.ceil(panels / columns))
    figure, axes = plt.subplots(rows, min(columns, panels), figsize=(4 * min(columns, panels), 3.6 * rows),
                                squeeze=False)
    flat = list(axes.ravel())
    flat[0].imshow(shown)
    flat[0].set_title(f"{report.verdict.label}" + (" (blurred)" if blur else ""))
    for ax, result in zip(flat[1:], maps):
        ax.imshow(shown)
        ax.imshow(result.heatmap, cmap="inferno", alpha=0.55, vmin=0.0, vmax=1.0,
                  extent=(0, rgb.shape[1], rgb.shape[0], 0), interpolation="nearest")
        score = "n/a" if result.score is None else f"{result.score:.2f}"
        ax.set_title(f"{result.name}: {score}")
    if profile is not None:
        ax = flat[1 + len(maps)]
        values = list(profile.evidence["radial_profile"])
        frequencies = [(i + 0.5) * 0.5 / len(values) for i in range(len(values))]
        ax.plot(frequencies, values)
        ax.set_xlabel("cycles / px")
        ax.set_ylabel("log power (mean removed)")
        ax.set_title("frequency: radial profile")
    for ax in flat[:1 + len(maps)]:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in flat[panels:]:
        ax.axis("off")
    figure.tight_layout()
    return figure
