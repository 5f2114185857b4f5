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
