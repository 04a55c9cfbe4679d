// caspian::Value: the values that properties hold and that queries compute.
// Stored properties are null, bool, int64, double, string, date, datetime, duration and lists of
// these;
// maps, nodes, edges and paths exist only as query values (openCypher does not store them).
// Standard library only. Implementation: value/ (value.cpp, literal.cpp, date.cpp, datetime.cpp,
// duration.cpp).
#pragma once

#include <caspian/ids.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace caspian {

enum class ValueKind {
    Null,
    Bool,
    Int,
    Float,
    String,
    Date,
    DateTime,
    Duration,
    List,
    Map,
    Node,
    Edge,
    Path
};

// Days since 1970-01-01 in the proleptic Gregorian calendar.
struct Date {
    std::int32_t days = 0;
    friend constexpr auto operator<=>(Date, Date) = default;
};

// Microseconds since 1970-01-01T00:00:00Z (UTC; no zone is kept).
struct DateTime {
    std::int64_t micros = 0;
    friend constexpr auto operator<=>(DateTime, DateTime) = default;
};

// An openCypher duration. Months, days and seconds stay apart because a month has no
// fixed number of days: date('2022-01-31') + duration('P1M') is 2022-02-28. Equality is
// component-wise (P1M <> P30D). nanos is always in [0, 1e9) and adds to seconds, so -0.5 s is
// {seconds -1, nanos 500000000}.
struct Duration {
    std::int64_t months = 0;
    std::int64_t days = 0;
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;
    friend constexpr auto operator<=>(const Duration&, const Duration&) = default;
};

struct Value;
using List = std::vector<Value>;
// Name/value pairs sorted by name, names unique: properties of nodes and edges, and query maps.
using Properties = std::vector<std::pair<std::string, Value>>;

struct Map {
    Properties entries;
};

struct Node {
    NodeId id;
    std::vector<std::string> labels;  // sorted
    Properties properties;
};

struct Edge {
    EdgeId id;
    std::string type;
    NodeId src;
    NodeId dst;
    Properties properties;
};

// nodes.size() == edges.size() + 1; edges[i] joins nodes[i] and nodes[i + 1] in either direction.
struct Path {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
};

struct Value {
    using Storage = std::variant<std::monostate, bool, std::int64_t, double, std::string, Date,
                                 DateTime, Duration, List, Map, Node, Edge, Path>;
    Storage data;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : data(b) {}
    Value(int i) : data(std::int64_t{i}) {}
    Value(std::int64_t i) : data(i) {}
    Value(double d) : data(d) {}
    Value(const char* s) : data(std::string(s)) {}
    Value(std::string s) : data(std::move(s)) {}
    Value(std::string_view s) : data(std::string(s)) {}
    Value(Date d) : data(d) {}
    Value(DateTime d) : data(d) {}
    Value(Duration d) : data(d) {}
    Value(List l) : data(std::move(l)) {}
    Value(Map m) : data(std::move(m)) {}
    Value(Node n) : data(std::move(n)) {}
    Value(Edge e) : data(std::move(e)) {}
    Value(Path p) : data(std::move(p)) {}

    ValueKind kind() const noexcept { return static_cast<ValueKind>(data.index()); }
    bool is_null() const noexcept { return kind() == ValueKind::Null; }

    // Checked accessors: std::bad_variant_access when the kind differs.
    bool as_bool() const { return std::get<bool>(data); }
    std::int64_t as_int() const { return std::get<std::int64_t>(data); }
    double as_float() const { return std::get<double>(data); }
    const std::string& as_string() const { return std::get<std::string>(data); }
    Date as_date() const { return std::get<Date>(data); }
    DateTime as_datetime() const { return std::get<DateTime>(data); }
    Duration as_duration() const { return std::get<Duration>(data); }
    const List& as_list() const { return std::get<List>(data); }
    const Map& as_map() const { return std::get<Map>(data); }
    const Node& as_node() const { return std::get<Node>(data); }
    const Edge& as_edge() const { return std::get<Edge>(data); }
    const Path& as_path() const { return std::get<Path>(data); }
};

// Structural equality: same kind and same contents (1 != 1.0, null == null). This is not
// openCypher's `=`, which the query engine implements with three-valued logic.
bool operator==(const Value& a, const Value& b);

// True for the kinds a property may hold (lists only of such kinds, nested lists included).
bool is_storable(const Value& v) noexcept;

const char* to_string(ValueKind kind) noexcept;

// Debug and message rendering in openCypher literal style: 1, 2.5, 'text', [1, 2], {a: 1},
// date('2022-05-18'), duration('P1Y2M'), (:Label {key: 'AZ'}), [:TYPE {..}].
std::string to_literal(const Value& v);

// Calendar conversions (proleptic Gregorian). Throw Error{Type} on an impossible date.
Date make_date(int year, unsigned month, unsigned day);
struct YearMonthDay {
    int year;
    unsigned month;
    unsigned day;
};
YearMonthDay to_ymd(Date d) noexcept;
std::string to_iso(Date d);      // 2022-05-18
std::string to_iso(DateTime t);  // 2022-05-18T09:30:00Z (fraction shown when non-zero)
// Parse ISO 8601 forms: YYYY-MM-DD, and YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM].
// Return false on malformed text.
bool parse_date(std::string_view text, Date& out) noexcept;
bool parse_datetime(std::string_view text, DateTime& out) noexcept;

// Amounts of each unit, fractions allowed: make_duration cascades a fraction down to the next
// smaller component (a month is 30.436875 days, the Gregorian average, as in Neo4j; a day is
// 86400 seconds) and rounds to whole nanoseconds. Throws Error{Type} when a component leaves
// int64 or an amount is not finite.
struct DurationUnits {
    long double years = 0, quarters = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0,
                seconds = 0, milliseconds = 0, microseconds = 0, nanoseconds = 0;
};
Duration make_duration(const DurationUnits& units);
// ISO 8601: P1Y2M3DT4H5M6.5S (years and months from months, hours, minutes and seconds from
// seconds; a negative part carries its own sign: PT-0.5S); the zero duration is PT0S.
std::string to_iso(const Duration& d);
// Parses P[nY][nM][nW][nD][T[nH][nM][nS]], each n an optionally signed decimal number with an
// optional fraction, at least one part, and an optional leading '-' negating the whole.
// Returns false on malformed text or a duration out of range.
bool parse_duration(std::string_view text, Duration& out) noexcept;

// Looks a name up in a sorted Properties; nullptr when absent.
const Value* find_property(const Properties& props, std::string_view name) noexcept;
// Inserts or replaces, keeping the order; a null value removes the entry (openCypher SET).
void set_property(Properties& props, std::string_view name, Value value);

}  // namespace caspian
