// Binary encodings of stored data (see codec.hpp and docs/storage-format.md).
#include "storage/codec.hpp"

#include "storage/bytes.hpp"

#include <caspian/error.hpp>

#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

namespace caspian::storage {

namespace {

// Tags of the stored value encoding (format version 1). Never renumber: they are on disk.
enum Tag : std::uint8_t {
    tag_null = 0,
    tag_false = 1,
    tag_true = 2,
    tag_int = 3,
    tag_float = 4,
    tag_string = 5,
    tag_date = 6,
    tag_datetime = 7,
    tag_list = 8,
    tag_duration = 9,  // added with durations (issue #6): older files never hold it
    // Added with the temporal kinds of issue #16; older files never hold them. Tag 7 stays
    // readable (microseconds, UTC) but datetimes are now written as tag 13.
    tag_localtime = 10,
    tag_time = 11,
    tag_localdatetime = 12,
    tag_datetime_zoned = 13,
    // Issue #17: a non-empty list of floats only, packed as varint count then BE float64 bits
    // (8 bytes an element instead of 9); decodes to the same list. No format bump (as tag 9).
    tag_float_list = 14,
};

// Tags of the ordered (index key) encoding, in openCypher's order across kinds.
enum OrderedTag : std::uint8_t {
    ord_string = 0x10,
    ord_bool = 0x20,
    ord_number = 0x30,
    ord_date = 0x40,
    ord_datetime = 0x50,
    ord_time = 0x60,  // 0x60-0x80 came with issue #16
    ord_localtime = 0x70,
    ord_localdatetime = 0x80,
    ord_duration = 0x90,  // format version 2 (docs/storage-format.md)
};

constexpr std::size_t max_list_depth = 64;

[[noreturn]] void corrupt(const char* what) {
    throw Error(ErrorKind::Corrupt, std::string("stored record is corrupt: ") + what);
}

constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

std::uint32_t nanos_or_corrupt(std::uint64_t nanos) {
    if (nanos >= 1'000'000'000) corrupt("nanoseconds out of range");
    return static_cast<std::uint32_t>(nanos);
}

// Seconds whose day fits Date's 32 bits, as every datetime and localdatetime written has.
std::int64_t seconds_or_corrupt(std::int64_t seconds) {
    constexpr std::int64_t day = 86'400;
    if (seconds < std::int64_t{INT32_MIN} * day || seconds >= (std::int64_t{INT32_MAX} + 1) * day) {
        corrupt("datetime out of range");
    }
    return seconds;
}

std::int32_t offset_or_corrupt(std::int64_t offset) {
    if (offset < -18 * 3600 || offset > 18 * 3600) corrupt("offset out of range");
    return static_cast<std::int32_t>(offset);
}

// Embeddings (issue #17): worth packing, and decoding gives the same floats back.
bool is_float_list(const List& items) {
    if (items.empty()) return false;
    for (const Value& item : items) {
        if (item.kind() != ValueKind::Float) return false;
    }
    return true;
}

// The count of a packed float list, checked against the bytes left before any allocation.
std::uint64_t float_list_count(Reader& in) {
    const std::uint64_t n = in.varint();
    if (n == 0 || n > in.remaining() / 8) corrupt("packed float list out of range");
    return n;
}

void encode_value_at(std::string& out, const Value& v, std::size_t depth) {
    switch (v.kind()) {
        case ValueKind::Null:
            out.push_back(char(tag_null));
            return;
        case ValueKind::Bool:
            out.push_back(char(v.as_bool() ? tag_true : tag_false));
            return;
        case ValueKind::Int:
            out.push_back(char(tag_int));
            append_zigzag(out, v.as_int());
            return;
        case ValueKind::Float: {
            out.push_back(char(tag_float));
            append_be64(out, std::bit_cast<std::uint64_t>(v.as_float()));
            return;
        }
        case ValueKind::String:
            out.push_back(char(tag_string));
            append_varint(out, v.as_string().size());
            out.append(v.as_string());
            return;
        case ValueKind::Date:
            out.push_back(char(tag_date));
            append_zigzag(out, v.as_date().days);
            return;
        case ValueKind::DateTime: {
            const DateTime& t = v.as_datetime();
            out.push_back(char(tag_datetime_zoned));
            append_zigzag(out, t.seconds);
            append_varint(out, std::uint64_t(t.nanos));
            append_zigzag(out, t.offset);
            append_varint(out, t.zone.size());
            out.append(t.zone);
            return;
        }
        case ValueKind::LocalTime:
            out.push_back(char(tag_localtime));
            append_varint(out, std::uint64_t(v.as_localtime().nanos));
            return;
        case ValueKind::Time:
            out.push_back(char(tag_time));
            append_varint(out, std::uint64_t(v.as_time().nanos));
            append_zigzag(out, v.as_time().offset);
            return;
        case ValueKind::LocalDateTime:
            out.push_back(char(tag_localdatetime));
            append_zigzag(out, v.as_localdatetime().seconds);
            append_varint(out, std::uint64_t(v.as_localdatetime().nanos));
            return;
        case ValueKind::Duration: {
            const Duration d = v.as_duration();
            out.push_back(char(tag_duration));
            append_zigzag(out, d.months);
            append_zigzag(out, d.days);
            append_zigzag(out, d.seconds);
            append_varint(out, std::uint64_t(d.nanos));
            return;
        }
        case ValueKind::List:
            if (depth >= max_list_depth) {
                throw Error(ErrorKind::Type, "a stored list may nest at most 64 levels deep");
            }
            if (is_float_list(v.as_list())) {
                out.push_back(char(tag_float_list));
                append_varint(out, v.as_list().size());
                for (const Value& item : v.as_list())
                    append_be64(out, std::bit_cast<std::uint64_t>(item.as_float()));
                return;
            }
            out.push_back(char(tag_list));
            append_varint(out, v.as_list().size());
            for (const Value& item : v.as_list())
                encode_value_at(out, item, depth + 1);
            return;
        case ValueKind::Map:
        case ValueKind::Node:
        case ValueKind::Edge:
        case ValueKind::Path:
            break;
    }
    throw Error(ErrorKind::Type, std::string("a property cannot hold a ") + to_string(v.kind()) +
                                     " (only null, booleans, numbers, strings, temporal values "
                                     "and lists of these)");
}

Value decode_value_at(Reader& in, std::size_t depth) {
    switch (in.byte()) {
        case tag_null:
            return Value();
        case tag_false:
            return Value(false);
        case tag_true:
            return Value(true);
        case tag_int:
            return Value(in.zigzag());
        case tag_float: {
            const std::uint64_t bits = read_be64(in.bytes(8).data());
            return Value(std::bit_cast<double>(bits));
        }
        case tag_string: {
            const std::uint64_t n = in.varint();
            return Value(std::string(in.bytes(n)));
        }
        case tag_date: {
            const std::int64_t days = in.zigzag();
            if (days < INT32_MIN || days > INT32_MAX) corrupt("date out of range");
            return Value(Date{std::int32_t(days)});
        }
        case tag_datetime: {  // microseconds, UTC: written before issue #16
            // Floor division without multiplying back: micros near INT64_MIN (damaged bytes)
            // must not overflow.
            const std::int64_t micros = in.zigzag();
            const std::int64_t below = micros % 1'000'000;
            const std::int64_t seconds = micros / 1'000'000 - (below < 0);
            const std::int64_t sub = below < 0 ? below + 1'000'000 : below;
            return Value(DateTime{seconds, std::int32_t(sub * 1000), 0, {}});
        }
        case tag_datetime_zoned: {
            DateTime t;
            t.seconds = seconds_or_corrupt(in.zigzag());
            t.nanos = std::int32_t(nanos_or_corrupt(in.varint()));
            t.offset = offset_or_corrupt(in.zigzag());
            const std::uint64_t n = in.varint();
            t.zone = std::string(in.bytes(n));
            return Value(std::move(t));
        }
        case tag_localtime: {
            const std::uint64_t nanos = in.varint();
            if (nanos >= std::uint64_t{86'400} * 1'000'000'000) corrupt("time out of range");
            return Value(LocalTime{std::int64_t(nanos)});
        }
        case tag_time: {
            const std::uint64_t nanos = in.varint();
            if (nanos >= std::uint64_t{86'400} * 1'000'000'000) corrupt("time out of range");
            return Value(Time{std::int64_t(nanos), offset_or_corrupt(in.zigzag())});
        }
        case tag_localdatetime: {
            const std::int64_t seconds = seconds_or_corrupt(in.zigzag());
            return Value(LocalDateTime{seconds, std::int32_t(nanos_or_corrupt(in.varint()))});
        }
        case tag_duration: {
            Duration d;
            d.months = in.zigzag();
            d.days = in.zigzag();
            d.seconds = in.zigzag();
            const std::uint64_t nanos = in.varint();
            if (nanos >= 1'000'000'000) corrupt("duration nanoseconds out of range");
            d.nanos = std::int32_t(nanos);
            return Value(d);
        }
        case tag_list: {
            if (depth >= max_list_depth) corrupt("list nests too deeply");
            const std::uint64_t n = in.varint();
            List items;
            for (std::uint64_t i = 0; i < n; ++i)
                items.push_back(decode_value_at(in, depth + 1));
            return Value(std::move(items));
        }
        case tag_float_list: {
            const std::uint64_t n = float_list_count(in);
            const std::string_view bytes = in.bytes(n * 8);
            List items;
            items.reserve(n);
            for (std::uint64_t i = 0; i < n; ++i)
                items.emplace_back(std::bit_cast<double>(read_be64(bytes.data() + i * 8)));
            return Value(std::move(items));
        }
        default:
            corrupt("unknown value tag");
    }
}

// Moves past one encoded value, checking only the bounds it needs.
void skip_value(Reader& in, std::size_t depth) {
    switch (in.byte()) {
        case tag_null:
        case tag_false:
        case tag_true:
            return;
        case tag_int:
        case tag_date:
        case tag_datetime:
        case tag_localtime:
            in.varint();
            return;
        case tag_time:
        case tag_localdatetime:
            in.varint();
            in.varint();
            return;
        case tag_datetime_zoned:
            for (int i = 0; i < 3; ++i)
                in.varint();
            in.bytes(in.varint());
            return;
        case tag_float:
            in.bytes(8);
            return;
        case tag_string:
            in.bytes(in.varint());
            return;
        case tag_duration:
            for (int i = 0; i < 4; ++i)
                in.varint();
            return;
        case tag_list: {
            if (depth >= max_list_depth) corrupt("list nests too deeply");
            const std::uint64_t n = in.varint();
            for (std::uint64_t i = 0; i < n; ++i)
                skip_value(in, depth + 1);
            return;
        }
        case tag_float_list:
            in.bytes(float_list_count(in) * 8);
            return;
        default:
            corrupt("unknown value tag");
    }
}

// Properties are stored sorted by id, so the search stops at the first larger id.
std::optional<Value> find_property(Reader& in, std::uint32_t property) {
    const std::uint64_t n = in.varint();
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t key = in.varint();
        if (key > UINT32_MAX) corrupt("property id out of range");
        if (key == property) return decode_value(in);
        if (key > property) return std::nullopt;
        skip_value(in, 0);
    }
    return std::nullopt;
}

void encode_properties(std::string& out, const PropertyIds& props) {
    append_varint(out, props.size());
    for (const auto& [key, value] : props) {
        append_varint(out, key);
        encode_value(out, value);
    }
}

PropertyIds decode_properties(Reader& in) {
    const std::uint64_t n = in.varint();
    PropertyIds props;
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t key = in.varint();
        if (key > UINT32_MAX) corrupt("property id out of range");
        props.emplace_back(std::uint32_t(key), decode_value(in));
    }
    return props;
}

void check_version(Reader& in) {
    const std::uint8_t version = in.byte();
    if (version == 0 || version > record_version) corrupt("unknown record version");
}

std::uint64_t order_bits(double d) {
    std::uint64_t bits = std::bit_cast<std::uint64_t>(d == 0.0 ? 0.0 : d);  // -0.0 == 0.0
    return (bits & (std::uint64_t{1} << 63)) ? ~bits : bits | (std::uint64_t{1} << 63);
}

}  // namespace

std::uint8_t Reader::byte() {
    if (p_ == end_) corrupt("truncated");
    return static_cast<std::uint8_t>(*p_++);
}

std::uint64_t Reader::varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const std::uint8_t b = byte();
        v |= std::uint64_t(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
    }
    corrupt("varint too long");
}

std::string_view Reader::bytes(std::size_t n) {
    if (std::size_t(end_ - p_) < n) corrupt("truncated");
    std::string_view s(p_, n);
    p_ += n;
    return s;
}

void append_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

void encode_value(std::string& out, const Value& v) {
    encode_value_at(out, v, 0);
}

Value decode_value(Reader& in) {
    return decode_value_at(in, 0);
}

std::string encode_node(const NodeRecord& node) {
    std::string out;
    out.push_back(char(record_version));
    append_varint(out, node.labels.size());
    for (std::uint32_t label : node.labels)
        append_varint(out, label);
    encode_properties(out, node.properties);
    return out;
}

NodeRecord decode_node(std::string_view bytes) {
    Reader in(bytes);
    check_version(in);
    NodeRecord node;
    const std::uint64_t n = in.varint();
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t label = in.varint();
        if (label > UINT32_MAX) corrupt("label id out of range");
        node.labels.push_back(std::uint32_t(label));
    }
    node.properties = decode_properties(in);
    if (!in.at_end()) corrupt("trailing bytes in node record");
    return node;
}

std::string encode_edge(const EdgeRecord& edge) {
    std::string out;
    out.push_back(char(edge_record_version));
    append_varint(out, edge.type);
    append_varint(out, edge.src);
    append_varint(out, edge.dst);
    encode_properties(out, edge.properties);
    return out;
}

namespace {

// Reads the header of either edge record version, leaving `in` at the properties.
EdgeRecord read_edge_header(Reader& in) {
    const std::uint8_t version = in.byte();
    EdgeRecord edge;
    if (version == 1) {
        edge.type = read_be32(in.bytes(4).data());
        edge.src = read_be64(in.bytes(8).data());
        edge.dst = read_be64(in.bytes(8).data());
    } else if (version == edge_record_version) {
        const std::uint64_t type = in.varint();
        if (type > UINT32_MAX) corrupt("edge type id out of range");
        edge.type = std::uint32_t(type);
        edge.src = in.varint();
        edge.dst = in.varint();
    } else {
        corrupt("unknown record version");
    }
    return edge;
}

}  // namespace

EdgeRecord decode_edge_header(std::string_view bytes) {
    Reader in(bytes);
    return read_edge_header(in);
}

std::optional<std::string> upgrade_edge_record(std::string_view bytes) {
    Reader in(bytes);
    const EdgeRecord header = read_edge_header(in);
    if (bytes[0] != 1) return std::nullopt;
    std::string out = encode_edge(header);
    out.pop_back();  // the property count of an empty record: the old bytes hold it
    out.append(bytes.substr(21));
    return out;
}

EdgeRecord decode_edge(std::string_view bytes) {
    Reader in(bytes);
    EdgeRecord edge = read_edge_header(in);
    edge.properties = decode_properties(in);
    if (!in.at_end()) corrupt("trailing bytes in edge record");
    return edge;
}

std::optional<Value> find_node_property(std::string_view bytes, std::uint32_t property) {
    Reader in(bytes);
    check_version(in);
    const std::uint64_t n = in.varint();
    for (std::uint64_t i = 0; i < n; ++i)
        in.varint();
    return find_property(in, property);
}

std::optional<Value> find_edge_property(std::string_view bytes, std::uint32_t property) {
    Reader in(bytes);
    read_edge_header(in);  // checks the version and the header's bounds
    return find_property(in, property);
}

bool encode_ordered_prefix(std::string& out, const Value& v) {
    switch (v.kind()) {
        case ValueKind::String:
            out.push_back(char(ord_string));
            out.append(v.as_string());
            return true;
        case ValueKind::Bool:
            out.push_back(char(ord_bool));
            out.push_back(char(v.as_bool() ? 1 : 0));
            return true;
        case ValueKind::Int:
            out.push_back(char(ord_number));
            append_be64(out, order_bits(static_cast<double>(v.as_int())));
            return true;
        case ValueKind::Float:
            out.push_back(char(ord_number));
            append_be64(out, order_bits(v.as_float()));
            return true;
        case ValueKind::Date:
            out.push_back(char(ord_date));
            append_be32(out, std::uint32_t(v.as_date().days) ^ 0x80000000u);
            return true;
        case ValueKind::DateTime: {
            // Microseconds as before issue #16 (existing keys stay valid); the sub-microsecond
            // rest follows in encode_ordered. Beyond int64 microseconds (about 292,000 years
            // from 1970) the key saturates: such datetimes still compare equal by the re-check.
            const DateTime& t = v.as_datetime();
            std::int64_t micros;
            if (__builtin_mul_overflow(t.seconds, std::int64_t{1'000'000}, &micros) ||
                __builtin_add_overflow(micros, std::int64_t{t.nanos / 1000}, &micros)) {
                micros = t.seconds < 0 ? INT64_MIN : INT64_MAX;
            }
            out.push_back(char(ord_datetime));
            append_be64(out, std::uint64_t(micros) ^ sign_bit);
            return true;
        }
        case ValueKind::Time: {  // the instant of the day: offsets apart by at most 18 hours
            const Time t = v.as_time();
            out.push_back(char(ord_time));
            append_be64(out,
                        std::uint64_t(t.nanos - std::int64_t{t.offset} * 1'000'000'000) ^ sign_bit);
            return true;
        }
        case ValueKind::LocalTime:
            out.push_back(char(ord_localtime));
            append_be64(out, std::uint64_t(v.as_localtime().nanos));
            return true;
        case ValueKind::LocalDateTime:
            out.push_back(char(ord_localdatetime));
            append_be64(out, std::uint64_t(v.as_localdatetime().seconds) ^ sign_bit);
            append_be32(out, std::uint32_t(v.as_localdatetime().nanos));
            return true;
        case ValueKind::Duration: {
            // Months, days, seconds, nanoseconds: ORDER BY's order for durations, and equal
            // keys exactly when the durations are equal (component-wise, P1M <> P30D).
            const Duration d = v.as_duration();
            out.push_back(char(ord_duration));
            append_be64(out, std::uint64_t(d.months) ^ sign_bit);
            append_be64(out, std::uint64_t(d.days) ^ sign_bit);
            append_be64(out, std::uint64_t(d.seconds) ^ sign_bit);
            append_be32(out, std::uint32_t(d.nanos));
            return true;
        }
        default:
            return false;
    }
}

bool encode_ordered(std::string& out, const Value& v) {
    if (!encode_ordered_prefix(out, v)) return false;
    // Integers too large for a double share its prefix: the exact value orders them.
    if (v.kind() == ValueKind::Int) {
        out.push_back(char(1));
        append_be64(out, std::uint64_t(v.as_int()) ^ (std::uint64_t{1} << 63));
    }
    // A datetime's nanoseconds below the microsecond, only when there are any, so that keys
    // written before issue #16 stay as they were.
    if (v.kind() == ValueKind::DateTime && v.as_datetime().nanos % 1000 != 0) {
        append_be32(out, std::uint32_t(v.as_datetime().nanos % 1000));
    }
    return true;
}

}  // namespace caspian::storage
