// EXPLAIN's rendering of a plan tree, one line per node by its kind, and the check that a node
// holds the arguments of its kind.
#include "query/plan/plan.hpp"

namespace caspian::query::plan {

namespace {

std::string var(const std::vector<std::string>& names, int slot) {
    if (slot < 0 || std::size_t(slot) >= names.size() || names[std::size_t(slot)].empty()) {
        return "_" + std::to_string(slot);
    }
    return names[std::size_t(slot)];
}

std::string types_text(const std::vector<std::string>& types) {
    std::string text;
    for (std::size_t i = 0; i < types.size(); ++i)
        text += (i ? "|" : ":") + types[i];
    return text;
}

std::string slots_text(const std::vector<int>& slots, const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < slots.size(); ++i)
        text += (i ? ", " : "") + var(names, slots[i]);
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

// A SKIP or LIMIT count: a constant, a parameter, or an expression of them.
std::string count_text(const Expr& e) {
    if (e.op == Op::Constant) return to_literal(e.as<ConstantExpr>().value);
    if (e.op == Op::Parameter) return "$" + e.as<ParameterExpr>().name;
    return "expr";
}

// A join key: `v.year` or a variable; anything else is "expr".
std::string key_text(const Expr& e, const std::vector<std::string>& names) {
    if (e.op == Op::Slot) return var(names, slot_of(e));
    if (e.op == Op::Property && e.args.size() == 1 && e.args[0].op == Op::Slot) {
        return var(names, slot_of(e.args[0])) + "." + e.as<PropertyExpr>().key;
    }
    return "expr";
}

// Conditions `n.p <op> x` the executor compares on the record a node scan hands over in a
// read-only statement (exec/filter.cpp, issue #8), as " (n.p, ... on the scanned records)".
void comparisons(const Expr& e, int slot, const std::vector<std::string>& names, std::string& out) {
    if (e.op == Op::And && e.span.length == 0 && e.args.size() == 2) {  // the planner's AND
        comparisons(e.args[0], slot, names, out);
        comparisons(e.args[1], slot, names, out);
    } else if (binary_compare_op(e) && e.args.size() == 2 && e.args[0].op == Op::Property &&
               e.args[0].args.size() == 1 && slot_of(e.args[0].args[0]) == slot) {
        out +=
            (out.empty() ? "" : ", ") + var(names, slot) + "." + e.args[0].as<PropertyExpr>().key;
    }
}

std::string record_comparisons(const PlanNode& filter, const std::vector<std::string>& names) {
    if (filter.children.size() != 1 || filter.children[0]->kind != Kind::AllNodesScan) return {};
    std::string out;
    comparisons(filter.as<FilterArgs>().predicate, filter.children[0]->as<ScanArgs>().slot, names,
                out);
    return out.empty() ? out : " (" + out + " on the scanned records)";
}

// " (DISTINCT m needs no set)" for the DISTINCT aggregates whose input the optimizer proved
// distinct (optimizer/prune_var_expand.cpp); empty otherwise.
std::string distinct_inputs(const AggregateArgs& agg, const std::vector<std::string>& names) {
    std::string out;
    for (const Aggregation& a : agg.aggregations) {
        if (a.distinct_input) out += (out.empty() ? " (DISTINCT " : ", ") + key_text(a.arg, names);
    }
    return out.empty() ? out : out + " needs no set)";
}

void render(const PlanNode& n, const std::vector<std::string>& names, int depth,
            const std::function<std::string(const PlanNode&)>& annotate, std::string& out) {
    out += std::string(std::size_t(depth) * 2, ' ') + n.describe(names);
    if (annotate) out += annotate(n);
    out += "\n";
    for (const auto& child : n.children)
        render(*child, names, depth + 1, annotate, out);
}

}  // namespace

std::string PlanNode::describe(const std::vector<std::string>& names) const {
    switch (kind) {
        case Kind::Argument:
            return "Argument";
        case Kind::EmptyRow:
            return "EmptyRow";
        case Kind::AllNodesScan:
            return "AllNodesScan (" + var(names, as<ScanArgs>().slot) + ")";
        case Kind::LabelScan: {
            const auto& a = as<ScanArgs>();
            return "LabelScan (" + var(names, a.slot) + ":" + a.label + ")";
        }
        case Kind::KeyLookup:
            return "KeyLookup (" + var(names, as<KeyLookupArgs>().slot) + ") by key";
        case Kind::IndexSeek: {
            const auto& a = as<IndexSeekArgs>();
            return "IndexSeek (" + var(names, a.slot) + ":" + a.label + ") on " + a.property;
        }
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
            return "Filter" + record_comparisons(*this, names);
        case Kind::Apply:
            return "Apply";
        case Kind::OptionalApply:
            return "OptionalApply (" + slots_text(as<OptionalApplyArgs>().slots, names) + ")";
        case Kind::Project:
            return "Project (" + slots_text(as<ProjectArgs>().slots, names) + ")";
        case Kind::Aggregate: {
            const auto& a = as<AggregateArgs>();
            const std::string groups = "Aggregate (group by: " + slots_text(a.slots, names);
            if (a.carry_all || a.carry_slots.empty()) {
                return groups + ")" + distinct_inputs(a, names);
            }
            return groups + "; carries: " + slots_text(a.carry_slots, names) + ")" +
                   distinct_inputs(a, names);
        }
        case Kind::Distinct:
            return "Distinct (" + slots_text(as<DistinctArgs>().slots, names) + ")";
        case Kind::Sort: {
            const auto& a = as<SortArgs>();
            if (!a.limit) return "Sort";
            return "Sort (top " + count_text(*a.limit) +
                   (a.skip ? " after skipping " + count_text(*a.skip) : "") + ")";
        }
        case Kind::Skip:
            return "Skip";
        case Kind::Limit:
            return "Limit";
        case Kind::Unwind:
            return "Unwind (" + var(names, as<UnwindArgs>().slot) + ")";
        case Kind::Create:
            return "Create";
        case Kind::SetItems:
            return "Set";
        case Kind::Delete:
            return as<DeleteArgs>().detach ? "DetachDelete" : "Delete";
        case Kind::Merge:
            return "Merge";
        case Kind::Call:
            return "Call " + as<CallArgs>().procedure;
        case Kind::HashJoin: {
            const auto& a = as<HashJoinArgs>();
            std::string keys = var(names, a.probe_slot) + " = " + var(names, a.build_slot);
            for (std::size_t i = 0; i < a.probe_keys.size() && i < a.build_keys.size(); ++i)
                keys += ", " + key_text(a.probe_keys[i], names) + " = " +
                        key_text(a.build_keys[i], names);
            return std::string(a.semi ? "HashSemiJoin (" : "HashJoin (") + keys + ")";
        }
        case Kind::ShortestPath: {
            const auto& a = as<ShortestPathArgs>();
            return std::string(a.all ? "AllShortestPaths " : "ShortestPath ") +
                   rel_text(a.from_slot, a.rel_slot, a.to_slot, a.types, a.direction, "", names);
        }
        case Kind::Eager:
            return "Eager";
        case Kind::Union:
            return as<UnionArgs>().distinct ? "Union" : "UnionAll";
        case Kind::Degree: {
            const auto& a = as<DegreeArgs>();
            return "Degree (" + var(names, a.from_slot) + ")" +
                   (a.direction == Direction::Left ? "<-" : "-") + "[" + types_text(a.types) + "]" +
                   (a.direction == Direction::Right ? "->" : "-") + "()";
        }
        case Kind::CountStore: {
            const auto& a = as<CountStoreArgs>();
            if (!a.edges)
                return "NodeCountFromStore (" + (a.label.empty() ? "" : ":" + a.label) + ")";
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

std::string explain(const PlanNode& root, const std::vector<std::string>& slot_names,
                    const std::function<std::string(const PlanNode&)>& annotate) {
    std::string out;
    render(root, slot_names, 0, annotate, out);
    return out;
}

}  // namespace caspian::query::plan
