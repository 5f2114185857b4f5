#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and scan the example
# images. Writes out/examples/report.json, out/examples/summary.txt and the
# heatmaps in out/examples/heatmaps/.
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages
build
out="$ROOT/out/examples"
mkdir -p "$out"
status=0
"$BUILD_DIR/bin/libdetect" scan "$ROOT/examples/images" --out "$out/report.json" \
  --summary "$out/summary.txt" --heatmaps "$out/heatmaps" --html "$out/html" || status=$?
cat "$out/summary.txt"
echo "report: $out/report.json  heatmaps: $out/heatmaps/  HTML: $out/html/index.html"
exit $status
