// Planning subqueries (issue #16): a query body seeded with each outer row, and the CALL { }
// clause as an Apply of that body over the rows so far. Expression subqueries (EXISTS, COUNT,
// COLLECT) are bound in binder/bind_subquery.cpp on top of plan_subquery.
#include "query/plan/planner_impl.hpp"

namespace caspian::query::plan {

namespace {

const ReturnClause* final_return(const SingleQuery& q) {
    return q.clauses.empty() ? nullptr : std::get_if<ReturnClause>(&q.clauses.back().body);
}

// Where the RETURN of a CALL body names column (for errors), else the clause.
SourceSpan column_span(const Query& q, const std::string& column, SourceSpan fallback) {
    if (const ReturnClause* r = final_return(q.parts[0])) {
        for (const ProjectionItem& item : r->projection.items) {
            if ((item.alias ? *item.alias : item.column) == column) return item.span;
        }
        return q.parts[0].clauses.back().span;
    }
    return fallback;
}

// Neo4j 5's importing WITH: a CALL body (without a scope clause) sees the outer variables its
// leading `WITH a, b` lists, and only those; a body not starting so sees none.
Scope imported_scope(const SingleQuery& q, const Scope& outer) {
    Scope inner;
    const auto* with = q.clauses.empty() ? nullptr : std::get_if<WithClause>(&q.clauses[0].body);
    if (with == nullptr) return inner;
    const Projection& p = with->projection;
    bool imports = p.star;
    for (const ProjectionItem& item : p.items) {
        if (item.expr->kind == ExprKind::Variable && outer.contains(item.expr->name))
            imports = true;
    }
    if (!imports) return inner;
    for (const ProjectionItem& item : p.items) {
        if (item.expr->kind != ExprKind::Variable || !outer.contains(item.expr->name) ||
            (item.alias && *item.alias != item.expr->name)) {
            semantic("an importing WITH may only list variables of the outer query", item.span);
        }
    }
    if (with->where) {
        semantic("an importing WITH cannot have WHERE: filter in a WITH after it",
                 with->where->span);
    }
    if (p.distinct || !p.order_by.empty() || p.skip || p.limit) {
        semantic("an importing WITH cannot have DISTINCT, ORDER BY, SKIP or LIMIT",
                 q.clauses[0].span);
    }
    if (p.star) return outer;
    for (const ProjectionItem& item : p.items)
        inner[item.expr->name] = outer.at(item.expr->name);
    return inner;
}

}  // namespace

// Neo4j 5's restrictions: batches commit on their own, so nothing may wrap them (a subquery or
// a UNION) nor have written before them (those writes would commit with the first batch).
void Planner::check_in_transactions(SourceSpan span, bool wrote_before) {
    if (subquery_depth_ > 0) {
        semantic("CALL { ... } IN TRANSACTIONS cannot be nested in a subquery", span,
                 "InvalidClauseComposition");
    }
    if (in_union_) {
        semantic("CALL { ... } IN TRANSACTIONS cannot be part of a UNION", span,
                 "InvalidClauseComposition");
    }
    if (in_transactions_) {
        semantic("a statement can have only one CALL { ... } IN TRANSACTIONS", span,
                 "InvalidClauseComposition");
    }
    if (wrote_before) {
        semantic(
            "CALL { ... } IN TRANSACTIONS cannot follow a clause that writes: move the "
            "write into its body",
            span, "InvalidClauseComposition");
    }
    in_transactions_ = span;
}

// A query body seeded with the outer variables; a UNION's columns get slots of their own.
PlanPtr Planner::plan_subquery(const Query& q, const Scope& outer,
                               std::vector<std::string>& columns, std::vector<int>& column_slots) {
    struct Depth {
        int& depth;
        explicit Depth(int& d) : depth(++d) {}
        ~Depth() { --depth; }
    } nested(subquery_depth_);
    return plan_union(q, &outer, UnionSlots::Fresh, columns, column_slots);
}

PlanPtr Planner::plan_call_subquery(PlanPtr input, const SubqueryClause& call, Scope& scope,
                                    SourceSpan span) {
    Scope inner;
    switch (call.scope) {
        case SubqueryScope::All:
            inner = scope;
            break;
        case SubqueryScope::Listed:
            for (std::size_t i = 0; i < call.variables.size(); ++i) {
                const auto it = scope.find(call.variables[i]);
                if (it == scope.end()) {
                    semantic("variable '" + call.variables[i] + "' is not defined",
                             call.variable_spans[i], "UndefinedVariable");
                }
                inner[it->first] = it->second;
            }
            break;
        case SubqueryScope::Importing:
            inner = imported_scope(call.body->parts[0], scope);
            break;
    }
    std::vector<std::string> columns;
    std::vector<int> slots;
    PlanPtr body = plan_subquery(*call.body, inner, columns, slots);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (scope.contains(columns[c])) {
            semantic("variable '" + columns[c] +
                         "' returned by the CALL subquery is already defined in the outer query: "
                         "rename it with AS",
                     column_span(*call.body, columns[c], span), "VariableAlreadyBound");
        }
    }
    // A body that writes must not see the rows of the clauses before it change under it.
    if (writes_) input = eager(input);
    if (columns.empty()) {
        // A unit subquery runs for each row and keeps the rows as they were: one row per seed.
        AggregateArgs once;
        Aggregation count;
        count.slot = new_slot("");
        count.function = "count";
        count.star = true;
        once.aggregations.push_back(std::move(count));
        body = make_node(Kind::Aggregate, {body}, std::move(once));
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
        scope[columns[c]] = {slots[c], VarKind::Any};
    if (call.in_transactions) {
        const Expr rows = call.batch_rows ? bind_constant(*call.batch_rows, "OF ... ROWS")
                                          : constant(Value(std::int64_t{1000}));
        auto node = make_node(Kind::TransactionApply, {input, body}, TransactionApplyArgs{rows});
        node->span = span;  // for the error inside a caller's transaction
        return node;
    }
    if (call.optional) {
        return make_node(Kind::OptionalApply, {input, body}, OptionalApplyArgs{slots});
    }
    return make_node(Kind::Apply, {input, body});
}

}  // namespace caspian::query::plan
