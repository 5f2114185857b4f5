#!/usr/bin/env bash
# Runs the micro-benchmarks with repetitions and prints medians and the
# ELA/decode ratio measured in the same run.
#   benchmarks/run_micro.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
"$build/benchmarks/bench_decode_ela" --benchmark_repetitions=15 \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$build/bench_decode_ela.json"
/usr/bin/python3 - "$build/bench_decode_ela.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
median = {r["run_name"].split("/")[0]: r["real_time"] for r in runs if r["aggregate_name"] == "median"}
for name, ms in median.items():
    print(f"{name:12s} median {ms:8.2f} ms")
print(f"ELA / decode = {median['BM_Ela'] / median['BM_Decode']:.2f} (target <= 3)")
PY
