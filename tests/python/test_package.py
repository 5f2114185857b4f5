"""The installed package matches its type stub and exposes one exception tree."""

import ast
from pathlib import Path

import libdetect
from libdetect import _libdetect


def test_stub_declares_exactly_the_compiled_module_api():
    stub = Path(_libdetect.__file__).with_name("_libdetect.pyi")
    tree = ast.parse(stub.read_text())
    declared = {node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    declared |= {node.target.id for node in tree.body if isinstance(node, ast.AnnAssign)}
    public = {name for name in dir(_libdetect) if not name.startswith("_")}
    assert declared - {"__version__"} == public


def test_every_exception_derives_from_libdetect_error():
    for name in ("IoError", "DecodeError", "LimitError", "InvalidArgument", "ModelError"):
        assert issubclass(getattr(libdetect, name), libdetect.Error)
    assert issubclass(libdetect.Error, Exception)


def test_version_is_the_library_version():
    major, minor, patch = (int(part) for part in libdetect.__version__.split("."))
    assert (major, minor, patch) >= (0, 1, 0)
    assert libdetect.git_revision
