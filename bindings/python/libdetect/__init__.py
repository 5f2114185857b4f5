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
from typing import Callable, Iterable, List, Optional, Union

from ._libdetect import (  # noqa: F401  (re-exported API)
    AnalyzerResult,
    DecodeError,
    Detector,
    Error,
    Face,
    FaceBox,
    FaceLocator,
    HashList,
    HashListProblem,
    HashMatch,
    Image,
    ImageHashes,
    InvalidArgument,
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
    pdq,
    pdq_dihedral,
    summary_text,
    to_html,
)

from .notebook import HtmlReport, plot, report_rows, show, to_dataframe  # noqa: E402

# Notebook conveniences on the report itself: report.show(), report.probabilities.
Report.show = show
Report.probabilities = property(lambda self: self.verdict.probabilities,
                                doc="Calibrated probabilities of the verdict's questions (report.verdict.probabilities).")

# Show the public package, not the compiled module, in tracebacks and reprs.
for _cls in (AnalyzerResult, DecodeError, Detector, Error, HashList, HashListProblem, HashMatch,
             Image, ImageHashes, InvalidArgument, IoError, KnownHash, LimitError, ModelError,
             PdqHash, Report, ScanOutcome, SourceCandidate, SourceMatch, Verdict):
    _cls.__module__ = __name__
del _cls

PathLike = Union[str, "os.PathLike[str]"]
Progress = Callable[[int, int], None]


def _stderr_progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rscanned {done}/{total}" + ("\n" if done == total else ""))
    sys.stderr.flush()


def scan(
    paths: Union[PathLike, Iterable[PathLike]],
    progress: Union[bool, Progress] = False,
    recursive: bool = False,
    **options,
) -> List[ScanOutcome]:
    """Analyze files and directories; one :class:`ScanOutcome` per image found.

    A bad input never stops the batch: its outcome has ``ok == False`` and the
    error's type and message. ``progress=True`` prints a counter on stderr; a
    callable receives ``(done, total)``. Other keyword arguments go to
    :class:`Detector` (``analyzers``, ``max_pixels``, ``threads``...).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    inputs = expand_inputs([os.fspath(p) for p in paths], recursive)
    callback: Optional[Progress] = _stderr_progress if progress is True else (progress or None)
    return Detector(**options).analyze_files(inputs, callback)


__all__ = [
    "AnalyzerResult", "DecodeError", "Detector", "Error", "HashList", "HashListProblem",
    "HashMatch", "Image", "ImageHashes", "InvalidArgument", "IoError", "KnownHash", "LimitError",
    "ModelError", "PDQ_MATCH_THRESHOLD", "PDQ_MIN_USEFUL_QUALITY", "PdqHash", "Report",
    "ScanOutcome", "SourceCandidate", "SourceMatch", "Verdict", "__version__",
    "available_analyzers", "expand_inputs", "find_source",
    "git_revision", "hashes", "pdq", "pdq_dihedral", "scan", "summary_text",
    "to_html", "HtmlReport", "plot", "report_rows", "show", "to_dataframe",
]
