// Evaluation of bound expressions against a row. Throws Error{Type} (with the expression's
// span) for operands of the wrong kind, Error{Semantic} for a missing parameter.
#pragma once

#include "query/exec/context.hpp"
#include "query/functions/functions.hpp"
#include "query/plan/expr.hpp"

#include <optional>
#include <vector>

namespace caspian::query::exec {

// row is not const: comprehensions and reduce bind their variables in its slots for a while.
Value eval(const plan::Expr& expr, Row& row, ExecContext& ctx);

// The items of a list expression, one by one: range(...) is counted, never built (issue #15),
// so UNWIND, IN, comprehensions, reduce, size and quantifiers over it take no memory.
struct Items {
    std::optional<IntRange> range;  // set: range's items
    Value list;                     // otherwise what the expression gave: null, a list or not
    bool is_null() const noexcept { return !range && list.is_null(); }
    bool is_list() const noexcept { return range || list.kind() == ValueKind::List; }
    std::uint64_t size() const { return range ? range->count : list.as_list().size(); }
    Value at(std::uint64_t k) const { return range ? Value(range->at(k)) : list.as_list()[k]; }
    Value take(std::uint64_t k) {
        return range ? Value(range->at(k)) : std::move(std::get<List>(list.data)[k]);
    }
};
Items eval_items(const plan::Expr& expr, Row& row, ExecContext& ctx);

// Three-valued truth of a predicate: true only for the boolean true (null and false filter out).
// A non-boolean predicate is Error{Type}.
bool eval_predicate(const plan::Expr& expr, Row& row, ExecContext& ctx);

// The conditions of a WHERE as the user wrote them: the planner joins the conditions it places
// on one operator with an AND of its own (no source span), which this takes apart, so testing
// them one by one keeps a type error at the condition the user wrote, not at an AND nobody
// typed.
void split_conditions(const plan::Expr& expr, std::vector<const plan::Expr*>& out);

// A non-negative integer from SKIP or LIMIT; Error{Semantic} otherwise.
std::int64_t eval_count(const plan::Expr& expr, ExecContext& ctx, const char* clause);

}  // namespace caspian::query::exec
