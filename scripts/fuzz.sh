#!/usr/bin/env bash
# Fuzzes the metadata parsers with clang's libFuzzer (AddressSanitizer and
# UndefinedBehaviorSanitizer on), each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
# New inputs stay in build-fuzz/corpus/; a crash is saved as
# build-fuzz/crash-<target>-*, and the script exits 1. Copy a crash into
# tests/fuzz/corpus/<target>/ (its replay then runs in every test run) and fix
# the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
PACKAGES=(clang libclang-rt-14-dev zlib1g-dev libssl-dev nlohmann-json3-dev libopencv-dev libexiv2-dev libwebp-dev
          libjpeg-dev)
ensure_packages

seconds=${1:-60}
out=build-fuzz
mkdir -p "$out"
sources=(text_record inflate png_chunks jpeg_segments webp_chunks cbor jumbf c2pa xmp_scan user_comment stealth_pnginfo)
flags=(-std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Ilibdetect/src -Ilibdetect/include -I"$BUILD_DIR/libdetect/include" -I"$BUILD_DIR/libdetect/src")
# image_metadata runs the whole path of an evidence file: Image::from_bytes
# (container, limits, OpenCV's decoders, integrity, hashes), then every
# metadata reader through the metadata analyzer, exiv2 included.
whole_path=(libdetect/src/metadata/*.cpp libdetect/src/io/*.cpp libdetect/src/hash/digest.cpp
            libdetect/src/core/error.cpp libdetect/src/analysis/analyzer.cpp)
# hash_list and report_json instrument their own readers and take what those
# call for hashes and errors from the release library of the build tree
# (uninstrumented: findings are only reported in the instrumented code).
release_library=$(dirname "$(find "$BUILD_DIR" -name 'libdetect.so' -print -quit)")
status=0
for target in png_chunks jpeg_segments c2pa xmp_scan user_comment stealth_pnginfo image_metadata hash_list report_json \
              worker_frames; do
  echo "== $target: building"
  if [ "$target" = image_metadata ]; then
    target_sources=("${whole_path[@]}")
    libraries=($(pkg-config --libs exiv2) -lwebp -ljpeg)
  elif [ "$target" = hash_list ] || [ "$target" = report_json ] || [ "$target" = worker_frames ]; then
    case $target in
      hash_list) target_sources=(libdetect/src/match/*.cpp) ;;
      report_json) target_sources=(libdetect/src/report/json_reader.cpp libdetect/src/report/json.cpp) ;;
      # The CLI's side of the worker protocol (what a taken-over worker can send the scanner).
      worker_frames) target_sources=(-Ilibdetect/cli libdetect/cli/worker_protocol.cpp libdetect/cli/scan_job.cpp
                                     libdetect/cli/cli_support.cpp libdetect/src/metadata/cbor.cpp) ;;
    esac
    libraries=(-L"$release_library" -ldetect -Wl,-rpath,"$release_library")
  else
    target_sources=($(printf 'libdetect/src/metadata/%s.cpp ' "${sources[@]}"))
    libraries=()
  fi
  clang++ "${flags[@]}" "tests/fuzz/fuzz_$target.cpp" "${target_sources[@]}" \
    $(pkg-config --cflags --libs opencv4) "${libraries[@]}" -lz -lcrypto -o "$out/fuzz_$target"
  mkdir -p "$out/corpus/$target"
  cp -n tests/fuzz/corpus/$target/* "$out/corpus/$target/" 2>/dev/null || true
  echo "== $target: fuzzing for $seconds s"
  if ! "$out/fuzz_$target" "$out/corpus/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
       -max_len=65536 -artifact_prefix="$out/crash-$target-" -print_final_stats=1 2>"$out/$target.log"; then
    echo "!! $target: crash, see $out/$target.log and $out/crash-$target-*"
    status=1
  fi
  grep -E "stat::number_of_executed_units|cov:" "$out/$target.log" | tail -2 || true
done
exit $status
