// EXPLAIN's rendering of a plan tree.
#include "query/plan/plan.hpp"

namespace caspian::query::plan {

namespace {

std::string var(const std::vector<std::string>& names, int slot) {
    if (slot < 0 || std::size_t(slot) >= names.size() || names[std::size_t(slot)].empty()) {
        return "_" + std::to_string(slot);
    }
    return names[std::size_t(slot)];
}

std::string rel_text(const PlanNode& n, const std::vector<std::string>& names) {
    std::string types;
    for (std::size_t i = 0; i < n.types.size(); ++i)
        types += (i ? "|" : ":") + n.types[i];
    std::string hops;
    if (n.kind == Kind::VarExpand || n.kind == Kind::PruningExpand) {
        hops = "*" + std::to_string(n.min_hops) + ".." +
               (n.max_hops < 0 ? std::string() : std::to_string(n.max_hops));
    }
    const std::string left = n.direction == Direction::Left ? "<-" : "-";
    const std::string right = n.direction == Direction::Right ? "->" : "-";
    return "(" + var(names, n.from_slot) + ")" + left + "[" + var(names, n.rel_slot) + types +
           hops + "]" + right + "(" + var(names, n.to_slot) + ")";
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
    comparisons(filter.expr, filter.children[0]->slot, names, out);
    return out.empty() ? out : " (" + out + " on the scanned records)";
}

// " (DISTINCT m needs no set)" for the DISTINCT aggregates whose input the optimizer proved
// distinct (optimizer/prune_var_expand.cpp); empty otherwise.
std::string distinct_inputs(const PlanNode& n, const std::vector<std::string>& names) {
    std::string out;
    for (const Aggregation& a : n.aggregations) {
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
    std::string slots_text;
    for (std::size_t i = 0; i < slots.size(); ++i)
        slots_text += (i ? ", " : "") + var(names, slots[i]);
    switch (kind) {
        case Kind::Argument:
            return "Argument";
        case Kind::EmptyRow:
            return "EmptyRow";
        case Kind::AllNodesScan:
            return "AllNodesScan (" + var(names, slot) + ")";
        case Kind::LabelScan:
            return "LabelScan (" + var(names, slot) + ":" + label + ")";
        case Kind::KeyLookup:
            return "KeyLookup (" + var(names, slot) + ") by key";
        case Kind::IndexSeek:
            return "IndexSeek (" + var(names, slot) + ":" + label + ") on " + property;
        case Kind::Expand:
            return std::string(into ? "ExpandInto " : "Expand ") + rel_text(*this, names);
        case Kind::VarExpand:
            return std::string(into ? "VarExpandInto " : "VarExpand ") + rel_text(*this, names);
        case Kind::PruningExpand:
            return "PruningVarExpand " + rel_text(*this, names);
        case Kind::Filter:
            return "Filter" + record_comparisons(*this, names);
        case Kind::Apply:
            return "Apply";
        case Kind::OptionalApply:
            return "OptionalApply (" + slots_text + ")";
        case Kind::Project:
            return "Project (" + slots_text + ")";
        case Kind::Aggregate:
            if (carry_all || carry_slots.empty()) {
                return "Aggregate (group by: " + slots_text + ")" + distinct_inputs(*this, names);
            }
            return "Aggregate (group by: " + slots_text + "; carries: " +
                   [&] {
                       std::string text;
                       for (int s : carry_slots)
                           text += (text.empty() ? "" : ", ") + var(names, s);
                       return text;
                   }() +
                   ")" + distinct_inputs(*this, names);
        case Kind::Distinct:
            return "Distinct (" + slots_text + ")";
        case Kind::Sort:
            if (exprs.empty()) return "Sort";
            return "Sort (top " + count_text(exprs[0]) +
                   (exprs.size() > 1 ? " after skipping " + count_text(exprs[1]) : "") + ")";
        case Kind::Skip:
            return "Skip";
        case Kind::Limit:
            return "Limit";
        case Kind::Unwind:
            return "Unwind (" + var(names, slot) + ")";
        case Kind::Create:
            return "Create";
        case Kind::SetItems:
            return "Set";
        case Kind::Delete:
            return std::get<DeleteArgs>(args).detach ? "DetachDelete" : "Delete";
        case Kind::Merge:
            return "Merge";
        case Kind::Call:
            return "Call " + std::get<CallArgs>(args).procedure;
        case Kind::HashJoin: {
            std::string keys = var(names, slots[0]) + " = " + var(names, slots[1]);
            for (std::size_t i = 0; i < exprs.size() && i < sort_keys.size(); ++i)
                keys +=
                    ", " + key_text(exprs[i], names) + " = " + key_text(sort_keys[i].expr, names);
            return std::string(distinct ? "HashSemiJoin (" : "HashJoin (") + keys + ")";
        }
        case Kind::ShortestPath:
            return std::string(distinct ? "AllShortestPaths " : "ShortestPath ") +
                   rel_text(*this, names);
        case Kind::Eager:
            return "Eager";
        case Kind::Union:
            return distinct ? "Union" : "UnionAll";
        case Kind::Degree: {
            std::string types_text;
            for (std::size_t i = 0; i < types.size(); ++i)
                types_text += (i ? "|" : ":") + types[i];
            return "Degree (" + var(names, from_slot) + ")" +
                   (direction == Direction::Left ? "<-" : "-") + "[" + types_text + "]" +
                   (direction == Direction::Right ? "->" : "-") + "()";
        }
        case Kind::CountStore: {
            if (rel_slot < 0)
                return "NodeCountFromStore (" + (label.empty() ? "" : ":" + label) + ")";
            std::string types_text;
            for (std::size_t i = 0; i < types.size(); ++i)
                types_text += (i ? "|" : ":") + types[i];
            return "RelationshipCountFromStore ()-[" + types_text + "]->()" +
                   (slot >= 0 ? " per type" : "");
        }
        case Kind::Produce: {
            std::string cols;
            for (std::size_t i = 0; i < columns.size(); ++i)
                cols += (i ? ", " : "") + columns[i];
            return "Produce (" + cols + ")";
        }
    }
    return "?";
}

std::string explain(const PlanNode& root, const std::vector<std::string>& slot_names,
                    const std::function<std::string(const PlanNode&)>& annotate) {
    std::string out;
    render(root, slot_names, 0, annotate, out);
    return out;
}

}  // namespace caspian::query::plan
