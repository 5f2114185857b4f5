"""Supervised scanning: analysis of untrusted files in worker processes.

Evidence files can be made by the people under investigation, and a file that
crashes a decoder or a parser must not take the analyst's notebook, or the
batch, with it. :func:`scan_supervised` (what :func:`libdetect.scan` uses by
default) runs each file in a worker process (``python -m
libdetect._scan_worker``) as the CLI's ``scan`` does with its ``scan-worker``
processes: a worker confines itself with the same seccomp filter once its
models are loaded (no sockets, no programs, no file opened for writing), runs
under an address-space limit, and one that dies by a signal, runs past the
per-file time limit or exhausts its memory is replaced; its file gets an error
outcome (``crashed``, ``timeout``, ``memory_limit``) and the batch goes on.

Frames between the two processes are a 4-byte little-endian length and that
many bytes: a JSON object, or the raw float32 values of a heatmap. The reply
is parsed as untrusted data (JSON and numbers only, never pickle), because it
comes from a process that has read hostile bytes.
"""

from __future__ import annotations

import collections
import json
import os
import selectors
import signal
import struct
import subprocess
import sys
import time
from typing import Callable, Dict, List, Optional, Sequence

# Far above any genuine frame: a report's JSON record is at most a few MB,
# a heatmap has one cell per 8x8 block or fewer (1.6 M cells at 100 MP). A
# larger one is a misbehaving worker.
MAX_FRAME_BYTES = 64 << 20
MAX_HEATMAP_CELLS = 4 << 20
# Workers load their models before they say they are ready.
START_TIMEOUT_S = 300.0
# The CLI's defaults (`libdetect scan --file-timeout --worker-memory`).
DEFAULT_FILE_TIMEOUT_S = 300.0
DEFAULT_MEMORY_BYTES = 6144 << 20

_HEADER = struct.Struct("<I")


def encode_frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def encode_json(message: dict) -> bytes:
    # ensure_ascii: file names that are not UTF-8 travel as surrogate escapes.
    return encode_frame(json.dumps(message, ensure_ascii=True).encode("ascii"))


def read_frame(stream) -> Optional[bytes]:
    """One frame from a blocking binary stream; None at end of stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME_BYTES:
        raise ValueError(f"frame of {size} bytes exceeds the limit")
    payload = stream.read(size)
    return payload if len(payload) == size else None


class _Frames:
    """Frames collected from bytes as they arrive on a non-blocking pipe."""

    def __init__(self) -> None:
        self._bytes = bytearray()

    def append(self, data: bytes) -> None:
        self._bytes += data

    def empty(self) -> bool:
        return not self._bytes

    def take(self, limit: int = MAX_FRAME_BYTES) -> Optional[bytes]:
        if len(self._bytes) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(self._bytes)
        if size > limit:
            raise ValueError(f"frame of {size} bytes exceeds the limit")
        if len(self._bytes) < _HEADER.size + size:
            return None
        payload = bytes(self._bytes[_HEADER.size:_HEADER.size + size])
        del self._bytes[:_HEADER.size + size]
        return payload


def _described_heatmaps(described) -> list:
    """(name, width, height) of each heatmap a reply announces: known analyzers,
    each once, of a size an analyzer can make."""
    from . import _libdetect
    known = set(_libdetect.available_analyzers())
    if not isinstance(described, list) or len(described) > len(known):
        raise ValueError("a reply announcing more heatmaps than there are analyzers")
    result = []
    for entry in described:
        name, width, height = entry.get("name"), entry.get("width"), entry.get("height")
        if name not in known or any(name == n for n, _, _ in result):
            raise ValueError(f"a heatmap for an unknown or repeated analyzer: {name!r}")
        if type(width) is not int or type(height) is not int or not (0 < width <= 65536 and 0 < height <= 65536) \
                or width * height > MAX_HEATMAP_CELLS:
            raise ValueError(f"a heatmap of an impossible size for '{name}'")
        result.append((name, width, height))
    return result


def _ending(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "unknown signal"
        return f"signal {-returncode} ({name})"
    return f"exit status {returncode}"


class _Worker:
    def __init__(self, config: dict, memory_bytes: int) -> None:
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        # -P: the current folder is not put on the worker's path, where a
        # folder named libdetect (the source tree's) could stand in for the package.
        safe_path = ["-P"] if sys.version_info >= (3, 11) else []
        self.process = subprocess.Popen(
            [sys.executable, *safe_path, "-m", "libdetect._scan_worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env=env, close_fds=True)
        self.frames = _Frames()
        self.job: Optional[int] = None
        self.started = 0.0
        self.reply: Optional[dict] = None  # a report's header, waiting for its heatmap frames
        self.described: list = []  # (name, width, height) of the heatmap frames it announced
        self.heatmaps: Dict[str, object] = {}
        try:
            self.process.stdin.write(encode_json(dict(config, memory_bytes=memory_bytes)))
            self.process.stdin.flush()
            ready = self._blocking_reply(START_TIMEOUT_S)
        except Exception:
            self.stop()
            raise
        if not isinstance(ready, dict):
            code = self.stop()
            raise RuntimeError(f"a scan worker did not start ({_ending(code)})")
        if "fatal_message" in ready:
            self.stop()
            from . import _libdetect
            error = getattr(_libdetect, str(ready.get("fatal_type", "Error")), _libdetect.Error)
            if not (isinstance(error, type) and issubclass(error, _libdetect.Error)):
                error = _libdetect.Error
            raise error(str(ready["fatal_message"]))
        self.unconfined = str(ready.get("unconfined", ""))
        os.set_blocking(self.process.stdout.fileno(), False)

    def _blocking_reply(self, timeout: float) -> Optional[dict]:
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        try:
            while True:
                frame = self.frames.take()
                if frame is not None:
                    return json.loads(frame)
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return None
                data = os.read(self.process.stdout.fileno(), 1 << 16)
                if not data:
                    return None
                self.frames.append(data)
        finally:
            selector.close()

    def send(self, index: int, path: str) -> bool:
        self.job, self.started = index, time.monotonic()
        try:
            self.process.stdin.write(encode_json({"path": path}))
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def feed(self, data: bytes):
        """The finished job's reply once all of it has arrived, else None.
        Raises for a malformed reply (anything may be wrong with it)."""
        self.frames.append(data)
        while True:
            if self.reply is None:
                frame = self.frames.take()
                if frame is None:
                    return None
                reply = json.loads(frame)
                if not isinstance(reply, dict):
                    raise ValueError("a reply that is not an object")
                self.reply, self.heatmaps = reply, {}
                self.described = _described_heatmaps(reply.get("heatmaps", []))
            elif len(self.heatmaps) < len(self.described):
                name, width, height = self.described[len(self.heatmaps)]
                frame = self.frames.take(width * height * 4)
                if frame is None:
                    return None
                self._take_heatmap(name, width, height, frame)
            if len(self.heatmaps) == len(self.described):
                reply, heatmaps, self.reply, self.heatmaps = self.reply, self.heatmaps, None, {}
                return reply, heatmaps

    def _take_heatmap(self, name: str, width: int, height: int, frame: bytes) -> None:
        import numpy as np
        if width * height * 4 != len(frame):
            raise ValueError(f"heatmap '{name}' does not hold {width}x{height} float32 values")
        self.heatmaps[name] = np.frombuffer(frame, dtype="<f4").reshape(height, width).astype(np.float32)

    def stop(self) -> int:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait()


def scan_supervised(paths: Sequence[str], options: dict, workers: int = 1,
                    file_timeout_s: float = DEFAULT_FILE_TIMEOUT_S, memory_bytes: int = DEFAULT_MEMORY_BYTES,
                    progress: Optional[Callable[[int, int], None]] = None,
                    worker_per_file: bool = False) -> List[object]:
    """One ScanOutcome per path, in order, each analyzed in a supervised
    worker process (see the module's docstring). ``options`` are
    :class:`libdetect.Detector` keyword arguments; ``workers`` processes run
    at once; 0 for ``file_timeout_s`` or ``memory_bytes`` means no limit.
    ``worker_per_file`` replaces each worker after every file (about a second
    more per file): a file that takes a worker over then cannot touch the
    analysis of any other file.
    Raises the error a Detector with these options raises (a missing model,
    an unknown analyzer) when a worker cannot start."""
    from . import _libdetect
    paths = [os.fsdecode(p) for p in paths]
    config = {"options": dict(options)}  # threads as asked: the report records it
    outcomes: List[object] = [None] * len(paths)
    todo = collections.deque(range(len(paths)))
    pool: List[_Worker] = []
    selector = selectors.DefaultSelector()
    done = 0
    # As Detector.analyze_files: an exception in the callback is kept, the
    # scan finishes without further calls, then it is raised.
    progress_error: List[BaseException] = []

    def finish(worker: _Worker, outcome) -> None:
        settle(worker.job, outcome)
        worker.job = None

    def settle(index: int, outcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if progress is not None and not progress_error:
            try:
                progress(done, len(paths))
            except Exception as error:  # noqa: BLE001 - re-raised after the scan
                progress_error.append(error)

    def fail(worker: _Worker, error_type: str, message: str) -> None:
        finish(worker, _libdetect.ScanOutcome(paths[worker.job], error_type=error_type, error_message=message))

    def replace(worker: _Worker) -> None:
        selector.unregister(worker.process.stdout)
        worker.stop()
        pool.remove(worker)

    attempts: Dict[int, int] = collections.Counter()  # times a file was handed to a worker that was gone
    started_once = False

    def start_worker() -> bool:
        """A new worker in the pool; False (after failing the next file) when
        one cannot start in the middle of a batch. The first start raises:
        then the options themselves are unusable."""
        nonlocal started_once
        try:
            worker = _Worker(config, memory_bytes)
        except Exception as error:  # noqa: BLE001 - mid-batch, a start failure fails one file, not the batch
            if not started_once:
                raise
            index = todo.popleft()
            settle(index, _libdetect.ScanOutcome(paths[index], error_type="crashed",
                                                 error_message=f"no analysis process could be started: {error}"))
            return False
        started_once = True
        if worker.unconfined:
            print(f"libdetect: warning: scan workers run without their sandbox: {worker.unconfined}", file=sys.stderr)
        pool.append(worker)
        selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
        return True

    def accept(worker: _Worker, reply: dict, heatmaps: dict):
        if "error_type" in reply:
            return _libdetect.ScanOutcome(paths[worker.job], error_type=str(reply["error_type"]),
                                          error_message=str(reply.get("error_message", "")))
        parsed = _libdetect.outcome_from_json(str(reply["record"]), heatmaps)
        # As the record writes the name (invalid UTF-8 replaced).
        if parsed.file != os.fsencode(paths[worker.job]).decode("utf-8", "replace"):
            raise ValueError("a record about another file")
        # The record's name of a file that is not UTF-8 is lossy; keep the caller's.
        return _libdetect.ScanOutcome(paths[worker.job], parsed.report, parsed.error_type, parsed.error_message)

    try:
        while todo or any(w.job is not None for w in pool):
            while todo and sum(w.job is None for w in pool) == 0 and len(pool) < max(1, workers):
                if not start_worker():
                    break
            for worker in [w for w in pool if w.job is None]:
                if not todo:
                    break
                index = todo.popleft()
                if not worker.send(index, paths[index]):
                    # The worker was gone before it took the file: not the
                    # file's doing, so it goes to the next worker once.
                    attempts[index] += 1
                    if attempts[index] > 1:
                        code = worker.process.poll()
                        fail(worker, "crashed",
                             f"the analysis process ended before it took the file ({_ending(code or 0)})")
                    else:
                        worker.job = None
                        todo.appendleft(index)
                    replace(worker)
            busy = [w for w in pool if w.job is not None]
            if not busy:
                continue
            wait = None
            if file_timeout_s > 0:
                wait = max(0.0, min(w.started + file_timeout_s for w in busy) - time.monotonic())
            for key, _ in selector.select(wait):
                worker = key.data
                try:
                    data = os.read(worker.process.stdout.fileno(), 1 << 20)
                except BlockingIOError:
                    continue
                if worker.job is None:
                    # An idle worker has nothing to say: one that writes or
                    # ends between files is replaced before it is given one.
                    replace(worker)
                    continue
                if not data:  # the worker died with the file
                    code = worker.stop()
                    fail(worker, "crashed", f"the analysis process was killed by {_ending(code)}; "
                                            "the file may be built to attack a decoder or parser")
                    replace(worker)
                    continue
                try:
                    finished = worker.feed(data)
                    if finished is None:
                        continue
                    outcome = accept(worker, *finished)
                except Exception as error:  # noqa: BLE001 - whatever is wrong, it is the worker's reply
                    fail(worker, "crashed", f"the analysis process sent a malformed reply: "
                                            f"{type(error).__name__}: {error}"[:500])
                    replace(worker)
                    continue
                finish(worker, outcome)
                if worker_per_file or not worker.frames.empty():  # (more than its reply: misbehaving)
                    replace(worker)
            if file_timeout_s > 0:
                now = time.monotonic()
                for worker in [w for w in pool if w.job is not None and now - w.started >= file_timeout_s]:
                    fail(worker, "timeout", f"the analysis took longer than {file_timeout_s:g} s "
                                            "(file_timeout_s) and was stopped")
                    replace(worker)
    finally:
        for worker in pool:
            worker.stop()
        selector.close()
    if progress_error:
        raise progress_error[0]
    return outcomes
