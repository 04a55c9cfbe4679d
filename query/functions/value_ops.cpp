// openCypher operators on caspian::Value: logic, equality, comparison, ordering, equivalence,
// arithmetic, string and list operators. Must not evaluate expressions or touch the graph.
#include "query/functions/value_ops.hpp"

#include "query/functions/errors.hpp"

#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <regex>

namespace caspian::query {

namespace {

enum class Tri { False, True, Unknown };

Value from_tri(Tri t) {
    if (t == Tri::Unknown) return Value{};
    return Value(t == Tri::True);
}

// The type errors of operators are InvalidArgumentType in openCypher unless said otherwise.
constexpr const char* invalid_type = "InvalidArgumentType";

bool is_number(const Value& v) noexcept {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

double to_double(const Value& v) {
    return v.kind() == ValueKind::Int ? static_cast<double>(v.as_int()) : v.as_float();
}

// 2^63 as a double: the first double above every int64.
constexpr double two_pow_63 = 9223372036854775808.0;

// Exact comparison of an integer with a double (no rounding of the integer to a double).
std::partial_ordering compare_int_double(std::int64_t i, double d) {
    if (std::isnan(d)) return std::partial_ordering::unordered;
    if (d >= two_pow_63) return std::partial_ordering::less;
    if (d < -two_pow_63) return std::partial_ordering::greater;
    const double t = std::trunc(d);
    const auto ti = static_cast<std::int64_t>(t);  // exact: |t| < 2^63
    if (i != ti) return i < ti ? std::partial_ordering::less : std::partial_ordering::greater;
    const double frac = d - t;
    if (frac > 0) return std::partial_ordering::less;
    if (frac < 0) return std::partial_ordering::greater;
    return std::partial_ordering::equivalent;
}

std::partial_ordering compare_numbers(const Value& a, const Value& b) {
    const bool ai = a.kind() == ValueKind::Int, bi = b.kind() == ValueKind::Int;
    if (ai && bi) return a.as_int() <=> b.as_int();
    if (!ai && !bi) return a.as_float() <=> b.as_float();
    if (ai) return compare_int_double(a.as_int(), b.as_float());
    const std::partial_ordering r = compare_int_double(b.as_int(), a.as_float());
    if (r == std::partial_ordering::less) return std::partial_ordering::greater;
    if (r == std::partial_ordering::greater) return std::partial_ordering::less;
    return r;
}

int sign_of(std::partial_ordering o) {
    if (o < 0) return -1;
    if (o > 0) return 1;
    return 0;
}

template <typename T>
int three_way(const T& a, const T& b) {
    if (a < b) return -1;
    if (b < a) return 1;
    return 0;
}

bool same_keys(const Properties& a, const Properties& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](auto& x, auto& y) { return x.first == y.first; });
}

Tri eq(const Value& a, const Value& b);

template <typename Range, typename Get>
Tri eq_elements(const Range& a, const Range& b, Get get) {
    if (a.size() != b.size()) return Tri::False;
    bool unknown = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Tri t = eq(get(a[i]), get(b[i]));
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) unknown = true;
    }
    return unknown ? Tri::Unknown : Tri::True;
}

bool same_path(const Path& x, const Path& y) {
    if (x.nodes.size() != y.nodes.size() || x.edges.size() != y.edges.size()) return false;
    for (std::size_t i = 0; i < x.nodes.size(); ++i) {
        if (x.nodes[i].id != y.nodes[i].id) return false;
    }
    for (std::size_t i = 0; i < x.edges.size(); ++i) {
        if (x.edges[i].id != y.edges[i].id) return false;
    }
    return true;
}

Tri eq(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Tri::Unknown;
    if (is_number(a) && is_number(b)) {
        return compare_numbers(a, b) == std::partial_ordering::equivalent ? Tri::True : Tri::False;
    }
    if (a.kind() != b.kind()) return Tri::False;
    auto tri = [](bool x) { return x ? Tri::True : Tri::False; };
    switch (a.kind()) {
        case ValueKind::Bool:
            return tri(a.as_bool() == b.as_bool());
        case ValueKind::String:
            return tri(a.as_string() == b.as_string());
        case ValueKind::Date:
            return tri(a.as_date() == b.as_date());
        case ValueKind::DateTime:
        case ValueKind::Time:
        case ValueKind::LocalTime:
        case ValueKind::LocalDateTime:
            return tri(temporal_order(a, b) == 0);
        case ValueKind::Duration:
            return tri(a.as_duration() == b.as_duration());
        case ValueKind::List:
            return eq_elements(a.as_list(), b.as_list(),
                               [](const Value& v) -> const Value& { return v; });
        case ValueKind::Map: {
            const Properties &x = a.as_map().entries, &y = b.as_map().entries;
            if (!same_keys(x, y)) return Tri::False;
            return eq_elements(x, y, [](const auto& e) -> const Value& { return e.second; });
        }
        case ValueKind::Node:
            return tri(a.as_node().id == b.as_node().id);
        case ValueKind::Edge:
            return tri(a.as_edge().id == b.as_edge().id);
        case ValueKind::Path:
            return tri(same_path(a.as_path(), b.as_path()));
        default:
            return Tri::False;
    }
}

Tri to_tri(const Value& v, const char* op) {
    if (v.is_null()) return Tri::Unknown;
    if (v.kind() != ValueKind::Bool) {
        type_error(std::string("cannot apply ") + op + " to " + kind_with_article(v.kind()),
                   invalid_type);
    }
    return v.as_bool() ? Tri::True : Tri::False;
}

// Orderability rank of a kind; see the table in value_ops.hpp.
int order_rank(ValueKind k) noexcept {
    switch (k) {
        case ValueKind::Map:
            return 0;
        case ValueKind::Node:
            return 1;
        case ValueKind::Edge:
            return 2;
        case ValueKind::List:
            return 3;
        case ValueKind::Path:
            return 4;
        case ValueKind::DateTime:
            return 5;
        case ValueKind::LocalDateTime:
            return 6;
        case ValueKind::Date:
            return 7;
        case ValueKind::Time:
            return 8;
        case ValueKind::LocalTime:
            return 9;
        case ValueKind::Duration:
            return 10;
        case ValueKind::String:
            return 11;
        case ValueKind::Bool:
            return 12;
        case ValueKind::Int:
        case ValueKind::Float:
            return 13;
        case ValueKind::Null:
            return 14;
    }
    return 14;
}

bool is_nan(const Value& v) noexcept {
    return v.kind() == ValueKind::Float && std::isnan(v.as_float());
}

int order_paths(const Path& x, const Path& y) {
    // As the list [n0, e0, n1, e1, ...]: position i holds the same kind in both paths.
    const std::size_t nx = x.nodes.size() + x.edges.size(), ny = y.nodes.size() + y.edges.size();
    for (std::size_t i = 0; i < std::min(nx, ny); ++i) {
        const int c = i % 2 == 0 ? three_way(x.nodes[i / 2].id, y.nodes[i / 2].id)
                                 : three_way(x.edges[i / 2].id, y.edges[i / 2].id);
        if (c != 0) return c;
    }
    return three_way(nx, ny);
}

void hash_combine(std::size_t& seed, std::size_t h) noexcept {
    seed ^= h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

const char* verb(char op) {
    switch (op) {
        case '+':
            return "add";
        case '-':
            return "subtract";
        case '*':
            return "multiply";
        case '/':
            return "divide";
        case '%':
            return "take the remainder of";
        default:
            return "exponentiate";
    }
}

[[noreturn]] void mismatch(char op, const Value& a, const Value& b) {
    type_error(std::string("cannot ") + verb(op) + " " + kind_with_article(a.kind()) + " and " +
                   kind_with_article(b.kind()),
               invalid_type);
}

// Numeric binary operator: null propagation, integer path with overflow checks, float path.
template <typename IntOp, typename FloatOp>
Value numeric(char op, const Value& a, const Value& b, IntOp int_op, FloatOp float_op) {
    if (a.is_null() || b.is_null()) return Value{};
    if (!is_number(a) || !is_number(b)) mismatch(op, a, b);
    if (a.kind() == ValueKind::Int && b.kind() == ValueKind::Int) {
        return Value(int_op(a.as_int(), b.as_int()));
    }
    return Value(float_op(to_double(a), to_double(b)));
}

std::int64_t checked_add(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_add_overflow(x, y, &r)) integer_overflow();
    return r;
}

std::int64_t checked_sub(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_sub_overflow(x, y, &r)) integer_overflow();
    return r;
}

std::int64_t checked_mul(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_mul_overflow(x, y, &r)) integer_overflow();
    return r;
}

// Strings-only binary predicate: null unless both operands are strings.
template <typename Pred>
Value string_predicate(const Value& a, const Value& b, Pred pred) {
    if (a.kind() != ValueKind::String || b.kind() != ValueKind::String) return Value{};
    return Value(pred(a.as_string(), b.as_string()));
}

// One compiled pattern per thread: WHERE x =~ 'literal' reuses it row after row.
struct RegexCache {
    std::string pattern;
    std::regex regex;
    bool valid = false;
};

const std::regex& compiled(const std::string& pattern) {
    thread_local RegexCache cache;
    if (cache.valid && cache.pattern == pattern) return cache.regex;
    std::string_view body = pattern;
    auto flags = std::regex::ECMAScript;
    if (body.substr(0, 4) == "(?i)") {
        body.remove_prefix(4);
        flags |= std::regex::icase;
    }
    try {
        cache.regex = std::regex(body.begin(), body.end(), flags);
    } catch (const std::regex_error& e) {
        cache.valid = false;
        type_error("invalid regular expression '" + pattern + "': " + e.what(), "");
    }
    cache.pattern = pattern;
    cache.valid = true;
    return cache.regex;
}

std::int64_t int_index(const Value& v, const char* what) {
    if (v.kind() != ValueKind::Int) {
        type_error(std::string(what) + " must be an integer, not " + kind_with_article(v.kind()),
                   invalid_type);
    }
    return v.as_int();
}

}  // namespace

// ---- Three-valued logic ----

Value logical_and(const Value& a, const Value& b) {
    const Tri x = to_tri(a, "AND"), y = to_tri(b, "AND");
    if (x == Tri::False || y == Tri::False) return Value(false);
    if (x == Tri::Unknown || y == Tri::Unknown) return Value{};
    return Value(true);
}

Value logical_or(const Value& a, const Value& b) {
    const Tri x = to_tri(a, "OR"), y = to_tri(b, "OR");
    if (x == Tri::True || y == Tri::True) return Value(true);
    if (x == Tri::Unknown || y == Tri::Unknown) return Value{};
    return Value(false);
}

Value logical_xor(const Value& a, const Value& b) {
    const Tri x = to_tri(a, "XOR"), y = to_tri(b, "XOR");
    if (x == Tri::Unknown || y == Tri::Unknown) return Value{};
    return Value(x != y);
}

Value logical_not(const Value& a) {
    const Tri x = to_tri(a, "NOT");
    if (x == Tri::Unknown) return Value{};
    return Value(x == Tri::False);
}

bool is_true(const Value& predicate) {
    return to_tri(predicate, "WHERE") == Tri::True;
}

// ---- Equality ----

Value equals(const Value& a, const Value& b) {
    return from_tri(eq(a, b));
}

Value not_equals(const Value& a, const Value& b) {
    const Tri t = eq(a, b);
    if (t == Tri::Unknown) return Value{};
    return Value(t == Tri::False);
}

// ---- Comparability ----

std::optional<std::partial_ordering> compare(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return std::nullopt;
    if (is_number(a) && is_number(b)) return compare_numbers(a, b);
    if (a.kind() != b.kind()) return std::nullopt;
    switch (a.kind()) {
        case ValueKind::Bool:
            return a.as_bool() <=> b.as_bool();
        case ValueKind::String:
            return a.as_string() <=> b.as_string();
        case ValueKind::Date:
            return a.as_date() <=> b.as_date();
        case ValueKind::DateTime:
        case ValueKind::Time:
        case ValueKind::LocalTime:
        case ValueKind::LocalDateTime:
            return temporal_order(a, b) <=> 0;
        case ValueKind::List: {
            const List &x = a.as_list(), &y = b.as_list();
            for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
                const auto c = compare(x[i], y[i]);
                if (!c) return std::nullopt;
                if (*c != std::partial_ordering::equivalent) return c;
            }
            return x.size() <=> y.size();
        }
        default:
            return std::nullopt;
    }
}

Value less_than(const Value& a, const Value& b) {
    const auto c = compare(a, b);
    return c ? Value(*c < 0) : Value{};
}

Value less_equal(const Value& a, const Value& b) {
    const auto c = compare(a, b);
    return c ? Value(*c <= 0) : Value{};
}

Value greater_than(const Value& a, const Value& b) {
    const auto c = compare(a, b);
    return c ? Value(*c > 0) : Value{};
}

Value greater_equal(const Value& a, const Value& b) {
    const auto c = compare(a, b);
    return c ? Value(*c >= 0) : Value{};
}

// ---- Orderability ----

int order_compare(const Value& a, const Value& b) {
    const int ra = order_rank(a.kind()), rb = order_rank(b.kind());
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (a.kind()) {
        case ValueKind::Null:
            return 0;
        case ValueKind::Int:
        case ValueKind::Float: {
            const bool na = is_nan(a), nb = is_nan(b);
            if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
            return sign_of(compare_numbers(a, b));
        }
        case ValueKind::Bool:
            return three_way(a.as_bool(), b.as_bool());
        case ValueKind::String: {
            const int c = a.as_string().compare(b.as_string());
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        case ValueKind::Date:
            return three_way(a.as_date(), b.as_date());
        case ValueKind::DateTime:
        case ValueKind::Time:
        case ValueKind::LocalTime:
        case ValueKind::LocalDateTime: {
            // The instant first; equal instants in different zones in a fixed order after it.
            if (const int c = temporal_order(a, b); c != 0) return c;
            if (a.kind() == ValueKind::Time) return three_way(a.as_time(), b.as_time());
            if (a.kind() == ValueKind::DateTime) return three_way(a.as_datetime(), b.as_datetime());
            return 0;
        }
        case ValueKind::Duration:
            return three_way(a.as_duration(), b.as_duration());
        case ValueKind::List: {
            const List &x = a.as_list(), &y = b.as_list();
            for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
                if (const int c = order_compare(x[i], y[i]); c != 0) return c;
            }
            return three_way(x.size(), y.size());
        }
        case ValueKind::Map: {
            const Properties &x = a.as_map().entries, &y = b.as_map().entries;
            for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
                if (const int c = three_way(x[i].first, y[i].first); c != 0) return c;
                if (const int c = order_compare(x[i].second, y[i].second); c != 0) return c;
            }
            return three_way(x.size(), y.size());
        }
        case ValueKind::Node:
            return three_way(a.as_node().id, b.as_node().id);
        case ValueKind::Edge:
            return three_way(a.as_edge().id, b.as_edge().id);
        case ValueKind::Path:
            return order_paths(a.as_path(), b.as_path());
    }
    return 0;
}

// ---- Equivalence ----

bool equivalent(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
    if (is_number(a) && is_number(b)) {
        if (is_nan(a) || is_nan(b)) return is_nan(a) && is_nan(b);
        return compare_numbers(a, b) == std::partial_ordering::equivalent;
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case ValueKind::List: {
            const List &x = a.as_list(), &y = b.as_list();
            return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), equivalent);
        }
        case ValueKind::Map: {
            const Properties &x = a.as_map().entries, &y = b.as_map().entries;
            return same_keys(x, y) &&
                   std::equal(x.begin(), x.end(), y.begin(),
                              [](auto& p, auto& q) { return equivalent(p.second, q.second); });
        }
        default:
            return eq(a, b) == Tri::True;
    }
}

std::size_t hash_value(const Value& v) {
    std::size_t seed = static_cast<std::size_t>(v.kind());
    switch (v.kind()) {
        case ValueKind::Null:
            return 0x6e756c6cULL;
        case ValueKind::Int:
        case ValueKind::Float: {
            // Numbers that are equal hash equally: an integral double in int64 range hashes as
            // that integer, so 1 and 1.0 (and 0.0 and -0.0) collide as equivalence requires.
            seed = static_cast<std::size_t>(ValueKind::Int);
            if (v.kind() == ValueKind::Int) {
                hash_combine(seed, std::hash<std::int64_t>{}(v.as_int()));
                return seed;
            }
            const double d = v.as_float();
            if (std::isnan(d)) return 0x4e614eULL;
            if (d == std::trunc(d) && d >= -two_pow_63 && d < two_pow_63) {
                hash_combine(seed, std::hash<std::int64_t>{}(static_cast<std::int64_t>(d)));
                return seed;
            }
            hash_combine(seed, std::hash<double>{}(d));
            return seed;
        }
        case ValueKind::Bool:
            hash_combine(seed, v.as_bool() ? 1 : 2);
            return seed;
        case ValueKind::String:
            hash_combine(seed, std::hash<std::string>{}(v.as_string()));
            return seed;
        case ValueKind::Date:
            hash_combine(seed, std::hash<std::int32_t>{}(v.as_date().days));
            return seed;
        case ValueKind::DateTime:  // equal when the instants are: the zone stays out
            hash_combine(seed, std::hash<std::int64_t>{}(v.as_datetime().seconds));
            hash_combine(seed, std::hash<std::int32_t>{}(v.as_datetime().nanos));
            return seed;
        case ValueKind::LocalDateTime:
            hash_combine(seed, std::hash<std::int64_t>{}(v.as_localdatetime().seconds));
            hash_combine(seed, std::hash<std::int32_t>{}(v.as_localdatetime().nanos));
            return seed;
        case ValueKind::LocalTime:
            hash_combine(seed, std::hash<std::int64_t>{}(v.as_localtime().nanos));
            return seed;
        case ValueKind::Time:
            hash_combine(seed, std::hash<std::int64_t>{}(v.as_time().nanos -
                                                         v.as_time().offset * nanos_per_second));
            return seed;
        case ValueKind::Duration: {
            const Duration d = v.as_duration();
            for (std::int64_t part : {d.months, d.days, d.seconds, std::int64_t{d.nanos}})
                hash_combine(seed, std::hash<std::int64_t>{}(part));
            return seed;
        }
        case ValueKind::List:
            for (const Value& item : v.as_list())
                hash_combine(seed, hash_value(item));
            return seed;
        case ValueKind::Map:
            for (const auto& [key, value] : v.as_map().entries) {
                hash_combine(seed, std::hash<std::string>{}(key));
                hash_combine(seed, hash_value(value));
            }
            return seed;
        case ValueKind::Node:
            hash_combine(seed, std::hash<NodeId>{}(v.as_node().id));
            return seed;
        case ValueKind::Edge:
            hash_combine(seed, std::hash<EdgeId>{}(v.as_edge().id));
            return seed;
        case ValueKind::Path:
            for (const Node& n : v.as_path().nodes)
                hash_combine(seed, std::hash<NodeId>{}(n.id));
            for (const Edge& e : v.as_path().edges)
                hash_combine(seed, std::hash<EdgeId>{}(e.id));
            return seed;
    }
    return seed;
}

// ---- Arithmetic ----

Value add(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value{};
    if (a.kind() == ValueKind::List) {
        List out = a.as_list();
        if (b.kind() == ValueKind::List) {
            out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        } else {
            out.push_back(b);
        }
        return Value(std::move(out));
    }
    if (b.kind() == ValueKind::List) {
        List out;
        out.reserve(b.as_list().size() + 1);
        out.push_back(a);
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        return Value(std::move(out));
    }
    const bool as = a.kind() == ValueKind::String, bs = b.kind() == ValueKind::String;
    if ((as && (bs || is_number(b))) || (bs && is_number(a))) {
        return Value(scalar_to_string(a) + scalar_to_string(b));
    }
    if (auto r = temporal_arithmetic('+', a, b)) return *r;
    return numeric('+', a, b, checked_add, std::plus<double>{});
}

Value subtract(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value{};
    if (auto r = temporal_arithmetic('-', a, b)) return *r;
    return numeric('-', a, b, checked_sub, std::minus<double>{});
}

Value multiply(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value{};
    if (auto r = temporal_arithmetic('*', a, b)) return *r;
    return numeric('*', a, b, checked_mul, std::multiplies<double>{});
}

Value divide(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value{};
    if (auto r = temporal_arithmetic('/', a, b)) return *r;
    auto int_div = [](std::int64_t x, std::int64_t y) {
        if (y == 0) division_by_zero();
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1) integer_overflow();
        return x / y;
    };
    return numeric('/', a, b, int_div, std::divides<double>{});
}

Value modulo(const Value& a, const Value& b) {
    auto int_mod = [](std::int64_t x, std::int64_t y) -> std::int64_t {
        if (y == 0) division_by_zero();
        if (y == -1) return 0;  // INT64_MIN % -1 is undefined behaviour in C++
        return x % y;
    };
    auto float_mod = [](double x, double y) { return std::fmod(x, y); };
    return numeric('%', a, b, int_mod, float_mod);
}

Value power(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return Value{};
    if (!is_number(a) || !is_number(b)) mismatch('^', a, b);
    return Value(std::pow(to_double(a), to_double(b)));
}

Value negate(const Value& a) {
    switch (a.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Int:
            if (a.as_int() == std::numeric_limits<std::int64_t>::min()) integer_overflow();
            return Value(-a.as_int());
        case ValueKind::Float:
            return Value(-a.as_float());
        case ValueKind::Duration:
            return Value(negate_duration(a.as_duration()));
        default:
            type_error("cannot negate " + kind_with_article(a.kind()), invalid_type);
    }
}

Value unary_plus(const Value& a) {
    if (a.is_null() || is_number(a)) return a;
    type_error("cannot apply unary '+' to " + kind_with_article(a.kind()), invalid_type);
}

// ---- String predicates ----

Value starts_with(const Value& s, const Value& prefix) {
    return string_predicate(s, prefix, [](const std::string& x, const std::string& p) {
        return x.size() >= p.size() && x.compare(0, p.size(), p) == 0;
    });
}

Value ends_with(const Value& s, const Value& suffix) {
    return string_predicate(s, suffix, [](const std::string& x, const std::string& p) {
        return x.size() >= p.size() && x.compare(x.size() - p.size(), p.size(), p) == 0;
    });
}

Value contains(const Value& s, const Value& part) {
    return string_predicate(s, part, [](const std::string& x, const std::string& p) {
        return x.find(p) != std::string::npos;
    });
}

Value regex_match(const Value& s, const Value& pattern) {
    if (s.kind() != ValueKind::String || pattern.kind() != ValueKind::String) return Value{};
    return Value(std::regex_match(s.as_string(), compiled(pattern.as_string())));
}

// ---- Lists ----

Value in_list(const Value& x, const Value& list) {
    if (list.is_null()) return Value{};
    if (list.kind() != ValueKind::List) {
        type_error("IN expects a list on its right, not " + kind_with_article(list.kind()),
                   invalid_type);
    }
    bool unknown = false;
    for (const Value& item : list.as_list()) {
        const Tri t = eq(x, item);
        if (t == Tri::True) return Value(true);
        if (t == Tri::Unknown) unknown = true;
    }
    return unknown ? Value{} : Value(false);
}

Value index(const Value& container, const Value& idx) {
    if (container.is_null() || idx.is_null()) return Value{};
    const Properties* props = nullptr;
    switch (container.kind()) {
        case ValueKind::List: {
            const List& list = container.as_list();
            std::int64_t i = int_index(idx, "a list index");
            const auto n = static_cast<std::int64_t>(list.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) return Value{};
            return list[static_cast<std::size_t>(i)];
        }
        case ValueKind::Map:
            props = &container.as_map().entries;
            break;
        case ValueKind::Node:
            props = &container.as_node().properties;
            break;
        case ValueKind::Edge:
            props = &container.as_edge().properties;
            break;
        default:
            type_error("cannot index into " + kind_with_article(container.kind()) +
                           "; only lists, maps, nodes and relationships can be indexed",
                       invalid_type);
    }
    if (idx.kind() != ValueKind::String) {
        type_error("a key into " + kind_with_article(container.kind()) + " must be a string, not " +
                       kind_with_article(idx.kind()),
                   invalid_type);
    }
    const Value* found = find_property(*props, idx.as_string());
    return found != nullptr ? *found : Value{};
}

Value slice(const Value& list, const std::optional<Value>& from, const std::optional<Value>& to) {
    if (list.is_null() || (from && from->is_null()) || (to && to->is_null())) return Value{};
    if (list.kind() != ValueKind::List) {
        type_error("cannot slice " + kind_with_article(list.kind()) + "; only lists can be sliced",
                   invalid_type);
    }
    const List& items = list.as_list();
    const auto n = static_cast<std::int64_t>(items.size());
    auto bound = [n](const std::optional<Value>& b, std::int64_t fallback) {
        if (!b) return fallback;
        std::int64_t i = int_index(*b, "a list slice bound");
        if (i < 0) i = i < -n ? 0 : i + n;
        return std::min(i, n);
    };
    const std::int64_t lo = bound(from, 0), hi = bound(to, n);
    if (lo >= hi) return Value(List{});
    return Value(List(items.begin() + lo, items.begin() + hi));
}

// ---- Helpers ----

std::string scalar_to_string(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Int:
            return std::to_string(v.as_int());
        case ValueKind::Float:
            return float_literal(v.as_float());  // 2.5, 3.0, NaN, Infinity, 1e+20
        case ValueKind::Bool:
            return v.as_bool() ? "true" : "false";
        case ValueKind::String:
            return v.as_string();
        default:
            if (is_temporal(v.kind())) return temporal_to_iso(v);
            type_error("cannot convert " + kind_with_article(v.kind()) + " to a string",
                       invalid_type);
    }
}

}  // namespace caspian::query
