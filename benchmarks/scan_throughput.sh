#!/usr/bin/env bash
# Images per second of `libdetect scan` (every analyzer, supervised workers)
# over N one-megapixel JPEGs made in code, with 1 and with 2 worker threads,
# measured in the same run (issue 21's target: 2 threads >= 1.8x one).
#   benchmarks/scan_throughput.sh [BUILD_DIR] [N]      (default build, 200)
set -euo pipefail
build=${1:-build}
count=${2:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp/images" "$count" <<'PY'
import os, sys
import cv2
import numpy as np
out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rng = np.random.default_rng(21)
for i in range(count):
    small = rng.integers(0, 256, (27, 36, 3)).astype(np.uint8)
    image = cv2.resize(small, (1152, 864), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    image += rng.normal(0, 4, image.shape)
    cv2.imwrite(f"{out}/img-{i:04d}.jpg", np.clip(image, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
PY
declare -A rate
for threads in 1 2; do
  start=$(date +%s.%N)
  "$build/bin/libdetect" scan "$tmp/images" --threads "$threads" --format jsonl --out "$tmp/out-$threads.jsonl" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  records=$(wc -l <"$tmp/out-$threads.jsonl")
  rate[$threads]=$(echo "$records / ($end - $start)" | bc -l)
  printf 'threads %d: %d records in %.1f s, %.2f images/s\n' "$threads" "$records" "$(echo "$end - $start" | bc -l)" \
    "${rate[$threads]}"
done
printf 'speed-up with 2 threads: %.2fx (on %d cores)\n' "$(echo "${rate[2]} / ${rate[1]}" | bc -l)" "$(nproc)"
