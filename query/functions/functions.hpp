// The openCypher function library on values: the scalar functions the evaluator calls by name
// and the aggregators, one file per family (list.cpp, string.cpp, ..., aggregates.cpp). Functions
// that need the graph (startNode, endNode, exists on patterns, size of a pattern) belong to the
// executor, not here.
#pragma once

#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace caspian::query {

// A scalar function. The caller checks the argument count against min_args/max_args (the binder
// reports it as a semantic error) before calling: implementations may rely on it. Unless a
// function documents otherwise a null argument gives null; an argument of the wrong kind throws
// Error{Type} with a message naming the function and the kind ("function 'toUpper' expects a
// string, not an integer"); other bad arguments (range step 0, a negative substring length, an
// unparsable date) also throw Error{Type}, the engine's kind for runtime argument errors.
using FunctionImpl = Value (*)(std::span<const Value> args);

inline constexpr std::size_t variadic = std::numeric_limits<std::size_t>::max();

struct FunctionInfo {
    std::string_view name;  // canonical spelling for messages and column names: "toInteger"
    std::size_t min_args = 0;
    std::size_t max_args = 0;               // `variadic` for coalesce
    bool is_aggregate = false;              // then implementation is nullptr: make_aggregator
    FunctionImpl implementation = nullptr;  // thread-safe; throws only caspian::Error
    bool is_deterministic = true;           // false for rand(), date(), datetime(): never fold
};

// Looks a function up by name, ignoring ASCII case (Cypher function names are case-insensitive);
// nullptr when unknown. The returned entry lives for the whole program.
// Scalar: coalesce, head, last, tail, size, length (list, string, path), reverse, range,
// toInteger, toFloat, toString, toBoolean and their *OrNull forms, toUpper, toLower, trim, ltrim,
// rtrim, substring, split, replace, left, right, abs, ceil, floor, round (1 or 2 arguments),
// sign, sqrt, exp, log, log10, e, pi, rand, sin, cos, tan, cot, asin, acos, atan, atan2,
// haversin, degrees, radians, isNaN, keys, properties, labels, type, id, nodes, relationships,
// date, localtime, time, localdatetime, datetime (each also .transaction, .statement,
// .realtime and .truncate), datetime.fromepoch, datetime.fromepochmillis, duration,
// duration.between, duration.inMonths, duration.inDays, duration.inSeconds. Aggregate: count, sum,
// avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc.
const FunctionInfo* find_function(std::string_view name);

// date(), datetime.statement() and the other clock readings of a statement give one time, read
// at the first of them, so that two readings in one statement agree (the .realtime forms read
// the clock anew). The executor calls this when a statement starts; the reading is per thread.
void start_statement_clock() noexcept;
// The statement's clock reading (read now if not yet), and the same reading given to a worker
// thread of the statement (issue #20), so that its clock functions agree with the caller's.
DateTime statement_clock();
void share_statement_clock(const DateTime& now) noexcept;

// range(start, end[, step]) without its list, for the evaluator's element-by-element uses
// (UNWIND, IN, comprehensions, reduce, size, quantifiers): issue #15, `x IN range(1, 1e8)` is
// arithmetic. count() elements, start + k * step for k < count.
struct IntRange {
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::uint64_t count = 0;
    std::int64_t at(std::uint64_t k) const noexcept {
        return std::int64_t(std::uint64_t(start) + k * std::uint64_t(step));  // wraps like int64
    }
    bool contains(std::int64_t x) const noexcept;
};
// range's arguments checked as range() checks them (Error{Type} for a non-integer or a zero
// step); nullopt when one is null (range gives null).
std::optional<IntRange> range_of(std::span<const Value> args);

// Accumulates one aggregate over the rows of a group. Not thread-safe; one per group.
// Nulls are skipped by every aggregate except count(*). add throws Error{Type} when a value
// has the wrong kind (sum('a')), on integer overflow in sum, and on a percentile outside
// [0.0, 1.0].
class Aggregator {
public:
    virtual ~Aggregator() = default;
    // One row's argument. For percentileCont/percentileDisc use the two-argument form.
    void add(const Value& value) { accept(value, nullptr); }
    // One row's arguments for two-argument aggregates: the value and the percentile.
    void add(const Value& value, const Value& argument) { accept(value, &argument); }
    // The aggregate of the rows added so far: count 0, sum 0, avg/min/max/percentiles null and
    // collect [] for no rows; stDev and stDevP 0.0 for fewer than two (one) values.
    virtual Value result() const = 0;

protected:
    virtual void accept(const Value& value, const Value* argument) = 0;
};

// A fresh aggregator for an aggregate function found by find_function (name case-insensitive);
// nullptr for a name that is not an aggregate. With distinct, values equivalent to one already
// seen (see `equivalent` in value_ops.hpp: 1 and 1.0 are the same, null skipped) are ignored.
std::unique_ptr<Aggregator> make_aggregator(std::string_view name, bool distinct = false);
// count(*): counts every add, nulls included.
std::unique_ptr<Aggregator> make_count_star();

}  // namespace caspian::query
