// PackStream encoding and decoding of caspian::Value, and Bolt chunking (packstream.hpp).
#include "server/bolt/packstream.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

namespace caspian::server::bolt {
namespace {

constexpr std::int64_t nanos_per_second = 1'000'000'000;
constexpr std::int64_t nanos_per_day = 86'400 * nanos_per_second;
constexpr std::int32_t max_offset = 18 * 3600;
// Seconds of the dates that caspian's Date holds (int32 days), with a day to spare.
constexpr std::int64_t max_epoch_seconds = (std::int64_t{1} << 31) * 86'400 - 86'400;

[[noreturn]] void fail(const std::string& what) {
    throw ProtocolError(what);
}

bool is_valid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        static constexpr std::uint32_t min_of[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_of[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

std::int64_t as_int(const Value& v, const char* what) {
    if (v.kind() != ValueKind::Int) fail(std::string("expected an integer for ") + what);
    return v.as_int();
}

const std::string& as_string(const Value& v, const char* what) {
    if (v.kind() != ValueKind::String) fail(std::string("expected a string for ") + what);
    return v.as_string();
}

std::int32_t nanos_field(const Value& v) {
    const std::int64_t n = as_int(v, "nanoseconds");
    if (n < 0 || n >= nanos_per_second) fail("nanoseconds out of range");
    return static_cast<std::int32_t>(n);
}

std::int32_t offset_field(const Value& v) {
    const std::int64_t o = as_int(v, "an offset");
    if (o < -max_offset || o > max_offset) fail("offset out of range");
    return static_cast<std::int32_t>(o);
}

std::int64_t seconds_field(const Value& v) {
    const std::int64_t s = as_int(v, "seconds");
    if (s < -max_epoch_seconds || s > max_epoch_seconds) fail("seconds out of range");
    return s;
}

// A zone id given with UTC seconds (5.x) or local seconds (4.4): the tz database decides the
// offset, through the ISO parser of the public API (the server sees only <caspian/...>).
DateTime zoned(std::int64_t seconds, std::int32_t nanos, const std::string& zone, bool utc) {
    if (zone.empty() || zone.find_first_of("[]") != std::string::npos) fail("invalid zone id");
    const std::string text =
        (utc ? to_iso(DateTime{seconds, nanos, 0, {}}) : to_iso(LocalDateTime{seconds, nanos})) +
        "[" + zone + "]";
    DateTime t;
    if (!parse_datetime(text, t)) fail("unknown zone id '" + zone + "'");
    return t;
}

Node node_of(const Value& v) {
    if (v.kind() != ValueKind::Node) fail("expected a node in a path");
    return v.as_node();
}

Properties properties_of(const Value& v) {
    if (v.kind() != ValueKind::Map) fail("expected a map of properties");
    return v.as_map().entries;
}

}  // namespace

// ---- Packer ---------------------------------------------------------------------------------

void Packer::null() {
    out_.push_back(static_cast<char>(0xC0));
}

void Packer::boolean(bool b) {
    out_.push_back(static_cast<char>(b ? 0xC3 : 0xC2));
}

void Packer::integer(std::int64_t i) {
    const auto put = [this](std::uint8_t marker, std::uint64_t bits, int bytes) {
        out_.push_back(static_cast<char>(marker));
        for (int k = bytes - 1; k >= 0; --k)
            out_.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
    };
    const auto bits = static_cast<std::uint64_t>(i);
    if (i >= -16 && i <= 127) {
        out_.push_back(static_cast<char>(static_cast<std::uint8_t>(i)));
    } else if (i >= -128 && i <= 127) {
        put(0xC8, bits, 1);
    } else if (i >= -32768 && i <= 32767) {
        put(0xC9, bits, 2);
    } else if (i >= std::numeric_limits<std::int32_t>::min() &&
               i <= std::numeric_limits<std::int32_t>::max()) {
        put(0xCA, bits, 4);
    } else {
        put(0xCB, bits, 8);
    }
}

void Packer::real(double d) {
    const auto bits = std::bit_cast<std::uint64_t>(d);
    out_.push_back(static_cast<char>(0xC1));
    for (int k = 7; k >= 0; --k)
        out_.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
}

void Packer::size_header(std::size_t size, std::uint8_t tiny, std::uint8_t b8, std::uint8_t b16,
                         std::uint8_t b32) {
    if (size < 16) {
        out_.push_back(static_cast<char>(tiny | size));
        return;
    }
    const auto put = [this, size](std::uint8_t marker, int bytes) {
        out_.push_back(static_cast<char>(marker));
        for (int k = bytes - 1; k >= 0; --k)
            out_.push_back(static_cast<char>((size >> (8 * k)) & 0xFF));
    };
    if (size <= 0xFF) {
        put(b8, 1);
    } else if (size <= 0xFFFF) {
        put(b16, 2);
    } else if (size <= 0xFFFFFFFFu) {
        put(b32, 4);
    } else {
        fail("a value too large for PackStream");
    }
}

void Packer::string(std::string_view s) {
    size_header(s.size(), 0x80, 0xD0, 0xD1, 0xD2);
    out_.append(s);
}

void Packer::list_header(std::size_t size) {
    size_header(size, 0x90, 0xD4, 0xD5, 0xD6);
}

void Packer::map_header(std::size_t size) {
    size_header(size, 0xA0, 0xD8, 0xD9, 0xDA);
}

void Packer::struct_header(std::size_t fields, std::uint8_t struct_tag) {
    out_.push_back(static_cast<char>(0xB0 | fields));
    out_.push_back(static_cast<char>(struct_tag));
}

void Packer::properties(const Properties& props) {
    map_header(props.size());
    for (const auto& [name, v] : props) {
        string(name);
        value(v);
    }
}

void Packer::element_id(std::uint64_t id) {
    string(std::to_string(id));
}

void Packer::node(const Node& n) {
    struct_header(dialect_.element_ids ? 4 : 3, tag::node);
    integer(static_cast<std::int64_t>(n.id.value));
    list_header(n.labels.size());
    for (const std::string& label : n.labels)
        string(label);
    properties(n.properties);
    if (dialect_.element_ids) element_id(n.id.value);
}

void Packer::relationship(const Edge& e) {
    struct_header(dialect_.element_ids ? 8 : 5, tag::relationship);
    integer(static_cast<std::int64_t>(e.id.value));
    integer(static_cast<std::int64_t>(e.src.value));
    integer(static_cast<std::int64_t>(e.dst.value));
    string(e.type);
    properties(e.properties);
    if (dialect_.element_ids) {
        element_id(e.id.value);
        element_id(e.src.value);
        element_id(e.dst.value);
    }
}

void Packer::unbound_relationship(const Edge& e) {
    struct_header(dialect_.element_ids ? 4 : 3, tag::unbound_relationship);
    integer(static_cast<std::int64_t>(e.id.value));
    string(e.type);
    properties(e.properties);
    if (dialect_.element_ids) element_id(e.id.value);
}

// Bolt lists each distinct node and relationship once, then walks them with indices: a
// relationship's 1-based index, negative when it is walked against its direction, then the
// next node's index.
void Packer::path(const Path& p) {
    std::vector<const Node*> nodes;
    std::vector<const Edge*> edges;
    std::vector<std::int64_t> indices;
    const auto index_of = [](auto& list, const auto& item) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (list[i]->id == item.id) return i;
        }
        list.push_back(&item);
        return list.size() - 1;
    };
    if (!p.nodes.empty()) index_of(nodes, p.nodes[0]);
    for (std::size_t i = 0; i < p.edges.size() && i + 1 < p.nodes.size(); ++i) {
        const Edge& e = p.edges[i];
        const auto rel = static_cast<std::int64_t>(index_of(edges, e)) + 1;
        indices.push_back(e.src == p.nodes[i].id ? rel : -rel);
        indices.push_back(static_cast<std::int64_t>(index_of(nodes, p.nodes[i + 1])));
    }
    struct_header(3, tag::path);
    list_header(nodes.size());
    for (const Node* n : nodes)
        node(*n);
    list_header(edges.size());
    for (const Edge* e : edges)
        unbound_relationship(*e);
    list_header(indices.size());
    for (std::int64_t i : indices)
        integer(i);
}

void Packer::datetime(const DateTime& t) {
    const std::int64_t seconds = dialect_.utc_datetime ? t.seconds : t.seconds + t.offset;
    if (t.zone.empty()) {
        struct_header(3, dialect_.utc_datetime ? tag::datetime : tag::legacy_datetime);
        integer(seconds);
        integer(t.nanos);
        integer(t.offset);
    } else {
        struct_header(3,
                      dialect_.utc_datetime ? tag::datetime_zone_id : tag::legacy_datetime_zone_id);
        integer(seconds);
        integer(t.nanos);
        string(t.zone);
    }
}

void Packer::value(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return null();
        case ValueKind::Bool:
            return boolean(v.as_bool());
        case ValueKind::Int:
            return integer(v.as_int());
        case ValueKind::Float:
            return real(v.as_float());
        case ValueKind::String:
            return string(v.as_string());
        case ValueKind::List:
            list_header(v.as_list().size());
            for (const Value& item : v.as_list())
                value(item);
            return;
        case ValueKind::Map:
            return properties(v.as_map().entries);
        case ValueKind::Node:
            return node(v.as_node());
        case ValueKind::Edge:
            return relationship(v.as_edge());
        case ValueKind::Path:
            return path(v.as_path());
        case ValueKind::Date:
            struct_header(1, tag::date);
            return integer(v.as_date().days);
        case ValueKind::Time:
            struct_header(2, tag::time);
            integer(v.as_time().nanos);
            return integer(v.as_time().offset);
        case ValueKind::LocalTime:
            struct_header(1, tag::local_time);
            return integer(v.as_localtime().nanos);
        case ValueKind::LocalDateTime:
            struct_header(2, tag::local_datetime);
            integer(v.as_localdatetime().seconds);
            return integer(v.as_localdatetime().nanos);
        case ValueKind::DateTime:
            return datetime(v.as_datetime());
        case ValueKind::Duration: {
            const Duration& d = v.as_duration();
            struct_header(4, tag::duration);
            integer(d.months);
            integer(d.days);
            integer(d.seconds);
            return integer(d.nanos);
        }
    }
}

// ---- Unpacker -------------------------------------------------------------------------------

std::uint8_t Unpacker::byte() {
    if (pos_ >= data_.size()) fail("truncated PackStream value");
    return static_cast<std::uint8_t>(data_[pos_++]);
}

std::uint64_t Unpacker::big_endian(std::size_t bytes) {
    if (data_.size() - pos_ < bytes) fail("truncated PackStream value");
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < bytes; ++k)
        v = (v << 8) | static_cast<std::uint8_t>(data_[pos_++]);
    return v;
}

std::string_view Unpacker::take(std::size_t bytes) {
    if (data_.size() - pos_ < bytes) fail("truncated PackStream value");
    const std::string_view s = data_.substr(pos_, bytes);
    pos_ += bytes;
    return s;
}

// Each item takes at least one byte: a count beyond the bytes left is a lie, refused before
// anything is allocated for it.
std::size_t Unpacker::checked_size(std::size_t size) {
    if (size > data_.size() - pos_) fail("truncated PackStream value");
    return size;
}

Unpacker::StructHeader Unpacker::struct_header() {
    const std::uint8_t marker = byte();
    if ((marker & 0xF0) != 0xB0) fail("expected a PackStream structure");
    return {static_cast<std::size_t>(marker & 0x0F), byte()};
}

Value Unpacker::value() {
    return value_at(0);
}

Value Unpacker::value_at(std::size_t depth) {
    if (depth > limits_.max_depth) fail("PackStream value nested too deeply");
    if (++values_ > limits_.max_values) {
        fail("more than " + std::to_string(limits_.max_values) + " values in one message");
    }
    const std::uint8_t marker = byte();
    const auto signed_of = [](std::uint64_t bits, int bytes) {
        const int shift = 64 - 8 * bytes;
        return static_cast<std::int64_t>(bits << shift) >> shift;
    };
    const auto list = [this, depth](std::size_t n) {
        List items;
        items.reserve(checked_size(n));
        for (std::size_t i = 0; i < n; ++i)
            items.push_back(value_at(depth + 1));
        return Value(std::move(items));
    };
    const auto map = [this, depth](std::size_t n) {
        std::map<std::string, Value> entries;  // sorted and unique; a repeated key's last wins
        checked_size(n);
        for (std::size_t i = 0; i < n; ++i) {
            Value key = value_at(depth + 1);
            if (key.kind() != ValueKind::String) fail("a map key that is not a string");
            entries[key.as_string()] = value_at(depth + 1);
        }
        Map m;
        m.entries.reserve(entries.size());
        for (auto& [k, v] : entries)
            m.entries.emplace_back(k, std::move(v));
        return Value(std::move(m));
    };
    const auto text = [this](std::size_t n) {
        const std::string_view s = take(n);
        if (!is_valid_utf8(s)) fail("a string that is not UTF-8");
        return Value(std::string(s));
    };
    if (marker <= 0x7F) return Value(std::int64_t{marker});
    if (marker >= 0xF0) return Value(std::int64_t{static_cast<std::int8_t>(marker)});
    switch (marker & 0xF0) {
        case 0x80:
            return text(marker & 0x0F);
        case 0x90:
            return list(marker & 0x0F);
        case 0xA0:
            return map(marker & 0x0F);
        case 0xB0:
            return structure(marker & 0x0F, byte(), depth);
        default:
            break;
    }
    switch (marker) {
        case 0xC0:
            return Value();
        case 0xC1:
            return Value(std::bit_cast<double>(big_endian(8)));
        case 0xC2:
            return Value(false);
        case 0xC3:
            return Value(true);
        case 0xC8:
            return Value(signed_of(big_endian(1), 1));
        case 0xC9:
            return Value(signed_of(big_endian(2), 2));
        case 0xCA:
            return Value(signed_of(big_endian(4), 4));
        case 0xCB:
            return Value(static_cast<std::int64_t>(big_endian(8)));
        case 0xCC:
        case 0xCD:
        case 0xCE:
            fail("byte arrays are not supported");
        case 0xD0:
            return text(big_endian(1));
        case 0xD1:
            return text(big_endian(2));
        case 0xD2:
            return text(big_endian(4));
        case 0xD4:
            return list(big_endian(1));
        case 0xD5:
            return list(big_endian(2));
        case 0xD6:
            return list(big_endian(4));
        case 0xD8:
            return map(big_endian(1));
        case 0xD9:
            return map(big_endian(2));
        case 0xDA:
            return map(big_endian(4));
        default:
            fail("unknown PackStream marker");
    }
}

Value Unpacker::structure(std::size_t n, std::uint8_t struct_tag, std::size_t depth) {
    std::vector<Value> f;
    f.reserve(checked_size(n));
    for (std::size_t i = 0; i < n; ++i)
        f.push_back(value_at(depth + 1));
    const auto expect = [n](std::size_t fields) {
        if (n != fields) fail("a structure with the wrong number of fields");
    };
    const std::size_t id_fields = dialect_.element_ids ? 1 : 0;
    switch (struct_tag) {
        case tag::date: {
            expect(1);
            const std::int64_t days = as_int(f[0], "days");
            if (days < std::numeric_limits<std::int32_t>::min() ||
                days > std::numeric_limits<std::int32_t>::max()) {
                fail("date out of range");
            }
            return Value(Date{static_cast<std::int32_t>(days)});
        }
        case tag::local_time: {
            expect(1);
            const std::int64_t nanos = as_int(f[0], "nanoseconds");
            if (nanos < 0 || nanos >= nanos_per_day) fail("time of day out of range");
            return Value(LocalTime{nanos});
        }
        case tag::time: {
            expect(2);
            const std::int64_t nanos = as_int(f[0], "nanoseconds");
            if (nanos < 0 || nanos >= nanos_per_day) fail("time of day out of range");
            return Value(Time{nanos, offset_field(f[1])});
        }
        case tag::local_datetime:
            expect(2);
            return Value(LocalDateTime{seconds_field(f[0]), nanos_field(f[1])});
        case tag::datetime:
        case tag::legacy_datetime: {
            expect(3);
            if ((struct_tag == tag::datetime) != dialect_.utc_datetime) {
                fail("a datetime structure of the other Bolt version");
            }
            const std::int32_t offset = offset_field(f[2]);
            const std::int64_t seconds = seconds_field(f[0]);
            return Value(DateTime{
                dialect_.utc_datetime ? seconds : seconds - offset, nanos_field(f[1]), offset, {}});
        }
        case tag::datetime_zone_id:
        case tag::legacy_datetime_zone_id:
            expect(3);
            if ((struct_tag == tag::datetime_zone_id) != dialect_.utc_datetime) {
                fail("a datetime structure of the other Bolt version");
            }
            return Value(zoned(seconds_field(f[0]), nanos_field(f[1]), as_string(f[2], "a zone id"),
                               dialect_.utc_datetime));
        case tag::duration: {
            expect(4);
            // Bolt allows any nanoseconds; caspian keeps them in [0, 1e9) beside the seconds.
            const std::int64_t nanos = as_int(f[3], "nanoseconds");
            const std::int64_t carry =
                nanos / nanos_per_second - (nanos % nanos_per_second < 0 ? 1 : 0);
            std::int64_t seconds = 0;
            if (__builtin_add_overflow(as_int(f[2], "seconds"), carry, &seconds)) {
                fail("duration out of range");
            }
            return Value(Duration{as_int(f[0], "months"), as_int(f[1], "days"), seconds,
                                  static_cast<std::int32_t>(nanos - carry * nanos_per_second)});
        }
        case tag::node: {
            expect(3 + id_fields);
            Node node{NodeId{static_cast<std::uint64_t>(as_int(f[0], "a node id"))}, {}, {}};
            if (f[1].kind() != ValueKind::List) fail("expected a list of labels");
            for (const Value& label : f[1].as_list())
                node.labels.push_back(as_string(label, "a label"));
            std::sort(node.labels.begin(), node.labels.end());
            node.properties = properties_of(f[2]);
            if (id_fields != 0) as_string(f[3], "an element id");
            return Value(std::move(node));
        }
        case tag::relationship: {
            expect(5 + 3 * id_fields);
            Edge e{EdgeId{static_cast<std::uint64_t>(as_int(f[0], "a relationship id"))},
                   as_string(f[3], "a relationship type"),
                   NodeId{static_cast<std::uint64_t>(as_int(f[1], "a node id"))},
                   NodeId{static_cast<std::uint64_t>(as_int(f[2], "a node id"))},
                   properties_of(f[4])};
            for (std::size_t i = 5; i < n; ++i)
                as_string(f[i], "an element id");
            return Value(std::move(e));
        }
        case tag::unbound_relationship: {
            // Only inside a path, whose indices give it its ends; alone it is an edge without.
            expect(3 + id_fields);
            return Value(Edge{EdgeId{static_cast<std::uint64_t>(as_int(f[0], "an id"))},
                              as_string(f[1], "a relationship type"), NodeId{0}, NodeId{0},
                              properties_of(f[2])});
        }
        case tag::path: {
            expect(3);
            if (f[0].kind() != ValueKind::List || f[1].kind() != ValueKind::List ||
                f[2].kind() != ValueKind::List) {
                fail("a path needs lists of nodes, relationships and indices");
            }
            const List& nodes = f[0].as_list();
            const List& rels = f[1].as_list();
            const List& indices = f[2].as_list();
            if (nodes.empty() || indices.size() % 2 != 0) fail("a malformed path");
            Path p;
            p.nodes.push_back(node_of(nodes[0]));
            for (std::size_t i = 0; i < indices.size(); i += 2) {
                const std::int64_t r = as_int(indices[i], "a path index");
                const std::int64_t k = as_int(indices[i + 1], "a path index");
                const std::uint64_t ri =
                    r < 0 ? 0 - static_cast<std::uint64_t>(r) : static_cast<std::uint64_t>(r);
                if (r == 0 || ri > rels.size() || k < 0 ||
                    static_cast<std::uint64_t>(k) >= nodes.size() ||
                    rels[ri - 1].kind() != ValueKind::Edge) {
                    fail("a path index out of range");
                }
                Edge e = rels[ri - 1].as_edge();
                const NodeId from = p.nodes.back().id;
                p.nodes.push_back(node_of(nodes[static_cast<std::size_t>(k)]));
                e.src = r > 0 ? from : p.nodes.back().id;
                e.dst = r > 0 ? p.nodes.back().id : from;
                p.edges.push_back(std::move(e));
            }
            return Value(std::move(p));
        }
        case tag::point_2d:
        case tag::point_3d:
            fail("spatial points are not supported");
        default:
            fail("unknown PackStream structure");
    }
}

Message decode_message(std::string_view bytes, Dialect dialect, DecodeLimits limits) {
    Unpacker in(bytes, dialect, limits);
    const Unpacker::StructHeader header = in.struct_header();
    Message m;
    m.tag = header.struct_tag;
    for (std::size_t i = 0; i < header.fields; ++i)
        m.fields.push_back(in.value());
    if (!in.at_end()) fail("bytes after the end of a message");
    return m;
}

// ---- Chunking -------------------------------------------------------------------------------

void append_chunked(std::string& out, std::string_view message) {
    while (!message.empty()) {
        const std::size_t n = std::min<std::size_t>(message.size(), 0xFFFF);
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
        out.append(message.substr(0, n));
        message.remove_prefix(n);
    }
    out.append(2, '\0');
}

std::string read_chunked(const ReadExact& read_exact, std::size_t max_bytes) {
    std::string message;
    for (;;) {
        unsigned char header[2];
        read_exact(reinterpret_cast<char*>(header), 2);
        const std::size_t n = (std::size_t{header[0]} << 8) | header[1];
        if (n == 0) {
            if (message.empty()) continue;  // a NOOP between messages
            return message;
        }
        if (message.size() + n > max_bytes) {
            fail("a message larger than the limit of " + std::to_string(max_bytes) + " bytes");
        }
        const std::size_t at = message.size();
        message.resize(at + n);
        read_exact(message.data() + at, n);
    }
}

}  // namespace caspian::server::bolt
