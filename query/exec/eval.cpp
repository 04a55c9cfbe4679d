// Expression evaluation over a row: slots, parameters, properties read from the transaction,
// operators (eval/value_ops.hpp), functions (eval/functions.hpp), comprehensions and pattern
// subqueries.
#include "query/exec/eval.hpp"

#include "query/exec/cursor.hpp"
#include "query/functions/functions.hpp"
#include "query/functions/value_ops.hpp"
#include "query/parser/stack_floor.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::query::exec {

namespace {

using plan::CallExpr;
using plan::Op;

// detail: the openCypher detail (docs/errors.md), empty when none fits.
[[noreturn]] void type_error(const plan::Expr& e, const std::string& message,
                             std::string detail = "InvalidArgumentType") {
    throw Error(ErrorKind::Type, ErrorClass::TypeError, std::move(detail), message, e.span);
}

// Runs f, attaching the expression's span to an Error that has none.
template <typename F>
auto located(const plan::Expr& e, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Error& error) {
        if (error.where()) throw;
        throw error.with_where(e.span);
    }
}

bool is_range_call(const plan::Expr& e) {
    return e.op == Op::Call && e.as<CallExpr>().function->name == "range";
}

// A value expression e built, counted against the statement's memory budget.
Value bounded(Value v, const plan::Expr& e, ExecContext& ctx) {
    if (ctx.max_memory_bytes != 0) located(e, [&] { ctx.check_bytes(value_bytes(v)); });
    return v;
}

// a + b checked against the budget before it allocates: concatenating strings or lists is
// how reduce(s = 'x', i IN range(1, 40) | s + s) doubles its way to gigabytes (issue #15).
void check_add(const Value& a, const Value& b, ExecContext& ctx) {
    if (ctx.max_memory_bytes == 0) return;
    if (a.kind() == ValueKind::String && b.kind() == ValueKind::String) {
        ctx.check_bytes(sizeof(Value) + a.as_string().size() + b.as_string().size());
    } else if (a.kind() == ValueKind::List || b.kind() == ValueKind::List) {
        ctx.check_bytes(value_bytes(a) + value_bytes(b));
    }
}

// x IN range(...) by arithmetic, with in_list's answers: false for an empty range, null for a
// null x, equality across integers and floats, false for any other kind.
Value in_range(const Value& x, const Items& items) {
    if (items.is_null()) return Value();
    const IntRange& r = *items.range;
    if (r.count == 0) return Value(false);
    if (x.is_null()) return Value();
    if (x.kind() == ValueKind::Int) return Value(r.contains(x.as_int()));
    if (x.kind() == ValueKind::Float) {
        const double f = x.as_float();
        // Integral floats inside int64's range; 2^63 itself is just outside.
        if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0) ||
            f != double(std::int64_t(f))) {
            return Value(false);
        }
        return Value(r.contains(std::int64_t(f)));
    }
    return Value(false);
}

Value property_of(const Value& subject, const std::string& key, ExecContext& ctx,
                  const plan::Expr& e) {
    switch (subject.kind()) {
        case ValueKind::Null:
            return Value();
        case ValueKind::Node:
            return ctx.node_property(subject.as_node().id, key);
        case ValueKind::Edge:
            return ctx.edge_property(subject.as_edge().id, key);
        case ValueKind::Map: {
            const Value* v = find_property(subject.as_map().entries, key);
            return v ? *v : Value();
        }
        default:
            if (is_temporal(subject.kind())) {
                return located(e, [&] { return temporal_component(subject, key); });
            }
            type_error(
                e, "cannot read property '" + key + "' of " + kind_with_article(subject.kind()));
    }
}

// n {.*}: every property of a node or relationship, or every entry of a map, replacing
// entries of the same name already projected.
void merge_all_properties(Map& m, const Value& subject, ExecContext& ctx, const plan::Expr& e) {
    const Properties* props = nullptr;
    Value loaded;
    switch (subject.kind()) {
        case ValueKind::Null:
            return;
        case ValueKind::Node:
        case ValueKind::Edge:
            loaded = ctx.materialize(subject);
            props = subject.kind() == ValueKind::Node ? &loaded.as_node().properties
                                                      : &loaded.as_edge().properties;
            break;
        case ValueKind::Map:
            props = &subject.as_map().entries;
            break;
        default:
            type_error(e, "cannot project all properties of " + kind_with_article(subject.kind()) +
                              "; '.*' needs a node, a relationship or a map");
    }
    for (const auto& [name, value] : *props) {
        auto it = std::lower_bound(
            m.entries.begin(), m.entries.end(), name,
            [](const auto& entry, const std::string& k) { return entry.first < k; });
        if (it != m.entries.end() && it->first == name) {
            it->second = value;
        } else {
            m.entries.emplace(it, name, value);
        }
    }
}

Value has_labels(const Value& subject, const std::vector<std::string>& labels, ExecContext& ctx,
                 const plan::Expr& e) {
    if (subject.is_null()) return Value();
    if (subject.kind() == ValueKind::Edge) {  // r:T tests a relationship's type
        for (const auto& label : labels) {
            if (label != subject.as_edge().type) return Value(false);
        }
        return Value(true);
    }
    if (subject.kind() != ValueKind::Node) {
        type_error(e, "cannot test the labels of " + kind_with_article(subject.kind()));
    }
    auto record = ctx.reader().node(subject.as_node().id);
    if (!record) return Value(false);
    for (const auto& label : labels) {
        auto id = ctx.find<graph::NameKind::Label>(label);
        if (!id || !std::binary_search(record->labels.begin(), record->labels.end(), id->value)) {
            return Value(false);
        }
    }
    return Value(true);
}

Value build_path(const plan::Expr& e, Row& row, ExecContext& ctx) {
    Path path;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
        Value v = eval(e.args[i], row, ctx);
        if (v.is_null()) return Value();  // an OPTIONAL MATCH that found nothing
        if (i % 2 == 0) {
            if (path.nodes.empty() || path.nodes.back().id != v.as_node().id) {
                path.nodes.push_back(v.as_node());
            }
            continue;
        }
        // A relationship: an edge, or the edges of a var-length step, walked from the last node.
        List edges;
        if (v.kind() == ValueKind::Edge) {
            edges.push_back(std::move(v));
        } else {
            edges = v.as_list();
        }
        for (const Value& edge_value : edges) {
            const Edge& edge = edge_value.as_edge();
            const NodeId at = path.nodes.back().id;
            const NodeId other = edge.src == at ? edge.dst : edge.src;
            path.edges.push_back(edge);
            path.nodes.push_back(ctx.node_ref(other).as_node());
        }
    }
    return Value(std::move(path));
}

// Functions that need the graph: endpoints of an edge, and loading nodes/edges for the pure
// functions that read labels or properties.
Value call(const plan::Expr& e, Row& row, ExecContext& ctx) {
    const CallExpr& f = e.as<CallExpr>();
    if (e.op == Op::Call && f.function->name == "size" && is_range_call(e.args[0])) {
        const Items items = eval_items(e.args[0], row, ctx);
        return items.is_null() ? Value() : Value(std::int64_t(items.size()));
    }
    std::vector<Value> args;
    args.reserve(e.args.size());
    for (const plan::Expr& a : e.args)
        args.push_back(eval(a, row, ctx));
    if (e.op == Op::GraphCall) {
        const Value& v = args.at(0);
        if (v.is_null()) return Value();
        if (v.kind() != ValueKind::Edge) {
            type_error(e, f.name + "() needs a relationship, not " + kind_with_article(v.kind()),
                       "InvalidArgumentValue");
        }
        const Edge& edge = v.as_edge();
        return ctx.node_ref(f.name == "startnode" ? edge.src : edge.dst);
    }
    if (f.name != "id") {
        for (Value& a : args) {
            // type(r) reads only the type an edge reference already holds (issue #8).
            if (f.name == "type" && a.kind() == ValueKind::Edge && !a.as_edge().type.empty()) {
                continue;
            }
            // length(p) counts the edges a path reference already holds (issue #8).
            if (f.name == "length" && a.kind() == ValueKind::Path) continue;
            if (a.kind() == ValueKind::Node || a.kind() == ValueKind::Edge ||
                a.kind() == ValueKind::Path) {
                a = ctx.materialize(a);
            }
        }
    }
    if (e.op == Op::Call && ctx.max_memory_bytes != 0 && is_range_call(e)) {
        const std::optional<IntRange> range = located(e, [&] { return range_of(args); });
        if (range) located(e, [&] { ctx.check_bytes((range->count + 1) * sizeof(Value)); });
    }
    Value result;
    try {
        result = f.function->implementation(args);
    } catch (const Error& error) {
        if (error.where()) throw;
        // An argument error of a one-argument call (date('2020-13-01')) is about that argument.
        const bool argument = error.error_class() == ErrorClass::ArgumentError && args.size() == 1;
        throw error.with_where(argument ? e.args[0].span : e.span);
    }
    return bounded(std::move(result), e, ctx);
}

Value comprehension(const plan::Expr& e, Row& row, ExecContext& ctx) {
    const Items items = eval_items(e.args[0], row, ctx);
    if (items.is_null()) return Value();
    if (!items.is_list()) {
        type_error(e, "expected a list, not " + kind_with_article(items.list.kind()));
    }
    const int variable = e.as<plan::ComprehensionExpr>().variable;
    List out;
    std::uint64_t bytes = sizeof(Value);
    for (std::uint64_t k = 0; k < items.size(); ++k) {
        ctx.check_cancel();  // lists can be long: a statement's timeout must still fire
        row[variable] = items.at(k);
        if (!e.args[1].is_absent() && !eval_predicate(e.args[1], row, ctx)) continue;
        Value v = e.args[2].is_absent() ? row[variable] : eval(e.args[2], row, ctx);
        bytes += value_bytes(v);
        located(e, [&] { ctx.check_bytes(bytes); });
        out.push_back(std::move(v));
    }
    return Value(std::move(out));
}

Value quantifier(const plan::Expr& e, Row& row, ExecContext& ctx) {
    const Items items = eval_items(e.args[0], row, ctx);
    if (items.is_null()) return Value();
    if (!items.is_list()) {
        type_error(e, "expected a list, not " + kind_with_article(items.list.kind()));
    }
    const plan::QuantifierExpr& q = e.as<plan::QuantifierExpr>();
    std::uint64_t trues = 0, nulls = 0;
    for (std::uint64_t k = 0; k < items.size(); ++k) {
        ctx.check_cancel();  // lists can be long: a statement's timeout must still fire
        row[q.variable] = items.at(k);
        const Value v = e.args[1].is_absent() ? Value(true) : eval(e.args[1], row, ctx);
        if (v.is_null()) {
            ++nulls;
        } else if (v.kind() != ValueKind::Bool) {
            type_error(e.args[1],
                       "a predicate must be a boolean, not " + kind_with_article(v.kind()));
        } else if (v.as_bool()) {
            ++trues;
        }
    }
    const std::uint64_t n = items.size(), falses = n - trues - nulls;
    switch (q.quantifier) {
        case plan::Quantifier::All:
            if (falses > 0) return Value(false);
            return nulls > 0 ? Value() : Value(true);
        case plan::Quantifier::Any:
            if (trues > 0) return Value(true);
            return nulls > 0 ? Value() : Value(false);
        case plan::Quantifier::None:
            if (trues > 0) return Value(false);
            return nulls > 0 ? Value() : Value(true);
        case plan::Quantifier::Single:
            if (trues > 1) return Value(false);
            if (nulls > 0) return Value();
            return Value(trues == 1);
    }
    return Value();
}

Value subquery(const plan::Expr& e, Row& row, ExecContext& ctx) {
    CursorPtr cursor = make_cursor(*e.as<plan::SubplanExpr>().plan, ctx);
    cursor->open(row);
    Row sub;
    if (e.op == Op::Exists) return Value(cursor->next(sub));
    if (e.op == Op::CountRows) {
        std::int64_t n = 0;
        while (cursor->next(sub))
            ++n;
        return Value(n);
    }
    List out;
    std::uint64_t bytes = sizeof(Value);
    while (cursor->next(sub)) {
        if (!e.args[0].is_absent() && !eval_predicate(e.args[0], sub, ctx)) continue;
        Value v = eval(e.args[1], sub, ctx);
        bytes += value_bytes(v);
        located(e, [&] { ctx.check_bytes(bytes); });
        out.push_back(std::move(v));
    }
    return Value(std::move(out));
}

}  // namespace

Value eval(const plan::Expr& e, Row& row, ExecContext& ctx) {
    // The parser bounds the depth, but not this thread's stack (it may not be the parser's).
    if (parser::stack_is_low()) {
        throw Error(ErrorKind::Syntax, "expression nests too deeply", SourceSpan{e.span.offset, 1});
    }
    switch (e.op) {
        case Op::Constant:
            return e.as<plan::ConstantExpr>().value;
        case Op::Parameter: {
            const std::string& name = e.as<plan::ParameterExpr>().name;
            const Value* v = ctx.param(name);
            if (v == nullptr) {
                throw Error(ErrorKind::Semantic, ErrorClass::ParameterMissing, "MissingParameter",
                            "parameter $" + name + " is not bound", e.span);
            }
            return *v;
        }
        case Op::Slot:
            return row[e.as<plan::SlotExpr>().slot];
        case Op::Property: {
            const std::string& key = e.as<plan::PropertyExpr>().key;
            // n.x reads the row's n in place: no copy of the reference (issue #8).
            if (e.args[0].op == Op::Slot) {
                return property_of(row[e.args[0].as<plan::SlotExpr>().slot], key, ctx, e);
            }
            return property_of(eval(e.args[0], row, ctx), key, ctx, e);
        }
        case Op::Index: {
            Value subject = eval(e.args[0], row, ctx);
            const Value idx = eval(e.args[1], row, ctx);
            if (subject.kind() == ValueKind::Node || subject.kind() == ValueKind::Edge) {
                if (idx.kind() == ValueKind::String) {
                    return property_of(subject, idx.as_string(), ctx, e);
                }
            }
            return located(e, [&] { return index(subject, idx); });
        }
        case Op::Slice: {
            const Value list = eval(e.args[0], row, ctx);
            std::optional<Value> from, to;
            if (!e.args[1].is_absent()) from = eval(e.args[1], row, ctx);
            if (!e.args[2].is_absent()) to = eval(e.args[2], row, ctx);
            return located(e, [&] { return slice(list, from, to); });
        }
        case Op::HasLabels:
            return has_labels(eval(e.args[0], row, ctx), e.as<plan::LabelsExpr>().labels, ctx, e);
        case Op::Call:
        case Op::GraphCall:
            return call(e, row, ctx);
        case Op::List: {
            List items;
            items.reserve(e.args.size());
            for (const plan::Expr& a : e.args)
                items.push_back(eval(a, row, ctx));
            return bounded(Value(std::move(items)), e, ctx);
        }
        case Op::Map: {
            const plan::MapExpr& map = e.as<plan::MapExpr>();
            if (map.subject_slot >= 0 && row[map.subject_slot].is_null()) return Value();
            Map m;
            for (std::size_t i = 0; i < e.args.size(); ++i) {
                if (map.keys[i].empty()) {
                    merge_all_properties(m, eval(e.args[i], row, ctx), ctx, e.args[i]);
                    continue;
                }
                Value v = eval(e.args[i], row, ctx);
                // Map literals keep null entries (unlike stored properties).
                auto it = std::lower_bound(
                    m.entries.begin(), m.entries.end(), map.keys[i],
                    [](const auto& entry, const std::string& k) { return entry.first < k; });
                if (it != m.entries.end() && it->first == map.keys[i]) {
                    it->second = std::move(v);
                } else {
                    m.entries.emplace(it, map.keys[i], std::move(v));
                }
            }
            return bounded(Value(std::move(m)), e, ctx);
        }
        case Op::Case: {
            const bool simple = !e.args[0].is_absent();
            const Value subject = simple ? eval(e.args[0], row, ctx) : Value();
            for (std::size_t i = 2; i + 1 < e.args.size(); i += 2) {
                if (simple) {
                    const Value candidate = eval(e.args[i], row, ctx);
                    const Value eq = equals(subject, candidate);
                    if (eq.kind() == ValueKind::Bool && eq.as_bool()) {
                        return eval(e.args[i + 1], row, ctx);
                    }
                } else {
                    const Value cond = eval(e.args[i], row, ctx);
                    if (cond.kind() == ValueKind::Bool && cond.as_bool()) {
                        return eval(e.args[i + 1], row, ctx);
                    }
                }
            }
            return e.args[1].is_absent() ? Value() : eval(e.args[1], row, ctx);
        }
        case Op::Comprehension:
            return comprehension(e, row, ctx);
        case Op::Quantifier:
            return quantifier(e, row, ctx);
        case Op::Reduce: {
            const plan::ReduceExpr& reduce = e.as<plan::ReduceExpr>();
            Value acc = eval(e.args[0], row, ctx);
            const Items items = eval_items(e.args[1], row, ctx);
            if (items.is_null()) return Value();
            if (!items.is_list()) {
                type_error(e, "reduce needs a list, not " + kind_with_article(items.list.kind()));
            }
            for (std::uint64_t k = 0; k < items.size(); ++k) {
                ctx.check_cancel();  // lists can be long: a statement's timeout must still fire
                row[reduce.accumulator] = std::move(acc);
                row[reduce.variable] = items.at(k);
                acc = eval(e.args[2], row, ctx);
            }
            return acc;
        }
        case Op::Exists:
        case Op::PatternList:
        case Op::CountRows:
            return subquery(e, row, ctx);
        case Op::Not:
            return located(e, [&] { return logical_not(eval(e.args[0], row, ctx)); });
        case Op::Negate:
            return located(e, [&] { return negate(eval(e.args[0], row, ctx)); });
        case Op::IsNull:
            return Value(eval(e.args[0], row, ctx).is_null());
        case Op::IsNotNull:
            return Value(!eval(e.args[0], row, ctx).is_null());
        case Op::And: {
            const Value a = eval(e.args[0], row, ctx);
            return located(e, [&] { return logical_and(a, eval(e.args[1], row, ctx)); });
        }
        case Op::Or: {
            const Value a = eval(e.args[0], row, ctx);
            return located(e, [&] { return logical_or(a, eval(e.args[1], row, ctx)); });
        }
        case Op::Xor: {
            const Value a = eval(e.args[0], row, ctx);
            return located(e, [&] { return logical_xor(a, eval(e.args[1], row, ctx)); });
        }
        case Op::Compare: {
            const std::vector<CompareOp>& ops = e.as<plan::CompareExpr>().ops;
            Value result(true);
            Value left = eval(e.args[0], row, ctx);
            for (std::size_t i = 0; i < ops.size(); ++i) {
                Value right = eval(e.args[i + 1], row, ctx);
                Value r;
                switch (ops[i]) {
                    case CompareOp::Eq:
                        r = equals(left, right);
                        break;
                    case CompareOp::Ne:
                        r = not_equals(left, right);
                        break;
                    case CompareOp::Lt:
                        r = less_than(left, right);
                        break;
                    case CompareOp::Le:
                        r = less_equal(left, right);
                        break;
                    case CompareOp::Gt:
                        r = greater_than(left, right);
                        break;
                    case CompareOp::Ge:
                        r = greater_equal(left, right);
                        break;
                }
                result = logical_and(result, r);
                left = std::move(right);
            }
            return result;
        }
        case Op::Path:
            return build_path(e, row, ctx);
        default:
            break;
    }
    // Binary operators on values.
    const Value a = eval(e.args[0], row, ctx);
    if (e.op == Op::In && is_range_call(e.args[1]))
        return in_range(a, eval_items(e.args[1], row, ctx));
    const Value b = eval(e.args[1], row, ctx);
    return located(e, [&]() -> Value {
        switch (e.op) {
            case Op::Add:
                check_add(a, b, ctx);
                return add(a, b);
            case Op::Subtract:
                return subtract(a, b);
            case Op::Multiply:
                return multiply(a, b);
            case Op::Divide:
                return divide(a, b);
            case Op::Modulo:
                return modulo(a, b);
            case Op::Power:
                return power(a, b);
            case Op::StartsWith:
                return starts_with(a, b);
            case Op::EndsWith:
                return ends_with(a, b);
            case Op::Contains:
                return contains(a, b);
            case Op::In:
                return in_list(a, b);
            case Op::Regex:
                return regex_match(a, b);
            default:
                throw Error(ErrorKind::Internal, "unknown expression operator");
        }
    });
}

Items eval_items(const plan::Expr& e, Row& row, ExecContext& ctx) {
    Items items;
    if (!is_range_call(e)) {
        items.list = eval(e, row, ctx);
        return items;
    }
    std::vector<Value> args;
    args.reserve(e.args.size());
    for (const plan::Expr& a : e.args)
        args.push_back(eval(a, row, ctx));
    items.range = located(e, [&] { return range_of(args); });
    return items;
}

bool eval_predicate(const plan::Expr& expr, Row& row, ExecContext& ctx) {
    const Value v = eval(expr, row, ctx);
    if (v.is_null()) return false;
    if (v.kind() != ValueKind::Bool) {
        type_error(expr, "a predicate must be a boolean, not " + kind_with_article(v.kind()));
    }
    return v.as_bool();
}

void split_conditions(const plan::Expr& expr, std::vector<const plan::Expr*>& out) {
    if (expr.op == plan::Op::And && expr.span.length == 0 && expr.args.size() == 2) {
        split_conditions(expr.args[0], out);
        split_conditions(expr.args[1], out);
    } else {
        out.push_back(&expr);
    }
}

std::int64_t eval_count(const plan::Expr& expr, ExecContext& ctx, const char* clause) {
    Row empty;
    const Value v = eval(expr, empty, ctx);
    if (v.kind() != ValueKind::Int || v.as_int() < 0) {
        throw Error(ErrorKind::Semantic, ErrorClass::SyntaxError,
                    v.kind() == ValueKind::Int ? "NegativeIntegerArgument" : "InvalidArgumentType",
                    std::string(clause) + " needs a non-negative integer, not " + to_literal(v),
                    expr.span);
    }
    return v.as_int();
}

}  // namespace caspian::query::exec
