// Inline accumulators for the plain (non-DISTINCT) count(*), count, sum, avg, min and max the
// Aggregate operator keeps in its group arena instead of a heap Aggregator per group (issue #8).
// Their arithmetic, nulls and errors are those of the Aggregators in query/eval/functions.cpp.
#pragma once

#include "query/eval/value_ops.hpp"

#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::query::exec {

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

struct InlineState {
    std::int64_t n = 0;    // count; sum's integer part; avg's count
    double fsum = 0;       // sum's float part
    long double lsum = 0;  // avg: holds every int64 exactly on x86-64, as Avg does
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
                    if (__builtin_add_overflow(n, v.as_int(), &n)) {
                        throw Error(ErrorKind::Type, "integer overflow");
                    }
                } else if (v.kind() == ValueKind::Float) {
                    any_float = true;
                    fsum += v.as_float();
                } else {
                    bad_kind("sum", v);
                }
                return;
            case InlineKind::Avg:
                if (v.is_null()) return;
                if (v.kind() == ValueKind::Int) {
                    lsum += static_cast<long double>(v.as_int());
                } else if (v.kind() == ValueKind::Float) {
                    lsum += v.as_float();
                } else {
                    bad_kind("avg", v);
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

    // Moves min/max out: call once per group.
    Value take_result(InlineKind kind) {
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
            case InlineKind::Min:
            case InlineKind::Max:
                return std::move(best);
            case InlineKind::None:
                break;
        }
        return Value{};
    }

private:
    [[noreturn]] static void bad_kind(std::string_view fn, const Value& got) {
        throw Error(ErrorKind::Type, "function '" + std::string(fn) + "' expects numbers, not " +
                                         kind_with_article(got.kind()));
    }
};

}  // namespace caspian::query::exec
