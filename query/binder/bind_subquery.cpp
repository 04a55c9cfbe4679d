// Binding EXISTS, COUNT and COLLECT { query } (issue #16): the body is planned as a subplan
// seeded with the evaluating row, so it sees every variable in scope (a correlated subquery that
// exec/eval.cpp runs per row). EXISTS { [MATCH] pattern [WHERE] } stays a pattern predicate.
// A body may not shadow the variables it starts with (check_shadowing).
#include "query/plan/planner_impl.hpp"

#include <utility>

namespace caspian::query::plan {

Expr Planner::bind_subquery(const AstExpr& e, const Scope& scope) {
    const char* what = e.kind == ExprKind::Exists          ? "an EXISTS"
                       : e.kind == ExprKind::CountSubquery ? "a COUNT"
                                                           : "a COLLECT";
    const bool wrote = std::exchange(writes_, false);
    std::vector<std::string> columns;
    std::vector<int> slots;
    PlanPtr body = plan_subquery(*e.subquery, scope, columns, slots);
    if (writes_) semantic(std::string(what) + " subquery cannot update the graph", e.span);
    writes_ = wrote;
    switch (e.kind) {
        case ExprKind::Exists:
            return make_expr(Op::Exists, SubplanExpr{std::move(body)}, {}, e.span);
        case ExprKind::CountSubquery:
            return make_expr(Op::CountRows, SubplanExpr{std::move(body)}, {}, e.span);
        default:
            break;
    }
    if (columns.size() != 1) {
        semantic("a COLLECT subquery must end with a RETURN of exactly one column, not " +
                     std::to_string(columns.size()),
                 e.span);
    }
    std::vector<Expr> args;
    args.push_back(absent());
    args.push_back(slot_ref(slots[0]));
    return make_expr(Op::PatternList, SubplanExpr{std::move(body), true}, std::move(args), e.span);
}

void Planner::check_shadowing(const std::string& name, SourceSpan span) const {
    if (outer_ == nullptr || !outer_->contains(name)) return;
    semantic("variable '" + name + "' shadows a variable of the outer query: rename it", span,
             "VariableAlreadyBound");
}

}  // namespace caspian::query::plan
