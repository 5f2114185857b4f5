#!/usr/bin/env bash
# Builds the Debian packages with CPack, unpacks them with `dpkg -x` into a
# fresh folder (nothing installed system-wide) and, from a folder where
# neither the source nor the build tree is, runs the CLI over every example
# image with every analyzer, imports the Python package and scans with it,
# and builds the CMake consumer against the unpacked -dev package. Checks
# that the runtime package's Depends were computed and that `ldd` of the CLI
# resolves every library to Debian's folders or to the package itself.
#   tests/packaging/deb_check.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
source_dir=$(realpath "$1")
build_dir=$(realpath "$2")
work=$3
rm -rf "$work"
mkdir -p "$work/debs" "$work/root" "$work/elsewhere/images" "$work/consumer"
work=$(realpath "$work")

(cd "$build_dir" && cpack -G DEB -B "$work/debs" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; exit 1; }
for name in libdetect libdetect-dev python3-libdetect; do
  deb=$(ls "$work/debs/${name}_"*.deb)
  dpkg -x "$deb" "$work/root"
  echo "$name: $(du -k "$deb" | cut -f1) KiB package, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"
done
depends=$(dpkg-deb -f "$work/debs/"libdetect_*.deb Depends)
echo "libdetect Depends: $depends"
for expected in libopencv libtorch libexiv2 libseccomp; do
  grep -q "$expected" <<<"$depends" || { echo "Depends lacks $expected"; exit 1; }
done

root=$work/root
cli=$root/usr/bin/libdetect
# ldd: every library from Debian's folders or from the unpacked package.
unresolved=$(ldd "$cli" | awk '/=>/ { print $3 }' | xargs -r realpath | grep -v -E "^(/lib/|/usr/lib/|$root/usr/lib/)" || true)
[ -z "$unresolved" ] || { echo "libraries outside Debian's folders: $unresolved"; exit 1; }
ldd "$cli" | grep -q "not found" && { ldd "$cli"; exit 1; }

cp "$source_dir"/examples/images/* "$work/elsewhere/images/"
cd "$work/elsewhere"
export HOME=$work/elsewhere
unset LIBDETECT_MODEL_DIR PYTHONPATH
"$cli" models >/dev/null
"$cli" scan images --format jsonl --out scan.jsonl
reports=$(grep -c '"schema":"libdetect.report/1"' scan.jsonl)
images=$(ls images | wc -l)
[ "$reports" -eq "$images" ] || { echo "expected $images reports, got $reports"; exit 1; }
grep -q '"error":' scan.jsonl && { echo "an analyzer failed:"; cat scan.jsonl; exit 1; }

LD_LIBRARY_PATH=$root/usr/lib PYTHONPATH=$root/usr/lib/python3/dist-packages /usr/bin/python3 - <<'PY'
import os, libdetect
assert libdetect.__file__.startswith(os.environ["PYTHONPATH"]), libdetect.__file__
outcomes = libdetect.scan("images")
assert outcomes and all(o.ok for o in outcomes), [(o.file, o.error_message) for o in outcomes if not o.ok]
names = {r.name for r in outcomes[0].report.analyzers}
assert names == set(libdetect.available_analyzers()), names
print(f"python3-libdetect scanned {len(outcomes)} images with {len(names)} analyzers")
PY

cmake -S "$source_dir/tests/consumer/project" -B "$work/consumer" -G Ninja \
  "-DCMAKE_PREFIX_PATH=$root/usr" >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH=$root/usr/lib "$work/consumer/consumer" images/spliced.jpg | grep -q "analyzer ela"
echo "installed size (unpacked, all three packages): $(du -sk "$root/usr" | cut -f1) KiB"
