// Conversion functions: toInteger, toFloat, toBoolean, toString and their *OrNull forms, which
// give null instead of throwing for a value of the wrong kind.
#include "query/functions/scalar.hpp"

#include "query/functions/value_ops.hpp"
#include "value/text.hpp"

#include <charconv>
#include <cmath>
#include <optional>

namespace caspian::query {

namespace {

constexpr double two_pow_63 = 9223372036854775808.0;

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
            arithmetic_error("function 'toInteger' cannot convert " + to_literal(v) +
                                 " to an integer: integer overflow",
                             "IntegerOverflow");
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
            const std::string s = ascii_lower(v.as_string());
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
            return Value(scalar_to_string(v));
        default:
            if (is_temporal(v.kind())) return Value(scalar_to_string(v));
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

}  // namespace

std::span<const FunctionInfo> conversion_functions() {
    static const FunctionInfo table[] = {
        {"toInteger", 1, 1, false, fn_to_integer},
        {"toIntegerOrNull", 1, 1, false, fn_to_integer_or_null},
        {"toFloat", 1, 1, false, fn_to_float},
        {"toFloatOrNull", 1, 1, false, fn_to_float_or_null},
        {"toString", 1, 1, false, fn_to_string},
        {"toStringOrNull", 1, 1, false, fn_to_string_or_null},
        {"toBoolean", 1, 1, false, fn_to_boolean},
        {"toBooleanOrNull", 1, 1, false, fn_to_boolean_or_null},
    };
    return table;
}

}  // namespace caspian::query
