// Umbrella header: the whole public API of libdetect.
#pragma once

#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>
#include <libdetect/export.hpp>
#include <libdetect/faces.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/html.hpp>
#include <libdetect/image.hpp>
#include <libdetect/match.hpp>
#include <libdetect/models.hpp>
#include <libdetect/options.hpp>
#include <libdetect/report.hpp>
#include <libdetect/source.hpp>
#include <libdetect/version.hpp>
