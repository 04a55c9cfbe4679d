// Binder and planner (see planner.hpp). One pass over the clauses: each clause binds its
// expressions against the variables in scope and stacks its operators on the plan so far.
#include "query/plan/planner.hpp"
#include "query/plan/pruning.hpp"

#include "query/functions/functions.hpp"
#include "query/procedures/registry.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace caspian::query::plan {

namespace {

using AstExpr = query::Expr;

// What a variable holds, as far as the planner knows: Any for values computed at run time
// (UNWIND, function results) that may hold a node or a relationship.
enum class VarKind { Node, Rel, Path, Value, Any };

struct Var {
    int slot = -1;
    VarKind kind = VarKind::Value;
};

// Variables in scope by name (ordered: RETURN * lists them alphabetically).
using Scope = std::map<std::string, Var>;

[[noreturn]] void semantic(const std::string& message, SourceSpan span) {
    throw Error(ErrorKind::Semantic, message, span);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    }
    return out;
}

const char* kind_name(VarKind kind) {
    switch (kind) {
        case VarKind::Node:
            return "a node";
        case VarKind::Rel:
            return "a relationship";
        case VarKind::Path:
            return "a path";
        case VarKind::Value:
            return "a value";
        case VarKind::Any:
            return "a value";
    }
    return "a value";
}

std::shared_ptr<PlanNode> make(Kind kind, std::vector<PlanPtr> children = {}) {
    auto n = std::make_shared<PlanNode>();
    n->kind = kind;
    n->children = std::move(children);
    return n;
}

// Slots an expression reads that the pipeline must have bound (comprehension variables are
// its own). nullopt when it holds a subquery: such a filter waits for the whole pattern.
void free_slots(const Expr& e, std::set<int>& out, std::set<int>& local, bool& has_subplan) {
    if (e.subplan) has_subplan = true;
    if (e.op == Op::Slot && !local.contains(e.slot)) out.insert(e.slot);
    if (e.op == Op::Map && e.slot >= 0 && !local.contains(e.slot)) out.insert(e.slot);
    if (e.op == Op::Comprehension || e.op == Op::Quantifier || e.op == Op::Reduce) {
        local.insert(e.slot);
        if (e.slot2 >= 0) local.insert(e.slot2);
    }
    for (const Expr& a : e.args)
        free_slots(a, out, local, has_subplan);
}

struct Conjunct {
    Expr expr;
    std::set<int> needs;
    bool wait_for_all = false;
    bool applied = false;
};

void split_and(Expr e, std::vector<Expr>& out) {
    if (e.op == Op::And) {
        split_and(std::move(e.args[0]), out);
        split_and(std::move(e.args[1]), out);
        return;
    }
    out.push_back(std::move(e));
}

Expr make_op(Op op, std::vector<Expr> args, SourceSpan span) {
    Expr e;
    e.op = op;
    e.args = std::move(args);
    e.span = span;
    return e;
}

Expr equals_expr(Expr a, Expr b, SourceSpan span) {
    Expr e = make_op(Op::Compare, {std::move(a), std::move(b)}, span);
    e.compare_ops = {CompareOp::Eq};
    return e;
}

// Aggregates met while binding a projection item.
struct Aggregates {
    std::vector<Aggregation> found;
    bool inside = false;  // binding an aggregate's argument: no nesting
    // Where aggregate arguments bind when it differs from the expression's scope: an ORDER BY
    // after aggregation sees only the projected columns, but its aggregates see the rows.
    const Scope* argument_scope = nullptr;
};

class Planner {
public:
    explicit Planner(const graph::GraphReader& stats) : stats_(stats) {}

    PlannedQuery plan(const Query& query) {
        PlannedQuery out;
        std::vector<PlanPtr> parts;
        for (std::size_t i = 0; i < query.parts.size(); ++i) {
            std::vector<std::string> columns;
            std::vector<int> slots;
            PlanPtr part = plan_single(query.parts[i], columns, slots);
            if (i == 0) {
                out.columns = columns;
                out.column_slots = slots;
            } else if (columns != out.columns) {
                semantic("all parts of a UNION must return the same columns", query.parts[i].span);
            }
            if (query.parts.size() > 1) {
                // Each part yields its columns in slots 0..k-1 for the Union above it.
                auto project = make(Kind::Project, {part});
                for (std::size_t c = 0; c < slots.size(); ++c) {
                    project->slots.push_back(int(c));
                    project->exprs.push_back(slot_ref(slots[c]));
                }
                part = project;
            }
            parts.push_back(part);
        }
        PlanPtr root = parts[0];
        if (parts.size() > 1) {
            auto u = make(Kind::Union, parts);
            // UNION drops duplicates unless every join is UNION ALL (mixing is refused).
            const bool all = query.union_all[0];
            for (bool a : query.union_all) {
                if (a != all) semantic("cannot mix UNION and UNION ALL", query.parts[1].span);
            }
            u->distinct = !all;
            u->columns = out.columns;
            root = u;
            for (std::size_t c = 0; c < out.column_slots.size(); ++c)
                out.column_slots[c] = int(c);
        }
        auto produce = make(Kind::Produce, {root});
        produce->columns = out.columns;
        produce->slots = out.column_slots;
        out.slot_count = std::max<int>(count_, int(out.columns.size()));
        produce->slot_count = out.slot_count;
        // Issue #8: var-length steps where only distinct end nodes matter search breadth first.
        out.root = prune_var_expands(produce);
        out.writes = writes_;
        out.slot_names = names_;
        out.slot_names.resize(std::size_t(out.slot_count));
        return out;
    }

private:
    int new_slot(const std::string& name) {
        names_.push_back(name);
        return count_++;
    }

    // --- clauses ---------------------------------------------------------------------------

    PlanPtr plan_single(const SingleQuery& q, std::vector<std::string>& columns,
                        std::vector<int>& column_slots) {
        Scope scope;
        PlanPtr plan = make(Kind::Argument);
        bool returned = false;
        for (std::size_t i = 0; i < q.clauses.size(); ++i) {
            const Clause& clause = q.clauses[i];
            if (returned) semantic("RETURN must be the last clause", clause.span);
            if (auto* m = std::get_if<MatchClause>(&clause.body)) {
                plan = plan_match(plan, *m, scope);
            } else if (auto* w = std::get_if<WithClause>(&clause.body)) {
                std::vector<std::string> ignored_columns;
                std::vector<int> ignored_slots;
                plan = plan_projection(plan, w->projection, w->where.get(), scope, false,
                                       ignored_columns, ignored_slots, clause.span);
            } else if (auto* r = std::get_if<ReturnClause>(&clause.body)) {
                plan = plan_projection(plan, r->projection, nullptr, scope, true, columns,
                                       column_slots, clause.span);
                returned = true;
            } else if (auto* u = std::get_if<UnwindClause>(&clause.body)) {
                auto n = make(Kind::Unwind, {plan});
                n->expr = bind(*u->list, scope, nullptr);
                if (scope.contains(u->variable)) {
                    semantic("variable '" + u->variable + "' is already defined", clause.span);
                }
                n->slot = new_slot(u->variable);
                scope[u->variable] = {n->slot, VarKind::Any};
                plan = n;
            } else if (auto* c = std::get_if<CreateClause>(&clause.body)) {
                plan = plan_create(plan, c->patterns, scope);
            } else if (auto* st = std::get_if<SetClause>(&clause.body)) {
                plan = plan_set(plan, st->items, scope);
            } else if (auto* rm = std::get_if<RemoveClause>(&clause.body)) {
                plan = plan_remove(plan, *rm, scope);
            } else if (auto* del = std::get_if<DeleteClause>(&clause.body)) {
                auto n = make(Kind::Delete, {eager(plan)});
                n->detach = del->detach;
                for (const ExprPtr& t : del->targets)
                    n->exprs.push_back(bind(*t, scope, nullptr));
                writes_ = true;
                plan = n;
            } else if (auto* mg = std::get_if<MergeClause>(&clause.body)) {
                plan = plan_merge(plan, *mg, scope);
            } else if (auto* call = std::get_if<CallClause>(&clause.body)) {
                plan = plan_call(plan, *call, scope, clause.span);
                if (i + 1 == q.clauses.size() && !call->yields.empty() && !call->yield_star) {
                    semantic("a query cannot end with CALL ... YIELD: add RETURN", clause.span);
                }
            }
            const bool updates = std::holds_alternative<CreateClause>(clause.body) ||
                                 std::holds_alternative<SetClause>(clause.body) ||
                                 std::holds_alternative<RemoveClause>(clause.body) ||
                                 std::holds_alternative<DeleteClause>(clause.body) ||
                                 std::holds_alternative<MergeClause>(clause.body);
            // An update completes before the next clause reads (a LIMIT 0 after it must not
            // stop it halfway).
            if (updates && i + 1 < q.clauses.size()) plan = make(Kind::Eager, {plan});
        }
        if (!returned && standalone_call_ &&
            std::holds_alternative<CallClause>(q.clauses.back().body)) {
            for (const auto& [name, var] : scope) {
                if (name.empty()) continue;
                columns.push_back(name);
                column_slots.push_back(var.slot);
            }
            return plan;
        }
        if (!returned) {
            const Clause& last = q.clauses.back();
            const bool updates = std::holds_alternative<CreateClause>(last.body) ||
                                 std::holds_alternative<MergeClause>(last.body) ||
                                 std::holds_alternative<SetClause>(last.body) ||
                                 std::holds_alternative<RemoveClause>(last.body) ||
                                 std::holds_alternative<DeleteClause>(last.body);
            if (!updates) {
                semantic("a query must end with RETURN or an updating clause", last.span);
            }
        }
        return plan;
    }

    PlanPtr plan_match(PlanPtr input, const MatchClause& m, Scope& scope) {
        if (!m.optional) {
            return plan_patterns(input, m.patterns, m.where.get(), scope);
        }
        const int before = count_;
        Scope inner = scope;
        PlanPtr sub = plan_patterns(make(Kind::Argument), m.patterns, m.where.get(), inner);
        auto apply = make(Kind::OptionalApply, {input, sub});
        for (int s = before; s < count_; ++s)
            apply->slots.push_back(s);
        scope = inner;
        return apply;
    }

    // Plans the pattern parts of one MATCH (or of a pattern predicate) on top of input, with
    // the WHERE conjuncts placed as soon as their variables are bound.
    struct PartSlots {
        std::vector<int> nodes;
        std::vector<int> rels;
    };

    PlanPtr plan_patterns(PlanPtr input, const std::vector<PatternPart>& parts,
                          const AstExpr* where, Scope& scope) {
        std::vector<const PatternPart*> pointers;
        for (const PatternPart& part : parts)
            pointers.push_back(&part);
        return plan_patterns(input, pointers, where, scope);
    }

    PlanPtr plan_patterns(PlanPtr input, const std::vector<const PatternPart*>& parts,
                          const AstExpr* where, Scope& scope,
                          std::vector<PartSlots>* slots_out = nullptr) {
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
                    semantic("variable '" + *part.path_variable + "' is already defined",
                             part.span);
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
            inline_conditions(part.start, slots[p].nodes[0], scope, add_conjunct);
            for (std::size_t i = 0; i < part.steps.size(); ++i) {
                inline_conditions(part.steps[i].node, slots[p].nodes[i + 1], scope, add_conjunct);
                rel_conditions(part.steps[i].rel, slots[p].rels[i], scope, add_conjunct);
            }
        }
        for (const auto& [fresh, earlier] : rebound) {
            add_conjunct(equals_expr(slot_ref(fresh), slot_ref(earlier), {}));
        }
        if (where != nullptr) {
            std::vector<Expr> split;
            split_and(bind_where(*where, scope), split);
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
            Expr pred = std::move(ready[0]);
            for (std::size_t i = 1; i < ready.size(); ++i) {
                pred = make_op(Op::And, {std::move(pred), std::move(ready[i])}, {});
            }
            auto f = make(Kind::Filter, {target});
            f->expr = std::move(pred);
            target = f;
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
        for (std::size_t p : order) {
            const PatternPart& part = *parts[p];
            const PartSlots& ps = slots[p];
            if (part.function != PathFunction::None) {
                plan = plan_shortest_path(plan, part, ps, scope, bound, match_rels);
                apply_ready(false);
                continue;
            }
            const std::size_t n = ps.nodes.size();
            if (plan_hash_join(plan, part, ps, scope, bound, match_rels, conjuncts, apply_to)) {
                apply_ready(false);
                continue;
            }
            // Start where the pattern is cheapest to enter: a bound node, a key lookup, the
            // rarest label, or every node.
            std::size_t start = 0;
            double best = 1e300;
            std::shared_ptr<PlanNode> best_seek;
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
            if (!bound.contains(ps.nodes[start])) {
                auto scan = best_seek
                                ? best_seek
                                : scan_for(start == 0 ? part.start : part.steps[start - 1].node,
                                           ps.nodes[start], scope);
                if (scan->kind == Kind::KeyLookup) {
                    drop_key_condition(start == 0 ? part.start : part.steps[start - 1].node,
                                       ps.nodes[start], conjuncts);
                }
                plan = plan->kind == Kind::Argument ? PlanPtr(scan)
                                                    : PlanPtr(make(Kind::Apply, {plan, scan}));
                bound.insert(ps.nodes[start]);
                apply_ready(false);
            }
            // Walk right from the start, then left.
            for (std::size_t i = start; i + 1 < n; ++i) {
                plan = expand(plan, part.steps[i].rel, ps.nodes[i], ps.rels[i], ps.nodes[i + 1],
                              false, bound, match_rels);
                apply_ready(false);
            }
            for (std::size_t i = start; i > 0; --i) {
                plan = expand(plan, part.steps[i - 1].rel, ps.nodes[i], ps.rels[i - 1],
                              ps.nodes[i - 1], true, bound, match_rels);
                apply_ready(false);
            }
            if (part.path_variable) {
                auto project = make(Kind::Project, {plan});
                Expr path = make_op(Op::Path, {}, part.span);
                for (std::size_t i = 0; i < n; ++i) {
                    path.args.push_back(slot_ref(ps.nodes[i]));
                    if (i < ps.rels.size()) path.args.push_back(slot_ref(ps.rels[i]));
                }
                const int path_slot = scope.at(*part.path_variable).slot;
                project->slots.push_back(path_slot);
                project->exprs.push_back(std::move(path));
                plan = project;
                bound.insert(path_slot);
                apply_ready(false);
            }
        }
        apply_ready(true);
        if (slots_out != nullptr) *slots_out = std::move(slots);
        return plan;
    }

    // Average number of edges of one type at a node on one side: the source side for an
    // outgoing step, the target side for an incoming one (both for undirected).
    double fan_out(const RelPattern& rp, bool reversed) const {
        double total = 0;
        for (const std::string& type : rp.types) {
            auto id = stats_.find_name(graph::NameKind::Type, type);
            if (!id) continue;
            const graph::TypeStats t = stats_.type_stats(*id);
            Direction d = rp.direction;
            if (reversed && d != Direction::Both) {
                d = d == Direction::Right ? Direction::Left : Direction::Right;
            }
            const double sources = double(std::max<std::uint64_t>(t.distinct_sources, 1));
            const double targets = double(std::max<std::uint64_t>(t.distinct_targets, 1));
            if (d == Direction::Right) total += double(t.edges) / sources;
            if (d == Direction::Left) total += double(t.edges) / targets;
            if (d == Direction::Both)
                total += double(t.edges) / sources + double(t.edges) / targets;
        }
        return total;
    }

    double label_rows(const NodePattern& np) const {
        if (key_literal(np)) return 1;
        double best = double(stats_.node_count());
        for (const auto& label : np.labels) {
            auto id = stats_.find_name(graph::NameKind::Label, label);
            best = std::min(best, id ? double(stats_.label_count(*id)) : 0.0);
        }
        return best;
    }

    // (a)-[r1]-(m)-[r2]-(b) with no end bound: when the rows reaching the hub m from a, times
    // the hub's fan-out along r2, outweigh building one side once, plan both sides from their
    // ends and hash-join them on m instead of walking every neighbour of m for every row. The
    // side reaching m with fewer rows is built. Equalities between the sides (v.year = e.year)
    // join as well (issue #8, W5); with one, the walk also compares every row it makes and hubs
    // make it longer than the averages say, so the join is taken as soon as it reads fewer rows.
    template <typename ApplyTo>
    bool plan_hash_join(PlanPtr& plan, const PatternPart& part, const PartSlots& ps,
                        const Scope& scope, std::set<int>& bound, std::vector<int>& match_rels,
                        const std::vector<Conjunct>& conjuncts, ApplyTo&& apply_to) {
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
            if (e.op != Op::Compare || e.compare_ops.size() != 1 ||
                e.compare_ops[0] != CompareOp::Eq) {
                return false;
            }
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

        std::set<int> probe_bound = bound;
        PlanPtr left = scan_for(*probe.end, probe.end_slot, scope);
        probe_bound.insert(probe.end_slot);
        apply_to(left, probe_bound, false);
        left = expand(left, *probe.rel, probe.end_slot, probe.rel_slot, hub, probe.reversed,
                      probe_bound, match_rels);
        apply_to(left, probe_bound, false);
        const int hub_copy = new_slot("");
        std::set<int> build_bound = bound;
        PlanPtr right = scan_for(*build.end, build.end_slot, scope);
        build_bound.insert(build.end_slot);
        apply_to(right, build_bound, false);
        std::vector<int> no_rels;
        right = expand(right, *build.rel, build.end_slot, build.rel_slot, hub_copy, build.reversed,
                       build_bound, no_rels);
        apply_to(right, build_bound, false);

        auto join = make(Kind::HashJoin, {left, right});
        join->slots = {hub, hub_copy};
        // The equalities stay as filters above: the table matches equivalent values (null to
        // null, [null] to [null]) where `=` is not true.
        for (auto& [probe_key, build_key] : keys) {
            join->exprs.push_back(std::move(probe_key));
            join->sort_keys.push_back({std::move(build_key), false});
        }
        join->join_slots = {build.end_slot, build.rel_slot};
        join->span = part.span;
        plan = join;
        // Relationship uniqueness across the two sides, when one edge could be both.
        const bool shared_type = std::any_of(r1.types.begin(), r1.types.end(), [&](auto& t) {
            return std::find(r2.types.begin(), r2.types.end(), t) != r2.types.end();
        });
        if (shared_type) {
            auto unique = make(Kind::Filter, {plan});
            unique->expr = make_op(Op::Compare, {slot_ref(ps.rels[0]), slot_ref(ps.rels[1])}, {});
            unique->expr.compare_ops = {CompareOp::Ne};
            plan = unique;
        }
        for (int slot : {ps.nodes[0], ps.nodes[1], ps.nodes[2], ps.rels[0], ps.rels[1]}) {
            bound.insert(slot);
        }
        match_rels.push_back(build.rel_slot);
        return true;
    }

    // Under an aggregation that sees only the set of its input values (DISTINCT aggregates,
    // min, max, grouping keys), a hash join whose build side feeds nothing above but the
    // filters right over it needs one joined row per probe row, not one per match: a semi-join
    // (issue #8, W5, where each visit matched every exhibition of its year at a hub country).
    // The filters move into the join, which tries them on each match until one passes.
    void semi_join_below(PlanNode& agg) {
        std::set<int> reads, local;
        bool sub = false;
        for (const Aggregation& a : agg.aggregations) {
            const bool set_only = a.distinct || a.function == "min" || a.function == "max";
            if (!set_only || a.star) return;
            free_slots(a.arg, reads, local, sub);
            for (const Expr& e : a.extra_args)
                free_slots(e, reads, local, sub);
        }
        for (const Expr& e : agg.exprs)
            free_slots(e, reads, local, sub);
        std::vector<const PlanNode*> filters;  // top down
        const PlanNode* node = agg.children[0].get();
        while (node->kind == Kind::Filter) {
            std::set<int> any, any_local;  // filters may read any slot: subplans matter
            free_slots(node->expr, any, any_local, sub);
            filters.push_back(node);
            node = node->children[0].get();
        }
        if (sub || node->kind != Kind::HashJoin || node->distinct) return;
        for (int slot : node->join_slots) {
            if (reads.contains(slot)) return;
        }
        auto semi = std::make_shared<PlanNode>(*node);
        semi->distinct = true;
        // The filter nearest the join first, as the filters ran.
        Expr residual = constant(Value(true));
        for (auto it = filters.rbegin(); it != filters.rend(); ++it) {
            residual = it == filters.rbegin()
                           ? (*it)->expr
                           : make_op(Op::And, {std::move(residual), (*it)->expr}, {});
        }
        semi->expr = std::move(residual);
        agg.children[0] = semi;
    }

    // p = shortestPath((a)-[:T*min..max]->(b)): both ends are bound (by scans here if the
    // pattern does not bind them), then the graph layer's BFS finds the paths between them.
    PlanPtr plan_shortest_path(PlanPtr plan, const PatternPart& part, const PartSlots& ps,
                               const Scope& scope, std::set<int>& bound,
                               std::vector<int>& match_rels) {
        const NodePattern* ends[2] = {&part.start, &part.steps[0].node};
        for (std::size_t i = 0; i < 2; ++i) {
            const int end_slot = ps.nodes[i];
            if (bound.contains(end_slot)) continue;
            auto scan = scan_for(*ends[i], end_slot, scope);
            plan = plan->kind == Kind::Argument ? PlanPtr(scan)
                                                : PlanPtr(make(Kind::Apply, {plan, scan}));
            bound.insert(end_slot);
        }
        const RelPattern& rp = part.steps[0].rel;
        if (rp.length && rp.length->min && *rp.length->min > 1) {
            semantic("shortestPath supports a minimum length of 0 or 1", rp.span);
        }
        auto n = make(Kind::ShortestPath, {plan});
        n->from_slot = ps.nodes[0];
        n->to_slot = ps.nodes[1];
        n->rel_slot = ps.rels[0];
        n->types = rp.types;
        n->direction = rp.direction;
        n->min_hops = rp.length ? rp.length->min.value_or(1) : 1;
        n->max_hops = rp.length ? rp.length->max.value_or(-1) : 1;
        n->distinct = part.function == PathFunction::AllShortestPaths;
        n->exclude_rel_slots = match_rels;
        n->span = part.span;
        match_rels.push_back(ps.rels[0]);
        bound.insert(ps.rels[0]);
        PlanPtr out = n;
        if (part.path_variable) {
            auto project = make(Kind::Project, {out});
            Expr path = make_op(
                Op::Path, {slot_ref(ps.nodes[0]), slot_ref(ps.rels[0]), slot_ref(ps.nodes[1])},
                part.span);
            const int path_slot = scope.at(*part.path_variable).slot;
            project->slots.push_back(path_slot);
            project->exprs.push_back(std::move(path));
            out = project;
            bound.insert(path_slot);
        }
        return out;
    }

    int declare_node(const NodePattern& np, Scope& scope) {
        if (!np.variable) return new_slot("");
        auto it = scope.find(*np.variable);
        if (it != scope.end()) {
            // An Any (from UNWIND, say) may hold a node: the Expand checks at run time.
            if (it->second.kind != VarKind::Node && it->second.kind != VarKind::Any) {
                semantic("variable '" + *np.variable + "' is " + kind_name(it->second.kind) +
                             ", not a node",
                         np.span);
            }
            return it->second.slot;
        }
        const int slot = new_slot(*np.variable);
        scope[*np.variable] = {slot, VarKind::Node};
        return slot;
    }

    // A relationship bound by an earlier clause matches again through a fresh slot and an
    // equality filter; bound twice in one MATCH it is an error (relationships are unique there).
    int declare_rel(const RelPattern& rp, Scope& scope, const std::set<int>& bound_before,
                    std::vector<std::pair<int, int>>& rebound) {
        if (!rp.variable) return new_slot("");
        auto it = scope.find(*rp.variable);
        if (it != scope.end()) {
            const bool may_be_rel =
                it->second.kind == VarKind::Rel || it->second.kind == VarKind::Any;
            if (!may_be_rel || !bound_before.contains(it->second.slot) || rp.length) {
                semantic("variable '" + *rp.variable + "' is already defined", rp.span);
            }
            const int fresh = new_slot("");
            rebound.emplace_back(fresh, it->second.slot);
            return fresh;
        }
        const int slot = new_slot(*rp.variable);
        scope[*rp.variable] = {slot, VarKind::Rel};
        return slot;
    }

    template <typename Add>
    void inline_conditions(const NodePattern& np, int slot, const Scope& scope, Add&& add) {
        if (!np.labels.empty()) {
            Expr e = make_op(Op::HasLabels, {slot_ref(slot)}, np.span);
            e.names = np.labels;
            add(std::move(e));
        }
        property_conditions(np.properties.get(), slot_ref(slot), scope, add);
    }

    template <typename Add>
    void property_conditions(const AstExpr* props, Expr subject, const Scope& scope, Add&& add) {
        if (props == nullptr) return;
        if (props->kind != ExprKind::Map) {
            semantic("properties in a MATCH pattern must be a map literal", props->span);
        }
        for (std::size_t i = 0; i < props->keys.size(); ++i) {
            Expr prop = make_op(Op::Property, {subject}, props->args[i]->span);
            prop.name = props->keys[i];
            add(equals_expr(std::move(prop), bind(*props->args[i], scope, nullptr),
                            props->args[i]->span));
        }
    }

    template <typename Add>
    void rel_conditions(const RelPattern& rp, int slot, const Scope& scope, Add&& add) {
        if (rp.properties == nullptr) return;
        if (!rp.length) {
            property_conditions(rp.properties.get(), slot_ref(slot), scope, add);
            return;
        }
        // A var-length relationship's properties hold for every edge on the path.
        const int each = new_slot("");
        std::vector<Expr> conds;
        property_conditions(rp.properties.get(), slot_ref(each), scope,
                            [&](Expr e) { conds.push_back(std::move(e)); });
        Expr pred = std::move(conds[0]);
        for (std::size_t i = 1; i < conds.size(); ++i) {
            pred = make_op(Op::And, {std::move(pred), std::move(conds[i])}, {});
        }
        Expr all = make_op(Op::Quantifier, {slot_ref(slot), std::move(pred)}, rp.span);
        all.quantifier = Quantifier::All;
        all.slot = each;
        add(std::move(all));
    }

    double start_cost(const NodePattern& np, int slot, const std::set<int>& bound) const {
        if (bound.contains(slot)) return 0;
        if (key_literal(np)) return 1;
        double best = double(stats_.node_count()) + 2;
        for (const auto& label : np.labels) {
            auto id = stats_.find_name(graph::NameKind::Label, label);
            best = std::min(best, id ? double(stats_.label_count(*id)) + 1.5 : 1.5);
        }
        return best;
    }

    // A property-index seek for the node at slot from a conjunct `slot.p = e` or a range
    // `slot.p < e` (e not reading the row), when some label of the node has an index on p.
    // Returns its estimated cost (the conjunct stays as a filter: the index gives candidates).
    double index_seek(const NodePattern& np, int slot, const std::vector<Conjunct>& conjuncts,
                      std::shared_ptr<PlanNode>& out) const {
        double best = 1e300;
        for (const std::string& label : np.labels) {
            auto label_id = stats_.find_name(graph::NameKind::Label, label);
            if (!label_id) continue;
            for (const Conjunct& c : conjuncts) {
                const Expr& e = c.expr;
                if (e.op != Op::Compare || e.compare_ops.size() != 1 || c.wait_for_all) continue;
                const Expr& lhs = e.args[0];
                if (lhs.op != Op::Property || lhs.args[0].op != Op::Slot ||
                    lhs.args[0].slot != slot) {
                    continue;
                }
                std::set<int> needs, local;
                bool sub = false;
                free_slots(e.args[1], needs, local, sub);
                if (!needs.empty() || sub) continue;
                auto prop_id = stats_.find_name(graph::NameKind::Property, lhs.name);
                if (!prop_id || !stats_.has_index(*label_id, *prop_id)) continue;
                const CompareOp op = e.compare_ops[0];
                if (op == CompareOp::Ne) continue;
                const double cost =
                    op == CompareOp::Eq ? 1.2 : double(stats_.label_count(*label_id)) / 3 + 1.4;
                if (cost >= best) continue;
                best = cost;
                auto seek = make(Kind::IndexSeek);
                seek->slot = slot;
                seek->label = label;
                seek->property = lhs.name;
                const bool lower =
                    op == CompareOp::Eq || op == CompareOp::Gt || op == CompareOp::Ge;
                const bool upper =
                    op == CompareOp::Eq || op == CompareOp::Lt || op == CompareOp::Le;
                seek->exprs = {lower ? e.args[1] : absent(), upper ? e.args[1] : absent()};
                out = seek;
            }
        }
        return best;
    }

    static const AstExpr* key_literal(const NodePattern& np) {
        if (!np.properties || np.properties->kind != ExprKind::Map) return nullptr;
        for (std::size_t i = 0; i < np.properties->keys.size(); ++i) {
            if (np.properties->keys[i] == graph::key_property) return np.properties->args[i].get();
        }
        return nullptr;
    }

    // A KeyLookup finds exactly the node whose key equals the value (nothing for a non-string):
    // the pattern's `{key: v}` condition needs no re-check, which saves reading the node's record
    // (issue #8). Optimisation only.
    static void drop_key_condition(const NodePattern& np, int slot,
                                   std::vector<Conjunct>& conjuncts) {
        const AstExpr* key = key_literal(np);
        if (key == nullptr) return;
        for (Conjunct& c : conjuncts) {
            const Expr& e = c.expr;
            if (c.applied || e.op != Op::Compare || e.compare_ops.size() != 1 ||
                e.compare_ops[0] != CompareOp::Eq || e.span.offset != key->span.offset ||
                e.span.length != key->span.length) {
                continue;
            }
            const Expr& lhs = e.args[0];
            if (lhs.op == Op::Property && lhs.name == graph::key_property &&
                lhs.args[0].op == Op::Slot && lhs.args[0].slot == slot) {
                c.applied = true;
                return;
            }
        }
    }

    std::shared_ptr<PlanNode> scan_for(const NodePattern& np, int slot, const Scope& scope) {
        if (const AstExpr* key = key_literal(np)) {
            auto n = make(Kind::KeyLookup);
            n->slot = slot;
            n->expr = bind(*key, scope, nullptr);
            return n;
        }
        std::optional<std::string> label;
        double best = 1e300;
        for (const auto& l : np.labels) {
            auto id = stats_.find_name(graph::NameKind::Label, l);
            const double count = id ? double(stats_.label_count(*id)) : 0;
            if (count < best) {
                best = count;
                label = l;
            }
        }
        auto n = make(label ? Kind::LabelScan : Kind::AllNodesScan);
        n->slot = slot;
        if (label) n->label = *label;
        return n;
    }

    PlanPtr expand(PlanPtr input, const RelPattern& rp, int from, int rel, int to, bool reversed,
                   std::set<int>& bound, std::vector<int>& match_rels) {
        auto n = make(rp.length ? Kind::VarExpand : Kind::Expand, {input});
        n->from_slot = from;
        n->rel_slot = rel;
        n->to_slot = to;
        n->types = rp.types;
        n->direction = rp.direction;
        if (reversed && rp.direction != Direction::Both) {
            n->direction = rp.direction == Direction::Right ? Direction::Left : Direction::Right;
        }
        n->into = bound.contains(to);
        n->exclude_rel_slots = match_rels;
        n->span = rp.span;
        if (rp.length) {
            n->min_hops = rp.length->min.value_or(1);
            n->max_hops = rp.length->max.value_or(-1);
        }
        match_rels.push_back(rel);
        bound.insert(rel);
        bound.insert(to);
        return n;
    }

    PlanPtr plan_create(PlanPtr input, const std::vector<PatternPart>& parts, Scope& scope) {
        writes_ = true;
        auto n = make(Kind::Create, {eager(input)});
        for (const PatternPart& part : parts) {
            CreateItem item;
            std::vector<int> node_slots, rel_slots;
            auto create_node = [&](const NodePattern& np) {
                CreateNode cn;
                auto it = np.variable ? scope.find(*np.variable) : scope.end();
                if (it != scope.end()) {
                    if (!np.labels.empty() || np.properties) {
                        semantic("variable '" + *np.variable + "' is already defined", np.span);
                    }
                    if (it->second.kind != VarKind::Node && it->second.kind != VarKind::Any) {
                        semantic("variable '" + *np.variable + "' is " +
                                     kind_name(it->second.kind) + ", not a node",
                                 np.span);
                    }
                    cn.slot = it->second.slot;
                    cn.bound = true;
                } else {
                    cn.slot = new_slot(np.variable.value_or(""));
                    if (np.variable) scope[*np.variable] = {cn.slot, VarKind::Node};
                    cn.labels = np.labels;
                    if (np.properties)
                        cn.properties = bind(*np.properties, scope, nullptr);
                    else
                        cn.properties = absent();
                }
                node_slots.push_back(cn.slot);
                item.nodes.push_back(std::move(cn));
            };
            if (part.steps.empty() && part.start.variable && scope.contains(*part.start.variable)) {
                semantic("variable '" + *part.start.variable + "' is already defined",
                         part.start.span);
            }
            create_node(part.start);
            for (const PatternStep& step : part.steps) {
                const RelPattern& rp = step.rel;
                if (rp.types.size() != 1) {
                    semantic("a relationship to create needs exactly one type", rp.span);
                }
                if (rp.direction == Direction::Both) {
                    semantic("a relationship to create needs a direction", rp.span);
                }
                if (rp.length) {
                    semantic("a variable-length relationship cannot be created", rp.span);
                }
                if (rp.variable && scope.contains(*rp.variable)) {
                    semantic("variable '" + *rp.variable + "' is already defined", rp.span);
                }
                create_node(step.node);
                CreateRel cr;
                cr.slot = new_slot(rp.variable.value_or(""));
                if (rp.variable) scope[*rp.variable] = {cr.slot, VarKind::Rel};
                cr.type = rp.types[0];
                const int left = node_slots[node_slots.size() - 2], right = node_slots.back();
                cr.from_slot = rp.direction == Direction::Right ? left : right;
                cr.to_slot = rp.direction == Direction::Right ? right : left;
                cr.properties = rp.properties ? bind(*rp.properties, scope, nullptr) : absent();
                rel_slots.push_back(cr.slot);
                item.rels.push_back(std::move(cr));
            }
            n->creates.push_back(std::move(item));
            if (part.path_variable) {
                const int slot = new_slot(*part.path_variable);
                scope[*part.path_variable] = {slot, VarKind::Path};
                // Built after the Create below, from the slots it fills.
                pending_paths_.push_back({slot, node_slots, rel_slots});
            }
        }
        PlanPtr plan = n;
        for (const auto& [slot, nodes, rels] : pending_paths_) {
            auto project = make(Kind::Project, {plan});
            Expr path = make_op(Op::Path, {}, {});
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                path.args.push_back(slot_ref(nodes[i]));
                if (i < rels.size()) path.args.push_back(slot_ref(rels[i]));
            }
            project->slots.push_back(slot);
            project->exprs.push_back(std::move(path));
            plan = project;
        }
        pending_paths_.clear();
        return plan;
    }

    static VarKind static_kind(const AstExpr& e, const Scope& scope) {
        switch (e.kind) {
            case ExprKind::Variable: {
                // An unknown name is reported when the argument is bound (fuzz finding, #9).
                const auto it = scope.find(e.name);
                return it == scope.end() ? VarKind::Any : it->second.kind;
            }
            case ExprKind::Bool:
            case ExprKind::Integer:
            case ExprKind::Float:
            case ExprKind::String:
            case ExprKind::List:
            case ExprKind::Map:
                return VarKind::Value;
            default:
                return VarKind::Any;
        }
    }

    PlanPtr plan_call(PlanPtr input, const CallClause& call, Scope& scope, SourceSpan span) {
        const ProcedureInfo* proc = find_procedure(call.procedure);
        if (proc == nullptr) semantic("unknown procedure '" + call.procedure + "'", span);
        if (call.args.size() < proc->min_args || call.args.size() > proc->max_args) {
            semantic("procedure '" + std::string(proc->name) + "' takes " +
                         std::to_string(proc->min_args) + " to " + std::to_string(proc->max_args) +
                         " argument(s)",
                     span);
        }
        auto n = make(Kind::Call, {input});
        n->label = std::string(proc->name);
        for (const ExprPtr& a : call.args)
            n->exprs.push_back(bind(*a, scope, nullptr));
        std::vector<std::pair<std::string, std::string>> yields;  // field, variable
        if (call.yield_star || call.yields.empty()) {
            for (std::string_view f : proc->fields)
                yields.emplace_back(f, f);
        } else {
            for (const YieldItem& y : call.yields) {
                if (std::find(proc->fields.begin(), proc->fields.end(), y.field) ==
                    proc->fields.end()) {
                    semantic("procedure '" + std::string(proc->name) + "' has no field '" +
                                 y.field + "'",
                             y.span);
                }
                yields.emplace_back(y.field, y.alias.value_or(y.field));
            }
        }
        for (const auto& [field, variable] : yields) {
            if (scope.contains(variable)) {
                semantic("variable '" + variable + "' is already defined", span);
            }
            const int slot = new_slot(variable);
            scope[variable] = {slot, field == "node" ? VarKind::Node : VarKind::Any};
            n->slots.push_back(slot);
            n->columns.push_back(field);
        }
        PlanPtr plan = n;
        if (call.where) {
            auto f = make(Kind::Filter, {plan});
            f->expr = bind_where(*call.where, scope);
            plan = f;
        }
        // A standalone CALL returns its fields.
        standalone_call_ = call.yields.empty() || call.yield_star;
        return plan;
    }

    // Updates read their whole input first, so that they never feed the scans below them.
    PlanPtr eager(PlanPtr input) {
        if (input->kind == Kind::Argument || input->kind == Kind::Eager) return input;
        return make(Kind::Eager, {input});
    }

    Expr variable_ref(const std::string& name, SourceSpan span, const Scope& scope) {
        auto it = scope.find(name);
        if (it == scope.end()) semantic("variable '" + name + "' is not defined", span);
        return slot_ref(it->second.slot, span);
    }

    std::vector<SetOp> bind_set_items(const std::vector<SetItem>& items, const Scope& scope) {
        std::vector<SetOp> ops;
        for (const SetItem& item : items) {
            SetOp op;
            switch (item.kind) {
                case SetItemKind::Property:
                    op.kind = SetKind::Property;
                    op.subject = bind(*item.target->args[0], scope, nullptr);
                    op.key = item.target->name;
                    op.value = bind(*item.value, scope, nullptr);
                    break;
                case SetItemKind::Replace:
                case SetItemKind::Merge:
                    op.kind = item.kind == SetItemKind::Replace ? SetKind::Replace : SetKind::Merge;
                    op.subject = variable_ref(item.variable, item.span, scope);
                    op.value = bind(*item.value, scope, nullptr);
                    break;
                case SetItemKind::Labels:
                    op.kind = SetKind::AddLabels;
                    op.subject = variable_ref(item.variable, item.span, scope);
                    op.labels = item.labels;
                    break;
            }
            ops.push_back(std::move(op));
        }
        return ops;
    }

    PlanPtr plan_set(PlanPtr input, const std::vector<SetItem>& items, const Scope& scope) {
        writes_ = true;
        auto n = make(Kind::SetItems, {eager(input)});
        n->sets = bind_set_items(items, scope);
        return n;
    }

    PlanPtr plan_remove(PlanPtr input, const RemoveClause& rm, const Scope& scope) {
        writes_ = true;
        auto n = make(Kind::SetItems, {eager(input)});
        for (const RemoveItem& item : rm.items) {
            SetOp op;
            if (item.is_labels) {
                op.kind = SetKind::RemoveLabels;
                op.subject = variable_ref(item.variable, item.span, scope);
                op.labels = item.labels;
            } else {
                op.kind = SetKind::Property;
                op.subject = bind(*item.property->args[0], scope, nullptr);
                op.key = item.property->name;
                op.value = constant(Value());
            }
            n->sets.push_back(std::move(op));
        }
        return n;
    }

    PlanPtr plan_merge(PlanPtr input, const MergeClause& mg, Scope& scope) {
        writes_ = true;
        const PatternPart& part = mg.pattern;
        for (const PatternStep& step : part.steps) {
            if (step.rel.types.size() != 1) {
                semantic("a relationship to merge needs exactly one type", step.rel.span);
            }
            if (step.rel.length) {
                semantic("a variable-length relationship cannot be merged", step.rel.span);
            }
        }
        if (part.steps.empty() && part.start.variable && scope.contains(*part.start.variable)) {
            semantic("variable '" + *part.start.variable + "' is already defined", part.start.span);
        }
        Scope inner = scope;
        std::vector<PartSlots> slots;
        PlanPtr match = plan_patterns(make(Kind::Argument), {&part}, nullptr, inner, &slots);
        CreateItem item;
        const PartSlots& ps = slots[0];
        auto node_at = [&](std::size_t i) -> const NodePattern& {
            return i == 0 ? part.start : part.steps[i - 1].node;
        };
        for (std::size_t i = 0; i < ps.nodes.size(); ++i) {
            const NodePattern& np = node_at(i);
            CreateNode cn;
            cn.slot = ps.nodes[i];
            cn.bound = std::any_of(scope.begin(), scope.end(),
                                   [&](const auto& v) { return v.second.slot == cn.slot; }) ||
                       std::any_of(item.nodes.begin(), item.nodes.end(),
                                   [&](const CreateNode& o) { return o.slot == cn.slot; });
            cn.labels = np.labels;
            cn.properties = np.properties ? bind(*np.properties, inner, nullptr) : absent();
            item.nodes.push_back(std::move(cn));
        }
        for (std::size_t i = 0; i < ps.rels.size(); ++i) {
            const RelPattern& rp = part.steps[i].rel;
            CreateRel cr;
            cr.slot = ps.rels[i];
            cr.type = rp.types[0];
            const bool reverse = rp.direction == Direction::Left;
            cr.from_slot = reverse ? ps.nodes[i + 1] : ps.nodes[i];
            cr.to_slot = reverse ? ps.nodes[i] : ps.nodes[i + 1];
            cr.properties = rp.properties ? bind(*rp.properties, inner, nullptr) : absent();
            item.rels.push_back(std::move(cr));
        }
        auto n = make(Kind::Merge, {eager(input), match});
        n->creates.push_back(std::move(item));
        n->on_create = bind_set_items(mg.on_create, inner);
        n->on_match = bind_set_items(mg.on_match, inner);
        PlanPtr plan = n;
        if (part.path_variable) {
            auto project = make(Kind::Project, {plan});
            Expr path = make_op(Op::Path, {}, part.span);
            for (std::size_t i = 0; i < ps.nodes.size(); ++i) {
                path.args.push_back(slot_ref(ps.nodes[i]));
                if (i < ps.rels.size()) path.args.push_back(slot_ref(ps.rels[i]));
            }
            project->slots.push_back(inner.at(*part.path_variable).slot);
            project->exprs.push_back(std::move(path));
            plan = project;
        }
        scope = inner;
        return plan;
    }

    PlanPtr plan_projection(PlanPtr input, const Projection& proj, const AstExpr* where,
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
                items.push_back({name, nullptr, slot_ref(var.slot), false, -1, var.kind});
            }
            if (items.empty() && is_return) {
                semantic(std::string(is_return ? "RETURN" : "WITH") +
                             " * needs at least one variable in scope",
                         clause_span);
            }
        }
        Aggregates aggs;
        for (const ProjectionItem& pi : proj.items) {
            Item item;
            item.ast = pi.expr.get();
            item.column = pi.alias ? *pi.alias : pi.column;
            if (!is_return && !pi.alias && pi.expr->kind != ExprKind::Variable) {
                semantic("an expression in WITH must be aliased (use AS)", pi.span);
            }
            const std::size_t before = aggs.found.size();
            item.expr = bind(*pi.expr, scope, &aggs);
            item.has_aggregate = aggs.found.size() > before;
            item.kind = static_kind(*pi.expr, scope);
            items.push_back(std::move(item));
        }
        std::set<std::string> seen;
        for (const Item& item : items) {
            if (!seen.insert(item.column).second) {
                semantic("multiple result columns have the name '" + item.column + "'",
                         clause_span);
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
                    key.expr = bind(*si.expr, order_scope, aggregating ? &aggs : nullptr);
                } catch (const Error& e) {
                    if ((proj.distinct || aggregating) && e.kind() == ErrorKind::Semantic) {
                        throw Error(ErrorKind::Semantic,
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
            auto agg = make(Kind::Aggregate, {plan});
            for (const Item& item : items) {
                if (item.has_aggregate) continue;
                agg->slots.push_back(item.slot);
                agg->exprs.push_back(item.expr);
            }
            agg->aggregations = aggs.found;
            // Above the Aggregate only the aggregate items (their non-aggregate parts, e.g. n in
            // n.x + count(*)) and sort keys read input slots: a group keeps just those (#8).
            std::set<int> carried, local;
            bool has_subplan = false;
            for (const Item& item : items) {
                if (item.has_aggregate) free_slots(item.expr, carried, local, has_subplan);
            }
            for (const SortKey& key : sort_keys)
                free_slots(key.expr, carried, local, has_subplan);
            for (int slot : agg->slots)
                carried.erase(slot);
            for (const Aggregation& a : agg->aggregations)
                carried.erase(a.slot);
            if (!has_subplan) {
                agg->carry_all = false;
                agg->carry_slots.assign(carried.begin(), carried.end());
            }
            semi_join_below(*agg);
            plan = rewrite_counts(agg);
            auto project = make(Kind::Project, {plan});
            for (const Item& item : items) {
                if (!item.has_aggregate) continue;
                project->slots.push_back(item.slot);
                project->exprs.push_back(item.expr);
            }
            if (!project->slots.empty()) plan = project;
        } else {
            auto project = make(Kind::Project, {plan});
            for (const Item& item : items) {
                project->slots.push_back(item.slot);
                project->exprs.push_back(item.expr);
            }
            plan = project;
        }
        if (proj.distinct) {
            auto d = make(Kind::Distinct, {plan});
            for (const Item& item : items)
                d->slots.push_back(item.slot);
            plan = d;
        }
        std::shared_ptr<PlanNode> sort;
        if (!sort_keys.empty()) {
            sort = make(Kind::Sort, {plan});
            sort->sort_keys = std::move(sort_keys);
            plan = sort;
        }
        if (proj.skip) {
            auto skip = make(Kind::Skip, {plan});
            skip->expr = bind_constant(*proj.skip, "SKIP");
            plan = skip;
        }
        if (proj.limit) {
            auto limit = make(Kind::Limit, {plan});
            limit->expr = bind_constant(*proj.limit, "LIMIT");
            // Top-N: Sort keeps only the SKIP + LIMIT rows the Skip and Limit above it take.
            if (sort) {
                sort->exprs.push_back(limit->expr);
                if (proj.skip) sort->exprs.push_back(bind_constant(*proj.skip, "SKIP"));
            }
            plan = limit;
        }
        if (where != nullptr) {
            // WITH ... WHERE also sees the variables before the WITH unless rows were merged.
            Scope where_scope = aggregating || proj.distinct ? projected : scope;
            for (const auto& [name, var] : projected)
                where_scope[name] = var;
            auto f = make(Kind::Filter, {plan});
            f->expr = bind_where(*where, where_scope);
            plan = f;
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

    // --- count rewrites (issue #8) -----------------------------------------------------------

    // Optimisations only, giving the rows the plain plan gives. An Aggregate whose aggregates
    // are all count(*) (or count of a variable bound in every input row) over an Expand to an
    // end node and edge nothing else reads becomes a sum over a Degree; over a scan of all
    // nodes (or one label) or of all edges (of some types, maybe grouped by type) it reads the
    // stored statistics (CountStore), which every write keeps exact in its transaction.
    // A key that may differ between the rows of one node would split its degree's group.
    static bool reads_clock_or_random(const Expr& e) {
        if (e.op == Op::Call && (e.name == "rand" || e.name == "date" || e.name == "datetime" ||
                                 e.name == "timestamp")) {
            return true;
        }
        return std::any_of(e.args.begin(), e.args.end(), reads_clock_or_random);
    }

    PlanPtr rewrite_counts(const std::shared_ptr<PlanNode>& agg) {
        auto counts_only = [&](std::initializer_list<int> always_bound) {
            for (const Aggregation& a : agg->aggregations) {
                if (a.function != "count" || a.distinct) return false;
                if (a.star) continue;
                if (a.arg.op != Op::Slot || std::find(always_bound.begin(), always_bound.end(),
                                                      a.arg.slot) == always_bound.end()) {
                    return false;
                }
            }
            return !agg->aggregations.empty();
        };
        auto count_store = [&](std::shared_ptr<PlanNode> store) {
            for (const Aggregation& a : agg->aggregations)
                store->slots.push_back(a.slot);
            store->span = agg->span;
            return store;
        };
        const PlanNode& in = *agg->children[0];
        // (n:L) scans label L and re-checks it: that Filter removes nothing.
        const PlanNode* scan = &in;
        if (in.kind == Kind::Filter && in.children.size() == 1 &&
            in.children[0]->kind == Kind::LabelScan && in.expr.op == Op::HasLabels &&
            in.expr.args.size() == 1 && in.expr.args[0].op == Op::Slot &&
            in.expr.args[0].slot == in.children[0]->slot &&
            std::all_of(in.expr.names.begin(), in.expr.names.end(),
                        [&](const std::string& l) { return l == in.children[0]->label; })) {
            scan = in.children[0].get();
        }
        const bool is_scan = scan->kind == Kind::AllNodesScan || scan->kind == Kind::LabelScan;
        if (is_scan && scan->children.empty() && agg->exprs.empty() && counts_only({scan->slot})) {
            auto store = make(Kind::CountStore);
            store->label = scan->label;
            return count_store(store);
        }
        if (in.kind != Kind::Expand || in.into || !in.exclude_rel_slots.empty() ||
            in.children.size() != 1) {
            return agg;
        }
        const PlanNode& from = *in.children[0];
        if (!counts_only({in.from_slot, in.rel_slot, in.to_slot})) return agg;
        // All edges (directed: an undirected pattern meets most edges twice), maybe per type.
        const bool per_type = agg->exprs.size() == 1 && agg->exprs[0].op == Op::Call &&
                              agg->exprs[0].name == "type" && agg->exprs[0].args.size() == 1 &&
                              agg->exprs[0].args[0].op == Op::Slot &&
                              agg->exprs[0].args[0].slot == in.rel_slot;
        if (from.kind == Kind::AllNodesScan && from.children.empty() && from.slot == in.from_slot &&
            in.direction != Direction::Both && (agg->exprs.empty() || per_type)) {
            auto store = make(Kind::CountStore);
            store->rel_slot = in.rel_slot;
            store->types = in.types;
            store->slot = per_type ? agg->slots[0] : -1;
            return count_store(store);
        }
        // A degree: the grouping may read only what the Expand's input row holds.
        for (const Expr& e : agg->exprs) {
            std::set<int> used, local;
            bool has_subplan = false;
            free_slots(e, used, local, has_subplan);
            if (has_subplan || used.contains(in.rel_slot) || used.contains(in.to_slot) ||
                reads_clock_or_random(e)) {
                return agg;
            }
        }
        auto degree = make(Kind::Degree, {in.children[0]});
        degree->from_slot = in.from_slot;
        degree->direction = in.direction;
        degree->types = in.types;
        degree->span = in.span;
        degree->slot = in.to_slot;  // unread above: carries the row's weight
        auto sum = std::make_shared<PlanNode>(*agg);
        sum->children = {degree};
        for (Aggregation& a : sum->aggregations) {
            a.function = "sum";
            a.star = false;
            a.arg = slot_ref(degree->slot);
        }
        return sum;
    }

    Expr bind_constant(const AstExpr& e, const char* clause) {
        Scope empty;
        try {
            return bind(e, empty, nullptr);
        } catch (const Error& error) {
            if (error.kind() != ErrorKind::Semantic) throw;
            semantic(std::string(clause) + " must be a constant: it cannot use variables", e.span);
        }
    }

    // --- expressions -----------------------------------------------------------------------

    std::vector<Expr> bind_all(const std::vector<ExprPtr>& args, const Scope& scope,
                               Aggregates* aggs) {
        std::vector<Expr> out;
        out.reserve(args.size());
        for (const ExprPtr& a : args)
            out.push_back(a ? bind(*a, scope, aggs) : absent());
        return out;
    }

    Expr bind_function(const AstExpr& e, const Scope& scope, Aggregates* aggs) {
        const std::string name = lower(e.name);
        if (name == "startnode" || name == "endnode") {
            if (e.args.size() != 1) semantic("function '" + e.name + "' takes 1 argument", e.span);
            Expr out = make_op(Op::GraphCall, bind_all(e.args, scope, aggs), e.span);
            out.name = name;
            return out;
        }
        if (name == "exists" && e.args.size() == 1) {
            // exists(n.prop) is a null test; exists((a)-->(b)) a pattern predicate.
            if (e.args[0]->kind == ExprKind::Property) {
                return make_op(Op::IsNotNull, bind_all(e.args, scope, aggs), e.span);
            }
            if (e.args[0]->kind == ExprKind::PatternPredicate) {
                const bool outer = in_exists_;
                in_exists_ = true;
                Expr out = bind(*e.args[0], scope, aggs);
                in_exists_ = outer;
                return out;
            }
        }
        const FunctionInfo* f = find_function(name);
        if (f == nullptr) semantic("unknown function '" + e.name + "'", e.span);
        if (name == "size" && e.args.size() == 1) {
            if (e.args[0]->kind == ExprKind::PatternPredicate) {
                semantic("size() of a pattern is not supported: use a pattern comprehension",
                         e.span);
            }
            if (static_kind(*e.args[0], scope) == VarKind::Path) {
                semantic("size() needs a list or a string; use length() for a path", e.span);
            }
        }
        if (e.args.size() < f->min_args || e.args.size() > f->max_args) {
            semantic("function '" + std::string(f->name) + "' takes " +
                         (f->min_args == f->max_args ? std::to_string(f->min_args)
                                                     : std::to_string(f->min_args) + " to " +
                                                           std::to_string(f->max_args)) +
                         " argument(s), not " + std::to_string(e.args.size()),
                     e.span);
        }
        if (f->is_aggregate) {
            if (aggs == nullptr) {
                semantic("aggregate function '" + std::string(f->name) +
                             "' is not allowed here (only in WITH and RETURN items)",
                         e.span);
            }
            if (aggs->inside) semantic("aggregate functions cannot be nested", e.span);
            Aggregation a;
            a.function = name;
            a.distinct = e.distinct;
            aggs->inside = true;
            const Scope& arg_scope = aggs->argument_scope ? *aggs->argument_scope : scope;
            a.arg = bind(*e.args[0], arg_scope, aggs);
            for (std::size_t i = 1; i < e.args.size(); ++i) {
                a.extra_args.push_back(bind(*e.args[i], arg_scope, aggs));
            }
            aggs->inside = false;
            a.slot = new_slot("");
            aggs->found.push_back(std::move(a));
            return slot_ref(aggs->found.back().slot, e.span);
        }
        if (e.distinct) semantic("DISTINCT is only allowed in aggregate functions", e.span);
        Expr out = make_op(Op::Call, bind_all(e.args, scope, aggs), e.span);
        out.name = name;
        out.function = f;
        return out;
    }

    // A pattern inside an expression: a subplan seeded with the current row.
    PlanPtr bind_subpattern(const std::vector<PatternPart>& patterns, const AstExpr* where,
                            Scope& inner) {
        return plan_patterns(make(Kind::Argument), patterns, where, inner);
    }

    // WHERE is the one place where a bare pattern may stand as a predicate.
    Expr bind_where(const AstExpr& e, const Scope& scope) {
        const bool outer = in_where_;
        in_where_ = true;
        try {
            Expr out = bind(e, scope, nullptr);
            in_where_ = outer;
            return out;
        } catch (...) {
            in_where_ = outer;
            throw;
        }
    }

    // A pattern used as a predicate may not introduce variables (EXISTS { } may).
    void check_pattern_predicate(const AstExpr& e, const Scope& scope) const {
        if (!in_where_ && !in_exists_) {
            semantic("a pattern can only be used as a predicate in WHERE or in exists()", e.span);
        }
        auto check = [&](const std::optional<std::string>& name, SourceSpan span) {
            if (name && !scope.contains(*name)) {
                semantic("variable '" + *name +
                             "' is not defined (a pattern predicate cannot "
                             "introduce variables: use EXISTS { ... })",
                         span);
            }
        };
        for (const PatternPart& part : e.patterns) {
            check(part.path_variable, part.span);
            check(part.start.variable, part.start.span);
            for (const PatternStep& step : part.steps) {
                check(step.rel.variable, step.rel.span);
                check(step.node.variable, step.node.span);
            }
        }
    }

    Expr bind(const AstExpr& e, const Scope& scope, Aggregates* aggs) {
        switch (e.kind) {
            case ExprKind::Null:
                return constant(Value(), e.span);
            case ExprKind::Bool:
                return constant(Value(e.bool_value), e.span);
            case ExprKind::Integer:
                return constant(Value(e.int_value), e.span);
            case ExprKind::Float:
                return constant(Value(e.float_value), e.span);
            case ExprKind::String:
                return constant(Value(e.string_value), e.span);
            case ExprKind::Parameter: {
                Expr out;
                out.op = Op::Parameter;
                out.name = e.name;
                out.span = e.span;
                return out;
            }
            case ExprKind::Variable: {
                auto it = scope.find(e.name);
                if (it == scope.end()) semantic("variable '" + e.name + "' is not defined", e.span);
                return slot_ref(it->second.slot, e.span);
            }
            case ExprKind::Property: {
                Expr out = make_op(Op::Property, bind_all(e.args, scope, aggs), e.span);
                out.name = e.name;
                return out;
            }
            case ExprKind::Index:
                return make_op(Op::Index, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Slice:
                return make_op(Op::Slice, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::HasLabels: {
                Expr out = make_op(Op::HasLabels, bind_all(e.args, scope, aggs), e.span);
                out.names = e.labels;
                return out;
            }
            case ExprKind::FunctionCall:
                return bind_function(e, scope, aggs);
            case ExprKind::CountStar: {
                if (aggs == nullptr) {
                    semantic("count(*) is not allowed here (only in WITH and RETURN items)",
                             e.span);
                }
                if (aggs->inside) semantic("aggregate functions cannot be nested", e.span);
                Aggregation a;
                a.function = "count";
                a.star = true;
                a.slot = new_slot("");
                aggs->found.push_back(a);
                return slot_ref(a.slot, e.span);
            }
            case ExprKind::List:
                return make_op(Op::List, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Map: {
                Expr out = make_op(Op::Map, bind_all(e.args, scope, aggs), e.span);
                out.names = e.keys;
                return out;
            }
            case ExprKind::MapProjection: {
                auto it = scope.find(e.name);
                if (it == scope.end()) semantic("variable '" + e.name + "' is not defined", e.span);
                Expr out = make_op(Op::Map, {}, e.span);
                out.slot = it->second.slot;  // a null subject makes the projection null
                for (const MapProjectionItem& item : e.projection) {
                    switch (item.kind) {
                        case MapProjectionKind::Property: {
                            Expr p = make_op(Op::Property, {slot_ref(it->second.slot)}, item.span);
                            p.name = item.name;
                            out.names.push_back(item.name);
                            out.args.push_back(std::move(p));
                            break;
                        }
                        case MapProjectionKind::Literal:
                            out.names.push_back(item.name);
                            out.args.push_back(bind(*item.value, scope, aggs));
                            break;
                        case MapProjectionKind::Variable: {
                            auto v = scope.find(item.name);
                            if (v == scope.end()) {
                                semantic("variable '" + item.name + "' is not defined", item.span);
                            }
                            out.names.push_back(item.name);
                            out.args.push_back(slot_ref(v->second.slot));
                            break;
                        }
                        case MapProjectionKind::AllProperties:
                            out.names.emplace_back();  // "": every property, see Op::Map
                            out.args.push_back(slot_ref(it->second.slot, item.span));
                            break;
                    }
                }
                return out;
            }
            case ExprKind::Case:
                return make_op(Op::Case, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::ListComprehension: {
                Scope inner = scope;
                const int slot = new_slot(e.name);
                Expr list = bind(*e.args[0], scope, aggs);
                inner[e.name] = {slot, VarKind::Any};
                Expr out = make_op(Op::Comprehension, {}, e.span);
                out.slot = slot;
                out.args.push_back(std::move(list));
                out.args.push_back(e.args[1] ? bind(*e.args[1], inner, nullptr) : absent());
                out.args.push_back(e.args[2] ? bind(*e.args[2], inner, nullptr) : absent());
                return out;
            }
            case ExprKind::All:
            case ExprKind::Any:
            case ExprKind::None:
            case ExprKind::Single: {
                Scope inner = scope;
                const int slot = new_slot(e.name);
                Expr list = bind(*e.args[0], scope, aggs);
                inner[e.name] = {slot, VarKind::Any};
                Expr out = make_op(Op::Quantifier, {}, e.span);
                out.slot = slot;
                out.quantifier = e.kind == ExprKind::All    ? Quantifier::All
                                 : e.kind == ExprKind::Any  ? Quantifier::Any
                                 : e.kind == ExprKind::None ? Quantifier::None
                                                            : Quantifier::Single;
                out.args.push_back(std::move(list));
                out.args.push_back(e.args[1] ? bind(*e.args[1], inner, nullptr) : absent());
                return out;
            }
            case ExprKind::Reduce: {
                Scope inner = scope;
                Expr out = make_op(Op::Reduce, {}, e.span);
                out.args.push_back(bind(*e.args[0], scope, aggs));
                out.args.push_back(bind(*e.args[1], scope, aggs));
                out.slot = new_slot(e.name);
                out.slot2 = new_slot(e.name2);
                inner[e.name] = {out.slot, VarKind::Any};
                inner[e.name2] = {out.slot2, VarKind::Any};
                out.args.push_back(bind(*e.args[2], inner, aggs));
                return out;
            }
            case ExprKind::Exists:
            case ExprKind::PatternPredicate: {
                if (e.kind == ExprKind::PatternPredicate) check_pattern_predicate(e, scope);
                Scope inner = scope;
                Expr out = make_op(Op::Exists, {}, e.span);
                const AstExpr* where =
                    e.kind == ExprKind::Exists && !e.args.empty() ? e.args[0].get() : nullptr;
                out.subplan = bind_subpattern(e.patterns, where, inner);
                return out;
            }
            case ExprKind::PatternComprehension: {
                Scope inner = scope;
                Expr out = make_op(Op::PatternList, {}, e.span);
                out.subplan = bind_subpattern(e.patterns, nullptr, inner);
                out.args.push_back(e.args[0] ? bind(*e.args[0], inner, nullptr) : absent());
                out.args.push_back(bind(*e.args[1], inner, nullptr));
                return out;
            }
            case ExprKind::Not:
                return make_op(Op::Not, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Negate: {
                // Fold -9223372036854775808, which has no positive counterpart.
                if (e.args[0]->kind == ExprKind::Integer) {
                    return constant(Value(std::int64_t(0 - std::uint64_t(e.args[0]->int_value))),
                                    e.span);
                }
                if (e.args[0]->kind == ExprKind::Float) {
                    return constant(Value(-e.args[0]->float_value), e.span);
                }
                return make_op(Op::Negate, bind_all(e.args, scope, aggs), e.span);
            }
            case ExprKind::UnaryPlus:
                return bind(*e.args[0], scope, aggs);
            case ExprKind::IsNull:
                return make_op(Op::IsNull, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::IsNotNull:
                return make_op(Op::IsNotNull, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Or:
                return make_op(Op::Or, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Xor:
                return make_op(Op::Xor, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::And:
                return make_op(Op::And, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Add:
                return make_op(Op::Add, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Subtract:
                return make_op(Op::Subtract, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Multiply:
                return make_op(Op::Multiply, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Divide:
                return make_op(Op::Divide, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Modulo:
                return make_op(Op::Modulo, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Power:
                return make_op(Op::Power, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::StartsWith:
                return make_op(Op::StartsWith, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::EndsWith:
                return make_op(Op::EndsWith, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Contains:
                return make_op(Op::Contains, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::In:
                return make_op(Op::In, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::RegexMatch:
                return make_op(Op::Regex, bind_all(e.args, scope, aggs), e.span);
            case ExprKind::Comparison: {
                Expr out = make_op(Op::Compare, bind_all(e.args, scope, aggs), e.span);
                out.compare_ops = e.ops;
                return out;
            }
        }
        semantic("unsupported expression", e.span);
    }

    struct PendingPath {
        int slot;
        std::vector<int> nodes;
        std::vector<int> rels;
    };

    const graph::GraphReader& stats_;
    int count_ = 0;
    std::vector<std::string> names_;
    bool writes_ = false;
    bool in_where_ = false;
    bool standalone_call_ = false;
    bool in_exists_ = false;
    std::vector<PendingPath> pending_paths_;
};

}  // namespace

PlannedQuery plan_query(const Query& query, const graph::GraphReader& stats) {
    return Planner(stats).plan(query);
}

}  // namespace caspian::query::plan
