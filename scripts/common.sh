# Shared by scripts/scan-examples.sh and scripts/test.sh: install what is
# missing (Debian packages only), then configure and build incrementally.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${LIBDETECT_BUILD_DIR:-$ROOT/build}

# Everything the build, the tests and the benchmarks need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git dpkg-dev
  libopencv-dev libopencv-contrib-dev libjpeg-dev libwebp-dev zlib1g-dev libssl-dev
  nlohmann-json3-dev libcli11-dev catch2 libbenchmark-dev libeigen3-dev libexiv2-dev
  libtorch-dev python3-torch python3-torchvision python3-pandas python3-matplotlib
  libdlib-dev libdlib-data python3-skimage libseccomp-dev abigail-tools
  clang libclang-rt-14-dev
  pybind11-dev python3-dev python3-numpy python3-pytest python3-opencv
  python3-tqdm python3-nbclient python3-nbformat python3-ipykernel python3-sklearn
  python3-venv python3-pip python3-setuptools python3-wheel
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
  fi
  cmake --build "$BUILD_DIR" -- -j"$(nproc)"
}
