// Binary encodings of stored data: property values, node and edge records, and the
// order-preserving value encoding of property-index keys. Layouts: docs/storage-format.md.
// Decoding checks every bound: bad bytes are Error{Corrupt}, never a crash.
#pragma once

#include <caspian/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::storage {

// Version byte that opens every node record.
inline constexpr std::uint8_t record_version = 1;
// Version byte of the edge records written now: 2 (format version 4, issue #20) has varints for
// type, source and target; version 1 (BE u32 type, BE u64 ids) is still read.
inline constexpr std::uint8_t edge_record_version = 2;

// Properties by dictionary id, sorted by id, ids unique.
using PropertyIds = std::vector<std::pair<std::uint32_t, Value>>;

struct NodeRecord {
    std::vector<std::uint32_t> labels;  // sorted, unique
    PropertyIds properties;
};

struct EdgeRecord {
    std::uint32_t type = 0;
    std::uint64_t src = 0;
    std::uint64_t dst = 0;
    PropertyIds properties;
};

// Bounds-checked reader over stored bytes; throws Error{Corrupt} on overrun.
class Reader {
public:
    explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
    bool at_end() const noexcept { return p_ == end_; }
    std::uint8_t byte();
    std::uint64_t varint();
    std::int64_t zigzag() {
        const std::uint64_t u = varint();
        return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
    }
    std::string_view bytes(std::size_t n);
    std::size_t remaining() const noexcept { return std::size_t(end_ - p_); }

private:
    const char* p_;
    const char* end_;
};

void append_varint(std::string& out, std::uint64_t v);
inline void append_zigzag(std::string& out, std::int64_t v) {
    append_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

// Property values. encode_value throws Error{Type} for a value that cannot be stored (maps,
// nodes, edges, paths, or lists holding them).
void encode_value(std::string& out, const Value& v);
Value decode_value(Reader& in);

std::string encode_node(const NodeRecord& node);
NodeRecord decode_node(std::string_view bytes);
// Writes edge_record_version.
std::string encode_edge(const EdgeRecord& edge);
EdgeRecord decode_edge(std::string_view bytes);
// The record in edge_record_version of an edge record of version 1 (its properties' bytes
// unchanged); nullopt for a record already in edge_record_version. Throws Error{Corrupt}.
std::optional<std::string> upgrade_edge_record(std::string_view bytes);
// The type, source and target of an edge record without decoding its properties.
EdgeRecord decode_edge_header(std::string_view bytes);
// One property of an encoded node or edge record, decoding only its value and skipping the
// others (issue #8): nullopt when the record lacks it. The value equals the one decode_node or
// decode_edge would give; bytes past the property are not checked.
std::optional<Value> find_node_property(std::string_view bytes, std::uint32_t property);
std::optional<Value> find_edge_property(std::string_view bytes, std::uint32_t property);

// Order-preserving encoding: memcmp order of the bytes is openCypher's ORDER BY order within
// each kind; numbers (int and float) share one order. Values that compare equal as numbers
// (1 and 1.0) share the prefix returned by encode_ordered_prefix, so an equality lookup scans
// that prefix and checks each hit. Null and storable lists are not indexed; durations are
// (format version 2), ordered by months, days, seconds, then nanoseconds.
// Returns false when the value is not indexable.
bool encode_ordered(std::string& out, const Value& v);
bool encode_ordered_prefix(std::string& out, const Value& v);

}  // namespace caspian::storage
