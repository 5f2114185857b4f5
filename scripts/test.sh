#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run every test
# (C++ unit and integration tests, pytest suites, examples, the installed-package
# consumer and the pip install check), all registered with CTest.
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages
build
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" "$@"
