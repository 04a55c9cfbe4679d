// Planning CALL: the procedure looked up, its arguments bound (from parameters for a standalone
// `CALL name`) and checked against its signature, YIELD fields bound to new variables (all of
// them for a standalone call), its WHERE as a filter.
#include "query/plan/planner_impl.hpp"

#include "query/procedures/registry.hpp"

#include <algorithm>

namespace caspian::query::plan {

namespace {

// The type a literal argument has, for the declared-type check; "" when not a literal.
const char* literal_type(const AstExpr& e) {
    switch (e.kind) {
        case ExprKind::Integer:
            return "INTEGER";
        case ExprKind::Float:
            return "FLOAT";
        case ExprKind::String:
            return "STRING";
        case ExprKind::Bool:
            return "BOOLEAN";
        default:
            return "";
    }
}

}  // namespace

PlanPtr Planner::plan_call(PlanPtr input, const CallClause& call, Scope& scope, SourceSpan span,
                           bool standalone) {
    const ProcedureInfo* proc = find_procedure(call.procedure);
    if (proc == nullptr) {
        throw Error(ErrorKind::Semantic, ErrorClass::ProcedureError, "ProcedureNotFound",
                    "unknown procedure '" + call.procedure + "'", span);
    }
    const std::string name(proc->name);
    if (proc->writes) writes_ = true;
    // `CALL name` without parentheses: a standalone call takes the declared arguments from the
    // parameters of the same names; inside a query, arguments must be written.
    std::vector<AstExpr> implicit;
    if (!call.parenthesized && !proc->argument_names.empty()) {
        if (!standalone) {
            semantic("procedure '" + name + "' takes arguments: write them in parentheses, " +
                         name + "(...) (only a standalone CALL with declared arguments takes " +
                         "them from parameters)",
                     span, "InvalidArgumentPassingMode");
        }
        for (const std::string& argument : proc->argument_names) {
            AstExpr& p = implicit.emplace_back();
            p.kind = ExprKind::Parameter;
            p.name = argument;
            p.span = span;
        }
    }
    const std::size_t count = call.parenthesized ? call.args.size() : implicit.size();
    if (count < proc->min_args || count > proc->max_args) {
        semantic("procedure '" + name + "' takes " + std::to_string(proc->min_args) + " to " +
                     std::to_string(proc->max_args) + " argument(s), not " + std::to_string(count),
                 span, "InvalidNumberOfArguments");
    }
    for (std::size_t i = 0; i < call.args.size() && i < proc->argument_types.size(); ++i) {
        const char* type = literal_type(*call.args[i]);
        const std::string& wanted = proc->argument_types[i];
        const bool fits =
            *type == '\0' || wanted.empty() || wanted == "ANY" || wanted == type ||
            ((wanted == "FLOAT" || wanted == "NUMBER") && std::string_view(type) == "INTEGER") ||
            (wanted == "NUMBER" && std::string_view(type) == "FLOAT");
        if (!fits) {
            semantic("argument " + std::to_string(i + 1) + " of procedure '" + name + "' must be " +
                         wanted + ", not " + type,
                     call.args[i]->span, "InvalidArgumentType");
        }
    }
    if (call.yield_star && !standalone) {
        semantic("YIELD * is allowed only in a standalone CALL: name the fields", span,
                 "UnexpectedSyntax");
    }
    auto n = make_node(Kind::Call, {input});
    CallArgs& args = n->args.emplace<CallArgs>();
    args.procedure = name;
    args.void_passes_rows = !standalone;
    for (const ExprPtr& a : call.args)
        args.arguments.push_back(bind(*a, scope, nullptr, {}));
    for (const AstExpr& a : implicit)
        args.arguments.push_back(bind(a, scope, nullptr, {}));
    std::vector<std::pair<std::string, std::string>> yields;  // field, variable
    if (call.yield_star || (call.yields.empty() && standalone)) {
        for (std::string_view f : proc->fields)
            yields.emplace_back(f, f);
    } else {  // inside a query, only what YIELD names is bound
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
            semantic("variable '" + variable + "' is already defined", span,
                     "VariableAlreadyBound");
        }
        const int slot = new_slot(variable);
        scope[variable] = {slot, field == "node" ? VarKind::Node : VarKind::Any};
        args.slots.push_back(slot);
        args.fields.push_back(field);
    }
    PlanPtr plan = n;
    if (call.where && proc->run_filtered) {
        args.where = bind_where(*call.where, scope, {});
    } else if (call.where) {
        plan = make_node(Kind::Filter, {plan}, FilterArgs{bind_where(*call.where, scope, {})});
    }
    return plan;
}

}  // namespace caspian::query::plan
