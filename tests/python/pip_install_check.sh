#!/usr/bin/env bash
# `pip install .` offline into a venv made with --system-site-packages, then
# use the installed package from outside the source tree.
#   pip_install_check.sh SOURCE_DIR WORK_DIR
set -euo pipefail
source_dir=$1
work=$2
rm -rf "$work/venv"
mkdir -p "$work"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-build-isolation --no-index "$source_dir"
cd "$work"
"$work/venv/bin/python" - "$source_dir/examples/images/spliced.jpg" <<'PY'
import sys
import libdetect
assert "/venv/" in libdetect.__file__, libdetect.__file__
report = libdetect.Detector().analyze(sys.argv[1])  # every analyzer: the models come from the package
import pathlib
assert (pathlib.Path(libdetect.__file__).parent / "models" / "manifest.json").is_file()
assert report["model"].applicable and report["face"] is not None
assert report["ela"].heatmap.shape == (60, 80)
assert report.format == "jpeg"
try:
    libdetect.Detector().analyze(b"not an image")
except libdetect.DecodeError:
    pass
else:
    raise AssertionError("no DecodeError")
print("pip-installed libdetect", libdetect.__version__, "works from", libdetect.__file__)
PY
