// Binding expressions: variables to slots, literals to values, functions looked up, aggregates
// collected into slots, pattern predicates and comprehensions planned as subplans.
// Planner members (plan/planner_impl.hpp): binding and planning are one pass.
#include "query/plan/planner_impl.hpp"

#include "query/functions/functions.hpp"
#include "query/parser/stack_floor.hpp"
#include "value/text.hpp"

namespace caspian::query::plan {

VarKind Planner::static_kind(const AstExpr& e, const Scope& scope) {
    switch (e.kind) {
        case ExprKind::Variable: {
            // An unknown name is reported when the argument is bound (fuzz finding, #9).
            const auto it = scope.find(e.name);
            return it == scope.end() ? VarKind::Any : it->second.kind;
        }
        case ExprKind::Bool:
        case ExprKind::Integer:
        case ExprKind::Float:
        case ExprKind::String:
        case ExprKind::List:
        case ExprKind::Map:
            return VarKind::Value;
        default:
            return VarKind::Any;
    }
}

std::vector<Expr> Planner::bind_all(const std::vector<ExprPtr>& args, const Scope& scope,
                                    Aggregates* aggs, BindContext ctx) {
    std::vector<Expr> out;
    out.reserve(args.size());
    for (const ExprPtr& a : args)
        out.push_back(a ? bind(*a, scope, aggs, ctx) : absent());
    return out;
}

Expr Planner::bind_function(const AstExpr& e, const Scope& scope, Aggregates* aggs,
                            BindContext ctx) {
    const std::string name = ascii_lower(e.name);
    if (name == "startnode" || name == "endnode") {
        if (e.args.size() != 1)
            semantic("function '" + e.name + "' takes 1 argument", e.span,
                     "InvalidNumberOfArguments");
        return make_expr(Op::GraphCall, CallExpr{name}, bind_all(e.args, scope, aggs, ctx), e.span);
    }
    if (name == "exists" && e.args.size() == 1) {
        // exists(n.prop) is a null test; exists((a)-->(b)) a pattern predicate.
        if (e.args[0]->kind == ExprKind::Property) {
            return make_op(Op::IsNotNull, bind_all(e.args, scope, aggs, ctx), e.span);
        }
        if (e.args[0]->kind == ExprKind::PatternPredicate) {
            ctx.in_exists = true;
            return bind(*e.args[0], scope, aggs, ctx);
        }
    }
    const FunctionInfo* f = find_function(name);
    if (f == nullptr) semantic("unknown function '" + e.name + "'", e.span, "UnknownFunction");
    if (name == "size" && e.args.size() == 1) {
        if (e.args[0]->kind == ExprKind::PatternPredicate) {
            semantic("size() of a pattern is not supported: use a pattern comprehension", e.span,
                     "UnexpectedSyntax");
        }
        if (static_kind(*e.args[0], scope) == VarKind::Path) {
            semantic("size() needs a list or a string; use length() for a path", e.span,
                     "InvalidArgumentType");
        }
    }
    if (e.args.size() < f->min_args || e.args.size() > f->max_args) {
        semantic("function '" + std::string(f->name) + "' takes " +
                     (f->min_args == f->max_args
                          ? std::to_string(f->min_args)
                          : std::to_string(f->min_args) + " to " + std::to_string(f->max_args)) +
                     " argument(s), not " + std::to_string(e.args.size()),
                 e.span, "InvalidNumberOfArguments");
    }
    if (f->is_aggregate) {
        if (aggs == nullptr) {
            semantic("aggregate function '" + std::string(f->name) +
                         "' is not allowed here (only in WITH and RETURN items)",
                     e.span, "InvalidAggregation");
        }
        if (aggs->inside)
            semantic("aggregate functions cannot be nested", e.span, "NestedAggregation");
        Aggregation a;
        a.function = name;
        a.distinct = e.distinct;
        aggs->inside = true;
        const Scope& arg_scope = aggs->argument_scope ? *aggs->argument_scope : scope;
        a.arg = bind(*e.args[0], arg_scope, aggs, ctx);
        for (std::size_t i = 1; i < e.args.size(); ++i) {
            a.extra_args.push_back(bind(*e.args[i], arg_scope, aggs, ctx));
        }
        aggs->inside = false;
        a.slot = new_slot("");
        aggs->found.push_back(std::move(a));
        return slot_ref(aggs->found.back().slot, e.span);
    }
    if (e.distinct) semantic("DISTINCT is only allowed in aggregate functions", e.span);
    return make_expr(Op::Call, CallExpr{name, f}, bind_all(e.args, scope, aggs, ctx), e.span);
}

// A pattern inside an expression: a subplan seeded with the current row.
PlanPtr Planner::bind_subpattern(const std::vector<PatternPart>& patterns, const AstExpr* where,
                                 Scope& inner, BindContext ctx) {
    return plan_patterns(make_node(Kind::Argument), patterns, where, inner, ctx);
}

// WHERE is the one place where a bare pattern may stand as a predicate.
Expr Planner::bind_where(const AstExpr& e, const Scope& scope, BindContext ctx) {
    ctx.in_where = true;
    return bind(e, scope, nullptr, ctx);
}

// A pattern used as a predicate may not introduce variables (EXISTS { } may).
void Planner::check_pattern_predicate(const AstExpr& e, const Scope& scope, BindContext ctx) const {
    if (!ctx.in_where && !ctx.in_exists) {
        semantic("a pattern can only be used as a predicate in WHERE or in exists()", e.span,
                 "UnexpectedSyntax");
    }
    auto check = [&](const std::optional<std::string>& name, SourceSpan span) {
        if (name && !scope.contains(*name)) {
            semantic("variable '" + *name +
                         "' is not defined (a pattern predicate cannot "
                         "introduce variables: use EXISTS { ... })",
                     span, "UndefinedVariable");
        }
    };
    for (const PatternPart& part : e.patterns) {
        check(part.path_variable, part.span);
        check(part.start.variable, part.start.span);
        for (const PatternStep& step : part.steps) {
            check(step.rel.variable, step.rel.span);
            check(step.node.variable, step.node.span);
        }
    }
}

Expr Planner::bind(const AstExpr& e, const Scope& scope, Aggregates* aggs, BindContext ctx) {
    // The parser bounds the depth, but a level can take 10 KB of stack under sanitizers.
    if (parser::stack_is_low()) {
        throw Error(ErrorKind::Syntax, "expression nests too deeply", SourceSpan{e.span.offset, 1});
    }
    switch (e.kind) {
        case ExprKind::Null:
            return constant(Value(), e.span);
        case ExprKind::Bool:
            return constant(Value(e.bool_value), e.span);
        case ExprKind::Integer:
            return constant(Value(e.int_value), e.span);
        case ExprKind::Float:
            return constant(Value(e.float_value), e.span);
        case ExprKind::String:
            return constant(Value(e.string_value), e.span);
        case ExprKind::Parameter:
            return parameter_ref(e.name, e.span);
        case ExprKind::Variable: {
            auto it = scope.find(e.name);
            if (it == scope.end())
                semantic("variable '" + e.name + "' is not defined", e.span, "UndefinedVariable");
            return slot_ref(it->second.slot, e.span);
        }
        case ExprKind::Property:
            return make_expr(Op::Property, PropertyExpr{e.name}, bind_all(e.args, scope, aggs, ctx),
                             e.span);
        case ExprKind::Index:
            return make_op(Op::Index, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Slice:
            return make_op(Op::Slice, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::HasLabels:
            return make_expr(Op::HasLabels, LabelsExpr{e.labels},
                             bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::FunctionCall:
            return bind_function(e, scope, aggs, ctx);
        case ExprKind::CountStar: {
            if (aggs == nullptr) {
                semantic("count(*) is not allowed here (only in WITH and RETURN items)", e.span,
                         "InvalidAggregation");
            }
            if (aggs->inside)
                semantic("aggregate functions cannot be nested", e.span, "NestedAggregation");
            Aggregation a;
            a.function = "count";
            a.star = true;
            a.slot = new_slot("");
            aggs->found.push_back(a);
            return slot_ref(a.slot, e.span);
        }
        case ExprKind::List:
            return make_op(Op::List, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Map:
            return make_expr(Op::Map, MapExpr{e.keys}, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::MapProjection: {
            auto it = scope.find(e.name);
            if (it == scope.end())
                semantic("variable '" + e.name + "' is not defined", e.span, "UndefinedVariable");
            MapExpr map;
            map.subject_slot = it->second.slot;  // a null subject makes the projection null
            std::vector<Expr> values;
            for (const MapProjectionItem& item : e.projection) {
                switch (item.kind) {
                    case MapProjectionKind::Property:
                        map.keys.push_back(item.name);
                        values.push_back(
                            property_ref(slot_ref(it->second.slot), item.name, item.span));
                        break;
                    case MapProjectionKind::Literal:
                        map.keys.push_back(item.name);
                        values.push_back(bind(*item.value, scope, aggs, ctx));
                        break;
                    case MapProjectionKind::Variable: {
                        auto v = scope.find(item.name);
                        if (v == scope.end()) {
                            semantic("variable '" + item.name + "' is not defined", item.span,
                                     "UndefinedVariable");
                        }
                        map.keys.push_back(item.name);
                        values.push_back(slot_ref(v->second.slot));
                        break;
                    }
                    case MapProjectionKind::AllProperties:
                        map.keys.emplace_back();  // "": every property, see MapExpr
                        values.push_back(slot_ref(it->second.slot, item.span));
                        break;
                }
            }
            return make_expr(Op::Map, std::move(map), std::move(values), e.span);
        }
        case ExprKind::Case:
            return make_op(Op::Case, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::ListComprehension: {
            Scope inner = scope;
            const int slot = new_slot(e.name);
            Expr list = bind(*e.args[0], scope, aggs, ctx);
            inner[e.name] = {slot, VarKind::Any};
            std::vector<Expr> args;
            args.push_back(std::move(list));
            args.push_back(e.args[1] ? bind(*e.args[1], inner, nullptr, ctx) : absent());
            args.push_back(e.args[2] ? bind(*e.args[2], inner, nullptr, ctx) : absent());
            return make_expr(Op::Comprehension, ComprehensionExpr{slot}, std::move(args), e.span);
        }
        case ExprKind::All:
        case ExprKind::Any:
        case ExprKind::None:
        case ExprKind::Single: {
            Scope inner = scope;
            const int slot = new_slot(e.name);
            Expr list = bind(*e.args[0], scope, aggs, ctx);
            inner[e.name] = {slot, VarKind::Any};
            const Quantifier q = e.kind == ExprKind::All    ? Quantifier::All
                                 : e.kind == ExprKind::Any  ? Quantifier::Any
                                 : e.kind == ExprKind::None ? Quantifier::None
                                                            : Quantifier::Single;
            std::vector<Expr> args;
            args.push_back(std::move(list));
            args.push_back(e.args[1] ? bind(*e.args[1], inner, nullptr, ctx) : absent());
            return make_expr(Op::Quantifier, QuantifierExpr{q, slot}, std::move(args), e.span);
        }
        case ExprKind::Reduce: {
            Scope inner = scope;
            std::vector<Expr> args;
            args.push_back(bind(*e.args[0], scope, aggs, ctx));
            args.push_back(bind(*e.args[1], scope, aggs, ctx));
            ReduceExpr reduce;
            reduce.accumulator = new_slot(e.name);
            reduce.variable = new_slot(e.name2);
            inner[e.name] = {reduce.accumulator, VarKind::Any};
            inner[e.name2] = {reduce.variable, VarKind::Any};
            args.push_back(bind(*e.args[2], inner, aggs, ctx));
            return make_expr(Op::Reduce, reduce, std::move(args), e.span);
        }
        case ExprKind::CountSubquery:
        case ExprKind::CollectSubquery:
            return bind_subquery(e, scope);
        case ExprKind::Exists:
            if (e.subquery) return bind_subquery(e, scope);
            [[fallthrough]];
        case ExprKind::PatternPredicate: {
            if (e.kind == ExprKind::PatternPredicate) check_pattern_predicate(e, scope, ctx);
            Scope inner = scope;
            const AstExpr* where =
                e.kind == ExprKind::Exists && !e.args.empty() ? e.args[0].get() : nullptr;
            return make_expr(Op::Exists,
                             SubplanExpr{bind_subpattern(e.patterns, where, inner, ctx)}, {},
                             e.span);
        }
        case ExprKind::PatternComprehension: {
            Scope inner = scope;
            SubplanExpr subplan{bind_subpattern(e.patterns, nullptr, inner, ctx)};
            std::vector<Expr> args;
            args.push_back(e.args[0] ? bind(*e.args[0], inner, nullptr, ctx) : absent());
            args.push_back(bind(*e.args[1], inner, nullptr, ctx));
            return make_expr(Op::PatternList, std::move(subplan), std::move(args), e.span);
        }
        case ExprKind::Not:
            return make_op(Op::Not, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Negate: {
            // Fold -9223372036854775808, which has no positive counterpart.
            if (e.args[0]->kind == ExprKind::Integer) {
                return constant(Value(std::int64_t(0 - std::uint64_t(e.args[0]->int_value))),
                                e.span);
            }
            if (e.args[0]->kind == ExprKind::Float) {
                return constant(Value(-e.args[0]->float_value), e.span);
            }
            return make_op(Op::Negate, bind_all(e.args, scope, aggs, ctx), e.span);
        }
        case ExprKind::UnaryPlus:
            return bind(*e.args[0], scope, aggs, ctx);
        case ExprKind::IsNull:
            return make_op(Op::IsNull, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::IsNotNull:
            return make_op(Op::IsNotNull, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Or:
            return make_op(Op::Or, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Xor:
            return make_op(Op::Xor, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::And:
            return make_op(Op::And, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Add:
            return make_op(Op::Add, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Subtract:
            return make_op(Op::Subtract, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Multiply:
            return make_op(Op::Multiply, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Divide:
            return make_op(Op::Divide, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Modulo:
            return make_op(Op::Modulo, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Power:
            return make_op(Op::Power, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::StartsWith:
            return make_op(Op::StartsWith, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::EndsWith:
            return make_op(Op::EndsWith, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Contains:
            return make_op(Op::Contains, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::In:
            return make_op(Op::In, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::RegexMatch:
            return make_op(Op::Regex, bind_all(e.args, scope, aggs, ctx), e.span);
        case ExprKind::Comparison:
            return comparison(e.ops, bind_all(e.args, scope, aggs, ctx), e.span);
    }
    semantic("unsupported expression", e.span);
}

}  // namespace caspian::query::plan
