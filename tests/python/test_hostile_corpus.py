"""The crafted corpus of issue 16 (tests/hostile/make_corpus.py), scanned as
one batch by the command line: one record per entry, nothing crashes or hangs
the batch, nothing is modified, and two scans on two workers agree."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import SOURCE_DIR

CLI = os.environ.get("LIBDETECT_CLI", "libdetect")
sys.path.insert(0, str(SOURCE_DIR / "tests" / "hostile"))
import make_corpus  # noqa: E402


def state(path: Path):
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        return info.st_mode, info.st_mtime_ns
    return info.st_mode, info.st_mtime_ns, info.st_size, hash(path.read_bytes())


def scan(corpus: Path, out: Path, read_only_mount: bool = False):
    command = [CLI, "scan", str(corpus), "-r", "--threads", "2", "--format", "jsonl", "--out", str(out),
               "--file-timeout", "120"]
    if read_only_mount:
        # The corpus bind-mounted read-only over itself, in a mount namespace
        # of the scan's own (as evidence on a write-blocked disk is).
        command = ["unshare", "-m", "sh", "-c",
                   'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && '
                   'if touch "$0/.probe" 2>/dev/null; then exit 99; fi && exec "$@"', str(corpus), *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode != 99, "the read-only mount was writable"
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return result, records


def read_only_mounts_available(where: Path) -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0"',
                            str(where)], capture_output=True)
    return probe.returncode == 0


def comparable(record):
    record = dict(record)
    record.pop("created_utc", None), record.pop("elapsed_ms", None)
    for a in record.get("analyzers", []):
        a.pop("elapsed_ms", None)
    return record


def test_the_crafted_corpus_gives_one_record_per_entry_and_changes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    names = make_corpus.make(corpus, SOURCE_DIR / "examples" / "images")
    before = {name: state(corpus / name) for name in names}
    result, records = scan(corpus, tmp_path / "first.jsonl")
    assert result.returncode == 1, result.stderr  # some inputs are errors, none ends the batch
    by_name = {os.path.basename(r["file"]): r for r in records}
    # Reports are UTF-8: a name that is not is written with U+FFFD in its place.
    shown = sorted(os.fsencode(name).decode("utf-8", "replace") for name in names)
    assert sorted(by_name) == shown and len(records) == len(names)
    assert {name: state(corpus / name) for name in names} == before
    for name in ("xmp-unterminated.png", "xmp-unterminated.jpg", "xmp-unterminated.webp", "ztxt-bombs.png",
                 "jpeg-10000-comments.jpg", "jpeg-without-extension", "name with\nnewline.jpg", "read-only.jpg"):
        assert "error" not in by_name[name], (name, by_name[name].get("error"))
    assert all("crashed" != r.get("error", {}).get("type") for r in records)
    assert by_name["jpeg-claims-65500.jpg"]["error"]["type"] == "limit_error"
    for name in ("jpeg-cut-25.jpg", "jpeg-cut-50.jpg", "jpeg-cut-75.jpg", "jpeg-garbage-inside.jpg"):
        record = by_name[name]
        assert "error" in record or record["damaged"], name
    for name in ("fifo.jpg", "dangling.jpg", "loop.jpg", "empty.jpg", "text-named.jpg", "chunk-claims-1gb.png"):
        assert by_name[name]["error"]["message"], name

    def malformed(name):
        metadata = next(a for a in by_name[name]["analyzers"] if a["name"] == "metadata")
        return metadata["evidence"].get("malformed", "")
    assert "only the first was checked" in malformed("c2pa-1300-hash-assertions.png")
    assert "deeper than 64 levels" in malformed("c2pa-deep-cbor-tags.png")
    assert "does not fit the image" in malformed("stealth-pnginfo-overlong.png")
    thumbnail = next(a for a in by_name["exif-thumbnail-65500.jpg"]["analyzers"] if a["name"] == "metadata")
    assert thumbnail["evidence"]["thumbnail"] == "present, does not decode"

    # The second scan reads the corpus from a read-only mount where the
    # system allows one (unshare needs CAP_SYS_ADMIN): the same records, and
    # nothing was written anywhere under the corpus.
    read_only = read_only_mounts_available(corpus)
    if not read_only:
        print("unshare -m is not permitted here: the second scan reads a writable corpus")
    result, again = scan(corpus, tmp_path / "second.jsonl", read_only_mount=read_only)
    assert result.returncode == 1, result.stderr
    assert [comparable(r) for r in again] == [comparable(r) for r in records]
    assert {name: state(corpus / name) for name in names} == before
    assert sorted(os.listdir(corpus)) == names  # nothing left beside the evidence
