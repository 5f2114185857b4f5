"""``python -m libdetect._scan_worker``: the process :mod:`libdetect._supervised`
starts to analyze untrusted files. It is not meant to be run by hand.

It reads a config frame, builds its Detector (models are loaded), lowers its
address-space limit, enters the seccomp filter the CLI's workers use, says it
is ready, then answers one path at a time with the report's JSON record and
its heatmaps as raw float32 frames.
"""

import sys

# No .pyc may be written once confined: the filter kills a process that opens
# a file for writing.
sys.dont_write_bytecode = True

import json  # noqa: E402
import mmap  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from libdetect import _libdetect  # noqa: E402
from libdetect._supervised import encode_frame, encode_json, read_frame  # noqa: E402


_poisoned = False


def _inject_fault(path: str) -> None:
    """LIBDETECT_FAULT_INJECTION as the CLI's worker reads it
    ("crash=NAME;hang=NAME;oom=NAME;socket=NAME;exec=NAME;write=NAME"): the
    supervision and sandbox tests need a worker that crashes, hangs, exhausts
    its memory or tries a forbidden call on a named file, and a real crashing
    file cannot be kept as a fixture once its bug is fixed."""
    global _poisoned
    spec = os.environ.get("LIBDETECT_FAULT_INJECTION")
    if not spec:
        return
    if _poisoned:  # "poison=NAME": a worker that one file took over, harming the later ones
        os.kill(os.getpid(), signal.SIGSEGV)
    name = os.path.basename(path)
    for entry in spec.split(";"):
        fault, _, target = entry.partition("=")
        if target != name:
            continue
        if fault == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        if fault == "poison":
            _poisoned = True
        if fault == "hang":
            while True:
                time.sleep(60)
        if fault == "oom":  # address space only, as the CLI's worker: the pages are never touched
            hoard = []
            try:
                while True:
                    hoard.append(mmap.mmap(-1, 256 << 20))
            except OSError:
                raise MemoryError from None
        if fault == "socket":
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if fault == "exec":
            os.execv("/bin/true", ["true"])
        if fault == "write":
            open(path + ".planted", "w").close()


def _forged_reply(path: str, outcome_json: str):
    """LIBDETECT_FAULT_INJECTION "forge_other=NAME", "forge_heatmaps=NAME",
    "forge_deep=NAME", "chatter=NAME": stand-ins for a worker taken over
    through a parser bug, whose replies the supervisor must refuse (a record
    about another file, impossible heatmaps, JSON nested a million deep) or
    which talks between files. The bytes to send instead of the reply, or None."""
    spec = os.environ.get("LIBDETECT_FAULT_INJECTION", "")
    name = os.path.basename(path)
    faults = {fault for fault, _, target in (e.partition("=") for e in spec.split(";")) if target == name}
    if "forge_other" in faults:
        record = json.loads(outcome_json)
        record["file"] = os.path.join(os.path.dirname(path), "someone-else.jpg")
        return encode_json({"record": json.dumps(record), "heatmaps": []})
    if "forge_heatmaps" in faults:
        return encode_json({"record": outcome_json, "heatmaps": [{"name": "ela", "width": 1 << 20, "height": 1 << 20}]})
    if "forge_deep" in faults:
        return encode_frame(b"[" * 1_000_000)
    if "chatter" in faults:
        return encode_json({"record": outcome_json, "heatmaps": []}) + encode_json({"unasked": True})
    return None


def _limit_address_space(memory_bytes: int) -> None:
    if memory_bytes <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _reply(out, outcome) -> None:
    heatmaps = []
    if outcome.ok:
        for result in outcome.report.analyzers:
            values = result.heatmap
            if values is not None:
                heatmaps.append((result.name, np.ascontiguousarray(values, dtype="<f4")))
    out.write(encode_json({"record": outcome.to_json(-1),
                           "heatmaps": [{"name": name, "width": int(v.shape[1]), "height": int(v.shape[0])}
                                        for name, v in heatmaps]}))
    for _, values in heatmaps:
        out.write(encode_frame(values.tobytes()))
    out.flush()


def main() -> int:
    # Replies go out on a private copy of stdout; whatever a decoder prints
    # lands on stderr instead of corrupting them.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    source = sys.stdin.buffer
    first = read_frame(source)
    if first is None:
        return 2
    config = json.loads(first)
    try:
        detector = _libdetect.Detector(**config["options"])
    except _libdetect.Error as error:
        out.write(encode_json({"fatal_type": type(error).__name__, "fatal_message": str(error)}))
        out.flush()
        return 2
    except (TypeError, ValueError) as error:
        out.write(encode_json({"fatal_type": "InvalidArgument", "fatal_message": str(error)}))
        out.flush()
        return 2
    _limit_address_space(int(config.get("memory_bytes", 0)))
    unconfined = _libdetect._enter_worker_sandbox()
    out.write(encode_json({"ready": True, "unconfined": unconfined}))
    out.flush()
    while (frame := read_frame(source)) is not None:
        path = json.loads(frame)["path"]
        try:
            _inject_fault(path)
            outcome = detector.analyze_files([path])[0]
            forged = _forged_reply(path, outcome.to_json(-1))
            if forged is not None:
                out.write(forged)
                out.flush()
                continue
            _reply(out, outcome)
        except MemoryError:
            out.write(encode_json({"error_type": "memory_limit",
                                   "error_message": "the analysis ran out of its memory limit"}))
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
