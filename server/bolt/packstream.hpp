// PackStream, the value encoding of Bolt, and Bolt's message chunking: caspian::Value both ways,
// the graph and temporal structures in the dialect of the negotiated version. Decoding is strict
// and bounded (nesting depth, sizes); it never trusts a length it has not got the bytes for.
#pragma once

#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::server::bolt {

// Malformed or over-limit bytes from a client: the connection cannot go on (Bolt has no way to
// resynchronise inside a message), so the session answers FAILURE and closes.
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What differs between the Bolt versions caspian speaks. 5.x: element ids on nodes and
// relationships, and datetimes as UTC seconds; 4.4: no element ids, and datetimes as local
// seconds unless the client asked for the "utc" patch in HELLO.
struct Dialect {
    bool element_ids = true;
    bool utc_datetime = true;
};

struct DecodeLimits {
    std::size_t max_depth = 32;  // nested lists, maps and structures
    // Values in one message: a byte of PackStream can become a Value of 64 bytes, so this,
    // not the message size, bounds the memory one message takes.
    std::size_t max_values = std::size_t{1} << 20;
};

// Structure tags (PackStream 1).
namespace tag {
inline constexpr std::uint8_t node = 0x4E, relationship = 0x52, unbound_relationship = 0x72,
                              path = 0x50, date = 0x44, time = 0x54, local_time = 0x74,
                              datetime = 0x49, datetime_zone_id = 0x69, legacy_datetime = 0x46,
                              legacy_datetime_zone_id = 0x66, local_datetime = 0x64,
                              duration = 0x45, point_2d = 0x58, point_3d = 0x59;
}  // namespace tag

// Appends PackStream to out.
class Packer {
public:
    Packer(std::string& out, Dialect dialect) : out_(out), dialect_(dialect) {}
    void null();
    void boolean(bool b);
    void integer(std::int64_t i);
    void real(double d);
    void string(std::string_view s);
    void list_header(std::size_t size);
    void map_header(std::size_t size);
    void struct_header(std::size_t fields, std::uint8_t struct_tag);
    // Any Value, nodes, relationships and paths as Bolt structures. Throws ProtocolError for a
    // container of more than 2^32 - 1 items.
    void value(const Value& v);
    void properties(const Properties& props);

private:
    void size_header(std::size_t size, std::uint8_t tiny, std::uint8_t b8, std::uint8_t b16,
                     std::uint8_t b32);
    void node(const Node& n);
    void relationship(const Edge& e);
    void unbound_relationship(const Edge& e);
    void path(const Path& p);
    void datetime(const DateTime& t);
    void element_id(std::uint64_t id);
    std::string& out_;
    Dialect dialect_;
};

// Reads PackStream from a borrowed buffer. Every read throws ProtocolError on truncated or
// malformed input: an unknown marker or structure, a length past the end, a map key that is not
// a string, invalid UTF-8, nesting deeper than the limit, a temporal value out of range.
class Unpacker {
public:
    Unpacker(std::string_view data, Dialect dialect, DecodeLimits limits = {})
        : data_(data), dialect_(dialect), limits_(limits) {}
    Value value();
    // A structure's header: its field count and tag (the caller reads the fields).
    struct StructHeader {
        std::size_t fields;
        std::uint8_t struct_tag;
    };
    StructHeader struct_header();
    [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }

private:
    std::uint8_t byte();
    std::uint64_t big_endian(std::size_t bytes);
    std::string_view take(std::size_t bytes);
    std::size_t checked_size(std::size_t size);
    Value value_at(std::size_t depth);
    Value structure(std::size_t fields, std::uint8_t struct_tag, std::size_t depth);
    std::string_view data_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
    Dialect dialect_;
    DecodeLimits limits_;
};

// A Bolt message: a structure whose tag names the request or response.
struct Message {
    std::uint8_t tag = 0;
    std::vector<Value> fields;
};
// Decodes one whole message (trailing bytes are an error).
Message decode_message(std::string_view bytes, Dialect dialect, DecodeLimits limits = {});

// ---- Chunking -------------------------------------------------------------------------------
// A message goes out as chunks of at most 65535 bytes, each after its big-endian u16 size, then
// a zero-size chunk.
void append_chunked(std::string& out, std::string_view message);

// Reads one message's bytes through read_exact (which fills the buffer or throws), skipping the
// empty NOOP chunks between messages. ProtocolError when the message exceeds max_bytes.
using ReadExact = std::function<void(char* buffer, std::size_t size)>;
std::string read_chunked(const ReadExact& read_exact, std::size_t max_bytes);

}  // namespace caspian::server::bolt
