#include <libdetect/error.hpp>
#include <libdetect/match.hpp>

#include "match/csv.hpp"
#include "match/multi_index.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <istream>
#include <mutex>
#include <unordered_map>

LIBDETECT_NAMESPACE_BEGIN

class HashList::Impl {
public:
    std::vector<KnownHash> entries;
    std::vector<match::Bits256> bits;  // entries' PDQ hashes, packed for popcount
    std::vector<HashListProblem> problems;
    mutable std::mutex index_mutex;
    mutable match::MultiIndex index;
    mutable std::unordered_multimap<std::string, std::uint32_t> by_md5;
    mutable bool index_current = false;

    void ensure_index() const {
        std::lock_guard<std::mutex> lock(index_mutex);
        if (index_current) return;
        index.build(bits);
        by_md5.clear();
        for (std::uint32_t id = 0; id < entries.size(); ++id)
            if (!entries[id].md5.empty()) by_md5.emplace(entries[id].md5, id);
        index_current = true;
    }
};

namespace {

match::Bits256 pack(const PdqHash& hash) {
    match::Bits256 bits{};
    static_assert(sizeof(bits) == sizeof(hash.words), "256 bits either way");
    std::memcpy(bits.data(), hash.words.data(), sizeof(bits));
    return bits;
}

std::string trimmed_lower(std::string text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool is_md5(const std::string& text) {
    return text.size() == 32 &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace

HashList::HashList() : impl_(std::make_unique<Impl>()) {}
HashList::~HashList() = default;
HashList::HashList(HashList&&) noexcept = default;
HashList& HashList::operator=(HashList&&) noexcept = default;

HashList HashList::load_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot read hash list '" + path + "'");
    return read_csv(in, path);
}

HashList HashList::read_csv(std::istream& in, const std::string& path) {
    HashList list;
    std::string line;
    std::size_t number = 0;
    int pdq_column = -1, md5_column = -1, label_column = -1;
    while (std::getline(in, line)) {
        ++number;
        if (trimmed_lower(line).empty() || line[0] == '#') continue;
        const auto fields = match::split_csv_line(line);
        if (pdq_column < 0) {  // the first record is the header
            if (!fields) throw InvalidArgument("hash list '" + path + "': unreadable header");
            for (std::size_t c = 0; c < fields->size(); ++c) {
                const std::string name = trimmed_lower((*fields)[c]);
                if (name == "pdq") pdq_column = static_cast<int>(c);
                else if (name == "md5") md5_column = static_cast<int>(c);
                else if (name == "label") label_column = static_cast<int>(c);
            }
            if (pdq_column < 0)
                throw InvalidArgument("hash list '" + path + "': the header has no 'pdq' column");
            continue;
        }
        auto problem = [&](const std::string& message) {
            list.impl_->problems.push_back({number, message});
        };
        if (!fields) { problem("unterminated quoted field"); continue; }
        const auto cell = [&](int column) {
            return column >= 0 && column < static_cast<int>(fields->size()) ? (*fields)[column] : std::string();
        };
        KnownHash known;
        known.line = number;
        try {
            known.pdq = PdqHash::from_hex(trimmed_lower(cell(pdq_column)));
        } catch (const InvalidArgument& e) {
            problem(std::string("bad PDQ hash: ") + e.what());
            continue;
        }
        known.md5 = trimmed_lower(cell(md5_column));
        if (!known.md5.empty() && !is_md5(known.md5)) {
            problem("bad MD5 '" + known.md5 + "' (want 32 hex digits)");
            continue;
        }
        known.label = cell(label_column);
        list.add(std::move(known));
    }
    if (pdq_column < 0) throw InvalidArgument("hash list '" + path + "' is empty (no header)");
    return list;
}

void HashList::add(KnownHash known) {
    impl_->bits.push_back(pack(known.pdq));
    impl_->entries.push_back(std::move(known));
    std::lock_guard<std::mutex> lock(impl_->index_mutex);
    impl_->index_current = false;
}

std::size_t HashList::size() const noexcept { return impl_->entries.size(); }

const KnownHash& HashList::at(std::size_t index) const {
    if (index >= impl_->entries.size()) throw InvalidArgument("hash list index out of range");
    return impl_->entries[index];
}

const std::vector<HashListProblem>& HashList::problems() const noexcept { return impl_->problems; }

std::vector<HashMatch> HashList::query(const PdqHash& query, int max_distance,
                                       const std::string& md5) const {
    if (max_distance < 0 || max_distance > 256)
        throw InvalidArgument("max_distance must be within 0..256");
    const auto packed = pack(query);
    impl_->ensure_index();
    std::vector<HashMatch> matches;
    for (const std::uint32_t id : impl_->index.within(packed, max_distance))
        matches.push_back({id, match::hamming(impl_->bits[id], packed), false});
    const std::string wanted_md5 = trimmed_lower(md5);
    if (!wanted_md5.empty()) {
        const auto [first, last] = impl_->by_md5.equal_range(wanted_md5);
        for (auto entry = first; entry != last; ++entry) {
            const std::uint32_t id = entry->second;
            auto it = std::find_if(matches.begin(), matches.end(),
                                   [&](const HashMatch& m) { return m.index == id; });
            if (it == matches.end())
                matches.push_back({id, match::hamming(impl_->bits[id], packed), true});
            else
                it->md5_equal = true;
        }
    }
    std::sort(matches.begin(), matches.end(), [](const HashMatch& a, const HashMatch& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.index < b.index;
    });
    return matches;
}

LIBDETECT_NAMESPACE_END
