#!/usr/bin/env bash
# The crafted corpus of issue 16 (tests/hostile/make_corpus.py) scanned as
# one batch with every analyzer: wall time and the peak resident memory of
# the largest process (a worker; target <= 1 GB), supervised (the default)
# and --in-process, measured in the same run; then each file alone, slowest
# first (target: every file <= 30 s on one core).
#   benchmarks/hostile_corpus.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
/usr/bin/python3 "$(dirname "$0")/../tests/hostile/make_corpus.py" "$tmp/corpus" >/dev/null
run() {  # label, extra arguments
  local label=$1; shift
  /usr/bin/time -f "%M %e" -o "$tmp/time" "$build/bin/libdetect" scan "$tmp/corpus" -r --threads 2 \
    --format jsonl --out "$tmp/records.jsonl" "$@" >/dev/null 2>&1 || true
  read -r kb seconds < <(tail -n 1 "$tmp/time")
  printf '%-24s %3d records, peak RSS %5d MB, %6.1f s\n' "$label" "$(wc -l <"$tmp/records.jsonl")" \
    "$((kb / 1024))" "$seconds"
}
run "supervised, 2 workers"
run "in-process, 2 threads" --in-process
echo "each file alone (supervised, one worker):"
for file in "$tmp"/corpus/*; do
  [ -f "$file" ] && [ ! -L "$file" ] || continue
  /usr/bin/time -f "%M %e" -o "$tmp/time" "$build/bin/libdetect" scan "$file" --threads 1 \
    --out "$tmp/one.json" >/dev/null 2>&1 || true
  read -r kb seconds < <(tail -n 1 "$tmp/time")
  printf '%8.1f s %6d MB  %q\n' "$seconds" "$((kb / 1024))" "$(basename "$file")"
done | sort -rn
