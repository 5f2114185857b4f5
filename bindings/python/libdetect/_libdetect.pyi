"""Type stub of the compiled module libdetect._libdetect."""

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
git_revision: str

EvidenceValue = Union[bool, int, float, str, List[float]]
ImageSource = Union["Image", str, os.PathLike, bytes, bytearray, memoryview, npt.NDArray[np.uint8]]

PDQ_MATCH_THRESHOLD: int
PDQ_MIN_USEFUL_QUALITY: int

class Error(Exception): ...
class IoError(Error): ...
class DecodeError(Error): ...
class LimitError(Error): ...
class InvalidArgument(Error): ...
class ModelError(Error): ...

class Image:
    """A decoded input image plus the facts of its container. Images are immutable and cheap to copy (shared implementation); a moved-from Image may only be destroyed or assigned to. The input file is read exactly once, hashed (SHA-256) and never written."""  # header
    @staticmethod
    def open(
        source: Union[str, os.PathLike, bytes, bytearray, memoryview, npt.NDArray[np.uint8]],
        max_pixels: int = ...,
        max_file_bytes: int = ...,
    ) -> Image: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def byte_size(self) -> int: ...
    @property
    def exif_orientation(self) -> int: ...
    def to_numpy(self) -> npt.NDArray[np.uint8]: ...

class Verdict:
    """The fused answer for one image: a label, the rule that gave it, and every calibrated probability a detector answered."""  # header
    @property
    def label(self) -> str:
        """One of the verdict_label constants."""  # header
    @property
    def score(self) -> Optional[float]: ...
    @property
    def rationale(self) -> str:
        """plain words: which rule produced the label"""  # header
    @property
    def probabilities(self) -> Dict[str, float]:
        """Calibrated probabilities (probability_name keys) of every question a detector answered for this image, whatever rule decided the label (a declaration in the file does not hide them: it can be planted); a question no applicable detector answered is absent."""  # header

class FaceBox:
    """A face found in the image (the `face` analyzer). Coordinates are image pixels in the stored orientation, origin top-left."""  # header
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...

class FaceContext:
    """Face-versus-context cues: the face against a ring around it."""  # header
    @property
    def noise_face(self) -> float:
        """robust noise sigma (grey levels) inside the face"""  # header
    @property
    def noise_context(self) -> float:
        """... in a ring around it"""  # header
    @property
    def sharpness_face(self) -> float:
        """mean |Laplacian| after a light blur"""  # header
    @property
    def sharpness_context(self) -> float: ...
    @property
    def colour_difference(self) -> float:
        """distance of the mean a*b* chroma (CIELAB) of face and ring"""  # header
    @property
    def jpeg_grid_x(self) -> int:
        """The 8x8 JPEG block grid's phase (0-7 per axis) that fits the face best, and how clearly (0: no grid)."""  # header
    @property
    def jpeg_grid_y(self) -> int: ...
    @property
    def jpeg_grid_strength(self) -> float: ...

class Face:
    """A face: box, 68 landmarks, detection facts and, in reports, its analysis."""  # header
    @property
    def box(self) -> FaceBox: ...
    @property
    def landmarks(self) -> npt.NDArray[np.float64]: ...
    @property
    def detection_confidence(self) -> float:
        """HOG detector score: > 0 detected, higher is surer"""  # header
    @property
    def size(self) -> float:
        """sqrt(box area), pixels"""  # header
    @property
    def yaw_degrees(self) -> float:
        """rough head turn, 0 frontal, positive to the image's right"""  # header
    @property
    def touches_border(self) -> bool:
        """the box reaches past the image edge"""  # header
    @property
    def too_small(self) -> bool:
        """Below the smallest face the analysis is made for (40 px): reported, but its scores do not count towards the image score."""  # header
    @property
    def blend_probability(self) -> Optional[float]:
        """Calibrated probability that the face was blended into the image (face swap, self-blend); empty when the face was not classified."""  # header
    @property
    def context(self) -> Optional[FaceContext]:
        """Face-versus-context cues (a pasted face often differs from the picture around it); empty when the face or the ring around it was too small."""  # header
    @property
    def evidence(self) -> Dict[str, EvidenceValue]:
        """per-face figures for people to read: model logit, boundary peak, the cues"""  # header

class FaceLocator:
    """Finds faces and their 68 landmarks (dlib), and aligns face crops."""  # header
    def __init__(self, landmarks_model: Optional[Union[str, os.PathLike]] = None, max_faces: int = 32) -> None: ...
    def find(self, image: ImageSource) -> Tuple[List[Face], bool]: ...
    @staticmethod
    def align(image: ImageSource, face: Face, size: int, margin: float
              ) -> Tuple[npt.NDArray[np.uint8], npt.NDArray[np.float64]]: ...

class AiGenerationEstimate:
    """A calibrated estimate that the pixels were made by an AI generator."""  # header
    @property
    def probability(self) -> float: ...
    @property
    def threshold(self) -> float:
        """the model's decision threshold (5% false positives on validation reals)"""  # header
    @property
    def held_out_auc(self) -> Optional[float]:
        """In-distribution held-out AUC: sources seen in training; overstates the field."""  # header
    @property
    def leave_source_out_auc(self) -> Optional[float]:
        """AUC with each generator source held out of training: the figure for generators the model never saw. Only this one may gate a verdict."""  # header
    @property
    def model(self) -> str:
        """its name in models/manifest.json"""  # header

class FaceSwapEstimate:
    """A calibrated estimate that a face was blended into the picture."""  # header
    @property
    def probability(self) -> float:
        """of the strongest face analysed"""  # header
    @property
    def threshold(self) -> float: ...
    @property
    def held_out_auc(self) -> Optional[float]:
        """measured on self-blends, not on real face swaps"""  # header
    @property
    def strongest_face(self) -> int:
        """index into Findings::faces"""  # header
    @property
    def model(self) -> str: ...

class JpegHistory:
    """What the file's JPEG compression says."""  # header
    @property
    def quality_estimate(self) -> int:
        """of the last save, libjpeg scale 1-100"""  # header

class Declaration:
    """What the file says about how it was made."""  # header
    @property
    def ai_generated(self) -> bool:
        """it declares AI generation"""  # header
    @property
    def what(self) -> str:
        """the declaration(s), as found (e.g. "ComfyUI (png:tEXt:prompt)")"""  # header
    @property
    def generator(self) -> str:
        """the software named as the maker, when any"""  # header
    @property
    def hidden(self) -> bool:
        """part of it was hidden (e.g. in pixel LSBs)"""  # header

class CameraRecord:
    """A camera's record of the capture (make, model, capture time)."""  # header
    @property
    def present(self) -> bool: ...
    @property
    def inconsistencies(self) -> List[str]:
        """empty: nothing contradicts it"""  # header
    @property
    def consistent(self) -> bool: ...

class Findings:
    """What an analyzer established, typed: each is empty when not established."""  # header
    @property
    def ai_generation(self) -> Optional[AiGenerationEstimate]: ...
    @property
    def face_swap(self) -> Optional[FaceSwapEstimate]: ...
    @property
    def jpeg_history(self) -> Optional[JpegHistory]: ...
    @property
    def declaration(self) -> Optional[Declaration]: ...
    @property
    def camera_record(self) -> Optional[CameraRecord]: ...
    @property
    def faces(self) -> List[Face]:
        """the faces found, strongest first"""  # header

class AnalyzerResult:
    """One analyzer's result for one image."""  # header
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str:
        """of the analyzer's method: it changes whenever its output does"""  # header
    @property
    def applicable(self) -> bool: ...
    @property
    def reason(self) -> str:
        """why it is not applicable (or why it failed), else empty"""  # header
    @property
    def error(self) -> str:
        """the error type when the analyzer failed (then not applicable), else empty"""  # header
    @property
    def score(self) -> Optional[float]:
        """in [0, 1], higher = more suspicious; empty: no opinion"""  # header
    @property
    def findings(self) -> Findings:
        """what the verdict and the writers read"""  # header
    @property
    def evidence(self) -> Dict[str, EvidenceValue]:
        """everything else, for people"""  # header
    @property
    def heatmap(self) -> Optional[npt.NDArray[np.float32]]: ...
    @property
    def faces(self) -> List[Face]: ...
    @property
    def heatmap_path(self) -> Optional[str]: ...
    @property
    def elapsed_ms(self) -> float: ...

class Report:
    """The result of analyzing one image: the file's identity and hashes, every analyzer's result, the models used with their error rates, and the verdict (schema libdetect.report/1, docs/report-schema.md)."""  # header
    @property
    def file(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def bytes(self) -> int: ...
    @property
    def format(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def exif_orientation(self) -> int: ...
    @property
    def damaged(self) -> bool: ...
    @property
    def damage(self) -> str:
        """What is wrong with the file's pixel data although it decoded (e.g. a truncated JPEG scan the decoder filled in), empty when intact. A damaged file's pixel analyzers are not applicable: they would read the decoder's inventions as manipulation."""  # header
    @property
    def pixel_conversions(self) -> List[str]:
        """How the stored pixels were converted to what every analyzer reads (8-bit colour): 16-bit samples, an alpha channel, CMYK, an animation. The analyzers' figures are for the converted picture."""  # header
    @property
    def tool_version(self) -> str: ...
    @property
    def git_revision(self) -> str: ...
    @property
    def hashes(self) -> ImageHashes: ...
    @property
    def analyzers(self) -> List[AnalyzerResult]: ...
    @property
    def models(self) -> List[dict]: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def created_utc(self) -> str:
        """ISO-8601, e.g. 2026-11-29T12:00:00Z"""  # header
    @property
    def elapsed_ms(self) -> float: ...
    def __getitem__(self, name: str) -> AnalyzerResult: ...
    def to_json(self, indent: int = 2) -> str: ...
    def to_dict(self) -> dict: ...
    # Added by the package (libdetect/notebook.py):
    @property
    def probabilities(self) -> Dict[str, float]: ...
    def show(self, image: Optional[ImageSource] = None, blur: bool = True, height: int = 720) -> Any: ...

class ScanOutcome:
    """The outcome of one input of a batch: a report, or the error that stopped it."""  # header
    def __init__(self, file: Union[str, os.PathLike], report: Optional[Report] = None, error_type: str = "",
                 error_message: str = "") -> None: ...
    @property
    def file(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def skipped(self) -> bool: ...
    @property
    def report(self) -> Optional[Report]: ...
    @property
    def error_type(self) -> str:
        """Error::type() when report is empty"""  # header
    @property
    def error_message(self) -> str:
        """what() when report is empty"""  # header
    def to_json(self, indent: int = 2) -> str: ...
    def to_dict(self) -> dict: ...

class Detector:
    """Runs the enabled analyzers over an image and builds a Report. Construction validates the options; analyze() is const and may be called from several threads at once on the same Detector. A moved-from Detector may only be destroyed or assigned to."""  # header
    def __init__(
        self,
        analyzers: Optional[List[str]] = None,
        max_pixels: int = ...,
        max_file_bytes: int = ...,
        threads: int = 0,
        heatmaps: bool = True,
        gps_coordinates: bool = False,
        model_dir: Optional[Union[str, os.PathLike]] = None,
        model_threads: int = 1,
        face_landmarks_model: Optional[Union[str, os.PathLike]] = None,
        max_faces: int = 32,
    ) -> None: ...
    @property
    def analyzers(self) -> List[str]: ...
    def analyze(self, source: ImageSource) -> Report: ...
    def analyze_files(
        self, paths: Iterable[Union[str, os.PathLike]],
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> List[ScanOutcome]: ...

class PdqHash:
    """A 256-bit PDQ hash with its quality (0-100). Bits and hex follow Meta's reference: bit k lives in 16-bit word k/16; hex prints words 15..0."""  # header
    def __init__(self, hex: str, quality: int = 0) -> None: ...
    @property
    def hex(self) -> str: ...
    @property
    def quality(self) -> int:
        """below 50 the hash is too unreliable to match on (upstream advice)"""  # header
    def distance(self, other: PdqHash) -> int: ...

class ImageHashes:
    """Every hash a report carries for one input."""  # header
    @property
    def sha256(self) -> str:
        """of the bytes as read"""  # header
    @property
    def md5(self) -> str:
        """of the bytes as read (hash lists such as StopNCII carry MD5)"""  # header
    @property
    def pdq(self) -> PdqHash:
        """of the stored pixels, as Meta's C++ reference computes it"""  # header
    @property
    def phash(self) -> str:
        """OpenCV img_hash pHash (64 bits, hex), for comparison"""  # header
    def to_dict(self) -> dict: ...

class KnownHash:
    """One entry of a list of known hashes (a PDQ hash, optionally an MD5, a label)."""  # header
    @property
    def pdq(self) -> PdqHash: ...
    @property
    def md5(self) -> str:
        """lower-case hex, or empty"""  # header
    @property
    def label(self) -> str:
        """free text from the list"""  # header
    @property
    def line(self) -> int:
        """line in the source file (1-based), 0 when added in code"""  # header

class HashListProblem:
    """A line of a hash list that could not be used, and why."""  # header
    @property
    def line(self) -> int: ...
    @property
    def message(self) -> str: ...

class HashMatch:
    """An entry of the list that matches a query, and how closely."""  # header
    @property
    def index(self) -> int:
        """into the list (HashList::at)"""  # header
    @property
    def distance(self) -> int:
        """PDQ Hamming distance"""  # header
    @property
    def md5_equal(self) -> bool:
        """the list's MD5 equals the query's"""  # header

class HashList:
    """An immutable-after-building list of known hashes with a multi-index hash table over its PDQ hashes (16 tables of 16-bit substrings: any hash within distance d shares at least one substring within d/16 bits, so a query probes a few hundred buckets instead of scanning the list)."""  # header
    def __init__(self) -> None: ...
    @staticmethod
    def load_csv(path: Union[str, os.PathLike]) -> HashList: ...
    def add(self, pdq: PdqHash, md5: str = "", label: str = "") -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> KnownHash: ...
    @property
    def problems(self) -> List[HashListProblem]: ...
    def query(self, pdq: PdqHash, max_distance: int = 31, md5: str = "") -> List[HashMatch]: ...

class SourceCandidate:
    """One candidate file of a source search, ranked by how likely it is the original."""  # header
    @property
    def file(self) -> str: ...
    @property
    def pdq_distance(self) -> int:
        """whole picture, smallest over the suspect's 8 dihedral variants"""  # header
    @property
    def region_distance(self) -> int:
        """smallest PDQ distance between same-place grid cells"""  # header
    @property
    def inliers(self) -> Optional[int]: ...
    @property
    def error(self) -> str:
        """why the file could not be used, else empty"""  # header

class SourceMatch:
    """The result of a source search: the original found (or not), how it maps onto the suspect, and what changed."""  # header
    @property
    def found(self) -> bool: ...
    @property
    def file(self) -> Optional[str]: ...
    @property
    def pdq_distance(self) -> int:
        """of the source, or the best distance when none was found"""  # header
    @property
    def inliers(self) -> int: ...
    @property
    def homography(self) -> List[float]: ...
    @property
    def changed_fraction(self) -> float:
        """Fraction of the overlapping area that differs (0..1)."""  # header
    @property
    def difference(self) -> Optional[npt.NDArray[np.float32]]: ...
    @property
    def changed_mask(self) -> Optional[npt.NDArray[np.float32]]: ...
    @property
    def reason(self) -> str:
        """plain words: why found or not"""  # header
    @property
    def candidates(self) -> List[SourceCandidate]: ...
    def to_json(self, indent: int = 2) -> str: ...

def find_source(
    suspect: ImageSource,
    candidates: Iterable[Union[str, os.PathLike]],
    verify_top: int = 5,
    min_inliers: int = 20,
    threads: int = 0,
) -> SourceMatch: ...
def pdq(image: ImageSource) -> PdqHash: ...
def pdq_dihedral(image: ImageSource) -> List[PdqHash]: ...
def hashes(image: ImageSource) -> ImageHashes: ...
def available_analyzers() -> List[str]: ...
def expand_inputs(paths: Iterable[Union[str, os.PathLike]], recursive: bool = False) -> List[str]: ...
def list_inputs(paths: Iterable[Union[str, os.PathLike]], recursive: bool = False) -> List[Tuple[str, str]]: ...
def skipped_outcome(path: Union[str, os.PathLike], reason: str) -> ScanOutcome: ...
def outcome_from_json(text: str, heatmaps: Dict[str, npt.NDArray[np.float32]] = ...) -> ScanOutcome:
    """Reads a record that to_json(const ScanOutcome&) or to_json(const Report&) wrote back: a report, or a failed input's error record. What the record rounds or leaves out stays so (face coordinates to 1/100 px; heatmap values: a record names only the heatmap's file), and a non-finite number written as null reads back as empty where the field may be empty, else as NaN. Throws InvalidArgument, naming the field, for text that is not such a record."""  # header
def summary_text(outcomes: List[ScanOutcome]) -> str: ...
def to_html(report: Report, image: ImageSource, blur: bool = True) -> str: ...
