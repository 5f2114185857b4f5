"""help() and the .pyi stub say what the C++ header comments say (issue 24,
item 5): the bindings take their docstrings from the generated table
(scripts/header_docs.py), and the stub carries the same text."""

import pathlib
import re
import subprocess
import sys

import libdetect

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUB = ROOT / "bindings" / "python" / "libdetect" / "_libdetect.pyi"
sys.path.insert(0, str(ROOT / "scripts"))
import header_docs  # noqa: E402


def stub_docstrings():
    """{key: text} of the docstrings the generator wrote into the stub."""
    found, scope, last = {}, None, None
    for line in STUB.read_text().splitlines():
        if (m := re.match(r"^class (\w+)", line)):
            scope, last = m.group(1), m.group(1)
        elif (m := re.match(r"^    def (\w+)\(", line)):
            last = f"{scope}.{m.group(1)}"
        elif (m := re.match(r"^def (\w+)\(", line)):  # a free function
            scope, last = None, m.group(1)
        elif line.rstrip().endswith('"""' + header_docs.MARK):
            found[last] = line.strip()[3:-len('"""' + header_docs.MARK)]
    return found


def test_the_stub_is_generated_from_the_headers():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "header_docs.py"), "--stub", str(STUB), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_help_says_what_the_stub_and_the_header_say():
    docs = header_docs.parse()
    documented = stub_docstrings()
    assert len(documented) >= 60  # classes, fields and methods of the report, detector, image, faces, hashes
    for key, text in documented.items():
        assert text == docs[key].replace('"""', "'''"), key
        owner, _, member = key.partition(".")
        target = getattr(libdetect, owner)
        if member:
            target = getattr(target, member)
        assert docs[key] in (target.__doc__ or ""), key
    # Spot checks of what a notebook user sees.
    assert "leave-source-out" in libdetect.AiGenerationEstimate.leave_source_out_auc.__doc__.lower() or \
        "held out of training" in libdetect.AiGenerationEstimate.leave_source_out_auc.__doc__
    assert "planted" in libdetect.Verdict.probabilities.__doc__


def test_star_import_exports_every_public_class():
    namespace = {}
    exec("from libdetect import *", namespace)
    classes = re.findall(r"^class (\w+)", STUB.read_text(), re.M)
    missing = [c for c in classes if c not in namespace and not c.startswith("_")]
    assert not missing, missing
