// Joins: the hash join of a two-step pattern planned from both ends, and the semi-join it
// becomes under an aggregation that needs only one match per probe row (issue #8, W5).
#include "query/plan/planner_impl.hpp"

#include <algorithm>

namespace caspian::query::plan {

namespace {

// e with every read of slot `from` reading slot `to` instead.
void replace_slot(Expr& e, int from, int to) {
    if (auto* s = std::get_if<SlotExpr>(&e.payload); s && s->slot == from) s->slot = to;
    if (auto* m = std::get_if<MapExpr>(&e.payload); m && m->subject_slot == from) {
        m->subject_slot = to;
    }
    for (Expr& a : e.args)
        replace_slot(a, from, to);
}

// Moves the conditions that read the hub and otherwise only slots bound before the join into
// a Filter over the build side, reading the hub's copy.
void hub_to_build(std::vector<Conjunct>& conjuncts, const std::set<int>& bound, int hub,
                  int hub_copy, PlanPtr& build) {
    std::vector<Expr> moved;
    for (Conjunct& c : conjuncts) {
        if (c.applied || c.wait_for_all || !c.needs.contains(hub)) continue;
        const bool hub_only = std::all_of(c.needs.begin(), c.needs.end(),
                                          [&](int s) { return s == hub || bound.contains(s); });
        if (!hub_only) continue;
        Expr e = c.expr;
        replace_slot(e, hub, hub_copy);
        moved.push_back(std::move(e));
        c.applied = true;
    }
    if (!moved.empty())
        build = make_node(Kind::Filter, {build}, FilterArgs{and_all(std::move(moved))});
}

}  // namespace

// (a)-[r1]-(m)-[r2]-(b) with no end bound: when the rows reaching the hub m from a, times
// the hub's fan-out along r2, outweigh building one side once, plan both sides from their
// ends and hash-join them on m instead of walking every neighbour of m for every row. The
// side reaching m with fewer rows is built. Equalities between the sides (v.year = e.year)
// join as well (issue #8, W5); with one, the walk also compares every row it makes and hubs
// make it longer than the averages say, so the join is taken as soon as it reads fewer rows.
bool Planner::plan_hash_join(PlanPtr& plan, const PatternPart& part, const PartSlots& ps,
                             const Scope& scope, std::set<int>& bound, std::vector<int>& match_rels,
                             std::vector<Conjunct>& conjuncts, const ApplyConjuncts& apply_to,
                             BindContext ctx) {
    // Only where the join starts the pipeline: under an Apply its build side would be built
    // again for every row.
    if (part.steps.size() != 2 || part.path_variable || plan->kind != Kind::Argument) {
        return false;
    }
    for (int slot : ps.nodes) {
        if (bound.contains(slot)) return false;
    }
    const NodePattern& a = part.start;
    const NodePattern& b = part.steps[1].node;
    const RelPattern& r1 = part.steps[0].rel;
    const RelPattern& r2 = part.steps[1].rel;
    // Typed single hops only: the statistics say nothing useful about the others.
    if (r1.types.empty() || r2.types.empty() || r1.length || r2.length) return false;
    const double from_a = label_rows(a) * fan_out(r1, false);
    const double from_b = label_rows(b) * fan_out(r2, true);
    const double walk = from_a * fan_out(r2, false);
    // Probe: the end with more rows at m, expanded to m itself; build: the other end,
    // expanded to a copy of m. `reversed`: the step is walked against the pattern.
    struct Side {
        const NodePattern* end;
        const RelPattern* rel;
        int end_slot, rel_slot;
        bool reversed;
    };
    Side probe{&a, &r1, ps.nodes[0], ps.rels[0], false};
    Side build{&b, &r2, ps.nodes[2], ps.rels[1], true};
    if (from_b > from_a) std::swap(probe, build);
    const int hub = ps.nodes[1];

    // Equalities whose sides each read one side of the join (and not only earlier slots).
    auto split = [&](const Expr& e, std::set<int>& lhs, std::set<int>& rhs) {
        if (binary_compare_op(e) != CompareOp::Eq) return false;
        std::set<int> local;
        bool sub = false;
        free_slots(e.args[0], lhs, local, sub);
        free_slots(e.args[1], rhs, local, sub);
        return !sub;
    };
    auto reads_only = [&](const std::set<int>& needs, std::initializer_list<int> own) {
        bool reads_own = false;
        for (int s : needs) {
            const bool is_own = std::find(own.begin(), own.end(), s) != own.end();
            if (!is_own && !bound.contains(s)) return false;
            reads_own = reads_own || is_own;
        }
        return reads_own;
    };
    std::vector<std::pair<Expr, Expr>> keys;  // (probe side, build side)
    for (const Conjunct& c : conjuncts) {
        std::set<int> lhs, rhs;
        if (c.applied || c.wait_for_all || !split(c.expr, lhs, rhs)) continue;
        auto on_probe = [&](const std::set<int>& s) {
            return reads_only(s, {probe.end_slot, probe.rel_slot, hub});
        };
        auto on_build = [&](const std::set<int>& s) {
            return reads_only(s, {build.end_slot, build.rel_slot});
        };
        if (on_probe(lhs) && on_build(rhs)) keys.emplace_back(c.expr.args[0], c.expr.args[1]);
        if (on_probe(rhs) && on_build(lhs)) keys.emplace_back(c.expr.args[1], c.expr.args[0]);
    }
    const double join_cost = from_a + from_b;
    const double factor = keys.empty() ? 4 : 1;
    if (!(walk > factor * join_cost) || walk < 1000) return false;

    // Each end's scan: its label is not tested again (as for a pattern's start).
    auto end_scan = [&](const Side& side) {
        auto scan = scan_for(*side.end, side.end_slot, scope, ctx);
        if (scan->kind == Kind::LabelScan) {
            drop_scanned_label(*side.end, side.end_slot, scan->as<ScanArgs>().label, conjuncts);
        }
        return PlanPtr(scan);
    };
    std::set<int> probe_bound = bound;
    PlanPtr left = end_scan(probe);
    probe_bound.insert(probe.end_slot);
    apply_to(left, probe_bound, false);
    left = expand(left, *probe.rel, probe.end_slot, probe.rel_slot, hub, probe.reversed,
                  probe_bound, match_rels);
    const int hub_copy = new_slot("");
    std::set<int> build_bound = bound;
    PlanPtr right = end_scan(build);
    build_bound.insert(build.end_slot);
    apply_to(right, build_bound, false);
    std::vector<int> no_rels;
    right = expand(right, *build.rel, build.end_slot, build.rel_slot, hub_copy, build.reversed,
                   build_bound, no_rels);
    // The conditions on the hub alone (its label, its properties) test the hub's copy on the
    // build side, which reaches the hub with fewer rows than the probe side (W5: 490 hosted
    // exhibitions, not 10,000 visits); the join matches the same node, so the rows are the
    // same. Optimisation only.
    hub_to_build(conjuncts, bound, hub, hub_copy, right);
    apply_to(right, build_bound, false);
    apply_to(left, probe_bound, false);

    HashJoinArgs args;
    args.probe_slot = hub;
    args.build_slot = hub_copy;
    // The equalities stay as filters above: the table matches equivalent values (null to
    // null, [null] to [null]) where `=` is not true.
    for (auto& [probe_key, build_key] : keys) {
        args.probe_keys.push_back(std::move(probe_key));
        args.build_keys.push_back(std::move(build_key));
    }
    args.copied_slots = {build.end_slot, build.rel_slot};
    auto join = make_node(Kind::HashJoin, {left, right}, std::move(args));
    join->span = part.span;
    plan = join;
    // Relationship uniqueness across the two sides, when one edge could be both.
    const bool shared_type = std::any_of(r1.types.begin(), r1.types.end(), [&](auto& t) {
        return std::find(r2.types.begin(), r2.types.end(), t) != r2.types.end();
    });
    if (shared_type) {
        Expr differ = comparison({CompareOp::Ne}, {slot_ref(ps.rels[0]), slot_ref(ps.rels[1])}, {});
        plan = make_node(Kind::Filter, {plan}, FilterArgs{std::move(differ)});
    }
    for (int slot : {ps.nodes[0], ps.nodes[1], ps.nodes[2], ps.rels[0], ps.rels[1]}) {
        bound.insert(slot);
    }
    match_rels.push_back(build.rel_slot);
    return true;
}

namespace {

// The one slot whose set of values is all that set-only aggregates without grouping read (W5's
// count(DISTINCT p)), or -1.
int only_set_slot(const AggregateArgs& args) {
    if (!args.keys.empty()) return -1;
    int only = -1;
    for (const Aggregation& a : args.aggregations) {
        const int slot = a.extra_args.empty() ? slot_of(a.arg) : -1;
        if (slot < 0 || (only >= 0 && only != slot)) return -1;
        only = slot;
    }
    return only;
}

// The operator below agg passes each value of slot once: its DISTINCT aggregates of the slot need
// no set of seen values.
void values_pass_once(PlanNode& agg, int slot) {
    if (slot < 0) return;
    for (Aggregation& a : agg.as<AggregateArgs>().aggregations) {
        if (a.distinct && slot_of(a.arg) == slot) a.distinct_input = true;
    }
}

}  // namespace

// Under an aggregation that sees only the set of its input values (DISTINCT aggregates,
// min, max, grouping keys), a hash join whose build side feeds nothing above but the
// filters right over it needs one joined row per probe row, not one per match: a semi-join
// (issue #8, W5, where each visit matched every exhibition of its year at a hub country).
// The filters move into the join, which tries them on each match until one passes. Without a
// join, the Filter right below such an aggregate of one slot's set drops the rows whose node
// there already passed before testing them (W5b: a person's later visits).
void Planner::semi_join_below(PlanNode& agg) {
    const auto& args = agg.as<AggregateArgs>();
    std::set<int> reads, local;
    bool sub = false;
    for (const Aggregation& a : args.aggregations) {
        const bool set_only = a.distinct || a.function == "min" || a.function == "max";
        if (!set_only || a.star) return;
        free_slots(a.arg, reads, local, sub);
        for (const Expr& e : a.extra_args)
            free_slots(e, reads, local, sub);
    }
    for (const Expr& e : args.keys)
        free_slots(e, reads, local, sub);
    std::vector<const PlanNode*> filters;  // top down
    const PlanNode* node = agg.children[0].get();
    while (node->kind == Kind::Filter) {
        std::set<int> any, any_local;  // filters may read any slot: subplans matter
        free_slots(node->as<FilterArgs>().predicate, any, any_local, sub);
        filters.push_back(node);
        node = node->children[0].get();
    }
    if (sub) return;
    if (node->kind != Kind::HashJoin) {
        const int only = only_set_slot(args);
        if (filters.empty() || only < 0) return;
        auto top = std::make_shared<PlanNode>(*agg.children[0]);
        top->as<FilterArgs>().distinct_slot = only;
        agg.children[0] = top;
        values_pass_once(agg, only);
        return;
    }
    if (node->as<HashJoinArgs>().semi) return;
    for (int slot : node->as<HashJoinArgs>().copied_slots) {
        if (reads.contains(slot)) return;
    }
    auto semi = std::make_shared<PlanNode>(*node);
    HashJoinArgs& join = semi->as<HashJoinArgs>();
    join.semi = true;
    // The filter nearest the join first, as the filters ran.
    Expr residual = constant(Value(true));
    for (auto it = filters.rbegin(); it != filters.rend(); ++it) {
        const Expr& predicate = (*it)->as<FilterArgs>().predicate;
        residual = it == filters.rbegin() ? predicate
                                          : make_op(Op::And, {std::move(residual), predicate}, {});
    }
    join.residual = std::move(residual);
    // A probe row whose value of the one slot already passed adds nothing, so the join drops
    // it before reading its keys.
    join.distinct_slot = only_set_slot(args);
    agg.children[0] = semi;
    values_pass_once(agg, join.distinct_slot);
}

}  // namespace caspian::query::plan
