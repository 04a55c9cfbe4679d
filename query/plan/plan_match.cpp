// Planning MATCH: pattern parts joined into one pipeline from where each is cheapest to enter,
// WHERE conjuncts placed as soon as their slots are bound, expands, shortest paths.
#include "query/plan/planner_impl.hpp"

#include <algorithm>

namespace caspian::query::plan {

namespace {

void split_and(Expr e, std::vector<Expr>& out) {
    if (e.op == Op::And) {
        split_and(std::move(e.args[0]), out);
        split_and(std::move(e.args[1]), out);
        return;
    }
    out.push_back(std::move(e));
}

}  // namespace

PlanPtr Planner::plan_match(PlanPtr input, const MatchClause& m, Scope& scope) {
    if (!m.optional) {
        return plan_patterns(input, m.patterns, m.where.get(), scope, {});
    }
    const int before = count_;
    Scope inner = scope;
    PlanPtr sub = plan_patterns(make_node(Kind::Argument), m.patterns, m.where.get(), inner, {});
    auto apply = make_node(Kind::OptionalApply, {input, sub}, OptionalApplyArgs{});
    for (int s = before; s < count_; ++s)
        apply->as<OptionalApplyArgs>().slots.push_back(s);
    scope = inner;
    return apply;
}

// Plans the pattern parts of one MATCH (or of a pattern predicate) on top of input, with
// the WHERE conjuncts placed as soon as their variables are bound.
PlanPtr Planner::plan_patterns(PlanPtr input, const std::vector<PatternPart>& parts,
                               const AstExpr* where, Scope& scope, BindContext ctx) {
    std::vector<const PatternPart*> pointers;
    for (const PatternPart& part : parts)
        pointers.push_back(&part);
    return plan_patterns(input, pointers, where, scope, ctx);
}

PlanPtr Planner::plan_patterns(PlanPtr input, const std::vector<const PatternPart*>& parts,
                               const AstExpr* where, Scope& scope, BindContext ctx,
                               std::vector<PartSlots>* slots_out) {
    std::set<int> bound;
    for (const auto& [name, var] : scope)
        bound.insert(var.slot);
    // Declare every pattern variable first: WHERE may refer to any of them.
    std::vector<PartSlots> slots;
    std::vector<std::pair<int, int>> rebound;  // (new slot, slot of the earlier binding)
    for (const PatternPart* part_ptr : parts) {
        const PatternPart& part = *part_ptr;
        if (part.function != PathFunction::None && part.steps.size() != 1) {
            semantic(
                "shortestPath needs a pattern of one relationship, like "
                "(a)-[:T*..5]->(b)",
                part.span);
        }
        PartSlots ps;
        ps.nodes.push_back(declare_node(part.start, scope));
        for (const PatternStep& step : part.steps) {
            ps.rels.push_back(declare_rel(step.rel, scope, bound, rebound));
            ps.nodes.push_back(declare_node(step.node, scope));
        }
        if (part.path_variable) {
            if (scope.contains(*part.path_variable)) {
                semantic("variable '" + *part.path_variable + "' is already defined", part.span,
                         "VariableAlreadyBound");
            }
            scope[*part.path_variable] = {new_slot(*part.path_variable), VarKind::Path};
        }
        slots.push_back(std::move(ps));
    }
    std::vector<Conjunct> conjuncts;
    auto add_conjunct = [&](Expr e) {
        Conjunct c;
        std::set<int> local;
        free_slots(e, c.needs, local, c.wait_for_all);
        c.expr = std::move(e);
        conjuncts.push_back(std::move(c));
    };
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const PatternPart& part = *parts[p];
        inline_conditions(part.start, slots[p].nodes[0], scope, ctx, add_conjunct);
        for (std::size_t i = 0; i < part.steps.size(); ++i) {
            inline_conditions(part.steps[i].node, slots[p].nodes[i + 1], scope, ctx, add_conjunct);
            rel_conditions(part.steps[i].rel, slots[p].rels[i], scope, ctx, add_conjunct);
        }
    }
    for (const auto& [fresh, earlier] : rebound) {
        add_conjunct(equals_expr(slot_ref(fresh), slot_ref(earlier), {}));
    }
    if (where != nullptr) {
        std::vector<Expr> split;
        split_and(bind_where(*where, scope, ctx), split);
        for (Expr& e : split)
            add_conjunct(std::move(e));
    }

    PlanPtr plan = input;
    std::vector<int> match_rels;
    // Filters target (a pipeline binding the slots in `have`) by the conjuncts it can
    // evaluate now; final_pass takes all that are left.
    auto apply_to = [&](PlanPtr& target, const std::set<int>& have, bool final_pass) {
        std::vector<Expr> ready;
        for (Conjunct& c : conjuncts) {
            if (c.applied || (c.wait_for_all && !final_pass)) continue;
            if (!std::includes(have.begin(), have.end(), c.needs.begin(), c.needs.end())) {
                if (!final_pass) continue;
            }
            c.applied = true;
            ready.push_back(c.expr);
        }
        if (ready.empty()) return;
        target = make_node(Kind::Filter, {target}, FilterArgs{and_all(std::move(ready))});
    };
    auto apply_ready = [&](bool final_pass) { apply_to(plan, bound, final_pass); };
    apply_ready(false);
    // Shortest paths last: their endpoints come from the other parts (or from scans).
    std::vector<std::size_t> order;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (parts[p]->function == PathFunction::None) order.push_back(p);
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (parts[p]->function != PathFunction::None) order.push_back(p);
    }
    const std::size_t chains =
        std::size_t(std::count_if(parts.begin(), parts.end(), [](const PatternPart* p) {
            return p->function == PathFunction::None;
        }));
    const bool ordered = costed_ && plan_join_order(plan, parts, slots, order, scope, bound,
                                                    match_rels, conjuncts, apply_to, ctx);
    for (std::size_t o = ordered ? chains : 0; o < order.size(); ++o) {
        const std::size_t p = order[o];
        const PatternPart& part = *parts[p];
        const PartSlots& ps = slots[p];
        if (part.function != PathFunction::None) {
            plan = plan_shortest_path(plan, part, ps, scope, bound, match_rels, ctx);
            apply_ready(false);
            continue;
        }
        const std::size_t n = ps.nodes.size();
        if (costed_ &&
            plan_hash_join(plan, part, ps, scope, bound, match_rels, conjuncts, apply_to, ctx)) {
            apply_ready(false);
            continue;
        }
        std::shared_ptr<PlanNode> best_seek;
        const std::size_t start = plain_start(part, ps, bound, conjuncts, best_seek);
        if (!bound.contains(ps.nodes[start])) {
            const NodePattern& start_np = start == 0 ? part.start : part.steps[start - 1].node;
            auto scan = best_seek ? best_seek : scan_for(start_np, ps.nodes[start], scope, ctx);
            if (scan->kind == Kind::KeyLookup) {
                drop_key_condition(start_np, ps.nodes[start], conjuncts);
            } else if (scan->kind == Kind::LabelScan) {
                drop_scanned_label(start_np, ps.nodes[start], scan->as<ScanArgs>().label,
                                   conjuncts);
            }
            plan = plan->kind == Kind::Argument ? PlanPtr(scan)
                                                : PlanPtr(make_node(Kind::Apply, {plan, scan}));
            bound.insert(ps.nodes[start]);
            apply_ready(false);
        }
        // Walk right from the start, then left.
        for (std::size_t i = start; i + 1 < n; ++i) {
            plan = expand(plan, part.steps[i].rel, ps.nodes[i], ps.rels[i], ps.nodes[i + 1], false,
                          bound, match_rels);
            apply_ready(false);
        }
        for (std::size_t i = start; i > 0; --i) {
            plan = expand(plan, part.steps[i - 1].rel, ps.nodes[i], ps.rels[i - 1], ps.nodes[i - 1],
                          true, bound, match_rels);
            apply_ready(false);
        }
        if (part.path_variable) {
            const int path_slot = scope.at(*part.path_variable).slot;
            plan = make_node(Kind::Project, {plan}, ProjectArgs{{path_slot}, {path_of(part, ps)}});
            bound.insert(path_slot);
            apply_ready(false);
        }
    }
    apply_ready(true);
    if (slots_out != nullptr) *slots_out = std::move(slots);
    return plan;
}

// p = shortestPath((a)-[:T*min..max]->(b)): both ends are bound (by scans here if the
// pattern does not bind them), then the graph layer's BFS finds the paths between them.
PlanPtr Planner::plan_shortest_path(PlanPtr plan, const PatternPart& part, const PartSlots& ps,
                                    const Scope& scope, std::set<int>& bound,
                                    std::vector<int>& match_rels, BindContext ctx) {
    const NodePattern* ends[2] = {&part.start, &part.steps[0].node};
    for (std::size_t i = 0; i < 2; ++i) {
        const int end_slot = ps.nodes[i];
        if (bound.contains(end_slot)) continue;
        auto scan = scan_for(*ends[i], end_slot, scope, ctx);
        plan = plan->kind == Kind::Argument ? PlanPtr(scan)
                                            : PlanPtr(make_node(Kind::Apply, {plan, scan}));
        bound.insert(end_slot);
    }
    const RelPattern& rp = part.steps[0].rel;
    if (rp.length && rp.length->min && *rp.length->min > 1) {
        semantic("shortestPath supports a minimum length of 0 or 1", rp.span);
    }
    ShortestPathArgs args;
    args.from_slot = ps.nodes[0];
    args.to_slot = ps.nodes[1];
    args.rel_slot = ps.rels[0];
    args.types = rp.types;
    args.direction = rp.direction;
    args.min_hops = rp.length ? rp.length->min.value_or(1) : 1;
    args.max_hops = rp.length ? rp.length->max.value_or(-1) : 1;
    args.all = part.function == PathFunction::AllShortestPaths;
    auto n = make_node(Kind::ShortestPath, {plan}, std::move(args));
    n->span = part.span;
    match_rels.push_back(ps.rels[0]);
    bound.insert(ps.rels[0]);
    PlanPtr out = n;
    if (part.path_variable) {
        Expr path =
            make_op(Op::Path, {slot_ref(ps.nodes[0]), slot_ref(ps.rels[0]), slot_ref(ps.nodes[1])},
                    part.span);
        const int path_slot = scope.at(*part.path_variable).slot;
        out = make_node(Kind::Project, {out}, ProjectArgs{{path_slot}, {path}});
        bound.insert(path_slot);
    }
    return out;
}

Expr Planner::path_of(const PatternPart& part, const PartSlots& ps) {
    Expr path = make_op(Op::Path, {}, part.span);
    for (std::size_t i = 0; i < ps.nodes.size(); ++i) {
        path.args.push_back(slot_ref(ps.nodes[i]));
        if (i < ps.rels.size()) path.args.push_back(slot_ref(ps.rels[i]));
    }
    return path;
}

std::size_t Planner::plain_start(const PatternPart& part, const PartSlots& ps,
                                 const std::set<int>& bound, const std::vector<Conjunct>& conjuncts,
                                 std::shared_ptr<PlanNode>& best_seek) const {
    // Start where the pattern is cheapest to enter: a bound node, a key lookup, the
    // rarest label, or every node.
    const std::size_t n = ps.nodes.size();
    std::size_t start = 0;
    double best = 1e300;
    for (std::size_t i = 0; i < n; ++i) {
        const NodePattern& np = i == 0 ? part.start : part.steps[i - 1].node;
        double cost = start_cost(np, ps.nodes[i], bound);
        std::shared_ptr<PlanNode> seek;
        if (cost > 1) {
            const double seek_cost = index_seek(np, ps.nodes[i], conjuncts, seek);
            if (seek && seek_cost < cost) {
                cost = seek_cost;
            } else {
                seek.reset();
            }
        }
        if (cost < best) {
            best = cost;
            start = i;
            best_seek = seek;
        }
    }
    // A full scan starts it: with property statistics, where the rows of the whole walk
    // are fewest (issue #20).
    const bool none_bound =
        std::none_of(ps.nodes.begin(), ps.nodes.end(), [&](int s) { return bound.contains(s); });
    if (!best_seek && best > 1 && none_bound) {
        start = costed_start(part, ps, conjuncts, start);
    }
    return start;
}

PlanPtr Planner::expand(PlanPtr input, const RelPattern& rp, int from, int rel, int to,
                        bool reversed, std::set<int>& bound, std::vector<int>& match_rels) {
    ExpandArgs step;
    step.from_slot = from;
    step.rel_slot = rel;
    step.to_slot = to;
    step.types = rp.types;
    step.direction = rp.direction;
    if (reversed && rp.direction != Direction::Both) {
        step.direction = rp.direction == Direction::Right ? Direction::Left : Direction::Right;
    }
    step.into = bound.contains(to);
    step.exclude_rel_slots = match_rels;
    auto n = rp.length ? make_node(Kind::VarExpand, {input},
                                   VarExpandArgs{std::move(step), rp.length->min.value_or(1),
                                                 rp.length->max.value_or(-1)})
                       : make_node(Kind::Expand, {input}, std::move(step));
    n->span = rp.span;
    match_rels.push_back(rel);
    bound.insert(rel);
    bound.insert(to);
    return n;
}

}  // namespace caspian::query::plan
