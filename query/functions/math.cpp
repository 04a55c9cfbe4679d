// Mathematical functions: abs, sign, round, ceil, floor, sqrt, exp, logarithms, trigonometry,
// e, pi, rand, isNaN.
#include "query/functions/scalar.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <random>

namespace caspian::query {

namespace {

Value fn_abs(Args args) {
    const Value& v = args[0];
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Int) {
        if (v.as_int() == std::numeric_limits<std::int64_t>::min()) integer_overflow();
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

}  // namespace

std::span<const FunctionInfo> math_functions() {
    static const FunctionInfo table[] = {
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
    };
    return table;
}

}  // namespace caspian::query
