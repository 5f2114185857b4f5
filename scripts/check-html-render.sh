#!/usr/bin/env bash
# Renders HTML reports in headless Chromium (Debian's chromium, installed if
# missing) and checks what a reader sees: the verdict in words at the top,
# and a preview that is blurred by default and sharp with --no-blur.
#   scripts/check-html-render.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
PACKAGES=(chromium python3-opencv python3-numpy)
ensure_packages
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/bin/libdetect" scan examples/images/untouched.jpg --html "$out/blurred.html" >/dev/null
"$build/bin/libdetect" scan examples/images/untouched.jpg --html "$out/plain.html" --no-blur >/dev/null
for name in blurred plain; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1000 \
    --screenshot="$out/$name.png" "file://$out/$name.html" >/dev/null 2>&1
  chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$out/$name.html" >"$out/$name.dom" 2>/dev/null
done
/usr/bin/python3 - "$out" <<'PY'
import sys

import cv2
import numpy as np

out = sys.argv[1]
dom = open(f"{out}/blurred.dom").read()
assert "Inconclusive" in dom, "the verdict is not in the rendered page"
blurred = cv2.imread(f"{out}/blurred.png", cv2.IMREAD_GRAYSCALE)
plain = cv2.imread(f"{out}/plain.png", cv2.IMREAD_GRAYSCALE)
assert blurred is not None and plain is not None, "no screenshot"
# The two pages differ only where pictures are drawn: measure detail there.
mask = cv2.absdiff(blurred, plain) > 16
ys, xs = np.nonzero(mask)
assert len(ys) > 1000, "the blurred and unblurred previews look the same"
# The preview is the top-most picture: its box, shrunk past the blur's soft
# edges and the "click to reveal" hint in its top-left corner.
count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(mask.astype(np.uint8), np.ones((15, 15), np.uint8)))
x, y, w, h, _ = min((s for s in stats[1:] if s[4] > 20000), key=lambda s: s[1])
inner = (slice(y + 60, y + h - 30), slice(x + 30, x + w - 30))
sharpness = [cv2.Laplacian(img[inner], cv2.CV_64F).var() for img in (blurred, plain)]
print(f"preview at ({x}, {y}), {w}x{h} px; detail inside (Laplacian variance): "
      f"blurred {sharpness[0]:.1f}, unblurred {sharpness[1]:.1f}")
# The verdict sits above the preview: the first rows of the page carry text.
top = blurred[: ys.min()]
assert (top < 128).sum() > 500, "nothing is drawn above the preview"
assert sharpness[0] * 5 < sharpness[1], "the default preview is not blurred"
print("ok: verdict shown, preview blurred by default")
PY
