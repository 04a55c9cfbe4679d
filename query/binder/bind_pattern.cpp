// Binding patterns: declaring node and relationship variables (or reusing bound ones), and
// turning a pattern's labels and property maps into conditions on its slots.
// Planner members (plan/planner_impl.hpp): binding and planning are one pass.
#include "query/plan/planner_impl.hpp"

namespace caspian::query::plan {

int Planner::declare_node(const NodePattern& np, Scope& scope) {
    if (!np.variable) return new_slot("");
    auto it = scope.find(*np.variable);
    if (it != scope.end()) {
        // An Any (from UNWIND, say) may hold a node: the Expand checks at run time.
        if (it->second.kind != VarKind::Node && it->second.kind != VarKind::Any) {
            semantic(
                "variable '" + *np.variable + "' is " + kind_name(it->second.kind) + ", not a node",
                np.span, "VariableTypeConflict");
        }
        return it->second.slot;
    }
    const int slot = new_slot(*np.variable);
    scope[*np.variable] = {slot, VarKind::Node};
    return slot;
}

// A relationship bound by an earlier clause matches again through a fresh slot and an
// equality filter; bound twice in one MATCH it is an error (relationships are unique there).
int Planner::declare_rel(const RelPattern& rp, Scope& scope, const std::set<int>& bound_before,
                         std::vector<std::pair<int, int>>& rebound) {
    if (!rp.variable) return new_slot("");
    auto it = scope.find(*rp.variable);
    if (it != scope.end()) {
        const bool may_be_rel = it->second.kind == VarKind::Rel || it->second.kind == VarKind::Any;
        if (!may_be_rel || !bound_before.contains(it->second.slot) || rp.length) {
            semantic("variable '" + *rp.variable + "' is already defined", rp.span,
                     may_be_rel && !rp.length ? "RelationshipUniquenessViolation"
                                              : "VariableTypeConflict");
        }
        const int fresh = new_slot("");
        rebound.emplace_back(fresh, it->second.slot);
        return fresh;
    }
    const int slot = new_slot(*rp.variable);
    scope[*rp.variable] = {slot, VarKind::Rel};
    return slot;
}

void Planner::inline_conditions(const NodePattern& np, int slot, const Scope& scope,
                                BindContext ctx, const AddCondition& add) {
    if (!np.labels.empty()) {
        add(make_expr(Op::HasLabels, LabelsExpr{np.labels}, {slot_ref(slot)}, np.span));
    }
    property_conditions(np.properties.get(), slot_ref(slot), scope, ctx, add);
}

void Planner::property_conditions(const AstExpr* props, Expr subject, const Scope& scope,
                                  BindContext ctx, const AddCondition& add) {
    if (props == nullptr) return;
    if (props->kind != ExprKind::Map) {
        semantic("properties in a MATCH pattern must be a map literal", props->span,
                 props->kind == ExprKind::Parameter ? "InvalidParameterUse" : "");
    }
    for (std::size_t i = 0; i < props->keys.size(); ++i) {
        Expr prop = property_ref(subject, props->keys[i], props->args[i]->span);
        add(equals_expr(std::move(prop), bind(*props->args[i], scope, nullptr, ctx),
                        props->args[i]->span));
    }
}

void Planner::rel_conditions(const RelPattern& rp, int slot, const Scope& scope, BindContext ctx,
                             const AddCondition& add) {
    if (rp.properties == nullptr) return;
    if (!rp.length) {
        property_conditions(rp.properties.get(), slot_ref(slot), scope, ctx, add);
        return;
    }
    // A var-length relationship's properties hold for every edge on the path.
    const int each = new_slot("");
    std::vector<Expr> conds;
    property_conditions(rp.properties.get(), slot_ref(each), scope, ctx,
                        [&](Expr e) { conds.push_back(std::move(e)); });
    if (conds.empty()) return;  // `*{}`: nothing to hold
    add(make_expr(Op::Quantifier, QuantifierExpr{Quantifier::All, each},
                  {slot_ref(slot), and_all(std::move(conds))}, rp.span));
}

}  // namespace caspian::query::plan
