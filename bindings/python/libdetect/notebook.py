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
    if image is None:
        return Image.open(report.file)
    return image if isinstance(image, Image) else Image.open(image)


def show(report: Report, image=None, blur: bool = True, height: int = 720) -> HtmlReport:
    """The report as HTML for a notebook cell. ``image``: the analysed image
    (an Image, a path, bytes or an array); by default the report's file is
    opened again. Previews and heatmap overlays stay blurred until clicked
    unless ``blur=False``."""
    return HtmlReport(to_html(report, _image_for(report, image), blur=blur), height)


def _reports(items: Iterable[Union[Report, ScanOutcome]]):
    for item in items:
        if isinstance(item, ScanOutcome):
            yield item.file, (item.report if item.ok else None), (None if item.ok else item)
        else:
            yield item.file, item, None


def report_rows(items: Iterable[Union[Report, ScanOutcome]]) -> List[Dict[str, object]]:
    """One flat dict per report or scan outcome: file, SHA-256, size, verdict,
    its probabilities, each analyzer's score (``score.<analyzer>``; None when
    it gives none) and, for failed inputs, the error."""
    rows = []
    for file, report, failure in _reports(items):
        row: Dict[str, object] = {"file": str(file)}
        if failure is not None:
            row.update({"error_type": failure.error_type, "error": failure.error_message})
            rows.append(row)
            continue
        row.update({"sha256": report.sha256, "format": report.format, "width": report.width,
                    "height": report.height, "verdict": report.verdict.label,
                    "verdict_score": report.verdict.score})
        for question, probability in sorted(report.verdict.probabilities.items()):
            row[f"probability.{question}"] = probability
        for result in report.analyzers:
            row[f"score.{result.name}"] = result.score if result.applicable else None
            if result.error:
                row[f"error.{result.name}"] = result.error
        rows.append(row)
    return rows


def to_dataframe(items: Iterable[Union[Report, ScanOutcome]]):
    """The reports (or scan outcomes) as a pandas DataFrame, one row each
    (columns as in :func:`report_rows`). Needs pandas (Debian: python3-pandas)."""
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError("libdetect.to_dataframe needs pandas (Debian: apt install python3-pandas)") from error
    return pandas.DataFrame(report_rows(items))


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
