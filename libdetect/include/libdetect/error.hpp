// One exception hierarchy for the whole library. Everything libdetect throws
// derives from libdetect::Error; the Python bindings map each class once.
#pragma once

#include <libdetect/export.hpp>

#include <stdexcept>
#include <string>

LIBDETECT_NAMESPACE_BEGIN

class LIBDETECT_API Error : public std::runtime_error {
public:
    explicit Error(const std::string& message);
    // Stable machine-readable name ("error", "io_error", ...), used in error
    // records of batch scans.
    virtual const char* type() const noexcept;
};

// The input could not be read (missing, unreadable, a directory...).
class LIBDETECT_API IoError : public Error {
public:
    using Error::Error;
    const char* type() const noexcept override;
};

// The bytes are not a decodable image of a supported format.
class LIBDETECT_API DecodeError : public Error {
public:
    using Error::Error;
    const char* type() const noexcept override;
};

// The input exceeds a configured limit (file size, pixel count).
class LIBDETECT_API LimitError : public Error {
public:
    using Error::Error;
    const char* type() const noexcept override;
};

// The caller asked for something invalid (unknown analyzer, bad pixel buffer).
class LIBDETECT_API InvalidArgument : public Error {
public:
    using Error::Error;
    const char* type() const noexcept override;
};

// A model file is missing, corrupt or does not match its manifest.
class LIBDETECT_API ModelError : public Error {
public:
    using Error::Error;
    const char* type() const noexcept override;
};

LIBDETECT_NAMESPACE_END
