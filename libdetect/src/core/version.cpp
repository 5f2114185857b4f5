#include <libdetect/version.hpp>

#include "build_info.hpp"

LIBDETECT_NAMESPACE_BEGIN

const char* version_string() noexcept { return LIBDETECT_VERSION_STRING; }
int version_major() noexcept { return LIBDETECT_VERSION_MAJOR; }
int version_minor() noexcept { return LIBDETECT_VERSION_MINOR; }
int version_patch() noexcept { return LIBDETECT_VERSION_PATCH; }
const char* git_revision() noexcept { return LIBDETECT_GIT_REVISION; }

LIBDETECT_NAMESPACE_END
