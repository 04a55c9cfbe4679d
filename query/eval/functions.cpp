// The openCypher scalar functions, temporal components and aggregators over caspian::Value.
// Must not touch the graph: functions that need it are the executor's.
#include "query/eval/functions.hpp"

#include "query/eval/id_set.hpp"
#include "query/eval/temporal.hpp"
#include "query/eval/value_ops.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace caspian::query {

namespace {

using Args = std::span<const Value>;

constexpr std::int64_t micros_per_day = 86'400'000'000;
constexpr double two_pow_63 = 9223372036854775808.0;

[[noreturn]] void type_error(const std::string& message) {
    throw Error(ErrorKind::Type, message);
}

[[noreturn]] void bad_kind(std::string_view fn, std::string_view expected, const Value& got) {
    type_error("function '" + std::string(fn) + "' expects " + std::string(expected) + ", not " +
               kind_with_article(got.kind()));
}

bool is_number(const Value& v) noexcept {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

double number(std::string_view fn, const Value& v) {
    if (v.kind() == ValueKind::Int) return static_cast<double>(v.as_int());
    if (v.kind() == ValueKind::Float) return v.as_float();
    bad_kind(fn, "a number", v);
}

std::int64_t integer(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::Int) bad_kind(fn, "an integer", v);
    return v.as_int();
}

const std::string& string_arg(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::String) bad_kind(fn, "a string", v);
    return v.as_string();
}

bool any_null(Args args) {
    return std::any_of(args.begin(), args.end(), [](const Value& v) { return v.is_null(); });
}

// ---- UTF-8: Cypher counts and indexes strings in characters, not bytes ----

bool is_continuation(char c) noexcept {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offsets of each character's start, plus the string's size at the end.
std::vector<std::size_t> char_offsets(const std::string& s) {
    std::vector<std::size_t> out;
    out.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_continuation(s[i])) out.push_back(i);
    }
    out.push_back(s.size());
    return out;
}

std::int64_t char_count(const std::string& s) {
    return static_cast<std::int64_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

// Characters [from, from + len) of s, clamped to its end.
std::string char_substr(const std::string& s, std::int64_t from, std::int64_t len) {
    const std::vector<std::size_t> offs = char_offsets(s);
    const auto n = static_cast<std::int64_t>(offs.size() - 1);
    const std::int64_t lo = std::min(from, n);
    const std::int64_t hi = len > n - lo ? n : lo + len;
    return s.substr(offs[static_cast<std::size_t>(lo)],
                    offs[static_cast<std::size_t>(hi)] - offs[static_cast<std::size_t>(lo)]);
}

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ---- Lists and strings ----

Value fn_coalesce(Args args) {
    for (const Value& v : args) {
        if (!v.is_null()) return v;
    }
    return Value{};
}

const List& list_arg(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::List) bad_kind(fn, "a list", v);
    return v.as_list();
}

Value fn_head(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("head", args[0]);
    return l.empty() ? Value{} : l.front();
}

Value fn_last(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("last", args[0]);
    return l.empty() ? Value{} : l.back();
}

Value fn_tail(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("tail", args[0]);
    if (l.empty()) return Value(List{});
    return Value(List(l.begin() + 1, l.end()));
}

Value fn_size(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::List:
            return Value(static_cast<std::int64_t>(v.as_list().size()));
        case ValueKind::String:
            return Value(char_count(v.as_string()));
        default:
            bad_kind("size", "a list or a string", v);
    }
}

Value fn_length(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Path:
            return Value(static_cast<std::int64_t>(v.as_path().edges.size()));
        case ValueKind::List:
            return Value(static_cast<std::int64_t>(v.as_list().size()));
        case ValueKind::String:
            return Value(char_count(v.as_string()));
        default:
            bad_kind("length", "a path, a list or a string", v);
    }
}

Value fn_reverse(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::List: {
            List out(v.as_list().rbegin(), v.as_list().rend());
            return Value(std::move(out));
        }
        case ValueKind::String: {
            const std::string& s = v.as_string();
            const std::vector<std::size_t> offs = char_offsets(s);
            std::string out;
            out.reserve(s.size());
            for (std::size_t i = offs.size() - 1; i > 0; --i) {
                out.append(s, offs[i - 1], offs[i] - offs[i - 1]);
            }
            return Value(std::move(out));
        }
        default:
            bad_kind("reverse", "a list or a string", v);
    }
}

Value fn_range(Args args) {
    if (any_null(args)) return Value{};
    const std::int64_t start = integer("range", args[0]), end = integer("range", args[1]);
    const std::int64_t step = args.size() > 2 ? integer("range", args[2]) : 1;
    if (step == 0) type_error("function 'range' expects a non-zero step");
    List out;
    if (step > 0 ? start > end : start < end) return Value(std::move(out));
    // Unsigned arithmetic: the distance between two int64 always fits in a uint64.
    const std::uint64_t distance =
        step > 0 ? static_cast<std::uint64_t>(end) - static_cast<std::uint64_t>(start)
                 : static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(end);
    const std::uint64_t magnitude =
        step > 0 ? static_cast<std::uint64_t>(step) : 0 - static_cast<std::uint64_t>(step);
    const std::uint64_t count = distance / magnitude + 1;
    out.reserve(static_cast<std::size_t>(count));
    std::int64_t i = start;
    for (std::uint64_t k = 0; k < count; ++k) {
        out.emplace_back(i);
        if (k + 1 < count) i += step;  // stays within [start, end]: cannot overflow
    }
    return Value(std::move(out));
}

Value fn_to_upper(Args args) {
    if (args[0].is_null()) return Value{};
    std::string s = string_arg("toUpper", args[0]);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    });
    return Value(std::move(s));
}

Value fn_to_lower(Args args) {
    if (args[0].is_null()) return Value{};
    std::string s = string_arg("toLower", args[0]);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return Value(std::move(s));
}

Value trim_impl(std::string_view fn, const Value& v, bool left, bool right) {
    if (v.is_null()) return Value{};
    const std::string& s = string_arg(fn, v);
    std::size_t lo = 0, hi = s.size();
    while (left && lo < hi && is_space(s[lo]))
        ++lo;
    while (right && hi > lo && is_space(s[hi - 1]))
        --hi;
    return Value(s.substr(lo, hi - lo));
}

Value fn_trim(Args args) {
    return trim_impl("trim", args[0], true, true);
}
Value fn_ltrim(Args args) {
    return trim_impl("ltrim", args[0], true, false);
}
Value fn_rtrim(Args args) {
    return trim_impl("rtrim", args[0], false, true);
}

Value fn_substring(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("substring", args[0]);
    const std::int64_t start = integer("substring", args[1]);
    if (start < 0) type_error("function 'substring' expects a non-negative start");
    std::int64_t len = std::numeric_limits<std::int64_t>::max();
    if (args.size() > 2) {
        len = integer("substring", args[2]);
        if (len < 0) type_error("function 'substring' expects a non-negative length");
    }
    return Value(char_substr(s, start, len));
}

Value fn_left(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("left", args[0]);
    const std::int64_t n = integer("left", args[1]);
    if (n < 0) type_error("function 'left' expects a non-negative length");
    return Value(char_substr(s, 0, n));
}

Value fn_right(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("right", args[0]);
    const std::int64_t n = integer("right", args[1]);
    if (n < 0) type_error("function 'right' expects a non-negative length");
    const std::int64_t size = char_count(s);
    return Value(char_substr(s, n >= size ? 0 : size - n, n));
}

Value fn_split(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("split", args[0]);
    const std::string& sep = string_arg("split", args[1]);
    List out;
    if (sep.empty()) {  // one element per character, as Neo4j does
        const std::vector<std::size_t> offs = char_offsets(s);
        for (std::size_t i = 0; i + 1 < offs.size(); ++i) {
            out.emplace_back(s.substr(offs[i], offs[i + 1] - offs[i]));
        }
        return Value(std::move(out));
    }
    std::size_t from = 0;
    for (std::size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size()) {
        out.emplace_back(s.substr(from, at - from));
    }
    out.emplace_back(s.substr(from));
    return Value(std::move(out));
}

Value fn_replace(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("replace", args[0]);
    const std::string& search = string_arg("replace", args[1]);
    const std::string& with = string_arg("replace", args[2]);
    std::string out;
    if (search.empty()) {  // Java's String.replace: insert between every character and at ends
        const std::vector<std::size_t> offs = char_offsets(s);
        for (std::size_t i = 0; i + 1 < offs.size(); ++i) {
            out += with;
            out.append(s, offs[i], offs[i + 1] - offs[i]);
        }
        return Value(out + with);
    }
    std::size_t from = 0;
    for (std::size_t at; (at = s.find(search, from)) != std::string::npos;
         from = at + search.size()) {
        out.append(s, from, at - from);
        out += with;
    }
    out.append(s, from);
    return Value(std::move(out));
}

// ---- Conversions ----

std::optional<double> parse_double(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return d;
}

std::optional<std::int64_t> float_to_int(double d) {
    if (std::isnan(d) || d >= two_pow_63 || d < -two_pow_63) return std::nullopt;
    return static_cast<std::int64_t>(d);  // truncates toward zero
}

// toInteger: nullopt means "null result"; bad kinds throw unless or_null.
Value to_integer(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Int:
            return v;
        case ValueKind::Bool:
            return Value(std::int64_t{v.as_bool() ? 1 : 0});
        case ValueKind::Float: {
            if (auto i = float_to_int(v.as_float())) return Value(*i);
            if (or_null) return Value{};
            type_error("function 'toInteger' cannot convert " + to_literal(v) +
                       " to an integer: integer overflow");
        }
        case ValueKind::String: {
            std::string_view s = v.as_string();
            if (!s.empty() && s.front() == '+') s.remove_prefix(1);
            std::int64_t i = 0;
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
            if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return Value(i);
            if (auto d = parse_double(v.as_string())) {  // '2.9' -> 2, as Neo4j does
                if (auto t = float_to_int(*d)) return Value(*t);
            }
            return Value{};
        }
        default:
            if (or_null) return Value{};
            bad_kind("toInteger", "a number, a boolean or a string", v);
    }
}

Value to_float(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Float:
            return v;
        case ValueKind::Int:
            return Value(static_cast<double>(v.as_int()));
        case ValueKind::String: {
            if (auto d = parse_double(v.as_string())) return Value(*d);
            return Value{};
        }
        default:
            if (or_null) return Value{};
            bad_kind("toFloat", "a number or a string", v);
    }
}

Value to_boolean(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Bool:
            return v;
        case ValueKind::Int:
            return Value(v.as_int() != 0);
        case ValueKind::String: {
            std::string s = v.as_string();
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
                return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            });
            if (s == "true") return Value(true);
            if (s == "false") return Value(false);
            return Value{};
        }
        default:
            if (or_null) return Value{};
            bad_kind("toBoolean", "a boolean, an integer or a string", v);
    }
}

Value to_string_value(const Value& v, bool or_null) {
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Int:
        case ValueKind::Float:
        case ValueKind::Bool:
        case ValueKind::String:
        case ValueKind::Date:
        case ValueKind::DateTime:
        case ValueKind::Duration:
            return Value(scalar_to_string(v));
        default:
            if (or_null) return Value{};
            bad_kind("toString", "a number, a boolean, a string or a temporal value", v);
    }
}

Value fn_to_integer(Args args) {
    return to_integer(args[0], false);
}
Value fn_to_integer_or_null(Args args) {
    return to_integer(args[0], true);
}
Value fn_to_float(Args args) {
    return to_float(args[0], false);
}
Value fn_to_float_or_null(Args args) {
    return to_float(args[0], true);
}
Value fn_to_boolean(Args args) {
    return to_boolean(args[0], false);
}
Value fn_to_boolean_or_null(Args args) {
    return to_boolean(args[0], true);
}
Value fn_to_string(Args args) {
    return to_string_value(args[0], false);
}
Value fn_to_string_or_null(Args args) {
    return to_string_value(args[0], true);
}

// ---- Mathematics ----

Value fn_abs(Args args) {
    const Value& v = args[0];
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Int) {
        if (v.as_int() == std::numeric_limits<std::int64_t>::min()) type_error("integer overflow");
        return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
    }
    return Value(std::fabs(number("abs", v)));
}

Value fn_sign(Args args) {
    const Value& v = args[0];
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Int) {
        return Value(std::int64_t{(v.as_int() > 0) - (v.as_int() < 0)});
    }
    const double d = number("sign", v);
    return Value(std::int64_t{(d > 0) - (d < 0)});
}

// Java's Math.round, which Cypher's round() follows: halves go toward positive infinity.
double round_half_up(double x) {
    if (!std::isfinite(x)) return x;
    const double f = std::floor(x);
    return x - f >= 0.5 ? f + 1 : f;  // x - f is exact for every finite double
}

Value fn_round(Args args) {
    if (any_null(args)) return Value{};
    const double x = number("round", args[0]);
    if (args.size() == 1) return Value(round_half_up(x));
    const std::int64_t precision = integer("round", args[1]);
    if (precision < 0 || precision > 300) {
        type_error("function 'round' expects a precision between 0 and 300");
    }
    // With a precision Neo4j rounds half away from zero (BigDecimal HALF_UP).
    const double scale = std::pow(10.0, static_cast<double>(precision));
    const double r = std::round(x * scale) / scale;
    return Value(std::isfinite(r) ? r : x);
}

template <double (*F)(double)>
Value unary_math(Args args, std::string_view name) {
    if (args[0].is_null()) return Value{};
    return Value(F(number(name, args[0])));
}

double do_ceil(double x) {
    return std::ceil(x);
}
double do_floor(double x) {
    return std::floor(x);
}
double do_sqrt(double x) {
    return std::sqrt(x);
}
double do_exp(double x) {
    return std::exp(x);
}
double do_log(double x) {
    return std::log(x);
}
double do_log10(double x) {
    return std::log10(x);
}
double do_sin(double x) {
    return std::sin(x);
}
double do_cos(double x) {
    return std::cos(x);
}
double do_tan(double x) {
    return std::tan(x);
}
double do_cot(double x) {
    return 1.0 / std::tan(x);
}
double do_asin(double x) {
    return std::asin(x);
}
double do_acos(double x) {
    return std::acos(x);
}
double do_atan(double x) {
    return std::atan(x);
}
double do_haversin(double x) {
    return (1.0 - std::cos(x)) / 2.0;
}
double do_degrees(double x) {
    return x * 180.0 / std::numbers::pi;
}
double do_radians(double x) {
    return x * std::numbers::pi / 180.0;
}

Value fn_ceil(Args a) {
    return unary_math<do_ceil>(a, "ceil");
}
Value fn_floor(Args a) {
    return unary_math<do_floor>(a, "floor");
}
Value fn_sqrt(Args a) {
    return unary_math<do_sqrt>(a, "sqrt");
}
Value fn_exp(Args a) {
    return unary_math<do_exp>(a, "exp");
}
Value fn_log(Args a) {
    return unary_math<do_log>(a, "log");
}
Value fn_log10(Args a) {
    return unary_math<do_log10>(a, "log10");
}
Value fn_sin(Args a) {
    return unary_math<do_sin>(a, "sin");
}
Value fn_cos(Args a) {
    return unary_math<do_cos>(a, "cos");
}
Value fn_tan(Args a) {
    return unary_math<do_tan>(a, "tan");
}
Value fn_cot(Args a) {
    return unary_math<do_cot>(a, "cot");
}
Value fn_asin(Args a) {
    return unary_math<do_asin>(a, "asin");
}
Value fn_acos(Args a) {
    return unary_math<do_acos>(a, "acos");
}
Value fn_atan(Args a) {
    return unary_math<do_atan>(a, "atan");
}
Value fn_haversin(Args a) {
    return unary_math<do_haversin>(a, "haversin");
}
Value fn_degrees(Args a) {
    return unary_math<do_degrees>(a, "degrees");
}
Value fn_radians(Args a) {
    return unary_math<do_radians>(a, "radians");
}

Value fn_atan2(Args args) {
    if (any_null(args)) return Value{};
    return Value(std::atan2(number("atan2", args[0]), number("atan2", args[1])));
}

Value fn_is_nan(Args args) {
    if (args[0].is_null()) return Value{};
    return Value(std::isnan(number("isNaN", args[0])));
}

Value fn_e(Args) {
    return Value(std::numbers::e);
}
Value fn_pi(Args) {
    return Value(std::numbers::pi);
}

// Non-deterministic by definition: a per-thread generator seeded from std::random_device.
Value fn_rand(Args) {
    thread_local std::mt19937_64 gen{std::random_device{}()};
    return Value(std::uniform_real_distribution<double>(0.0, 1.0)(gen));
}

// ---- Graph values ----

const Properties* properties_of(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Map:
            return &v.as_map().entries;
        case ValueKind::Node:
            return &v.as_node().properties;
        case ValueKind::Edge:
            return &v.as_edge().properties;
        default:
            return nullptr;
    }
}

Value fn_keys(Args args) {
    if (args[0].is_null()) return Value{};
    const Properties* props = properties_of(args[0]);
    if (props == nullptr) bad_kind("keys", "a map, a node or a relationship", args[0]);
    List out;
    for (const auto& entry : *props)
        out.emplace_back(entry.first);
    return Value(std::move(out));
}

Value fn_properties(Args args) {
    if (args[0].is_null()) return Value{};
    const Properties* props = properties_of(args[0]);
    if (props == nullptr) bad_kind("properties", "a map, a node or a relationship", args[0]);
    return Value(Map{*props});
}

Value fn_labels(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Node) bad_kind("labels", "a node", args[0]);
    List out;
    for (const auto& label : args[0].as_node().labels)
        out.emplace_back(label);
    return Value(std::move(out));
}

Value fn_type(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Edge) bad_kind("type", "a relationship", args[0]);
    return Value(args[0].as_edge().type);
}

Value fn_id(Args args) {
    const Value& v = args[0];
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Node) return Value(static_cast<std::int64_t>(v.as_node().id.value));
    if (v.kind() == ValueKind::Edge) return Value(static_cast<std::int64_t>(v.as_edge().id.value));
    bad_kind("id", "a node or a relationship", v);
}

Value fn_nodes(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Path) bad_kind("nodes", "a path", args[0]);
    List out;
    for (const Node& n : args[0].as_path().nodes)
        out.emplace_back(n);
    return Value(std::move(out));
}

Value fn_relationships(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Path) bad_kind("relationships", "a path", args[0]);
    List out;
    for (const Edge& e : args[0].as_path().edges)
        out.emplace_back(e);
    return Value(std::move(out));
}

// ---- Temporal ----

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

Date date_of(DateTime t) {
    return Date{static_cast<std::int32_t>(floor_div(t.micros, micros_per_day))};
}

std::int64_t map_int(const Properties& m, std::string_view fn, std::string_view key,
                     std::int64_t fallback, bool required) {
    const Value* v = find_property(m, key);
    if (v == nullptr || v->is_null()) {
        if (required) {
            type_error("function '" + std::string(fn) + "' expects a map with the key '" +
                       std::string(key) + "'");
        }
        return fallback;
    }
    if (v->kind() != ValueKind::Int) {
        type_error("function '" + std::string(fn) + "' expects '" + std::string(key) +
                   "' to be an integer, not " + kind_with_article(v->kind()));
    }
    return v->as_int();
}

Date date_from_map(std::string_view fn, const Properties& m) {
    const std::int64_t y = map_int(m, fn, "year", 0, true);
    const std::int64_t mo = map_int(m, fn, "month", 1, false);
    const std::int64_t d = map_int(m, fn, "day", 1, false);
    if (y < -999'999 || y > 999'999 || mo < 1 || mo > 12 || d < 1 || d > 31) {
        type_error("function '" + std::string(fn) + "' got an invalid date");
    }
    return make_date(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d));
}

DateTime now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return DateTime{std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()};
}

Value fn_date(Args args) {
    if (args.empty()) return Value(date_of(now()));
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Date:
            return v;
        case ValueKind::DateTime:
            return Value(date_of(v.as_datetime()));
        case ValueKind::String: {
            Date d;
            if (!parse_date(v.as_string(), d)) {
                type_error("function 'date' cannot parse '" + v.as_string() + "' as a date");
            }
            return Value(d);
        }
        case ValueKind::Map:
            return Value(date_from_map("date", v.as_map().entries));
        default:
            bad_kind("date", "a string, a map or a temporal value", v);
    }
}

Value fn_datetime(Args args) {
    if (args.empty()) return Value(now());
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::DateTime:
            return v;
        case ValueKind::Date:
            return Value(DateTime{std::int64_t{v.as_date().days} * micros_per_day});
        case ValueKind::String: {
            DateTime t;
            if (!parse_datetime(v.as_string(), t)) {
                type_error("function 'datetime' cannot parse '" + v.as_string() +
                           "' as a datetime");
            }
            return Value(t);
        }
        case ValueKind::Map: {
            const Properties& m = v.as_map().entries;
            const Date d = date_from_map("datetime", m);
            const std::int64_t h = map_int(m, "datetime", "hour", 0, false);
            const std::int64_t mi = map_int(m, "datetime", "minute", 0, false);
            const std::int64_t s = map_int(m, "datetime", "second", 0, false);
            const std::int64_t ms = map_int(m, "datetime", "millisecond", 0, false);
            const std::int64_t us = map_int(m, "datetime", "microsecond", 0, false);
            if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0 || ms > 999 ||
                us < 0 || us > 999) {
                type_error("function 'datetime' got an invalid time of day");
            }
            const std::int64_t micros = ((h * 60 + mi) * 60 + s) * 1'000'000 + ms * 1000 + us;
            return Value(DateTime{std::int64_t{d.days} * micros_per_day + micros});
        }
        default:
            bad_kind("datetime", "a string, a map or a temporal value", v);
    }
}

Duration duration_from_map(const Properties& m) {
    static constexpr std::pair<std::string_view, long double DurationUnits::*> units[] = {
        {"years", &DurationUnits::years},
        {"quarters", &DurationUnits::quarters},
        {"months", &DurationUnits::months},
        {"weeks", &DurationUnits::weeks},
        {"days", &DurationUnits::days},
        {"hours", &DurationUnits::hours},
        {"minutes", &DurationUnits::minutes},
        {"seconds", &DurationUnits::seconds},
        {"milliseconds", &DurationUnits::milliseconds},
        {"microseconds", &DurationUnits::microseconds},
        {"nanoseconds", &DurationUnits::nanoseconds},
    };
    DurationUnits u;
    for (const auto& [key, value] : m) {
        const auto* unit = std::find_if(std::begin(units), std::end(units),
                                        [&k = key](const auto& entry) { return entry.first == k; });
        if (unit == std::end(units)) {
            type_error("function 'duration' got the unknown key '" + key +
                       "' (expected years, quarters, months, weeks, days, hours, minutes, "
                       "seconds, milliseconds, microseconds or nanoseconds)");
        }
        if (value.is_null()) continue;
        if (!is_number(value)) {
            type_error("function 'duration' expects '" + key + "' to be a number, not " +
                       kind_with_article(value.kind()));
        }
        u.*(unit->second) = value.kind() == ValueKind::Int
                                ? static_cast<long double>(value.as_int())
                                : static_cast<long double>(value.as_float());
    }
    return make_duration(u);
}

Value fn_duration(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Duration:
            return v;
        case ValueKind::String: {
            Duration d;
            if (!parse_duration(v.as_string(), d)) {
                type_error("function 'duration' cannot parse '" + v.as_string() +
                           "' as an ISO 8601 duration such as 'P1Y2M3DT4H'");
            }
            return Value(d);
        }
        case ValueKind::Map:
            return Value(duration_from_map(v.as_map().entries));
        default:
            bad_kind("duration", "a string, a map or a duration", v);
    }
}

template <BetweenKind kind>
Value fn_duration_between(Args args) {
    if (any_null(args)) return Value{};
    static constexpr const char* names[] = {"duration.between", "duration.inMonths",
                                            "duration.inDays", "duration.inSeconds"};
    for (const Value& v : args) {
        if (v.kind() != ValueKind::Date && v.kind() != ValueKind::DateTime) {
            bad_kind(names[static_cast<int>(kind)], "dates or datetimes", v);
        }
    }
    return Value(duration_between(args[0], args[1], kind));
}

// ---- Registry ----

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

const FunctionInfo function_table[] = {
    {"coalesce", 1, variadic, false, fn_coalesce},
    {"head", 1, 1, false, fn_head},
    {"last", 1, 1, false, fn_last},
    {"tail", 1, 1, false, fn_tail},
    {"size", 1, 1, false, fn_size},
    {"length", 1, 1, false, fn_length},
    {"reverse", 1, 1, false, fn_reverse},
    {"range", 2, 3, false, fn_range},
    {"toInteger", 1, 1, false, fn_to_integer},
    {"toIntegerOrNull", 1, 1, false, fn_to_integer_or_null},
    {"toFloat", 1, 1, false, fn_to_float},
    {"toFloatOrNull", 1, 1, false, fn_to_float_or_null},
    {"toString", 1, 1, false, fn_to_string},
    {"toStringOrNull", 1, 1, false, fn_to_string_or_null},
    {"toBoolean", 1, 1, false, fn_to_boolean},
    {"toBooleanOrNull", 1, 1, false, fn_to_boolean_or_null},
    {"toUpper", 1, 1, false, fn_to_upper},
    {"toLower", 1, 1, false, fn_to_lower},
    {"trim", 1, 1, false, fn_trim},
    {"ltrim", 1, 1, false, fn_ltrim},
    {"rtrim", 1, 1, false, fn_rtrim},
    {"substring", 2, 3, false, fn_substring},
    {"split", 2, 2, false, fn_split},
    {"replace", 3, 3, false, fn_replace},
    {"left", 2, 2, false, fn_left},
    {"right", 2, 2, false, fn_right},
    {"abs", 1, 1, false, fn_abs},
    {"ceil", 1, 1, false, fn_ceil},
    {"floor", 1, 1, false, fn_floor},
    {"round", 1, 2, false, fn_round},
    {"sign", 1, 1, false, fn_sign},
    {"sqrt", 1, 1, false, fn_sqrt},
    {"exp", 1, 1, false, fn_exp},
    {"log", 1, 1, false, fn_log},
    {"log10", 1, 1, false, fn_log10},
    {"e", 0, 0, false, fn_e},
    {"pi", 0, 0, false, fn_pi},
    {"rand", 0, 0, false, fn_rand, false},
    {"sin", 1, 1, false, fn_sin},
    {"cos", 1, 1, false, fn_cos},
    {"tan", 1, 1, false, fn_tan},
    {"cot", 1, 1, false, fn_cot},
    {"asin", 1, 1, false, fn_asin},
    {"acos", 1, 1, false, fn_acos},
    {"atan", 1, 1, false, fn_atan},
    {"atan2", 2, 2, false, fn_atan2},
    {"haversin", 1, 1, false, fn_haversin},
    {"degrees", 1, 1, false, fn_degrees},
    {"radians", 1, 1, false, fn_radians},
    {"isNaN", 1, 1, false, fn_is_nan},
    {"keys", 1, 1, false, fn_keys},
    {"properties", 1, 1, false, fn_properties},
    {"labels", 1, 1, false, fn_labels},
    {"type", 1, 1, false, fn_type},
    {"id", 1, 1, false, fn_id},
    {"nodes", 1, 1, false, fn_nodes},
    {"relationships", 1, 1, false, fn_relationships},
    // With no argument they read the clock; with one they are deterministic, but the planner
    // cannot tell from the entry alone, so both are marked non-deterministic.
    {"date", 0, 1, false, fn_date, false},
    {"datetime", 0, 1, false, fn_datetime, false},
    {"duration", 1, 1, false, fn_duration},
    {"duration.between", 2, 2, false, fn_duration_between<BetweenKind::All>},
    {"duration.inMonths", 2, 2, false, fn_duration_between<BetweenKind::Months>},
    {"duration.inDays", 2, 2, false, fn_duration_between<BetweenKind::Days>},
    {"duration.inSeconds", 2, 2, false, fn_duration_between<BetweenKind::Seconds>},
    {"count", 1, 1, true, nullptr},
    {"sum", 1, 1, true, nullptr},
    {"avg", 1, 1, true, nullptr},
    {"min", 1, 1, true, nullptr},
    {"max", 1, 1, true, nullptr},
    {"collect", 1, 1, true, nullptr},
    {"stDev", 1, 1, true, nullptr},
    {"stDevP", 1, 1, true, nullptr},
    {"percentileCont", 2, 2, true, nullptr},
    {"percentileDisc", 2, 2, true, nullptr},
};

const std::unordered_map<std::string, const FunctionInfo*>& registry() {
    static const std::unordered_map<std::string, const FunctionInfo*> map = [] {
        std::unordered_map<std::string, const FunctionInfo*> m;
        for (const FunctionInfo& f : function_table)
            m.emplace(ascii_lower(f.name), &f);
        return m;
    }();
    return map;
}

// ---- Aggregators ----

class Count final : public Aggregator {
public:
    explicit Count(bool star) : star_(star) {}
    Value result() const override { return Value(n_); }

protected:
    void accept(const Value& v, const Value*) override {
        if (star_ || !v.is_null()) ++n_;
    }

private:
    bool star_;
    std::int64_t n_ = 0;
};

class Sum final : public Aggregator {
public:
    Value result() const override {
        if (any_float_) return Value(fsum_ + static_cast<double>(isum_));
        return Value(isum_);
    }

protected:
    void accept(const Value& v, const Value*) override {
        if (v.is_null()) return;
        if (v.kind() == ValueKind::Int) {
            if (__builtin_add_overflow(isum_, v.as_int(), &isum_)) type_error("integer overflow");
        } else if (v.kind() == ValueKind::Float) {
            any_float_ = true;
            fsum_ += v.as_float();
        } else {
            bad_kind("sum", "numbers", v);
        }
    }

private:
    std::int64_t isum_ = 0;
    double fsum_ = 0;
    bool any_float_ = false;
};

class Avg final : public Aggregator {
public:
    Value result() const override {
        if (n_ == 0) return Value{};
        return Value(static_cast<double>(sum_ / static_cast<long double>(n_)));
    }

protected:
    void accept(const Value& v, const Value*) override {
        if (v.is_null()) return;
        if (!is_number(v)) bad_kind("avg", "numbers", v);
        // long double holds every int64 exactly on x86-64, so integer sums stay exact longer.
        sum_ += v.kind() == ValueKind::Int ? static_cast<long double>(v.as_int()) : v.as_float();
        ++n_;
    }

private:
    long double sum_ = 0;
    std::int64_t n_ = 0;
};

class Extreme final : public Aggregator {
public:
    explicit Extreme(bool max) : max_(max) {}
    Value result() const override { return best_; }

protected:
    void accept(const Value& v, const Value*) override {
        if (v.is_null()) return;
        if (best_.is_null()) {
            best_ = v;
            return;
        }
        const int c = order_compare(v, best_);
        if (max_ ? c > 0 : c < 0) best_ = v;
    }

private:
    bool max_;
    Value best_;
};

class Collect final : public Aggregator {
public:
    Value result() const override { return Value(items_); }

protected:
    void accept(const Value& v, const Value*) override {
        if (!v.is_null()) items_.push_back(v);
    }

private:
    List items_;
};

class StDev final : public Aggregator {
public:
    explicit StDev(bool population) : population_(population) {}
    Value result() const override {
        const std::int64_t denominator = population_ ? n_ : n_ - 1;
        if (denominator <= 0) return Value(0.0);
        return Value(std::sqrt(m2_ / static_cast<double>(denominator)));
    }

protected:
    // Welford's online algorithm: numerically stable in one pass.
    void accept(const Value& v, const Value*) override {
        if (v.is_null()) return;
        const double x = number(population_ ? "stDevP" : "stDev", v);
        ++n_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
    }

private:
    bool population_;
    std::int64_t n_ = 0;
    double mean_ = 0, m2_ = 0;
};

class Percentile final : public Aggregator {
public:
    explicit Percentile(bool continuous) : continuous_(continuous) {}
    Value result() const override {
        if (values_.empty()) return Value{};
        std::vector<Value> sorted = values_;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Value& a, const Value& b) { return order_compare(a, b) < 0; });
        const auto n = static_cast<double>(sorted.size());
        if (continuous_) {
            const double pos = percentile_ * (n - 1);
            const auto lo = static_cast<std::size_t>(std::floor(pos));
            const auto hi = static_cast<std::size_t>(std::ceil(pos));
            const double a = number(name(), sorted[lo]), b = number(name(), sorted[hi]);
            return Value(a + (b - a) * (pos - std::floor(pos)));
        }
        // The smallest value with at least `percentile` of the values at or below it.
        const double idx = std::max(0.0, std::ceil(percentile_ * n) - 1);
        return sorted[std::min(static_cast<std::size_t>(idx), sorted.size() - 1)];
    }

protected:
    void accept(const Value& v, const Value* argument) override {
        if (argument == nullptr) {
            throw Error(ErrorKind::Internal,
                        std::string("function '") + name() + "' needs its percentile argument");
        }
        const Value& p = *argument;
        if (!is_number(p) || number(name(), p) < 0.0 || number(name(), p) > 1.0) {
            type_error(std::string("function '") + name() +
                       "' expects a percentile between 0.0 and 1.0, not " + to_literal(p));
        }
        percentile_ = number(name(), p);
        if (v.is_null()) return;
        if (!is_number(v)) bad_kind(name(), "numbers", v);
        values_.push_back(v);
    }

private:
    const char* name() const { return continuous_ ? "percentileCont" : "percentileDisc"; }
    bool continuous_;
    double percentile_ = 0;
    std::vector<Value> values_;
};

// DISTINCT: passes a value on only the first time an equivalent one is seen.
class Distinct final : public Aggregator {
public:
    explicit Distinct(std::unique_ptr<Aggregator> inner) : inner_(std::move(inner)) {}
    Value result() const override { return inner_->result(); }

protected:
    void accept(const Value& v, const Value* argument) override {
        if (v.is_null()) return;  // every aggregate that takes DISTINCT skips nulls
        // Nodes and relationships are equivalent exactly when their ids are equal: those key
        // on the id in flat sets, without copying the value (optimisation only, issue #8).
        if (v.kind() == ValueKind::Node) {
            if (!nodes_.insert(v.as_node().id.value)) return;
        } else if (v.kind() == ValueKind::Edge) {
            if (!edges_.insert(v.as_edge().id.value)) return;
        } else if (!seen_.insert(v).second) {
            return;
        }
        if (argument != nullptr) {
            inner_->add(v, *argument);
        } else {
            inner_->add(v);
        }
    }

private:
    std::unique_ptr<Aggregator> inner_;
    IdSet nodes_;
    IdSet edges_;
    std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
};

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
    const auto& map = registry();
    const auto it = map.find(ascii_lower(name));
    return it == map.end() ? nullptr : it->second;
}

Value temporal_component(const Value& v, std::string_view name) {
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Duration) return duration_component(v.as_duration(), name);
    if (v.kind() != ValueKind::Date && v.kind() != ValueKind::DateTime) {
        type_error("cannot read the component '" + std::string(name) + "' of " +
                   kind_with_article(v.kind()));
    }
    const bool is_datetime = v.kind() == ValueKind::DateTime;
    const Date date = is_datetime ? date_of(v.as_datetime()) : v.as_date();
    const YearMonthDay ymd = to_ymd(date);
    auto i64 = [](auto x) { return Value(static_cast<std::int64_t>(x)); };
    if (name == "year") return i64(ymd.year);
    if (name == "month") return i64(ymd.month);
    if (name == "day") return i64(ymd.day);
    if (name == "quarter") return i64((ymd.month - 1) / 3 + 1);
    if (name == "dayOfWeek") {  // 1970-01-01 was a Thursday (4)
        const std::int64_t m = (std::int64_t{date.days} + 3) % 7;
        return i64((m < 0 ? m + 7 : m) + 1);
    }
    if (name == "dayOfYear" || name == "ordinalDay") {
        return i64(date.days - make_date(ymd.year, 1, 1).days + 1);
    }
    if (name == "epochDays") return i64(date.days);
    if (is_datetime) {
        const std::int64_t micros = v.as_datetime().micros;
        const std::int64_t of_day = micros - std::int64_t{date.days} * micros_per_day;
        if (name == "hour") return i64(of_day / 3'600'000'000);
        if (name == "minute") return i64(of_day / 60'000'000 % 60);
        if (name == "second") return i64(of_day / 1'000'000 % 60);
        if (name == "millisecond") return i64(of_day / 1000 % 1000);
        if (name == "microsecond") return i64(of_day % 1'000'000);
        if (name == "nanosecond") return i64(of_day % 1'000'000 * 1000);
        if (name == "epochSeconds") return i64(floor_div(micros, 1'000'000));
        if (name == "epochMillis") return i64(floor_div(micros, 1000));
    }
    type_error(kind_with_article(v.kind()) + " has no component '" + std::string(name) + "'");
}

std::unique_ptr<Aggregator> make_aggregator(std::string_view name, bool distinct) {
    const std::string key = ascii_lower(name);
    std::unique_ptr<Aggregator> agg;
    if (key == "count") {
        agg = std::make_unique<Count>(false);
    } else if (key == "sum") {
        agg = std::make_unique<Sum>();
    } else if (key == "avg") {
        agg = std::make_unique<Avg>();
    } else if (key == "min" || key == "max") {
        agg = std::make_unique<Extreme>(key == "max");
    } else if (key == "collect") {
        agg = std::make_unique<Collect>();
    } else if (key == "stdev" || key == "stdevp") {
        agg = std::make_unique<StDev>(key == "stdevp");
    } else if (key == "percentilecont" || key == "percentiledisc") {
        agg = std::make_unique<Percentile>(key == "percentilecont");
    } else {
        return nullptr;
    }
    if (distinct) agg = std::make_unique<Distinct>(std::move(agg));
    return agg;
}

std::unique_ptr<Aggregator> make_count_star() {
    return std::make_unique<Count>(true);
}

}  // namespace caspian::query
