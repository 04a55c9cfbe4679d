// caspian::Value: the values that properties hold and that queries compute.
// Stored properties are null, bool, int64, double, string, the temporal kinds (date, localtime,
// time, localdatetime, datetime, duration) and lists of these; maps, nodes, edges and paths exist
// only as query values (openCypher does not store them). Standard library only. Implementation:
// value/ (value.cpp, literal.cpp, date.cpp, datetime.cpp, duration.cpp, time_of_day.cpp, zone.cpp).
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
    Path,
    LocalTime,  // the later temporal kinds follow Path so that older kinds keep their
                // numbers
    Time,
    LocalDateTime
};

// Days since 1970-01-01 in the proleptic Gregorian calendar.
struct Date {
    std::int32_t days = 0;
    friend constexpr auto operator<=>(Date, Date) = default;
};

// A time of day without a zone: nanoseconds since midnight, in [0, 86'400'000'000'000).
struct LocalTime {
    std::int64_t nanos = 0;
    friend constexpr auto operator<=>(LocalTime, LocalTime) = default;
};

// A time of day at a UTC offset: the local nanoseconds since midnight and the offset in seconds
// east of UTC (within +-18 h). The defaulted comparison is structural; openCypher compares times
// by the instant they denote (query/functions/value_ops.cpp).
struct Time {
    std::int64_t nanos = 0;
    std::int32_t offset = 0;
    friend constexpr auto operator<=>(Time, Time) = default;
};

// A date and time without a zone: seconds since 1970-01-01T00:00 on the wall clock, nanos in
// [0, 1e9).
struct LocalDateTime {
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;
    friend constexpr auto operator<=>(LocalDateTime, LocalDateTime) = default;
};

// An instant with the zone it was given in: seconds since 1970-01-01T00:00:00Z, nanos in
// [0, 1e9), the UTC offset in seconds at that instant, and the IANA zone name ("Europe/Stockholm")
// or "" when only an offset was given. The local wall clock is seconds + offset.
struct DateTime {
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;
    std::int32_t offset = 0;
    std::string zone;
    friend auto operator<=>(const DateTime&, const DateTime&) = default;
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
    using Storage =
        std::variant<std::monostate, bool, std::int64_t, double, std::string, Date, DateTime,
                     Duration, List, Map, Node, Edge, Path, LocalTime, Time, LocalDateTime>;
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
    Value(DateTime d) : data(std::move(d)) {}
    Value(LocalTime t) : data(t) {}
    Value(Time t) : data(t) {}
    Value(LocalDateTime t) : data(t) {}
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
    const DateTime& as_datetime() const { return std::get<DateTime>(data); }
    LocalTime as_localtime() const { return std::get<LocalTime>(data); }
    Time as_time() const { return std::get<Time>(data); }
    LocalDateTime as_localdatetime() const { return std::get<LocalDateTime>(data); }
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
// ISO 8601 text as openCypher prints it: seconds only when not zero, fractions in groups of three
// digits, a year beyond 9999 with its sign, the offset as Z or +HH:MM[:SS], a zone in brackets.
std::string to_iso(Date d);  // 2022-05-18
std::string to_iso(
    const DateTime& t);  // 2022-05-18T09:30Z, 2015-07-21T20:40:32.142+01:00[Europe/Stockholm]
std::string to_iso(LocalTime t);      // 12:31:14.645876123
std::string to_iso(Time t);           // 12:31:14.645876123+01:00
std::string to_iso(LocalDateTime t);  // 2015-07-21T20:40:32.142
// Parse every ISO 8601 form openCypher accepts: dates YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYY-Www-D,
// YYYY-Www, YYYY-DDD (and their compact forms), YYYY; times HH[:MM[:SS[.f...]]] (or compact);
// offsets Z, +HH, +HHMM, +HH:MM; a datetime's zone in brackets ([Europe/Stockholm]) resolved with
// the system's time zone database. A datetime without an offset or zone is UTC, a time without
// one at offset zero. Return false on malformed text or an unknown zone.
bool parse_date(std::string_view text, Date& out) noexcept;
bool parse_datetime(std::string_view text, DateTime& out) noexcept;
bool parse_localtime(std::string_view text, LocalTime& out) noexcept;
bool parse_time(std::string_view text, Time& out) noexcept;
bool parse_localdatetime(std::string_view text, LocalDateTime& out) noexcept;
// True for the kinds date, localtime, time, localdatetime, datetime and duration.
bool is_temporal(ValueKind kind) noexcept;
// The ISO text of a temporal value (to_iso of its kind); std::bad_variant_access otherwise.
std::string temporal_to_iso(const Value& v);

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
