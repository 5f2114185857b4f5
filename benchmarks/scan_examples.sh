#!/usr/bin/env bash
# Times `libdetect scan` over examples/images end to end (process start,
# decode, analysis, JSON and heatmap PNG output), 15 runs, and prints the
# median next to the median of `libdetect --version` (process start-up alone)
# measured in the same run.
#   benchmarks/scan_examples.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$build/bin/libdetect" "$root/examples/images" "$tmp" <<'PY'
import statistics, subprocess, sys, time
cli, images, tmp = sys.argv[1:4]
def median_seconds(args, runs=15):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
startup = median_seconds([cli, "--version"])
for threads in ("1", "0"):
    scan = median_seconds([cli, "scan", images, "--threads", threads, "--out", f"{tmp}/r.json",
                           "--heatmaps", f"{tmp}/maps"])
    print(f"scan examples/images (4 images, --threads {threads}): median {scan*1000:7.1f} ms")
print(f"libdetect --version (start-up baseline):          median {startup*1000:7.1f} ms")
PY
