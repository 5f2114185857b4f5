#!/usr/bin/env bash
# Peak resident memory and wall time of `libdetect scan` on one genuine-looking
# 100-megapixel JPEG (10,000 x 10,000, the default max_pixels), every analyzer
# together and each alone (issue 16: <= 1 GB and <= 30 s on one core).
# Decoding alone (the `metadata` analyzer needs no pixels beyond the decode) is
# the baseline measured in the same run.
#   benchmarks/large_image.sh [BUILD_DIR] [SIDE] [ANALYZER...]   (default: each, then all)
set -euo pipefail
build=${1:-build}
side=${2:-10000}
shift $(( $# < 2 ? $# : 2 ))
only=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp/large.jpg" "$side" <<'PY'
import sys
import cv2
import numpy as np
side = int(sys.argv[2])
rng = np.random.default_rng(11)
# Smooth shapes plus sensor-like noise, made in tiles to keep this script small.
small = rng.integers(0, 256, (side // 250, side // 250, 3)).astype(np.uint8)
image = cv2.resize(small, (side, side), interpolation=cv2.INTER_CUBIC)
noise = rng.normal(0, 4, (1024, 1024, 3)).astype(np.float32)
for y in range(0, side, 1024):
    for x in range(0, side, 1024):
        tile = image[y:y + 1024, x:x + 1024]
        tile[:] = np.clip(tile + noise[:tile.shape[0], :tile.shape[1]], 0, 255).astype(np.uint8)
cv2.imwrite(sys.argv[1], image, [cv2.IMWRITE_JPEG_QUALITY, 92])
PY
run() {  # label, extra arguments
  local label=$1; shift
  /usr/bin/time -f "%M %e" -o "$tmp/time" "$build/bin/libdetect" scan "$tmp/large.jpg" --in-process --threads 1 \
    --out "$tmp/report.json" "$@" >/dev/null 2>"$tmp/stderr" || { echo "$label: failed: $(tail -1 "$tmp/stderr")"; }
  read -r kb seconds <"$tmp/time"
  printf '%-22s peak RSS %6d MB, %6.1f s\n' "$label" "$((kb / 1024))" "$seconds"
}
echo "one ${side}x${side} JPEG ($(du -m "$tmp/large.jpg" | cut -f1) MB), in-process, one thread"
run "decode + metadata" --analyzers metadata
[ ${#only[@]} -gt 0 ] ||
  only=($(PYTHONPATH="$build/python" /usr/bin/python3 -c "import libdetect; print(*libdetect.available_analyzers())"))
for analyzer in "${only[@]}"; do
  [ "$analyzer" = metadata ] && continue
  run "$analyzer" --analyzers "metadata,$analyzer"
done
[ $# -gt 0 ] || run "every analyzer"
