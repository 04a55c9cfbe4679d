// Planning the updating clauses: CREATE, SET, REMOVE and MERGE, each over an Eager so that
// it never feeds the scans below it.
#include "query/plan/planner_impl.hpp"

#include <algorithm>

namespace caspian::query::plan {

// Updates read their whole input first, so that they never feed the scans below them.
PlanPtr Planner::eager(PlanPtr input) {
    if (input->kind == Kind::Argument || input->kind == Kind::Eager) return input;
    return make_node(Kind::Eager, {input});
}

PlanPtr Planner::plan_create(PlanPtr input, const std::vector<PatternPart>& parts, Scope& scope) {
    writes_ = true;
    auto n = make_node(Kind::Create, {eager(input)});
    auto& create = n->args.emplace<CreateArgs>();
    for (const PatternPart& part : parts) {
        CreateItem item;
        std::vector<int> node_slots, rel_slots;
        auto create_node = [&](const NodePattern& np) {
            CreateNode cn;
            auto it = np.variable ? scope.find(*np.variable) : scope.end();
            if (it != scope.end()) {
                if (!np.labels.empty() || np.properties) {
                    semantic("variable '" + *np.variable + "' is already defined", np.span,
                             "VariableAlreadyBound");
                }
                if (it->second.kind != VarKind::Node && it->second.kind != VarKind::Any) {
                    semantic("variable '" + *np.variable + "' is " + kind_name(it->second.kind) +
                                 ", not a node",
                             np.span, "VariableTypeConflict");
                }
                cn.slot = it->second.slot;
                cn.bound = true;
            } else {
                cn.slot = new_slot(np.variable.value_or(""));
                if (np.variable) scope[*np.variable] = {cn.slot, VarKind::Node};
                cn.labels = np.labels;
                if (np.properties)
                    cn.properties = bind(*np.properties, scope, nullptr, {});
                else
                    cn.properties = absent();
            }
            node_slots.push_back(cn.slot);
            item.nodes.push_back(std::move(cn));
        };
        if (part.steps.empty() && part.start.variable && scope.contains(*part.start.variable)) {
            semantic("variable '" + *part.start.variable + "' is already defined", part.start.span,
                     "VariableAlreadyBound");
        }
        create_node(part.start);
        for (const PatternStep& step : part.steps) {
            const RelPattern& rp = step.rel;
            if (rp.variable && scope.contains(*rp.variable)) {
                semantic("variable '" + *rp.variable + "' is already defined", rp.span,
                         "VariableAlreadyBound");
            }
            if (rp.types.size() != 1) {
                semantic("a relationship to create needs exactly one type", rp.span,
                         "NoSingleRelationshipType");
            }
            if (rp.direction == Direction::Both) {
                semantic("a relationship to create needs a direction", rp.span,
                         "RequiresDirectedRelationship");
            }
            if (rp.length) {
                semantic("a variable-length relationship cannot be created", rp.span,
                         "CreatingVarLength");
            }
            create_node(step.node);
            CreateRel cr;
            cr.slot = new_slot(rp.variable.value_or(""));
            if (rp.variable) scope[*rp.variable] = {cr.slot, VarKind::Rel};
            cr.type = rp.types[0];
            const int left = node_slots[node_slots.size() - 2], right = node_slots.back();
            cr.from_slot = rp.direction == Direction::Right ? left : right;
            cr.to_slot = rp.direction == Direction::Right ? right : left;
            cr.properties = rp.properties ? bind(*rp.properties, scope, nullptr, {}) : absent();
            rel_slots.push_back(cr.slot);
            item.rels.push_back(std::move(cr));
        }
        create.items.push_back(std::move(item));
        if (part.path_variable) {
            const int slot = new_slot(*part.path_variable);
            scope[*part.path_variable] = {slot, VarKind::Path};
            // Built after the Create below, from the slots it fills.
            pending_paths_.push_back({slot, node_slots, rel_slots});
        }
    }
    PlanPtr plan = n;
    for (const auto& [slot, nodes, rels] : pending_paths_) {
        Expr path = make_op(Op::Path, {}, {});
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            path.args.push_back(slot_ref(nodes[i]));
            if (i < rels.size()) path.args.push_back(slot_ref(rels[i]));
        }
        plan = make_node(Kind::Project, {plan}, ProjectArgs{{slot}, {path}});
    }
    pending_paths_.clear();
    return plan;
}

Expr Planner::variable_ref(const std::string& name, SourceSpan span, const Scope& scope) {
    auto it = scope.find(name);
    if (it == scope.end())
        semantic("variable '" + name + "' is not defined", span, "UndefinedVariable");
    return slot_ref(it->second.slot, span);
}

std::vector<SetOp> Planner::bind_set_items(const std::vector<SetItem>& items, const Scope& scope) {
    std::vector<SetOp> ops;
    for (const SetItem& item : items) {
        SetOp op;
        switch (item.kind) {
            case SetItemKind::Property:
                op.kind = SetKind::Property;
                op.subject = bind(*item.target->args[0], scope, nullptr, {});
                op.key = item.target->name;
                op.value = bind(*item.value, scope, nullptr, {});
                break;
            case SetItemKind::Replace:
            case SetItemKind::Merge:
                op.kind = item.kind == SetItemKind::Replace ? SetKind::Replace : SetKind::Merge;
                op.subject = variable_ref(item.variable, item.span, scope);
                op.value = bind(*item.value, scope, nullptr, {});
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

PlanPtr Planner::plan_set(PlanPtr input, const std::vector<SetItem>& items, const Scope& scope) {
    writes_ = true;
    auto n = make_node(Kind::SetItems, {eager(input)});
    n->args = SetArgs{bind_set_items(items, scope)};
    return n;
}

PlanPtr Planner::plan_remove(PlanPtr input, const RemoveClause& rm, const Scope& scope) {
    writes_ = true;
    auto n = make_node(Kind::SetItems, {eager(input)});
    auto& set = n->args.emplace<SetArgs>();
    for (const RemoveItem& item : rm.items) {
        SetOp op;
        if (item.is_labels) {
            op.kind = SetKind::RemoveLabels;
            op.subject = variable_ref(item.variable, item.span, scope);
            op.labels = item.labels;
        } else {
            op.kind = SetKind::Property;
            op.subject = bind(*item.property->args[0], scope, nullptr, {});
            op.key = item.property->name;
            op.value = constant(Value());
        }
        set.items.push_back(std::move(op));
    }
    return n;
}

PlanPtr Planner::plan_merge(PlanPtr input, const MergeClause& mg, Scope& scope) {
    writes_ = true;
    const PatternPart& part = mg.pattern;
    for (const PatternStep& step : part.steps) {
        if (step.rel.types.size() != 1) {
            semantic("a relationship to merge needs exactly one type", step.rel.span,
                     "NoSingleRelationshipType");
        }
        if (step.rel.length) {
            semantic("a variable-length relationship cannot be merged", step.rel.span,
                     "CreatingVarLength");
        }
    }
    if (part.steps.empty() && part.start.variable && scope.contains(*part.start.variable)) {
        semantic("variable '" + *part.start.variable + "' is already defined", part.start.span,
                 "VariableAlreadyBound");
    }
    Scope inner = scope;
    std::vector<PartSlots> slots;
    PlanPtr match = plan_patterns(make_node(Kind::Argument), {&part}, nullptr, inner, {}, &slots);
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
        cn.properties = np.properties ? bind(*np.properties, inner, nullptr, {}) : absent();
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
        cr.properties = rp.properties ? bind(*rp.properties, inner, nullptr, {}) : absent();
        item.rels.push_back(std::move(cr));
    }
    auto n = make_node(Kind::Merge, {eager(input), match});
    MergeArgs& merge = n->args.emplace<MergeArgs>();
    merge.creates.push_back(std::move(item));
    merge.on_create = bind_set_items(mg.on_create, inner);
    merge.on_match = bind_set_items(mg.on_match, inner);
    PlanPtr plan = n;
    if (part.path_variable) {
        Expr path = make_op(Op::Path, {}, part.span);
        for (std::size_t i = 0; i < ps.nodes.size(); ++i) {
            path.args.push_back(slot_ref(ps.nodes[i]));
            if (i < ps.rels.size()) path.args.push_back(slot_ref(ps.rels[i]));
        }
        const int path_slot = inner.at(*part.path_variable).slot;
        plan = make_node(Kind::Project, {plan}, ProjectArgs{{path_slot}, {path}});
    }
    scope = inner;
    return plan;
}

}  // namespace caspian::query::plan
