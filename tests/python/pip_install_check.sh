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
# No installed binary names the source folder; the package runs from a
# folder (and HOME) of its own on copies of the example images.
source_real=$(realpath "$source_dir")
for binary in $(find "$work/venv" -path "*libdetect*" -name "*.so*" -type f); do
  if strings "$binary" | grep -q "$source_real"; then
    echo "$binary contains the source path $source_real"; exit 1
  fi
done
rm -rf "$work/images"
mkdir -p "$work/images"
cp "$source_dir"/examples/images/* "$work/images/"
cd "$work"
HOME=$work "$work/venv/bin/python" - "$work/images/spliced.jpg" <<'PY'
import sys
import libdetect
outcomes = libdetect.scan("images")
assert len(outcomes) == 4 and all(o.ok for o in outcomes), [(o.file, o.error_message) for o in outcomes]
for outcome in outcomes:
    results = outcome.report.analyzers
    assert {r.name for r in results} == set(libdetect.available_analyzers())
    assert not [r.error for r in results if r.error], outcome.file
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
