// Planning WITH and RETURN: items, aggregation, DISTINCT, ORDER BY, SKIP and LIMIT, and
// WITH's WHERE; the projected names become the scope of the next clause.
#include "query/plan/planner_impl.hpp"

#include <algorithm>

namespace caspian::query::plan {

PlanPtr Planner::plan_projection(PlanPtr input, const Projection& proj, const AstExpr* where,
                                 Scope& scope, bool is_return, std::vector<std::string>& columns,
                                 std::vector<int>& column_slots, SourceSpan clause_span) {
    struct Item {
        std::string column;
        const AstExpr* ast = nullptr;
        Expr expr;
        bool has_aggregate = false;
        int slot = -1;
        VarKind kind = VarKind::Value;
    };
    std::vector<Item> items;
    if (proj.star) {
        for (const auto& [name, var] : scope) {
            if (name.empty()) continue;
            // A subquery's RETURN * returns what the body added, not what it was given (a body
            // cannot shadow those: check_shadowing).
            if (is_return && outer_ != nullptr && outer_->contains(name)) continue;
            items.push_back({name, nullptr, slot_ref(var.slot), false, -1, var.kind});
        }
        if (items.empty() && is_return) {
            semantic(std::string(is_return ? "RETURN" : "WITH") +
                         " * needs at least one variable in scope",
                     clause_span, "NoVariablesInScope");
        }
    }
    Aggregates aggs;
    for (const ProjectionItem& pi : proj.items) {
        Item item;
        item.ast = pi.expr.get();
        item.column = pi.alias ? *pi.alias : pi.column;
        if (!is_return && !pi.alias && pi.expr->kind != ExprKind::Variable) {
            semantic("an expression in WITH must be aliased (use AS)", pi.span,
                     "NoExpressionAlias");
        }
        if (!is_return && !(pi.expr->kind == ExprKind::Variable && pi.expr->name == item.column)) {
            check_shadowing(item.column, pi.span);
        }
        const std::size_t before = aggs.found.size();
        item.expr = bind(*pi.expr, scope, &aggs, {});
        item.has_aggregate = aggs.found.size() > before;
        item.kind = static_kind(*pi.expr, scope);
        items.push_back(std::move(item));
    }
    std::set<std::string> seen;
    for (const Item& item : items) {
        if (!seen.insert(item.column).second) {
            semantic("multiple result columns have the name '" + item.column + "'", clause_span,
                     "ColumnNameConflict");
        }
    }
    for (Item& item : items)
        item.slot = new_slot(item.column);

    // The projected names; ORDER BY also sees the earlier ones unless rows were merged.
    const bool aggregating = !aggs.found.empty();
    Scope projected;
    for (const Item& item : items)
        projected[item.column] = {item.slot, item.kind};
    Scope order_scope = proj.distinct || aggregating ? projected : scope;
    for (const auto& [name, var] : projected)
        order_scope[name] = var;
    aggs.argument_scope = &scope;
    // openCypher: a sort key that aggregates and reuses a grouping expression inside a larger
    // one is ambiguous (RETURN a + b, count(*) ORDER BY a + b + count(*)).
    const auto reuses_key = [&](const AstExpr& e, const auto& self) -> bool {
        for (const Item& item : items) {
            if (item.ast != nullptr && !item.has_aggregate && same_ast(*item.ast, e)) return true;
        }
        return std::any_of(e.args.begin(), e.args.end(),
                           [&](const ExprPtr& a) { return a && self(*a, self); });
    };
    std::vector<SortKey> sort_keys;
    for (const SortItem& si : proj.order_by) {
        SortKey key;
        key.descending = si.descending;
        bool matched = false;
        for (const Item& item : items) {
            if (item.ast != nullptr && same_ast(*item.ast, *si.expr)) {
                key.expr = slot_ref(item.slot, si.span);
                matched = true;
                break;
            }
        }
        if (!matched) {
            try {
                // After aggregation a sort key may aggregate too: it joins the Aggregate.
                key.expr = bind(*si.expr, order_scope, aggregating ? &aggs : nullptr, {});
            } catch (const Error& e) {
                if ((proj.distinct || aggregating) && e.kind() == ErrorKind::Semantic) {
                    throw Error(ErrorKind::Semantic, e.error_class(),
                                aggregating && reuses_key(*si.expr, reuses_key)
                                    ? "AmbiguousAggregationExpression"
                                    : e.detail(),
                                std::string("ORDER BY after ") +
                                    (aggregating ? "aggregation" : "DISTINCT") +
                                    " can only use the projected columns",
                                si.span);
                }
                throw;
            }
        }
        sort_keys.push_back(std::move(key));
    }

    PlanPtr plan = input;
    if (aggregating) {
        auto agg = make_node(Kind::Aggregate, {plan}, AggregateArgs{});
        AggregateArgs& groups = agg->as<AggregateArgs>();
        for (const Item& item : items) {
            if (item.has_aggregate) continue;
            groups.slots.push_back(item.slot);
            groups.keys.push_back(item.expr);
        }
        groups.aggregations = aggs.found;
        // Above the Aggregate only the aggregate items (their non-aggregate parts, e.g. n in
        // n.x + count(*)) and sort keys read input slots: a group keeps just those (#8).
        std::set<int> carried, local;
        bool has_subplan = false;
        for (const Item& item : items) {
            if (item.has_aggregate) free_slots(item.expr, carried, local, has_subplan);
        }
        for (const SortKey& key : sort_keys)
            free_slots(key.expr, carried, local, has_subplan);
        for (int slot : groups.slots)
            carried.erase(slot);
        for (const Aggregation& a : groups.aggregations)
            carried.erase(a.slot);
        if (!has_subplan) {
            groups.carry_all = false;
            groups.carry_slots.assign(carried.begin(), carried.end());
        }
        semi_join_below(*agg);
        plan = agg;  // optimizer/count_rewrite.cpp may answer its counts from statistics
        ProjectArgs project;
        for (const Item& item : items) {
            if (!item.has_aggregate) continue;
            project.slots.push_back(item.slot);
            project.exprs.push_back(item.expr);
        }
        if (!project.slots.empty()) plan = make_node(Kind::Project, {plan}, std::move(project));
    } else {
        ProjectArgs project;
        for (const Item& item : items) {
            project.slots.push_back(item.slot);
            project.exprs.push_back(item.expr);
        }
        plan = make_node(Kind::Project, {plan}, std::move(project));
    }
    if (proj.distinct) {
        DistinctArgs distinct;
        for (const Item& item : items)
            distinct.slots.push_back(item.slot);
        plan = make_node(Kind::Distinct, {plan}, std::move(distinct));
    }
    std::shared_ptr<PlanNode> sort;
    if (!sort_keys.empty()) {
        sort = make_node(Kind::Sort, {plan}, SortArgs{std::move(sort_keys), {}, {}});
        plan = sort;
    }
    if (proj.skip) {
        plan = make_node(Kind::Skip, {plan}, CountArgs{bind_constant(*proj.skip, "SKIP")});
    }
    if (proj.limit) {
        const Expr count = bind_constant(*proj.limit, "LIMIT");
        // Top-N: Sort keeps only the SKIP + LIMIT rows the Skip and Limit above it take.
        if (sort) {
            sort->as<SortArgs>().limit = count;
            if (proj.skip) sort->as<SortArgs>().skip = bind_constant(*proj.skip, "SKIP");
        }
        plan = make_node(Kind::Limit, {plan}, CountArgs{count});
    }
    if (where != nullptr) {
        // WITH ... WHERE also sees the variables before the WITH unless rows were merged.
        Scope where_scope = aggregating || proj.distinct ? projected : scope;
        for (const auto& [name, var] : projected)
            where_scope[name] = var;
        plan = make_node(Kind::Filter, {plan}, FilterArgs{bind_where(*where, where_scope, {})});
    }
    scope = projected;
    if (is_return) {
        for (const Item& item : items) {
            columns.push_back(item.column);
            column_slots.push_back(item.slot);
        }
    }
    return plan;
}

Expr Planner::bind_constant(const AstExpr& e, const char* clause) {
    Scope empty;
    try {
        return bind(e, empty, nullptr, {});
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Semantic) throw;
        semantic(std::string(clause) + " must be a constant: it cannot use variables", e.span,
                 "NonConstantExpression");
    }
}

}  // namespace caspian::query::plan
