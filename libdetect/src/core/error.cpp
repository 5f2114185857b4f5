#include <libdetect/error.hpp>

LIBDETECT_NAMESPACE_BEGIN

Error::Error(const std::string& message) : std::runtime_error(message) {}
const char* Error::type() const noexcept { return "error"; }
const char* IoError::type() const noexcept { return "io_error"; }
const char* DecodeError::type() const noexcept { return "decode_error"; }
const char* LimitError::type() const noexcept { return "limit_error"; }
const char* InvalidArgument::type() const noexcept { return "invalid_argument"; }
const char* ModelError::type() const noexcept { return "model_error"; }

LIBDETECT_NAMESPACE_END
