// The arithmetic of the plain count(*), count, sum, avg, min and max, once: InlineState is what
// the Aggregate operator keeps per group in its arena instead of a heap Aggregator (issue #8),
// and the Aggregators of make_aggregator (aggregates.cpp) wrap the same state, so the two give
// the same results and errors by construction.
#pragma once

#include "query/functions/errors.hpp"
#include "query/functions/value_ops.hpp"
#include "value/literal.hpp"

#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::query {

enum class InlineKind : std::uint8_t { None, CountStar, Count, Sum, Avg, Min, Max };

// None unless the aggregate (function lowercase, as in plan::Aggregation) has an inline state.
inline InlineKind inline_kind(std::string_view function, bool distinct, bool star,
                              bool extra_args) {
    if (star) return InlineKind::CountStar;
    if (distinct || extra_args) return InlineKind::None;
    if (function == "count") return InlineKind::Count;
    if (function == "sum") return InlineKind::Sum;
    if (function == "avg") return InlineKind::Avg;
    if (function == "min") return InlineKind::Min;
    if (function == "max") return InlineKind::Max;
    return InlineKind::None;
}

// One group's accumulator for one of the kinds above; the kind is kept by the owner (one per
// aggregation, not per group). Nulls are skipped except by count(*); add throws Error{Type} for
// a non-number in sum or avg and on integer overflow in sum.
struct InlineState {
    std::int64_t n = 0;    // count; sum's integer part; avg's count
    double fsum = 0;       // sum's float part
    long double lsum = 0;  // avg: holds every int64 exactly on x86-64, so integer sums stay exact
    bool any_float = false;
    Value best;  // min, max

    void add(InlineKind kind, const Value& v) {
        switch (kind) {
            case InlineKind::None:
                return;
            case InlineKind::CountStar:
                ++n;
                return;
            case InlineKind::Count:
                if (!v.is_null()) ++n;
                return;
            case InlineKind::Sum:
                if (v.is_null()) return;
                if (v.kind() == ValueKind::Int) {
                    if (__builtin_add_overflow(n, v.as_int(), &n)) integer_overflow();
                } else if (v.kind() == ValueKind::Float) {
                    any_float = true;
                    fsum += v.as_float();
                } else {
                    not_a_number("sum", v);
                }
                return;
            case InlineKind::Avg:
                if (v.is_null()) return;
                if (v.kind() == ValueKind::Int) {
                    lsum += static_cast<long double>(v.as_int());
                } else if (v.kind() == ValueKind::Float) {
                    lsum += v.as_float();
                } else {
                    not_a_number("avg", v);
                }
                ++n;
                return;
            case InlineKind::Min:
            case InlineKind::Max:
                if (v.is_null()) return;
                if (best.is_null()) {
                    best = v;
                    return;
                }
                const int c = order_compare(v, best);
                if (kind == InlineKind::Max ? c > 0 : c < 0) best = v;
                return;
        }
    }

    // The aggregate of the values added so far: count 0, sum 0, avg/min/max null for none.
    Value result(InlineKind kind) const {
        if (kind == InlineKind::Min || kind == InlineKind::Max) return best;
        return number_result(kind);
    }

    // As result, moving min/max out: call once per group.
    Value take_result(InlineKind kind) {
        if (kind == InlineKind::Min || kind == InlineKind::Max) return std::move(best);
        return number_result(kind);
    }

private:
    Value number_result(InlineKind kind) const {
        switch (kind) {
            case InlineKind::CountStar:
            case InlineKind::Count:
                return Value(n);
            case InlineKind::Sum:
                if (any_float) return Value(fsum + static_cast<double>(n));
                return Value(n);
            case InlineKind::Avg:
                if (n == 0) return Value{};
                return Value(static_cast<double>(lsum / static_cast<long double>(n)));
            default:
                return Value{};
        }
    }

    [[noreturn]] static void not_a_number(std::string_view fn, const Value& got) {
        throw Error(ErrorKind::Type, "function '" + std::string(fn) + "' expects numbers, not " +
                                         kind_with_article(got.kind()));
    }
};

}  // namespace caspian::query
