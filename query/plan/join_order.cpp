// The join order of a MATCH (issue #20): its pattern graph's scans and expands ordered by dynamic
// programming over connected sub-patterns (greedy beyond exact_nodes nodes), each step costed by
// the rows it makes; disconnected parts that an equality links are hash-joined.
#include "query/plan/planner_impl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace caspian::query::plan {

namespace {

constexpr std::size_t exact_nodes = 10;  // 2^10 sub-patterns at most
constexpr std::size_t greedy_nodes = 24;
// The costed order replaces the plain one only when estimated at most half as costly: the
// estimates are rough, and close calls keep the plain plan.
constexpr double switch_ratio = 0.5;
// An equality between two parts keeps about this fraction of their pairs (no statistics of
// values across labels).
constexpr double key_selectivity = 0.1;

struct GraphRel {
    const RelPattern* rp = nullptr;
    int slot = -1;
    std::size_t left = 0, right = 0;  // node indices, in pattern order
};

// One step: bind a node (a scan or seek, a Cartesian product after the first) or walk a
// relationship, from its right end when reversed (into its far end when that is bound).
struct Step {
    bool start = false;
    std::size_t index = 0;  // node (start) or relationship
    bool reversed = false;
};

using Mask = std::uint32_t;

// The pattern graph and the estimates its order is chosen by, per node and relationship.
struct Model {
    std::vector<int> node_slots;
    std::vector<const NodePattern*> patterns;      // where each node first appears
    std::vector<std::shared_ptr<PlanNode>> seeks;  // the index seek that starts it, if any
    std::vector<double> scan_rows;                 // rows a scan (or seek) of the node reads
    std::vector<double> scan_keep;                 // fraction of them its conditions keep
    std::vector<double> reach_keep;  // fraction of the nodes an expand reaches that it keeps
    std::vector<double> all_rows;    // nodes with its labels
    std::vector<GraphRel> rels;
    std::vector<std::array<double, 2>> fan;  // rows per row: [forward, reversed]
};

struct Estimate {
    double cost = 0;  // rows made by every step so far
    double rows = 1;  // rows now
};

Mask bit(std::size_t i) {
    return Mask(1) << i;
}

// Applies step to e; mask: the nodes bound before it.
void advance(const Model& m, Mask mask, const Step& s, Estimate& e) {
    if (s.start) {
        const bool first = mask == 0;
        e.rows = (first ? 1 : e.rows) * m.scan_rows[s.index];
        e.cost += e.rows;
        e.rows *= m.scan_keep[s.index];
        return;
    }
    const GraphRel& r = m.rels[s.index];
    const std::size_t to = s.reversed ? r.left : r.right;
    e.rows *= m.fan[s.index][s.reversed ? 1 : 0];
    if ((mask & bit(to)) != 0) {
        e.rows /= std::max(m.all_rows[to], 1.0);  // into a bound node: one of them
        e.cost += e.rows;
        return;
    }
    e.cost += e.rows;
    e.rows *= m.reach_keep[to];
}

Mask after(const Model& m, Mask mask, const Step& s) {
    if (s.start) return mask | bit(s.index);
    const GraphRel& r = m.rels[s.index];
    return mask | bit(r.left) | bit(r.right);
}

// The relationships whose ends are both in `now` but not both in `before` (besides `except`),
// walked into their bound ends.
void close_rels(const Model& m, Mask before, Mask now, std::size_t except, std::vector<Step>& out) {
    for (std::size_t r = 0; r < m.rels.size(); ++r) {
        const Mask ends = bit(m.rels[r].left) | bit(m.rels[r].right);
        if (r == except || (now & ends) != ends || (before & ends) == ends) continue;
        // From the end bound earlier, when only one was.
        out.push_back(Step{
            false, r, (before & bit(m.rels[r].right)) != 0 && (before & bit(m.rels[r].left)) == 0});
    }
}

// The ways from `mask` to one more node: an expand (then the relationships that closes), or a
// scan; each with the steps it takes.
void moves(const Model& m, Mask mask, std::size_t nodes, std::vector<std::vector<Step>>& out) {
    out.clear();
    for (std::size_t r = 0; r < m.rels.size(); ++r) {
        const GraphRel& g = m.rels[r];
        for (const bool reversed : {false, true}) {
            const std::size_t from = reversed ? g.right : g.left;
            const std::size_t to = reversed ? g.left : g.right;
            if ((mask & bit(from)) == 0 || (mask & bit(to)) != 0) continue;
            std::vector<Step> steps{Step{false, r, reversed}};
            close_rels(m, mask, mask | bit(to), r, steps);
            out.push_back(std::move(steps));
        }
    }
    for (std::size_t v = 0; v < nodes; ++v) {
        if ((mask & bit(v)) != 0) continue;
        std::vector<Step> steps{Step{true, v, false}};
        close_rels(m, mask, mask | bit(v), m.rels.size(), steps);
        out.push_back(std::move(steps));
    }
}

Estimate run(const Model& m, Mask mask, const std::vector<Step>& steps, Estimate e) {
    for (const Step& s : steps) {
        advance(m, mask, s, e);
        mask = after(m, mask, s);
    }
    return e;
}

// The cheapest order binding every node from `init` (the nodes bound before): exactly, over all
// sub-patterns, for few nodes; else greedily (each time the move that costs least).
std::vector<Step> best_order(const Model& m, std::size_t nodes, Mask init, Estimate& out) {
    std::vector<Step> first;
    close_rels(m, 0, init, m.rels.size(), first);
    const Estimate start = run(m, init, first, Estimate{});
    const Mask all = Mask(bit(nodes) - 1);
    std::vector<std::vector<Step>> options;
    if (nodes > exact_nodes) {
        Mask mask = init;
        Estimate e = start;
        while (mask != all) {
            moves(m, mask, nodes, options);
            std::size_t pick = 0;
            Estimate best{1e300, 0};
            for (std::size_t i = 0; i < options.size(); ++i) {
                const Estimate next = run(m, mask, options[i], e);
                if (next.cost < best.cost) {
                    best = next;
                    pick = i;
                }
            }
            for (const Step& s : options[pick]) {
                first.push_back(s);
                mask = after(m, mask, s);
            }
            e = best;
        }
        out = e;
        return first;
    }
    struct Entry {
        bool reached = false;
        Estimate e;
        Mask prev = 0;
        std::vector<Step> steps;
    };
    std::vector<Entry> table(std::size_t(bit(nodes)));
    table[init] = Entry{true, start, init, {}};
    for (Mask mask = init; mask < bit(nodes); ++mask) {
        const Entry& here = table[mask];
        if (!here.reached || (mask & init) != init) continue;
        moves(m, mask, nodes, options);
        for (std::vector<Step>& steps : options) {
            const Mask next = after(m, mask, steps[0]);
            const Estimate e = run(m, mask, steps, here.e);
            Entry& there = table[next];
            if (!there.reached || e.cost < there.e.cost) there = Entry{true, e, mask, steps};
        }
    }
    std::vector<std::vector<Step>> chain;
    for (Mask mask = all; mask != init; mask = table[mask].prev)
        chain.push_back(table[mask].steps);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        first.insert(first.end(), it->begin(), it->end());
    out = table[all].e;
    return first;
}

// The connected parts of the pattern graph.
std::vector<Mask> components(const Model& m) {
    const std::size_t nodes = m.node_slots.size();
    std::vector<std::size_t> root(nodes);
    for (std::size_t i = 0; i < nodes; ++i)
        root[i] = i;
    auto find = [&](std::size_t i) {
        while (root[i] != i)
            i = root[i] = root[root[i]];
        return i;
    };
    for (const GraphRel& r : m.rels)
        root[find(r.left)] = find(r.right);
    std::map<std::size_t, Mask> parts;
    for (std::size_t i = 0; i < nodes; ++i)
        parts[find(i)] |= bit(i);
    std::vector<Mask> out;
    for (const auto& entry : parts)
        out.push_back(entry.second);
    return out;
}

// The part of m on the nodes of `part` (and the relationships between them).
Model sub_model(const Model& m, Mask part) {
    Model out;
    std::vector<std::size_t> index(m.node_slots.size());
    for (std::size_t i = 0; i < m.node_slots.size(); ++i) {
        if ((part & bit(i)) == 0) continue;
        index[i] = out.node_slots.size();
        out.node_slots.push_back(m.node_slots[i]);
        out.patterns.push_back(m.patterns[i]);
        out.seeks.push_back(m.seeks[i]);
        out.scan_rows.push_back(m.scan_rows[i]);
        out.scan_keep.push_back(m.scan_keep[i]);
        out.reach_keep.push_back(m.reach_keep[i]);
        out.all_rows.push_back(m.all_rows[i]);
    }
    for (std::size_t r = 0; r < m.rels.size(); ++r) {
        if ((part & bit(m.rels[r].left)) == 0) continue;
        GraphRel g = m.rels[r];
        g.left = index[g.left];
        g.right = index[g.right];
        out.rels.push_back(g);
        out.fan.push_back(m.fan[r]);
    }
    return out;
}

// The slots a part binds: its nodes and relationships.
std::set<int> part_slots(const Model& m) {
    std::set<int> out(m.node_slots.begin(), m.node_slots.end());
    for (const GraphRel& r : m.rels)
        out.insert(r.slot);
    return out;
}

// Whether two relationship patterns can match one edge (then a join must tell them apart).
bool may_share_edges(const RelPattern& a, const RelPattern& b) {
    if (a.types.empty() || b.types.empty()) return true;
    return std::any_of(a.types.begin(), a.types.end(), [&](const std::string& t) {
        return std::find(b.types.begin(), b.types.end(), t) != b.types.end();
    });
}

}  // namespace

double Planner::step_rows(const RelPattern& rp, bool reversed) const {
    double one = fan_out(rp, reversed);
    if (rp.types.empty()) {
        one = double(stats_.edge_count()) / double(std::max<std::uint64_t>(stats_.node_count(), 1));
        if (rp.direction == Direction::Both) one *= 2;
    }
    if (!rp.length) return one;
    const std::int64_t low = std::max<std::int64_t>(rp.length->min.value_or(1), 0);
    const std::int64_t max = rp.length->max.value_or(-1);
    const std::int64_t high =
        std::max(low, max < 0 ? std::int64_t(3) : std::min<std::int64_t>(max, 3));
    double total = 0;
    for (std::int64_t h = low; h <= high; ++h)
        total += std::pow(one, double(h));
    return total;
}

bool Planner::plan_join_order(PlanPtr& plan, const std::vector<const PatternPart*>& parts,
                              const std::vector<PartSlots>& slots,
                              const std::vector<std::size_t>& order, const Scope& scope,
                              std::set<int>& bound, std::vector<int>& match_rels,
                              std::vector<Conjunct>& conjuncts, const ApplyConjuncts& apply_to,
                              BindContext ctx) {
    std::vector<std::size_t> chains;
    for (std::size_t p : order) {
        if (parts[p]->function == PathFunction::None) chains.push_back(p);
    }
    if (chains.empty()) return false;
    if (chains.size() == 1 && plan_hash_join(plan, *parts[chains[0]], slots[chains[0]], scope,
                                             bound, match_rels, conjuncts, apply_to, ctx)) {
        return true;
    }
    // The pattern graph: one node per variable, however often it appears.
    Model m;
    std::map<int, std::size_t> index_of;
    auto node_index = [&](int slot, const NodePattern& np) {
        auto [it, fresh] = index_of.emplace(slot, m.node_slots.size());
        if (fresh) {
            m.node_slots.push_back(slot);
            m.patterns.push_back(&np);
        }
        return it->second;
    };
    bool var_length = false;
    for (std::size_t p : chains) {
        const PatternPart& part = *parts[p];
        std::size_t left = node_index(slots[p].nodes[0], part.start);
        for (std::size_t i = 0; i < part.steps.size(); ++i) {
            const std::size_t right = node_index(slots[p].nodes[i + 1], part.steps[i].node);
            m.rels.push_back(GraphRel{&part.steps[i].rel, slots[p].rels[i], left, right});
            var_length = var_length || part.steps[i].rel.length.has_value();
            left = right;
        }
    }
    const std::size_t nodes = m.node_slots.size();
    // Var-length steps keep the plain plan: walked last from the bound end, the optimizer
    // prunes them (optimizer/prune_var_expand.cpp), and their fan-out is a guess.
    if (nodes > greedy_nodes || nodes < 2 || var_length) return false;
    const double all_nodes = double(std::max<std::uint64_t>(stats_.node_count(), 1));
    m.seeks.resize(nodes);
    Mask init = 0;
    for (std::size_t i = 0; i < nodes; ++i) {
        const NodePattern& np = *m.patterns[i];
        const int slot = m.node_slots[i];
        if (bound.contains(slot)) init |= bit(i);
        const double labelled = label_rows(np);
        const double keep = equality_selectivity(np, slot, conjuncts).value_or(1.0);
        double scan = labelled;
        if (!key_literal(np) && labelled > 1) {
            const double seek_cost = index_seek(np, slot, conjuncts, m.seeks[i]);
            if (m.seeks[i] && seek_cost < start_cost(np, slot, {})) {
                scan =
                    seek_cost < 1.3 ? std::max(1.0, labelled * std::min(keep, 0.1)) : labelled / 3;
            } else {
                m.seeks[i].reset();
            }
        }
        m.scan_rows.push_back(std::max(scan, 1.0));
        m.scan_keep.push_back(key_literal(np) ? 1.0 : keep);
        m.reach_keep.push_back(key_literal(np) ? 1 / all_nodes : labelled / all_nodes * keep);
        m.all_rows.push_back(labelled);
    }
    for (const GraphRel& r : m.rels)
        m.fan.push_back({step_rows(*r.rp, false), step_rows(*r.rp, true)});

    // The plain plan's order in the same terms: each part from plain_start, right, then left.
    std::vector<Step> plain;
    {
        std::set<int> have = bound;
        std::size_t rel_base = 0;
        for (std::size_t p : chains) {
            const PartSlots& ps = slots[p];
            std::shared_ptr<PlanNode> seek;
            const std::size_t start = plain_start(*parts[p], ps, have, conjuncts, seek);
            if (!have.contains(ps.nodes[start])) {
                plain.push_back(Step{true, index_of[ps.nodes[start]], false});
            }
            for (std::size_t i = start; i + 1 < ps.nodes.size(); ++i)
                plain.push_back(Step{false, rel_base + i, false});
            for (std::size_t i = start; i > 0; --i)
                plain.push_back(Step{false, rel_base + i - 1, true});
            have.insert(ps.nodes.begin(), ps.nodes.end());
            rel_base += ps.rels.size();
        }
    }
    const double plain_cost = run(m, init, plain, Estimate{}).cost;

    // Emits steps of (a part of) the graph on target, binding `have`; each condition placed
    // as soon as its slots are bound.
    auto emit = [&](const Model& g, const std::vector<Step>& steps, PlanPtr& target,
                    std::set<int>& have, std::vector<int>& rels) {
        for (const Step& s : steps) {
            if (s.start) {
                const int slot = g.node_slots[s.index];
                if (have.contains(slot)) continue;
                const NodePattern& np = *g.patterns[s.index];
                auto scan = g.seeks[s.index] ? g.seeks[s.index] : scan_for(np, slot, scope, ctx);
                if (scan->kind == Kind::KeyLookup) {
                    drop_key_condition(np, slot, conjuncts);
                } else if (scan->kind == Kind::LabelScan) {
                    drop_scanned_label(np, slot, scan->as<ScanArgs>().label, conjuncts);
                }
                target = target->kind == Kind::Argument
                             ? PlanPtr(scan)
                             : PlanPtr(make_node(Kind::Apply, {target, scan}));
                have.insert(slot);
            } else {
                const GraphRel& r = g.rels[s.index];
                const std::size_t from = s.reversed ? r.right : r.left;
                const std::size_t to = s.reversed ? r.left : r.right;
                target = expand(target, *r.rp, g.node_slots[from], r.slot, g.node_slots[to],
                                s.reversed, have, rels);
            }
            apply_to(target, have, false);
        }
    };

    Estimate costed;
    const std::vector<Step> steps = best_order(m, nodes, init, costed);

    // Disconnected parts that equalities link (a.k = b.k): each part in its own best order, the
    // one with most rows probing hash tables of the others (built once, at the statement's
    // start only: under an Apply they would be built again for every row).
    struct Piece {
        Model model;
        std::vector<Step> steps;
        Estimate e;
        std::set<int> slots;
        std::vector<std::pair<Expr, Expr>> keys;  // (probe side, this side)
    };
    std::vector<Piece> pieces;
    const std::vector<Mask> parts_of_graph = components(m);
    if (parts_of_graph.size() > 1 && bound.empty() && init == 0 && plan->kind == Kind::Argument) {
        for (const Mask part : parts_of_graph) {
            Piece piece;
            piece.model = sub_model(m, part);
            piece.steps = best_order(piece.model, piece.model.node_slots.size(), 0, piece.e);
            piece.slots = part_slots(piece.model);
            pieces.push_back(std::move(piece));
        }
        std::stable_sort(pieces.begin(), pieces.end(),
                         [](const Piece& a, const Piece& b) { return a.e.rows > b.e.rows; });
    }
    double joined_cost = 1e300;
    bool any_key = false;
    if (!pieces.empty()) {
        std::set<int> have = pieces[0].slots;
        Estimate e = pieces[0].e;
        for (std::size_t k = 1; k < pieces.size(); ++k) {
            Piece& piece = pieces[k];
            for (const Conjunct& c : conjuncts) {
                if (c.applied || c.wait_for_all || binary_compare_op(c.expr) != CompareOp::Eq) {
                    continue;
                }
                std::set<int> lhs, rhs, local;
                bool sub = false;
                free_slots(c.expr.args[0], lhs, local, sub);
                free_slots(c.expr.args[1], rhs, local, sub);
                auto within = [](const std::set<int>& s, const std::set<int>& in) {
                    return !s.empty() && std::includes(in.begin(), in.end(), s.begin(), s.end());
                };
                if (sub) continue;
                if (within(lhs, have) && within(rhs, piece.slots)) {
                    piece.keys.emplace_back(c.expr.args[0], c.expr.args[1]);
                } else if (within(rhs, have) && within(lhs, piece.slots)) {
                    piece.keys.emplace_back(c.expr.args[1], c.expr.args[0]);
                }
            }
            if (piece.keys.empty()) {
                e.cost += e.rows * piece.e.cost;  // a Cartesian product, as the plain plan
                e.rows *= piece.e.rows;
            } else {
                any_key = true;
                e.cost += piece.e.cost;
                e.rows *= piece.e.rows * key_selectivity;
                e.cost += e.rows;
            }
            have.insert(piece.slots.begin(), piece.slots.end());
        }
        joined_cost = e.cost;
    }
    if (any_key && joined_cost < switch_ratio * std::min(plain_cost, costed.cost)) {
        emit(pieces[0].model, pieces[0].steps, plan, bound, match_rels);
        for (std::size_t k = 1; k < pieces.size(); ++k) {
            Piece& piece = pieces[k];
            if (piece.keys.empty()) {
                emit(piece.model, piece.steps, plan, bound, match_rels);
                continue;
            }
            PlanPtr side = make_node(Kind::Argument);
            std::set<int> side_bound;
            std::vector<int> side_rels;
            emit(piece.model, piece.steps, side, side_bound, side_rels);
            HashJoinArgs args;
            for (auto& [probe_key, build_key] : piece.keys) {
                args.probe_keys.push_back(std::move(probe_key));
                args.build_keys.push_back(std::move(build_key));
            }
            args.copied_slots.assign(piece.slots.begin(), piece.slots.end());
            plan = make_node(Kind::HashJoin, {plan, side}, std::move(args));
            // Relationship uniqueness across the sides, where one edge could be both.
            std::vector<Expr> differ;
            for (const GraphRel& mine : piece.model.rels) {
                for (const GraphRel& theirs : m.rels) {
                    if (std::find(match_rels.begin(), match_rels.end(), theirs.slot) ==
                            match_rels.end() ||
                        !may_share_edges(*mine.rp, *theirs.rp)) {
                        continue;
                    }
                    differ.push_back(comparison({CompareOp::Ne},
                                                {slot_ref(theirs.slot), slot_ref(mine.slot)}, {}));
                }
            }
            if (!differ.empty()) {
                plan = make_node(Kind::Filter, {plan}, FilterArgs{and_all(std::move(differ))});
            }
            bound.insert(side_bound.begin(), side_bound.end());
            match_rels.insert(match_rels.end(), side_rels.begin(), side_rels.end());
            apply_to(plan, bound, false);
        }
    } else {
        if (!(costed.cost < switch_ratio * plain_cost)) return false;
        emit(m, steps, plan, bound, match_rels);
    }
    for (std::size_t p : chains) {
        const PatternPart& part = *parts[p];
        if (!part.path_variable) continue;
        const PartSlots& ps = slots[p];
        const int path_slot = scope.at(*part.path_variable).slot;
        plan = make_node(Kind::Project, {plan}, ProjectArgs{{path_slot}, {path_of(part, ps)}});
        bound.insert(path_slot);
        apply_to(plan, bound, false);
    }
    return true;
}

}  // namespace caspian::query::plan
