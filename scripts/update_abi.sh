#!/bin/bash
# Records the built library's exported ABI as the new baseline that
# tests/packaging/abi_check.sh compares with. Run after a deliberate break
# (with a new inline namespace and SOVERSION) or to take additions in.
set -euo pipefail
source "$(dirname "$0")/common.sh"
library=$(readlink -f "$BUILD_DIR/libdetect/libdetect.so")
abidw --no-corpus-path "$library" --out-file "$ROOT/abi/libdetect.abi"
echo "wrote abi/libdetect.abi from $library"
