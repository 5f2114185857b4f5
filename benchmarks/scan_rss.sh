#!/usr/bin/env bash
# Peak resident memory of `libdetect scan` over 100 one-megapixel JPEGs made
# in code (target: <= 1 GB with every analyzer), next to the same scan without
# the learned model, measured in the same run. Also the wall time of each.
#   benchmarks/scan_rss.sh [BUILD_DIR] [THREADS]
set -euo pipefail
build=${1:-build}
threads=${2:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp/images" <<'PY'
import os, sys
import cv2
import numpy as np
out = sys.argv[1]
os.makedirs(out)
rng = np.random.default_rng(5)
for i in range(100):
    # Smooth shapes plus sensor-like noise: a photo-like 1152x864 picture.
    small = rng.integers(0, 256, (27, 36, 3)).astype(np.uint8)
    image = cv2.resize(small, (1152, 864), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    image += rng.normal(0, 4, image.shape)
    cv2.imwrite(f"{out}/img-{i:03d}.jpg", np.clip(image, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
PY
run() {  # label, extra arguments
  local label=$1; shift
  /usr/bin/time -f "%M %e" -o "$tmp/time" "$build/bin/libdetect" scan "$tmp/images" --threads "$threads" \
    --out "$tmp/report.json" "$@" >/dev/null 2>&1 || true
  read -r kb seconds <"$tmp/time"
  printf '%-34s peak RSS %6d MB, %6.1f s\n' "$label" "$((kb / 1024))" "$seconds"
}
analyzers_without_model="ela,noise,jpeg,jpeg_dq,copy_move,frequency,metadata"
run "every analyzer (threads $threads)"
run "without the model (baseline)" --analyzers "$analyzers_without_model"
run "the model alone" --analyzers model
