"""libdetect: detect AI-generated, face-swapped and locally edited images, offline.

    >>> import libdetect
    >>> report = libdetect.Detector().analyze("photo.jpg")
    >>> report.verdict.label, report["ela"].heatmap.shape
    >>> report.show()                      # in a notebook: the HTML case report, blurred
    >>> libdetect.to_dataframe(libdetect.scan("folder/"))   # needs pandas

Every score is in [0, 1] and higher means more likely manipulated or generated;
``None`` means the analyzer gives evidence but no probability. Errors raised by
the library derive from :class:`libdetect.Error`.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, Iterable, List, Optional, Union

from ._libdetect import (  # noqa: F401  (re-exported API)
    AiGenerationEstimate,
    AnalyzerResult,
    CameraRecord,
    Declaration,
    DecodeError,
    Detector,
    Error,
    Face,
    FaceBox,
    FaceContext,
    FaceLocator,
    FaceSwapEstimate,
    Findings,
    HashList,
    HashListProblem,
    HashMatch,
    Image,
    ImageHashes,
    InvalidArgument,
    JpegHistory,
    IoError,
    LimitError,
    KnownHash,
    ModelError,
    PDQ_MATCH_THRESHOLD,
    PDQ_MIN_USEFUL_QUALITY,
    PdqHash,
    Report,
    ScanOutcome,
    SourceCandidate,
    SourceMatch,
    Verdict,
    __version__,
    available_analyzers,
    expand_inputs,
    find_source,
    git_revision,
    hashes,
    list_inputs,
    outcome_from_json,
    pdq,
    pdq_dihedral,
    skipped_outcome,
    summary_text,
    to_html,
)

from .notebook import HtmlReport, plot, read_jsonl, report_rows, show, to_dataframe  # noqa: E402
from . import _supervised  # noqa: E402

# Notebook conveniences on the report itself: report.show(), report.probabilities.
Report.show = show
Report.probabilities = property(lambda self: self.verdict.probabilities,
                                doc="Calibrated probabilities of the verdict's questions (report.verdict.probabilities).")

# Show the public package, not the compiled module, in tracebacks and reprs.
for _cls in (AnalyzerResult, DecodeError, Detector, Error, Face, FaceBox, FaceLocator, HashList, HashListProblem, HashMatch,
             Image, ImageHashes, InvalidArgument, IoError, KnownHash, LimitError, ModelError,
             PdqHash, Report, ScanOutcome, SourceCandidate, SourceMatch, Verdict):
    _cls.__module__ = __name__
del _cls

PathLike = Union[str, "os.PathLike[str]"]
Progress = Callable[[int, int], None]


class _ProgressBar:
    """``progress=True``: a tqdm bar with count, rate and time left: a widget
    in a notebook that has ipywidgets (``tqdm.auto``), else one updating line.
    Without tqdm (Debian: python3-tqdm), one updating line on stderr."""

    def __init__(self) -> None:
        self._bar = None
        self._started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            try:
                import ipywidgets  # noqa: F401  (tqdm.auto warns and degrades without it)
                from tqdm.auto import tqdm
            except ImportError:
                try:
                    from tqdm import tqdm
                except ImportError:
                    tqdm = None
            self._bar = tqdm(total=total, unit="image", desc="scanning", dynamic_ncols=True) if tqdm else False
        if self._bar:
            self._bar.update(done - self._bar.n)
        else:
            elapsed = time.monotonic() - self._started
            rate = done / elapsed if elapsed > 0 else 0.0
            left = (total - done) / rate if rate > 0 else float("nan")
            sys.stderr.write(f"\rscanning {done}/{total} images, {rate:.1f} images/s, {left:.0f} s left   ")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self._bar:
            self._bar.close()


def scan(
    paths: Union[PathLike, Iterable[PathLike]],
    progress: Union[bool, Progress] = False,
    recursive: bool = False,
    supervised: bool = True,
    file_timeout_s: float = _supervised.DEFAULT_FILE_TIMEOUT_S,
    worker_memory_bytes: int = _supervised.DEFAULT_MEMORY_BYTES,
    worker_per_file: bool = False,
    **options,
) -> List[ScanOutcome]:
    """Analyze files and directories; one :class:`ScanOutcome` per image found.

    A bad input never stops the batch: its outcome has ``ok == False`` and the
    error's type and message. A file found in a folder that is not an image
    is listed with ``error_type == "skipped"`` and the reason (not a failure).

    By default (``supervised=True``) each file is analyzed in a worker process
    confined as the CLI's scan workers are (:mod:`libdetect._supervised`): a
    file that crashes a decoder, runs past ``file_timeout_s`` seconds or past
    ``worker_memory_bytes`` of address space gets an outcome with
    ``error_type`` ``crashed``, ``timeout`` or ``memory_limit``, and the batch
    (and the notebook) goes on; 0 switches a limit off. ``supervised=False``
    analyzes in this process: faster to start, but such a file ends the
    interpreter. ``threads`` (0: one per core) is the number of workers.
    ``worker_per_file=True`` gives every file a fresh worker (about a second
    more per file): a file that takes a worker over through a parser bug then
    cannot touch the analysis of any other file.

    ``progress=True`` shows a progress bar (tqdm: count, rate, time left);
    ``False`` is silent; a callable receives ``(done, total)``. Other keyword
    arguments go to :class:`Detector` (``analyzers``, ``max_pixels``...).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    entries = list_inputs([os.fspath(p) for p in paths], recursive)
    analyzed = [path for path, skipped in entries if not skipped]
    bar = _ProgressBar() if progress is True else None
    callback: Optional[Progress] = bar if bar is not None else (progress or None)
    try:
        if supervised:
            workers = options.get("threads", 0) or os.cpu_count() or 1
            results = iter(_supervised.scan_supervised(analyzed, options, workers, file_timeout_s,
                                                       worker_memory_bytes, callback, worker_per_file))
        else:
            results = iter(Detector(**options).analyze_files(analyzed, callback))
    finally:
        if bar is not None:
            bar.close()
    # Files in folders that are not images are listed, not dropped.
    return [skipped_outcome(path, skipped) if skipped else next(results) for path, skipped in entries]


__all__ = [
    "AiGenerationEstimate", "AnalyzerResult", "CameraRecord", "Declaration", "DecodeError", "Detector", "Error", "Face",
    "FaceBox", "FaceContext", "FaceLocator", "FaceSwapEstimate", "Findings", "HashList", "HashListProblem",
    "HashMatch", "Image", "ImageHashes", "InvalidArgument", "IoError", "JpegHistory", "KnownHash", "LimitError",
    "ModelError", "PDQ_MATCH_THRESHOLD", "PDQ_MIN_USEFUL_QUALITY", "PdqHash", "Report",
    "ScanOutcome", "SourceCandidate", "SourceMatch", "Verdict", "__version__",
    "available_analyzers", "expand_inputs", "find_source",
    "git_revision", "hashes", "list_inputs", "outcome_from_json", "pdq", "pdq_dihedral", "scan", "skipped_outcome", "summary_text",
    "to_html", "HtmlReport", "plot", "read_jsonl", "report_rows", "show", "to_dataframe",
]
