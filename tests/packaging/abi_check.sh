#!/bin/bash
# The library's exported ABI against the committed baseline (abi/libdetect.abi):
# a removed or changed exported symbol fails, so that breaking the ABI is a
# decision (move the inline namespace libdetect::v0 and the SOVERSION, then
# scripts/update_abi.sh), not an accident. Additions pass.
# The release build has no DWARF, so abidiff compares the exported symbols
# (every public function and variable, their namespace version included),
# not type layouts.
# usage: abi_check.sh SOURCE_DIR LIBRARY
set -uo pipefail
source_dir=$1
library=$2
baseline=$source_dir/abi/libdetect.abi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
abidw --no-corpus-path "$library" --out-file "$work/current.abi" || { echo "abidw failed on $library"; exit 1; }
abidiff --suppressions "$source_dir/abi/suppressions.ini" "$baseline" "$work/current.abi" > "$work/diff.txt"
status=$?
cat "$work/diff.txt"
# abidiff's status is a bit mask: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if (( status & 3 )); then echo "abidiff could not compare (status $status)"; exit 1; fi
if (( status & 8 )); then
  echo "INCOMPATIBLE ABI CHANGE against abi/libdetect.abi (above). If it is meant: move the inline"
  echo "namespace (LIBDETECT_NAMESPACE_BEGIN) and the SOVERSION, then run scripts/update_abi.sh"
  exit 1
fi
echo "ABI compatible with abi/libdetect.abi$( (( status & 4 )) && echo ' (additions only)')"
