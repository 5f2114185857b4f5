// Symbol visibility: the library is built with -fvisibility=hidden and only
// declarations marked LIBDETECT_API are exported.
#pragma once

#if defined(_WIN32)
#  if defined(LIBDETECT_BUILDING)
#    define LIBDETECT_API __declspec(dllexport)
#  else
#    define LIBDETECT_API __declspec(dllimport)
#  endif
#else
#  define LIBDETECT_API __attribute__((visibility("default")))
#endif

// Every public name lives in a versioned inline namespace (libdetect::v0):
// code says libdetect::Detector, while the linker sees the version, so a
// program built against one ABI cannot silently load another (as
// OpenColorIO's OCIO_NAMESPACE). The version moves when the ABI breaks.
#define LIBDETECT_NAMESPACE_BEGIN \
    namespace libdetect {         \
    inline namespace v0 {
#define LIBDETECT_NAMESPACE_END \
    }                           \
    }

// Marks an API that will be removed, with what to use instead:
//   LIBDETECT_DEPRECATED("use Findings::faces") std::vector<Face> faces() const;
#define LIBDETECT_DEPRECATED(what_instead) [[deprecated(what_instead)]]
