#!/usr/bin/env bash
# Runs the micro-benchmarks with repetitions and prints medians and the
# targets' figures, each against a baseline measured in the same run.
#   benchmarks/run_micro.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
# One core, as the targets are stated for one core.
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
"${pin[@]}" "$build/benchmarks/libdetect_benchmarks" --benchmark_repetitions=15 \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$build/benchmarks.json"
/usr/bin/python3 - "$build/benchmarks.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
median = {r["run_name"].split("/iterations")[0].replace("/real_time", ""): r["real_time"]
          for r in runs if r["aggregate_name"] == "median"}
for name, ms in median.items():
    print(f"{name:24s} median {ms:9.3f} ms")
print(f"ELA / decode          = {median['BM_Ela'] / median['BM_Decode']:.2f} (target <= 3)")
print(f"noise 2 MP            = {median['BM_Noise2MP']:.1f} ms (target <= 150 ms)")
print(f"JPEG ghosts 2 MP       = {median['BM_Jpeg2MP']:.1f} ms (target <= 150 ms)")
print(f"JPEG double quant. 2 MP = {median['BM_JpegDq2MP']:.1f} ms (target <= 150 ms)")
print(f"frequency 2 MP        = {median['BM_Frequency2MP']:.1f} ms (target <= 150 ms)")
print(f"coding cost 2 MP      = {median['BM_CodingCost2MP']:.1f} ms (target <= 150 ms per MP: <= 300 ms)")
print(f"copy-move 2 MP        = {median['BM_CopyMove2MP']:.1f} ms (target <= 600 ms)")
print(f"metadata, 5-MB JPEG    = {median['BM_Metadata5MB']:.2f} ms (target <= 20 ms; decoding it: {median['BM_Decode5MB']:.0f} ms)")
print(f"model 1 MP, 1 thread  = {median['BM_Model1MP/1']:.1f} ms (target <= 100 ms; 2 threads: "
      f"{median['BM_Model1MP/2']:.1f} ms; decoding it: {median['BM_DecodeForModel1MP']:.1f} ms)")
print(f"model load            = {median['BM_ModelLoad']:.0f} ms (target <= 500 ms)")
print(f"faces 2 MP, 1 thread  = {median['BM_FaceFind2MP']:.1f} ms (target <= 150 ms: detection + landmarks)")
print(f"per face, 1 thread    = {median['BM_FaceAnalyzePortrait'] - median['BM_FaceFindPortrait']:.1f} ms "
      f"(target <= 30 ms: face analyzer {median['BM_FaceAnalyzePortrait']:.1f} ms minus detection "
      f"{median['BM_FaceFindPortrait']:.1f} ms on the 512-px portrait)")
print(f"PDQ 1 MP              = {median['BM_Pdq1MP']:.2f} ms (target <= 10 ms)")
print(f"1M-hash query         = {median['BM_Query1M_MultiIndex']:.3f} ms (target <= 50 ms), "
      f"{median['BM_Query1M_FullScan'] / median['BM_Query1M_MultiIndex']:.0f}x faster than a full scan")
PY
