// Evaluation of bound expressions against a row. Throws Error{Type} (with the expression's
// span) for operands of the wrong kind, Error{Semantic} for a missing parameter.
#pragma once

#include "query/exec/context.hpp"
#include "query/plan/expr.hpp"

#include <vector>

namespace caspian::query::exec {

// row is not const: comprehensions and reduce bind their variables in its slots for a while.
Value eval(const plan::Expr& expr, Row& row, ExecContext& ctx);

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
