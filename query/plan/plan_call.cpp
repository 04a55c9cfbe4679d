// Planning CALL: the procedure looked up and its arguments bound, YIELD fields bound to new
// variables, its WHERE as a filter.
#include "query/plan/planner_impl.hpp"

#include "query/procedures/registry.hpp"

#include <algorithm>

namespace caspian::query::plan {

PlanPtr Planner::plan_call(PlanPtr input, const CallClause& call, Scope& scope, SourceSpan span) {
    const ProcedureInfo* proc = find_procedure(call.procedure);
    if (proc == nullptr) semantic("unknown procedure '" + call.procedure + "'", span);
    if (call.args.size() < proc->min_args || call.args.size() > proc->max_args) {
        semantic("procedure '" + std::string(proc->name) + "' takes " +
                     std::to_string(proc->min_args) + " to " + std::to_string(proc->max_args) +
                     " argument(s)",
                 span);
    }
    auto n = make_node(Kind::Call, {input});
    CallArgs& args = n->args.emplace<CallArgs>();
    args.procedure = std::string(proc->name);
    for (const ExprPtr& a : call.args)
        args.arguments.push_back(bind(*a, scope, nullptr, {}));
    std::vector<std::pair<std::string, std::string>> yields;  // field, variable
    if (call.yield_star || call.yields.empty()) {
        for (std::string_view f : proc->fields)
            yields.emplace_back(f, f);
    } else {
        for (const YieldItem& y : call.yields) {
            if (std::find(proc->fields.begin(), proc->fields.end(), y.field) ==
                proc->fields.end()) {
                semantic(
                    "procedure '" + std::string(proc->name) + "' has no field '" + y.field + "'",
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
        args.slots.push_back(slot);
        args.fields.push_back(field);
    }
    PlanPtr plan = n;
    if (call.where) {
        plan = make_node(Kind::Filter, {plan}, FilterArgs{bind_where(*call.where, scope, {})});
    }
    return plan;
}

}  // namespace caspian::query::plan
