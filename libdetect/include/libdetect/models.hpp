// The shipped models as a Detector would load them: what an investigator's
// IT checks before a case (`libdetect models`).
#pragma once

#include <libdetect/export.hpp>

#include <map>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

struct ModelStatus {
    std::string name;
    std::string file;             // as the manifest names it
    std::string path;             // where it would be loaded from
    std::string expected_sha256;  // the manifest's
    std::string actual_sha256;    // the file's, empty when it cannot be read
    bool matches = false;         // present and identical to what the manifest records
    bool embedded = false;        // compiled into the library (the copy on disk is for reference)
    std::string card;             // its model card, beside it
    std::string evaluated_on;     // what the held-out figures were measured on
    std::map<std::string, double> error_rates;  // held-out and leave-source-out figures, threshold
};

struct ModelCatalog {
    std::string directory;  // the folder holding manifest.json
    std::vector<ModelStatus> models;
};

// Reads the manifest from `model_dir` when given, else from where a Detector
// would look (Options::model_dir), and checks every file it lists. Throws
// ModelError when no manifest is found or it is malformed; a missing or
// mismatched file is reported in its status, not thrown.
LIBDETECT_API ModelCatalog list_models(const std::string& model_dir = {});

LIBDETECT_NAMESPACE_END
