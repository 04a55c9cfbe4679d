// EXPLAIN's rendering of a plan tree, one line per node by its kind, and the check that a node
// holds the arguments of its kind.
#include "query/plan/plan.hpp"
#include "query/ast_print.hpp"
#include "query/plan/expr_print.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace caspian::query::plan {

namespace {

std::string var(const std::vector<std::string>& names, int slot) {
    return slot_name(names, slot);
}

std::string types_text(const std::vector<std::string>& types) {
    std::string text;
    for (std::size_t i = 0; i < types.size(); ++i)
        text += (i ? "|" : ":") + schema_name_text(types[i]);
    return text;
}

std::string slots_text(const std::vector<int>& slots, const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < slots.size(); ++i)
        text += (i ? ", " : "") + var(names, slots[i]);
    return text;
}

// "n.name AS name" for slot = expr, or just "n.name" when the slot is named after its text.
std::string item_text(int slot, const Expr& e, const std::vector<std::string>& names) {
    const std::string text = to_text(e, names);
    const std::string name = var(names, slot);
    return text == name ? text : text + " AS " + name;
}

std::string items_text(const std::vector<int>& slots, const std::vector<Expr>& exprs,
                       const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < slots.size() && i < exprs.size(); ++i)
        text += (i ? ", " : "") + item_text(slots[i], exprs[i], names);
    return text;
}

std::string exprs_text(const std::vector<Expr>& exprs, const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < exprs.size(); ++i)
        text += (i ? ", " : "") + to_text(exprs[i], names);
    return text;
}

// (a)-[r:T*1..3]->(b); hops is "" for a single step.
std::string rel_text(int from, int rel, int to, const std::vector<std::string>& types,
                     Direction direction, const std::string& hops,
                     const std::vector<std::string>& names) {
    const std::string left = direction == Direction::Left ? "<-" : "-";
    const std::string right = direction == Direction::Right ? "->" : "-";
    return "(" + var(names, from) + ")" + left + "[" + var(names, rel) + types_text(types) + hops +
           "]" + right + "(" + var(names, to) + ")";
}

std::string hops_text(std::int64_t min_hops, std::int64_t max_hops) {
    return "*" + std::to_string(min_hops) + ".." +
           (max_hops < 0 ? std::string() : std::to_string(max_hops));
}

std::string expand_text(const ExpandArgs& a, const std::string& hops,
                        const std::vector<std::string>& names) {
    return rel_text(a.from_slot, a.rel_slot, a.to_slot, a.types, a.direction, hops, names);
}

// Conditions `x.p <op> y` the executor compares on the stored records the operator below reads
// in a read-only statement, as "; x.p, ... on the scanned records": a node scan's (any y,
// exec/filter.cpp, issue #8), an Expand's edge records (y fixed for the statement, issue #20).
void comparisons(const Expr& e, int slot, bool fixed_only, const std::vector<std::string>& names,
                 std::string& out) {
    if (e.op == Op::And && e.span.length == 0 && e.args.size() == 2) {  // the planner's AND
        comparisons(e.args[0], slot, fixed_only, names, out);
        comparisons(e.args[1], slot, fixed_only, names, out);
    } else if (compared_property_slot(e) == slot && (!fixed_only || is_fixed_operand(e.args[1]))) {
        out +=
            (out.empty() ? "" : ", ") + var(names, slot) + "." + e.args[0].as<PropertyExpr>().key;
    }
}

std::string record_comparisons(const PlanNode& filter, const std::vector<std::string>& names) {
    if (filter.children.size() != 1) return {};
    const PlanNode& below = *filter.children[0];
    const Expr& predicate = filter.as<FilterArgs>().predicate;
    std::string out;
    if (below.kind == Kind::AllNodesScan) {
        comparisons(predicate, below.as<ScanArgs>().slot, false, names, out);
        return out.empty() ? out : "; " + out + " on the scanned records";
    }
    if (below.kind == Kind::Expand && below.as<ExpandArgs>().rel_slot >= 0) {
        comparisons(predicate, below.as<ExpandArgs>().rel_slot, true, names, out);
        return out.empty() ? out : "; " + out + " on the expanded edges' records";
    }
    return {};
}

// count(DISTINCT n.x), count(*), percentileCont(x, 0.5).
std::string aggregation_text(const Aggregation& a, const std::vector<std::string>& names) {
    if (a.star) return a.function + "(*)";
    std::string text = a.function + "(" + (a.distinct ? "DISTINCT " : "") + to_text(a.arg, names);
    for (const Expr& extra : a.extra_args)
        text += ", " + to_text(extra, names);
    return text + ")";
}

std::string aggregate_text(const AggregateArgs& a, const std::vector<std::string>& names) {
    std::vector<std::string> parts;
    if (!a.slots.empty()) parts.push_back("group by: " + items_text(a.slots, a.keys, names));
    std::string aggregates;
    for (const Aggregation& g : a.aggregations)
        aggregates += (aggregates.empty() ? "" : ", ") + aggregation_text(g, names);
    if (!aggregates.empty()) parts.push_back("aggregates: " + aggregates);
    if (!a.carry_all && !a.carry_slots.empty())
        parts.push_back("carries: " + slots_text(a.carry_slots, names));
    std::string text = "Aggregate (";
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i ? "; " : "") + parts[i];
    text += ")";
    // The DISTINCT aggregates whose input the optimizer proved distinct
    // (optimizer/prune_var_expand.cpp) run without a set of seen values.
    std::string distinct;
    for (const Aggregation& g : a.aggregations) {
        if (g.distinct_input)
            distinct += (distinct.empty() ? " (DISTINCT " : ", ") + to_text(g.arg, names);
    }
    if (!distinct.empty()) text += distinct + " needs no set)";
    if (a.row_key >= 0) {
        text += " (a group per " + to_text(a.keys[std::size_t(a.row_key)], names) + ", no table)";
    }
    return text;
}

std::string sort_text(const SortArgs& a, const std::vector<std::string>& names) {
    std::string text = "Sort (";
    for (std::size_t i = 0; i < a.keys.size(); ++i)
        text += (i ? ", " : "") + to_text(a.keys[i].expr, names) +
                (a.keys[i].descending ? " DESC" : "");
    if (a.limit) {
        text += "; top " + to_text(*a.limit, names);
        if (a.skip) text += " after skipping " + to_text(*a.skip, names);
    }
    return text + ")";
}

std::string index_seek_text(const IndexSeekArgs& a, const std::vector<std::string>& names) {
    std::string text = "IndexSeek (" + var(names, a.slot) + ":" + schema_name_text(a.label) +
                       ") on " + schema_name_text(a.property);
    const std::string lower = a.lower ? to_text(*a.lower, names) : "";
    const std::string upper = a.upper ? to_text(*a.upper, names) : "";
    if (a.lower && a.upper && lower == upper) return text + " = " + lower;
    if (a.lower) text += " >= " + lower;
    if (a.upper) text += std::string(a.lower ? " and" : "") + " <= " + upper;
    return text;
}

// Properties of a node or relationship to create: absent (a bare constant), a map or $param.
std::string properties_text(const Expr& e, const std::vector<std::string>& names) {
    return e.op == Op::Constant ? "" : " " + to_text(e, names);
}

// A CREATE or MERGE pattern: each relationship with its ends, then the lone nodes; a node is
// written in full (labels, properties) the first time only.
std::string create_item_text(const CreateItem& item, const std::vector<std::string>& names) {
    std::vector<int> written;
    const auto node_text = [&](int slot) {
        const std::string name = slot < 0 || std::size_t(slot) >= names.size()
                                     ? std::string()
                                     : names[std::size_t(slot)];
        const bool again = std::find(written.begin(), written.end(), slot) != written.end();
        for (const CreateNode& n : item.nodes) {
            if (n.slot != slot || n.bound || again) continue;
            written.push_back(slot);
            std::string labels;
            for (const std::string& label : n.labels)
                labels += ":" + schema_name_text(label);
            return "(" + name + labels + properties_text(n.properties, names) + ")";
        }
        return "(" + var(names, slot) + ")";
    };
    std::vector<std::string> parts;
    for (const CreateRel& r : item.rels) {
        const std::string rel_name = r.slot < 0 || std::size_t(r.slot) >= names.size()
                                         ? std::string()
                                         : names[std::size_t(r.slot)];
        std::string text = node_text(r.from_slot);
        text += "-[" + rel_name + ":" + schema_name_text(r.type) +
                properties_text(r.properties, names) + "]->";
        parts.push_back(text + node_text(r.to_slot));
    }
    for (const CreateNode& n : item.nodes) {
        if (!n.bound && std::find(written.begin(), written.end(), n.slot) == written.end())
            parts.push_back(node_text(n.slot));
    }
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i ? ", " : "") + parts[i];
    return text;
}

std::string creates_text(const std::vector<CreateItem>& items,
                         const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? ", " : "") + create_item_text(items[i], names);
    return text;
}

std::string set_ops_text(const std::vector<SetOp>& ops, const std::vector<std::string>& names) {
    std::string text;
    for (const SetOp& op : ops) {
        std::string one = to_text(op.subject, names);
        switch (op.kind) {
            case SetKind::Property:
                one += "." + schema_name_text(op.key) + " = " + to_text(op.value, names);
                break;
            case SetKind::Replace:
                one += " = " + to_text(op.value, names);
                break;
            case SetKind::Merge:
                one += " += " + to_text(op.value, names);
                break;
            case SetKind::AddLabels:
            case SetKind::RemoveLabels:
                if (op.kind == SetKind::RemoveLabels) one = "REMOVE " + one;
                for (const std::string& label : op.labels)
                    one += ":" + schema_name_text(label);
                break;
        }
        text += (text.empty() ? "" : ", ") + one;
    }
    return text;
}

std::string merge_text(const MergeArgs& a, const std::vector<std::string>& names) {
    std::string text = "Merge (" + creates_text(a.creates, names);
    if (!a.on_create.empty()) text += "; ON CREATE SET " + set_ops_text(a.on_create, names);
    if (!a.on_match.empty()) text += "; ON MATCH SET " + set_ops_text(a.on_match, names);
    return text + ")";
}

// A Filter's or semi-join's distinct_slot.
std::string once_per(int distinct_slot, const std::vector<std::string>& names) {
    return distinct_slot < 0 ? std::string() : "; once per " + var(names, distinct_slot);
}

std::string hash_join_text(const HashJoinArgs& a, const std::vector<std::string>& names) {
    // Without node slots (probe_slot < 0) the keys alone join: comma-separated parts.
    std::string keys =
        a.probe_slot < 0 ? "" : var(names, a.probe_slot) + " = " + var(names, a.build_slot);
    for (std::size_t i = 0; i < a.probe_keys.size() && i < a.build_keys.size(); ++i) {
        keys += (keys.empty() ? "" : ", ") + to_text(a.probe_keys[i], names) + " = " +
                to_text(a.build_keys[i], names);
    }
    if (a.semi && a.residual.op != Op::Constant) keys += "; WHERE " + to_text(a.residual, names);
    keys += once_per(a.distinct_slot, names);
    return std::string(a.semi ? "HashSemiJoin (" : "HashJoin (") + keys + ")";
}

void name_slot(int slot, const std::string& name, std::vector<std::string>& names) {
    if (slot < 0) return;
    if (std::size_t(slot) >= names.size()) names.resize(std::size_t(slot) + 1);
    if (names[std::size_t(slot)].empty()) names[std::size_t(slot)] = name;
}

std::string degree_pattern(const DegreeArgs& a, const std::vector<std::string>& names) {
    return "(" + var(names, a.from_slot) + ")" + (a.direction == Direction::Left ? "<-" : "-") +
           "[" + types_text(a.types) + "]" + (a.direction == Direction::Right ? "->" : "-") + "()";
}

// The slots that aggregates and the count rewrites fill are nameless: EXPLAIN names them by
// what they hold, so that the Project above shows `count(n) AS c` rather than `_4 AS c`.
void name_computed_slots(const PlanNode& n, std::vector<std::string>& names) {
    for (const auto& child : n.children)  // first: an aggregate may read a Degree's slot
        name_computed_slots(*child, names);
    if (n.kind == Kind::Aggregate) {
        for (const Aggregation& a : n.as<AggregateArgs>().aggregations)
            name_slot(a.slot, aggregation_text(a, names), names);
    } else if (n.kind == Kind::Degree) {
        const auto& a = n.as<DegreeArgs>();
        name_slot(a.count_slot, "COUNT { " + degree_pattern(a, names) + " }", names);
    } else if (n.kind == Kind::EndCount) {
        const auto& a = n.as<EndCountArgs>();
        for (int slot : a.slots)
            name_slot(slot, "count(DISTINCT " + var(names, a.step.to_slot) + ")", names);
    } else if (n.kind == Kind::CountStore) {
        const auto& a = n.as<CountStoreArgs>();
        const std::string pattern =
            a.edges ? "()-[" + types_text(a.types) + "]->()"
                    : "(" + (a.label.empty() ? "" : ":" + schema_name_text(a.label)) + ")";
        for (int slot : a.count_slots)
            name_slot(slot, "COUNT { " + pattern + " }", names);
    }
}

// n and below it, first the subqueries its expressions evaluate per row (each under a
// `Subquery #N` line, N the number its text gives them), then its inputs.
void render(const PlanNode& n, const std::vector<std::string>& names, int depth,
            const std::function<std::string(const PlanNode&)>& annotate,
            SubplanNumbering& numbering, std::string& out) {
    const std::string indent(std::size_t(depth) * 2, ' ');
    out += indent + n.describe(names);
    if (n.estimated_rows >= 0) out += "  est. " + estimate_text(n.estimated_rows);
    if (annotate) out += annotate(n);
    out += "\n";
    for (const auto& [number, plan] : numbering.take()) {
        out += indent + "  Subquery #" + std::to_string(number) + "\n";
        render(*plan, names, depth + 2, annotate, numbering, out);
    }
    for (const auto& child : n.children)
        render(*child, names, depth + 1, annotate, numbering, out);
}

}  // namespace

// One case per kind: a new kind adds its line here.
std::string PlanNode::describe(const std::vector<std::string>& names) const {
    switch (kind) {
        case Kind::Argument:
            return "Argument";
        case Kind::EmptyRow:
            return "EmptyRow";
        case Kind::AllNodesScan:
            return "AllNodesScan (" + var(names, as<ScanArgs>().slot) +
                   (as<ScanArgs>().with_edges ? "; nodes with edges)" : ")");
        case Kind::LabelScan: {
            const auto& a = as<ScanArgs>();
            return "LabelScan (" + var(names, a.slot) + ":" + schema_name_text(a.label) + ")";
        }
        case Kind::KeyLookup: {
            const auto& a = as<KeyLookupArgs>();
            return "KeyLookup (" + var(names, a.slot) + ") by key = " + to_text(a.key, names);
        }
        case Kind::IndexSeek:
            return index_seek_text(as<IndexSeekArgs>(), names);
        case Kind::Expand: {
            const auto& a = as<ExpandArgs>();
            return std::string(a.into ? "ExpandInto " : "Expand ") + expand_text(a, "", names);
        }
        case Kind::VarExpand: {
            const auto& a = as<VarExpandArgs>();
            return std::string(a.into ? "VarExpandInto " : "VarExpand ") +
                   expand_text(a, hops_text(a.min_hops, a.max_hops), names);
        }
        case Kind::PruningExpand: {
            const auto& a = as<VarExpandArgs>();
            return "PruningVarExpand " + expand_text(a, hops_text(a.min_hops, a.max_hops), names);
        }
        case Kind::Filter:
            return "Filter (" + to_text(as<FilterArgs>().predicate, names) +
                   record_comparisons(*this, names) +
                   once_per(as<FilterArgs>().distinct_slot, names) + ")";
        case Kind::Apply:
            return "Apply";
        case Kind::OptionalApply:
            return "OptionalApply (" + slots_text(as<OptionalApplyArgs>().slots, names) + ")";
        case Kind::TransactionApply:
            return "TransactionApply (batch " +
                   to_text(as<TransactionApplyArgs>().batch_rows, names) + ")";
        case Kind::Project: {
            const auto& a = as<ProjectArgs>();
            return "Project (" + items_text(a.slots, a.exprs, names) + ")";
        }
        case Kind::Aggregate:
            return aggregate_text(as<AggregateArgs>(), names);
        case Kind::Distinct:
            return "Distinct (" + slots_text(as<DistinctArgs>().slots, names) + ")";
        case Kind::Sort:
            return sort_text(as<SortArgs>(), names);
        case Kind::Skip:
            return "Skip (" + to_text(as<CountArgs>().count, names) + ")";
        case Kind::Limit:
            return "Limit (" + to_text(as<CountArgs>().count, names) + ")";
        case Kind::Unwind: {
            const auto& a = as<UnwindArgs>();
            return "Unwind (" + to_text(a.list, names) + " AS " + var(names, a.slot) + ")";
        }
        case Kind::Create:
            return "Create (" + creates_text(as<CreateArgs>().items, names) + ")";
        case Kind::SetItems:
            return "Set (" + set_ops_text(as<SetArgs>().items, names) + ")";
        case Kind::Delete: {
            const auto& a = as<DeleteArgs>();
            return std::string(a.detach ? "DetachDelete (" : "Delete (") +
                   exprs_text(a.targets, names) + ")";
        }
        case Kind::Merge:
            return merge_text(as<MergeArgs>(), names);
        case Kind::Call: {
            const auto& a = as<CallArgs>();
            std::string text = "Call " + a.procedure + "(" + exprs_text(a.arguments, names) + ")";
            if (!a.slots.empty()) text += " YIELD " + slots_text(a.slots, names);
            if (a.where) text += " WHERE " + to_text(*a.where, names);
            return text;
        }
        case Kind::HashJoin:
            return hash_join_text(as<HashJoinArgs>(), names);
        case Kind::ShortestPath: {
            const auto& a = as<ShortestPathArgs>();
            return std::string(a.all ? "AllShortestPaths " : "ShortestPath ") +
                   rel_text(a.from_slot, a.rel_slot, a.to_slot, a.types, a.direction, "", names);
        }
        case Kind::Eager:
            return "Eager";
        case Kind::Union:
            return as<UnionArgs>().distinct ? "Union" : "UnionAll";
        case Kind::Degree:
            return "Degree " + degree_pattern(as<DegreeArgs>(), names);
        case Kind::EndCount: {
            const auto& a = as<EndCountArgs>();
            return "DistinctEndCount " +
                   expand_text(a.step, hops_text(a.step.min_hops, a.step.max_hops), names) +
                   (a.exclude_start ? " without the start" : "") + " AS " +
                   slots_text(a.slots, names);
        }
        case Kind::CountStore: {
            const auto& a = as<CountStoreArgs>();
            if (!a.edges) {
                return "NodeCountFromStore (" +
                       (a.label.empty() ? "" : ":" + schema_name_text(a.label)) + ")";
            }
            return "RelationshipCountFromStore ()-[" + types_text(a.types) + "]->()" +
                   (a.type_slot >= 0 ? " per type" : "");
        }
        case Kind::Produce: {
            const auto& columns = as<ProduceArgs>().columns;
            std::string cols;
            for (std::size_t i = 0; i < columns.size(); ++i)
                cols += (i ? ", " : "") + columns[i];
            return "Produce (" + cols + ")";
        }
    }
    return "?";
}

bool args_match_kind(const PlanNode& node) {
    using std::holds_alternative;
    switch (node.kind) {
        case Kind::Argument:
        case Kind::EmptyRow:
        case Kind::Apply:
        case Kind::Eager:
            return holds_alternative<std::monostate>(node.args);
        case Kind::AllNodesScan:
        case Kind::LabelScan:
            return holds_alternative<ScanArgs>(node.args);
        case Kind::KeyLookup:
            return holds_alternative<KeyLookupArgs>(node.args);
        case Kind::IndexSeek:
            return holds_alternative<IndexSeekArgs>(node.args);
        case Kind::Expand:
            return holds_alternative<ExpandArgs>(node.args);
        case Kind::VarExpand:
        case Kind::PruningExpand:
            return holds_alternative<VarExpandArgs>(node.args);
        case Kind::ShortestPath:
            return holds_alternative<ShortestPathArgs>(node.args);
        case Kind::OptionalApply:
            return holds_alternative<OptionalApplyArgs>(node.args);
        case Kind::TransactionApply:
            return holds_alternative<TransactionApplyArgs>(node.args);
        case Kind::HashJoin:
            return holds_alternative<HashJoinArgs>(node.args);
        case Kind::Union:
            return holds_alternative<UnionArgs>(node.args);
        case Kind::Filter:
            return holds_alternative<FilterArgs>(node.args);
        case Kind::Project:
            return holds_alternative<ProjectArgs>(node.args);
        case Kind::Unwind:
            return holds_alternative<UnwindArgs>(node.args);
        case Kind::Aggregate:
            return holds_alternative<AggregateArgs>(node.args);
        case Kind::Distinct:
            return holds_alternative<DistinctArgs>(node.args);
        case Kind::Sort:
            return holds_alternative<SortArgs>(node.args);
        case Kind::Skip:
        case Kind::Limit:
            return holds_alternative<CountArgs>(node.args);
        case Kind::Produce:
            return holds_alternative<ProduceArgs>(node.args);
        case Kind::Degree:
            return holds_alternative<DegreeArgs>(node.args);
        case Kind::EndCount:
            return holds_alternative<EndCountArgs>(node.args);
        case Kind::CountStore:
            return holds_alternative<CountStoreArgs>(node.args);
        case Kind::Create:
            return holds_alternative<CreateArgs>(node.args);
        case Kind::SetItems:
            return holds_alternative<SetArgs>(node.args);
        case Kind::Delete:
            return holds_alternative<DeleteArgs>(node.args);
        case Kind::Merge:
            return holds_alternative<MergeArgs>(node.args);
        case Kind::Call:
            return holds_alternative<CallArgs>(node.args);
    }
    return false;
}

std::string estimate_text(double rows) {
    char buf[48];
    if (rows >= 10 || rows == std::floor(rows) || rows < 1e-12) {
        std::snprintf(buf, sizeof buf, "%.0f", rows);
        return buf;
    }
    // Two significant digits, without trailing zeros.
    const int decimals = std::min(12, 1 - int(std::floor(std::log10(rows))));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, rows);
    std::string text = buf;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

std::string explain(const PlanNode& root, const std::vector<std::string>& slot_names,
                    const std::function<std::string(const PlanNode&)>& annotate) {
    std::vector<std::string> names = slot_names;
    SubplanNumbering numbering;
    name_computed_slots(root, names);
    numbering.forget();  // each subplan goes under the operator that evaluates it
    std::string out;
    render(root, names, 0, annotate, numbering, out);
    return out;
}

}  // namespace caspian::query::plan
