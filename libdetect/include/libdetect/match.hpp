// Matching images against lists of known hashes (e.g. StopNCII-style PDQ and
// MD5 lists): load a CSV, index it, query by PDQ distance and MD5 equality.
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/hashes.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

// One entry of a list of known hashes (a PDQ hash, optionally an MD5, a label).
struct KnownHash {
    PdqHash pdq;
    std::string md5;    // lower-case hex, or empty
    std::string label;  // free text from the list
    std::size_t line = 0;  // line in the source file (1-based), 0 when added in code
};

// A line of a hash list that could not be used, and why.
struct HashListProblem {
    std::size_t line = 0;
    std::string message;
};

// An entry of the list that matches a query, and how closely.
struct HashMatch {
    std::size_t index = 0;  // into the list (HashList::at)
    int distance = 0;       // PDQ Hamming distance
    bool md5_equal = false; // the list's MD5 equals the query's
};

// An immutable-after-building list of known hashes with a multi-index hash
// table over its PDQ hashes (16 tables of 16-bit substrings: any hash within
// distance d shares at least one substring within d/16 bits, so a query probes
// a few hundred buckets instead of scanning the list).
class LIBDETECT_API HashList {
public:
    HashList();
    ~HashList();
    HashList(HashList&&) noexcept;
    HashList& operator=(HashList&&) noexcept;

    // Reads a CSV with a header naming its columns: `pdq` (64 hex digits)
    // and optionally `md5` and `label`; other columns are ignored, '#' lines
    // are comments. Malformed lines are skipped and listed in problems().
    // Throws IoError when the file cannot be read, InvalidArgument when the
    // header has no `pdq` column.
    static HashList load_csv(const std::string& path);
    // The same from a stream; `name` stands for the file in messages.
    static HashList read_csv(std::istream& in, const std::string& name);

    void add(KnownHash known);  // invalidates nothing; the index updates lazily
    std::size_t size() const noexcept;
    const KnownHash& at(std::size_t index) const;
    const std::vector<HashListProblem>& problems() const noexcept;

    // Entries within max_distance of `query` (0..255), nearest first, plus
    // entries whose MD5 equals `md5` (when given) whatever their distance.
    // Thread-safe once built (the first query builds the index).
    std::vector<HashMatch> query(const PdqHash& query, int max_distance = PdqHash::kMatchThreshold,
                                 const std::string& md5 = "") const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

LIBDETECT_NAMESPACE_END
