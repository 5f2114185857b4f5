"""Builds the libdetect Python package by driving the project's CMake build.

The extension links a static libdetect (BUILD_SHARED_LIBS=OFF), so the wheel
needs only the system's OpenCV, libjpeg, libwebp and libcrypto at run time.
The CMake build directory is kept (build/pip-cmake) so a rebuild is incremental.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(libdetect VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = ROOT / "build" / "pip-cmake"
        subprocess.check_call([
            "cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=OFF",
            "-DLIBDETECT_BUILD_TESTS=OFF", "-DLIBDETECT_BUILD_CLI=OFF",
            "-DLIBDETECT_BUILD_EXAMPLES=OFF", "-DLIBDETECT_BUILD_BENCHMARKS=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ])
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_libdetect"])
        built = next((build_dir / "python" / "libdetect").glob("_libdetect*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        # Every model the manifest lists travels in the package: the library
        # finds them beside the extension (src/model/model_catalog.cpp).
        models = target.parent / "models"
        models.mkdir(exist_ok=True)
        manifest = ROOT / "models" / "manifest.json"
        shutil.copy2(manifest, models / "manifest.json")
        for entry in json.loads(manifest.read_text())["models"]:
            for name in (entry["file"], entry.get("card")):
                if name:
                    shutil.copy2(ROOT / "models" / name, models / name)


setup(
    version=project_version(),
    packages=["libdetect"],
    package_dir={"libdetect": "bindings/python/libdetect"},
    package_data={"libdetect": ["_libdetect.pyi", "py.typed"]},
    ext_modules=[CMakeExtension("libdetect._libdetect")],
    cmdclass={"build_ext": CMakeBuild},
    # Keep setuptools' own files out of the CMake build tree's top level.
    options={"build": {"build_base": "build/setuptools"}, "egg_info": {"egg_base": "build"}},
    zip_safe=False,
)
