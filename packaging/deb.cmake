# Debian packages by CPack (`cpack -G DEB` in the build folder, or
# scripts/package-deb.sh): libdetect (library, CLI, models), libdetect-dev
# (headers, CMake package) and python3-libdetect. The runtime package's
# Depends are computed by dpkg-shlibdeps from the binaries themselves.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "libdetect")
set(CPACK_PACKAGE_VENDOR "libdetect")
set(CPACK_PACKAGE_CONTACT "libdetect maintainers <libdetect@localhost>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev python)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME "libdetect")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# The CLI links the library that the same package carries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${PROJECT_BINARY_DIR}/libdetect")
# dlib's landmark model is a data file the face analyzer reads at run time.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libdlib-data")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME "libdetect-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libdetect (= ${PROJECT_VERSION}), libopencv-dev, libwebp-dev, libexiv2-dev, nlohmann-json3-dev, libeigen3-dev, libssl-dev, libjpeg-dev, zlib1g-dev, libtorch-dev, libdlib-dev")

set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME "python3-libdetect")
# The module links only libdetect (and the C++ runtime it pulls in).
set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS "libdetect (= ${PROJECT_VERSION}), python3 (>= 3.11), python3 (<< 3.12), python3-numpy")

include(CPack)
