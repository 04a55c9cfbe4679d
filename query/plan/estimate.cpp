// The estimate pass (issue #20): one walk over the finished plan, each operator's rows from its
// inputs' by cardinality.cpp's model. Defaults where the statistics say nothing are those of
// System R (1/3 for a range, 1/10 for other conditions) and keep estimates above zero.
#include "query/plan/estimate.hpp"

#include "graph/property_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace caspian::query::plan {

namespace {

constexpr double range_fraction = 1.0 / 3;
constexpr double default_fraction = 0.1;
constexpr double unbounded_hops = 5;  // where `*` stops being counted
constexpr double default_list_size = 10;

class Estimator {
public:
    explicit Estimator(const graph::GraphReader& stats) : stats_(stats) {}

    // A copy of n with its estimate and its children's, run seeded with `seeds` rows.
    std::shared_ptr<PlanNode> visit(const PlanNode& n, double seeds) {
        note_labels(n);
        auto out = std::make_shared<PlanNode>(n);
        // Children in order: the right side of an Apply runs once per left row.
        std::vector<double> rows;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            double seed = seeds;
            if (i == 1 && runs_per_left_row(n.kind)) seed = rows[0];
            auto child = visit(*n.children[i], seed);
            rows.push_back(child->estimated_rows);
            out->children[i] = std::move(child);
        }
        out->estimated_rows = std::max(0.0, rows_of(n, seeds, rows));
        return out;
    }

private:
    static bool runs_per_left_row(Kind kind) {
        return kind == Kind::Apply || kind == Kind::OptionalApply ||
               kind == Kind::TransactionApply || kind == Kind::Merge;
    }

    double node_count() const { return double(stats_.node_count()); }

    double label_count(const std::string& label) const {
        auto id = stats_.find_name<graph::NameKind::Label>(label);
        return id ? double(stats_.label_count(*id)) : 0.0;
    }

    // The label a slot's node was found by, for the statistics of its properties.
    void note_labels(const PlanNode& n) {
        if (const auto* scan = std::get_if<ScanArgs>(&n.args); scan && !scan->label.empty()) {
            labels_.emplace(scan->slot, scan->label);
            scanned_.emplace(scan->slot, scan->label);
        } else if (n.kind == Kind::KeyLookup) {
            // A key names one node, which the pattern's labels describe: its label test keeps it.
            reached_.emplace(n.as<KeyLookupArgs>().slot, 0.0);
        } else if (const auto* seek = std::get_if<IndexSeekArgs>(&n.args)) {
            labels_.emplace(seek->slot, seek->label);
            scanned_.emplace(seek->slot, seek->label);
        } else if (const auto* filter = std::get_if<FilterArgs>(&n.args)) {
            note_labels(filter->predicate);
        } else if (const auto* expand = std::get_if<ExpandArgs>(&n.args);
                   expand && !expand->into && !expand->types.empty()) {
            reached_.emplace(expand->to_slot, far_ends(expand->types, expand->direction));
        }
    }

    // How many nodes a typed step can end at: those with an edge of the types on that side.
    double far_ends(const std::vector<std::string>& types, Direction direction) const {
        double ends = 0;
        for (const std::string& type : types) {
            auto id = stats_.find_name<graph::NameKind::Type>(type);
            if (!id) continue;
            const graph::TypeStats t = stats_.type_stats(*id);
            if (direction != Direction::Left) ends += double(t.distinct_targets);
            if (direction != Direction::Right) ends += double(t.distinct_sources);
        }
        return ends;
    }
    void note_labels(const Expr& e) {
        if (e.op == Op::And) {
            for (const Expr& a : e.args)
                note_labels(a);
        } else if (e.op == Op::HasLabels && slot_of(e.args[0]) >= 0) {
            for (const std::string& l : e.as<LabelsExpr>().labels)
                labels_.emplace(slot_of(e.args[0]), l);
        }
    }

    // `n.p` of a node whose label is known: that label; otherwise "".
    std::string label_of_property(const Expr& e) const {
        if (e.op != Op::Property || e.args.empty()) return {};
        auto it = labels_.find(slot_of(e.args[0]));
        return it == labels_.end() ? std::string() : it->second;
    }

    // The fraction of rows for which e is true.
    double selectivity(const Expr& e) const {
        switch (e.op) {
            case Op::And:
                return e.args.empty() ? 1.0 : selectivity(e.args[0]) * and_rest(e);
            case Op::Or: {
                double keep = 1;
                for (const Expr& a : e.args)
                    keep *= 1 - selectivity(a);
                return 1 - keep;
            }
            case Op::Not:
                return e.args.empty() ? 0.5 : 1 - selectivity(e.args[0]);
            case Op::HasLabels: {
                // Of the nodes a typed step reaches, or of all nodes.
                auto reached = reached_.find(slot_of(e.args[0]));
                const double domain = reached != reached_.end() ? reached->second : node_count();
                if (reached != reached_.end() && domain == 0) return 1.0;  // a key lookup's node
                auto scanned = scanned_.find(slot_of(e.args[0]));
                double s = 1;
                for (const std::string& l : e.as<LabelsExpr>().labels) {
                    if (scanned != scanned_.end() && scanned->second == l) continue;
                    s *= std::min(1.0, label_count(l) / std::max(1.0, domain));
                }
                return s;
            }
            case Op::Constant:
                return e.as<ConstantExpr>().value == Value(false) ? 0.0 : 1.0;
            case Op::IsNotNull:
            case Op::IsNull: {
                const double held = holders(e.args[0]).value_or(1 - default_fraction);
                return e.op == Op::IsNotNull ? held : 1 - held;
            }
            case Op::Compare:
                return compare_selectivity(e);
            default:
                return default_fraction;
        }
    }
    double and_rest(const Expr& e) const {
        double s = 1;
        for (std::size_t i = 1; i < e.args.size(); ++i)
            s *= selectivity(e.args[i]);
        return s;
    }

    // The fraction of a label's nodes holding the property `n.p` reads, from the statistics.
    std::optional<double> holders(const Expr& property) const {
        const std::string label = label_of_property(property);
        if (label.empty()) return std::nullopt;
        auto label_id = stats_.find_name<graph::NameKind::Label>(label);
        auto prop = stats_.find_name<graph::NameKind::Property>(property.as<PropertyExpr>().key);
        if (!label_id || !prop) return std::nullopt;
        auto s = graph::property_stats(stats_, *label_id, *prop);
        if (!s) return std::nullopt;
        return double(s->nodes) /
               double(std::max<std::uint64_t>(s->nodes, stats_.label_count(*label_id)));
    }

    double compare_selectivity(const Expr& e) const {
        const std::optional<CompareOp> op = binary_compare_op(e);
        if (!op) return range_fraction;  // a < b < c
        if (*op != CompareOp::Eq && *op != CompareOp::Ne) return range_fraction;
        std::optional<double> eq;
        for (const Expr& side : e.args) {
            const std::string label = label_of_property(side);
            if (label.empty()) continue;
            eq = equality_fraction(stats_, label, side.as<PropertyExpr>().key);
            if (eq) break;
        }
        const double s = eq.value_or(default_fraction);
        return *op == CompareOp::Eq ? s : 1 - s;
    }

    // How many different values slots take at most: nodes of their label, or rows.
    double distinct_rows(const std::vector<int>& slots, double input) const {
        double domain = 1;
        for (int slot : slots) {
            auto it = labels_.find(slot);
            if (it == labels_.end()) return input;
            domain *= label_count(it->second);
        }
        return std::min(input, domain);
    }

    double groups(const AggregateArgs& a, double seeds, double input) const {
        if (a.keys.empty()) return seeds;  // one row per seed, even without input
        if (a.row_key >= 0) return input;
        double domain = 1;
        for (const Expr& key : a.keys) {
            if (auto it = labels_.find(slot_of(key)); it != labels_.end()) {
                domain *= label_count(it->second);
            } else if (const std::string label = label_of_property(key); !label.empty()) {
                auto fraction = equality_fraction(stats_, label, key.as<PropertyExpr>().key);
                domain *= fraction ? 1 / std::max(*fraction, 1e-12) : std::sqrt(input);
            } else {
                domain *= std::sqrt(std::max(input, 1.0));  // a guess: many rows per group
            }
        }
        return std::min(input, std::max(domain, input > 0 ? 1.0 : 0.0));
    }

    // A constant count (SKIP, LIMIT); nullopt for a parameter or expression.
    static std::optional<double> constant_count(const Expr& e) {
        if (e.op != Op::Constant || e.as<ConstantExpr>().value.kind() != ValueKind::Int)
            return std::nullopt;
        return double(e.as<ConstantExpr>().value.as_int());
    }

    // The length of range(a, b[, step]) of constant integers.
    static std::optional<double> range_size(const Expr& e) {
        if (e.op != Op::Call || e.as<CallExpr>().name != "range" || e.args.size() < 2) {
            return std::nullopt;
        }
        std::vector<double> v;
        for (const Expr& a : e.args) {
            auto c = constant_count(a);
            if (!c) return std::nullopt;
            v.push_back(*c);
        }
        const double step = v.size() > 2 ? v[2] : 1;
        if (step == 0) return std::nullopt;
        return std::max(0.0, std::floor((v[1] - v[0]) / step) + 1);
    }

    double var_expand(const VarExpandArgs& a, double input) const {
        const double f = step_fan_out(stats_, a.types, a.direction);
        const double last =
            a.max_hops < 0 ? double(a.min_hops) + unbounded_hops : double(a.max_hops);
        double total = 0;
        for (double h = double(a.min_hops); h <= last; ++h)
            total += std::pow(f, h);
        return input * total;
    }

    double rows_of(const PlanNode& n, double seeds, const std::vector<double>& rows) const {
        const double input = rows.empty() ? seeds : rows[0];
        switch (n.kind) {
            case Kind::AllNodesScan:
                return seeds * node_count();
            case Kind::LabelScan:
                return seeds * label_count(n.as<ScanArgs>().label);
            case Kind::KeyLookup:
                return seeds * std::min(1.0, node_count());
            case Kind::IndexSeek: {
                const auto& a = n.as<IndexSeekArgs>();
                const double count = label_count(a.label);
                if (a.lower && a.upper && a.lower->span.offset == a.upper->span.offset) {
                    auto eq = equality_fraction(stats_, a.label, a.property);
                    return seeds * count * eq.value_or(default_fraction);
                }
                return seeds * count * range_fraction;
            }
            case Kind::Expand: {
                const auto& a = n.as<ExpandArgs>();
                const double f = step_fan_out(stats_, a.types, a.direction);
                // Into: the edges to one given node, of all those it might reach.
                return a.into ? input * std::min(1.0, f) : input * f;
            }
            case Kind::VarExpand:
                return var_expand(n.as<VarExpandArgs>(), input);
            case Kind::PruningExpand:
                return std::min(var_expand(n.as<VarExpandArgs>(), input), input * node_count());
            case Kind::ShortestPath:
                return input;
            case Kind::Filter:
                return input * selectivity(n.as<FilterArgs>().predicate);
            case Kind::Apply:
            case Kind::TransactionApply:
                return rows.size() > 1 ? rows[1] : input;
            case Kind::OptionalApply:
                return rows.size() > 1 ? std::max(input, rows[1]) : input;
            case Kind::Aggregate:
                return groups(n.as<AggregateArgs>(), seeds, input);
            case Kind::Distinct:
                return distinct_rows(n.as<DistinctArgs>().slots, input);
            case Kind::Sort: {
                const auto& a = n.as<SortArgs>();
                std::optional<double> keep = a.limit ? constant_count(*a.limit) : std::nullopt;
                if (keep && a.skip) keep = *keep + constant_count(*a.skip).value_or(0);
                return keep ? std::min(input, *keep) : input;
            }
            case Kind::Skip: {
                auto count = constant_count(n.as<CountArgs>().count);
                return count ? std::max(0.0, input - *count) : input;
            }
            case Kind::Limit: {
                auto count = constant_count(n.as<CountArgs>().count);
                return count ? std::min(input, *count) : input;
            }
            case Kind::Unwind: {
                const Expr& list = n.as<UnwindArgs>().list;
                double size = default_list_size;
                if (list.op == Op::List) size = double(list.args.size());
                if (list.op == Op::Constant &&
                    list.as<ConstantExpr>().value.kind() == ValueKind::List) {
                    size = double(list.as<ConstantExpr>().value.as_list().size());
                }
                return input * range_size(list).value_or(size);
            }
            case Kind::HashJoin: {
                if (rows.size() < 2) return input;
                const auto& a = n.as<HashJoinArgs>();
                const double domain = std::max(1.0, distinct_rows({a.build_slot}, node_count()));
                // Each key beyond the node is an equality of its own.
                const double joined = input * rows[1] / domain *
                                      std::pow(default_fraction, double(a.probe_keys.size()));
                return a.semi ? std::min(input, joined) : joined;
            }
            case Kind::Union: {
                double sum = 0;
                for (double r : rows)
                    sum += r;
                return sum;
            }
            case Kind::EmptyRow:
            case Kind::Argument:
                return seeds;
            case Kind::CountStore: {
                const auto& a = n.as<CountStoreArgs>();
                return a.type_slot >= 0 ? seeds * double(std::max<std::size_t>(a.types.size(), 1))
                                        : seeds;
            }
            default:
                // Create, SetItems, Delete, Merge, Eager, Project, Produce, Degree, Call and
                // kinds added later: as many rows as come in.
                return input;
        }
    }

    const graph::GraphReader& stats_;
    std::map<int, std::string> labels_;   // slot -> a label its node has
    std::map<int, std::string> scanned_;  // slot -> the label of the scan or seek binding it
    // slot -> the nodes the typed step binding it can reach; 0: bound by a key lookup
    std::map<int, double> reached_;
};

}  // namespace

PlanPtr with_estimates(const PlanNode& root, const graph::GraphReader& stats) {
    Estimator estimator(stats);
    return estimator.visit(root, 1);
}

}  // namespace caspian::query::plan
