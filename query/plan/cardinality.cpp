// Cardinality and access choice, from the stored statistics (as Kùzu's cardinality estimator
// and cost model): fan-out of a step, rows of a label, the cost of starting a pattern at a
// node, property-index seeks and key lookups, and the scan that binds a node.
#include "query/plan/estimate.hpp"
#include "query/plan/planner_impl.hpp"

#include "graph/property_stats.hpp"

#include <algorithm>
#include <optional>

namespace caspian::query::plan {

double step_fan_out(const graph::GraphReader& stats, const std::vector<std::string>& types,
                    Direction direction) {
    if (types.empty()) {
        // Any type: the average over all nodes (every edge has a source and a target).
        const double per_node =
            double(stats.edge_count()) / double(std::max<std::uint64_t>(stats.node_count(), 1));
        return direction == Direction::Both ? 2 * per_node : per_node;
    }
    double total = 0;
    for (const std::string& type : types) {
        auto id = stats.find_name<graph::NameKind::Type>(type);
        if (!id) continue;
        const graph::TypeStats t = stats.type_stats(*id);
        const double sources = double(std::max<std::uint64_t>(t.distinct_sources, 1));
        const double targets = double(std::max<std::uint64_t>(t.distinct_targets, 1));
        if (direction != Direction::Left) total += double(t.edges) / sources;
        if (direction != Direction::Right) total += double(t.edges) / targets;
    }
    return total;
}

std::optional<double> equality_fraction(const graph::GraphReader& stats, const std::string& label,
                                        const std::string& property) {
    auto label_id = stats.find_name<graph::NameKind::Label>(label);
    auto prop = stats.find_name<graph::NameKind::Property>(property);
    if (!label_id || !prop) return std::nullopt;
    auto s = graph::property_stats(stats, *label_id, *prop);
    if (!s) return std::nullopt;
    const double holders =
        double(s->nodes) / double(std::max<std::uint64_t>(s->nodes, stats.label_count(*label_id)));
    return holders / double(std::max<std::uint64_t>(s->distinct, 1));
}

// Average number of edges of one type at a node on one side: the source side for an
// outgoing step, the target side for an incoming one (both for undirected). Untyped steps
// have no fan-out here (the start choice needs typed ones).
double Planner::fan_out(const RelPattern& rp, bool reversed) const {
    if (rp.types.empty()) return 0;
    Direction d = rp.direction;
    if (reversed && d != Direction::Both) {
        d = d == Direction::Right ? Direction::Left : Direction::Right;
    }
    return step_fan_out(stats_, rp.types, d);
}

double Planner::label_rows(const NodePattern& np) const {
    if (key_literal(np)) return 1;
    double best = double(stats_.node_count());
    for (const auto& label : np.labels) {
        auto id = stats_.find_name<graph::NameKind::Label>(label);
        best = std::min(best, id ? double(stats_.label_count(*id)) : 0.0);
    }
    return best;
}

double Planner::start_cost(const NodePattern& np, int slot, const std::set<int>& bound) const {
    if (bound.contains(slot)) return 0;
    if (key_literal(np)) return 1;
    double best = double(stats_.node_count()) + 2;
    for (const auto& label : np.labels) {
        auto id = stats_.find_name<graph::NameKind::Label>(label);
        best = std::min(best, id ? double(stats_.label_count(*id)) + 1.5 : 1.5);
    }
    return best;
}

// A property-index seek for the node at slot from a conjunct `slot.p = e` or a range
// `slot.p < e` (e not reading the row), when some label of the node has an index on p.
// Returns its estimated cost (the conjunct stays as a filter: the index gives candidates).
double Planner::index_seek(const NodePattern& np, int slot, const std::vector<Conjunct>& conjuncts,
                           std::shared_ptr<PlanNode>& out) const {
    double best = 1e300;
    for (const std::string& label : np.labels) {
        auto label_id = stats_.find_name<graph::NameKind::Label>(label);
        if (!label_id) continue;
        for (const Conjunct& c : conjuncts) {
            const Expr& e = c.expr;
            const std::optional<CompareOp> compare = binary_compare_op(e);
            if (!compare || c.wait_for_all) continue;
            const Expr& lhs = e.args[0];
            if (lhs.op != Op::Property || slot_of(lhs.args[0]) != slot) continue;
            const std::string& key = lhs.as<PropertyExpr>().key;
            std::set<int> needs, local;
            bool sub = false;
            free_slots(e.args[1], needs, local, sub);
            if (!needs.empty() || sub) continue;
            auto prop_id = stats_.find_name<graph::NameKind::Property>(key);
            if (!prop_id || !stats_.has_index(*label_id, *prop_id)) continue;
            const CompareOp op = *compare;
            if (op == CompareOp::Ne) continue;
            const double cost =
                op == CompareOp::Eq ? 1.2 : double(stats_.label_count(*label_id)) / 3 + 1.4;
            if (cost >= best) continue;
            best = cost;
            IndexSeekArgs seek{slot, label, key, std::nullopt, std::nullopt};
            if (op == CompareOp::Eq || op == CompareOp::Gt || op == CompareOp::Ge) {
                seek.lower = e.args[1];
            }
            if (op == CompareOp::Eq || op == CompareOp::Lt || op == CompareOp::Le) {
                seek.upper = e.args[1];
            }
            out = make_node(Kind::IndexSeek, {}, std::move(seek));
        }
    }
    return best;
}

std::optional<double> Planner::equality_selectivity(const NodePattern& np, int slot,
                                                    const std::vector<Conjunct>& conjuncts) const {
    std::optional<double> out;
    for (const Conjunct& c : conjuncts) {
        const Expr& e = c.expr;
        if (c.applied || c.wait_for_all || binary_compare_op(e) != CompareOp::Eq) continue;
        const Expr& lhs = e.args[0];
        if (lhs.op != Op::Property || slot_of(lhs.args[0]) != slot) continue;
        std::set<int> needs, local;
        bool sub = false;
        free_slots(e.args[1], needs, local, sub);
        auto prop = stats_.find_name<graph::NameKind::Property>(lhs.as<PropertyExpr>().key);
        if (!needs.empty() || sub || !prop) continue;
        for (const std::string& label : np.labels) {
            const std::optional<double> s =
                equality_fraction(stats_, label, lhs.as<PropertyExpr>().key);
            if (!s) continue;
            out = std::min(out.value_or(1.0), *s);
        }
    }
    return out;
}

std::size_t Planner::costed_start(const PatternPart& part, const PartSlots& ps,
                                  const std::vector<Conjunct>& conjuncts,
                                  std::size_t fallback) const {
    const std::size_t n = ps.nodes.size();
    std::vector<double> keep(n, 1.0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
        const NodePattern& np = i == 0 ? part.start : part.steps[i - 1].node;
        if (auto s = equality_selectivity(np, ps.nodes[i], conjuncts)) {
            keep[i] = *s;
            any = true;
        }
    }
    for (const PatternStep& step : part.steps) {
        // Fan-outs are known for typed single steps only.
        if (step.rel.types.empty() || step.rel.length) return fallback;
    }
    if (!any) return fallback;
    auto cost_from = [&](std::size_t start) {
        const NodePattern& np = start == 0 ? part.start : part.steps[start - 1].node;
        // Rows read: the scan's, then each expand's before its end node's conditions.
        double cost = label_rows(np);
        double rows = cost * keep[start];
        for (std::size_t i = start; i + 1 < n; ++i) {
            rows *= fan_out(part.steps[i].rel, false);
            cost += rows;
            rows *= keep[i + 1];
        }
        for (std::size_t i = start; i > 0; --i) {
            rows *= fan_out(part.steps[i - 1].rel, true);
            cost += rows;
            rows *= keep[i - 1];
        }
        return cost;
    };
    std::size_t best = fallback;
    double best_cost = cost_from(fallback);
    for (std::size_t i = 0; i < n; ++i) {
        const double cost = cost_from(i);
        if (cost < best_cost) {
            best_cost = cost;
            best = i;
        }
    }
    return best;
}

const AstExpr* Planner::key_literal(const NodePattern& np) {
    if (!np.properties || np.properties->kind != ExprKind::Map) return nullptr;
    for (std::size_t i = 0; i < np.properties->keys.size(); ++i) {
        if (np.properties->keys[i] == graph::key_property) return np.properties->args[i].get();
    }
    return nullptr;
}

// A KeyLookup finds exactly the node whose key equals the value (nothing for a non-string):
// the pattern's `{key: v}` condition needs no re-check, which saves reading the node's record
// (issue #8). Optimisation only.
void Planner::drop_key_condition(const NodePattern& np, int slot,
                                 std::vector<Conjunct>& conjuncts) {
    const AstExpr* key = key_literal(np);
    if (key == nullptr) return;
    for (Conjunct& c : conjuncts) {
        const Expr& e = c.expr;
        if (c.applied || binary_compare_op(e) != CompareOp::Eq ||
            e.span.offset != key->span.offset || e.span.length != key->span.length) {
            continue;
        }
        const Expr& lhs = e.args[0];
        if (lhs.op == Op::Property && lhs.as<PropertyExpr>().key == graph::key_property &&
            slot_of(lhs.args[0]) == slot) {
            c.applied = true;
            return;
        }
    }
}

// A LabelScan yields only nodes with its label: the pattern's label condition need not test
// that label again (its other labels stay; a WHERE n:Label is left as written). Optimisation
// only.
void Planner::drop_scanned_label(const NodePattern& np, int slot, const std::string& label,
                                 std::vector<Conjunct>& conjuncts) {
    for (Conjunct& c : conjuncts) {
        const Expr& e = c.expr;
        if (c.applied || e.op != Op::HasLabels || e.span.offset != np.span.offset ||
            e.span.length != np.span.length || slot_of(e.args[0]) != slot) {
            continue;
        }
        std::vector<std::string> rest;
        for (const std::string& l : e.as<LabelsExpr>().labels) {
            if (l != label) rest.push_back(l);
        }
        if (rest.empty()) {
            c.applied = true;
        } else {
            c.expr = make_expr(Op::HasLabels, LabelsExpr{std::move(rest)}, {e.args[0]}, e.span);
        }
        return;
    }
}

std::shared_ptr<PlanNode> Planner::scan_for(const NodePattern& np, int slot, const Scope& scope,
                                            BindContext ctx) {
    if (const AstExpr* key = key_literal(np)) {
        return make_node(Kind::KeyLookup, {}, KeyLookupArgs{slot, bind(*key, scope, nullptr, ctx)});
    }
    std::optional<std::string> label;
    double best = 1e300;
    for (const auto& l : np.labels) {
        auto id = stats_.find_name<graph::NameKind::Label>(l);
        const double count = id ? double(stats_.label_count(*id)) : 0;
        if (count < best) {
            best = count;
            label = l;
        }
    }
    return make_node(label ? Kind::LabelScan : Kind::AllNodesScan, {},
                     ScanArgs{slot, label.value_or(""), std::nullopt});
}

}  // namespace caspian::query::plan
