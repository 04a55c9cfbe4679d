// Deep copies of AST parts (clone): ExprPtr owns its children, so copying a tree means walking
// it. Spans and columns are copied too: the copy still points into the same source text.
#include "query/ast.hpp"

namespace caspian::query {
namespace {

ExprPtr clone_ptr(const ExprPtr& e) {
    return e ? clone(*e) : nullptr;
}

NodePattern clone(const NodePattern& n) {
    return {n.variable, n.labels, clone_ptr(n.properties), n.span};
}

RelPattern clone(const RelPattern& r) {
    return {r.variable, r.types, r.length, clone_ptr(r.properties), r.direction, r.span};
}

PatternPart clone(const PatternPart& p) {
    PatternPart out{p.path_variable, p.function, clone(p.start), {}, p.span};
    for (const PatternStep& s : p.steps)
        out.steps.push_back({clone(s.rel), clone(s.node)});
    return out;
}

}  // namespace

ExprPtr clone(const Expr& e) {
    auto out = std::make_unique<Expr>();
    out->kind = e.kind;
    out->span = e.span;
    out->name = e.name;
    out->name2 = e.name2;
    out->string_value = e.string_value;
    out->int_value = e.int_value;
    out->float_value = e.float_value;
    out->bool_value = e.bool_value;
    out->distinct = e.distinct;
    out->labels = e.labels;
    out->ops = e.ops;
    out->keys = e.keys;
    for (const MapProjectionItem& item : e.projection)
        out->projection.push_back({item.kind, item.name, clone_ptr(item.value), item.span});
    for (const PatternPart& p : e.patterns)
        out->patterns.push_back(clone(p));
    for (const ExprPtr& arg : e.args)
        out->args.push_back(clone_ptr(arg));
    out->subquery = e.subquery;
    return out;
}

Projection clone(const Projection& p) {
    Projection out;
    out.distinct = p.distinct;
    out.star = p.star;
    for (const ProjectionItem& item : p.items)
        out.items.push_back({clone_ptr(item.expr), item.alias, item.column, item.span});
    for (const SortItem& item : p.order_by)
        out.order_by.push_back({clone_ptr(item.expr), item.descending, item.span});
    out.skip = clone_ptr(p.skip);
    out.limit = clone_ptr(p.limit);
    return out;
}

}  // namespace caspian::query
