// Structural comparison of ASTs (same_ast): what the parse -> print -> parse round trip checks.
// Spans and ProjectionItem::column are ignored, since they describe the source text.
#include "query/ast.hpp"

#include <type_traits>
#include <variant>

namespace caspian::query {
namespace {

bool same(const ExprPtr& a, const ExprPtr& b);
bool same(const Expr& x, const Expr& y);
bool same(const PatternPart& a, const PatternPart& b);
bool same_statement_body(const Query& a, const Query& b);
bool same_subquery(const std::shared_ptr<const Query>& a, const std::shared_ptr<const Query>& b) {
    if (!a || !b) return !a && !b;
    return same_statement_body(*a, *b);
}

template <typename T, typename F>
bool same_each(const std::vector<T>& a, const std::vector<T>& b, F f) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!f(a[i], b[i])) return false;
    return true;
}

bool same(const NodePattern& a, const NodePattern& b) {
    return a.variable == b.variable && a.labels == b.labels && same(a.properties, b.properties);
}

bool same(const RelPattern& a, const RelPattern& b) {
    const bool lengths =
        a.length.has_value() == b.length.has_value() &&
        (!a.length || (a.length->min == b.length->min && a.length->max == b.length->max));
    return a.variable == b.variable && a.types == b.types && lengths &&
           a.direction == b.direction && same(a.properties, b.properties);
}

bool same(const PatternPart& a, const PatternPart& b) {
    return a.path_variable == b.path_variable && a.function == b.function &&
           same(a.start, b.start) &&
           same_each(a.steps, b.steps, [](const PatternStep& x, const PatternStep& y) {
               return same(x.rel, y.rel) && same(x.node, y.node);
           });
}

bool same_patterns(const std::vector<PatternPart>& a, const std::vector<PatternPart>& b) {
    return same_each(a, b, [](const PatternPart& x, const PatternPart& y) { return same(x, y); });
}

bool same_exprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
    return same_each(a, b, [](const ExprPtr& x, const ExprPtr& y) { return same(x, y); });
}

bool same(const Expr& x, const Expr& y) {
    const bool floats = x.float_value == y.float_value ||
                        (x.float_value != x.float_value && y.float_value != y.float_value);
    return x.kind == y.kind && x.name == y.name && x.name2 == y.name2 &&
           x.string_value == y.string_value && x.int_value == y.int_value && floats &&
           x.bool_value == y.bool_value && x.distinct == y.distinct && x.labels == y.labels &&
           x.ops == y.ops && x.keys == y.keys &&
           same_each(x.projection, y.projection,
                     [](const MapProjectionItem& p, const MapProjectionItem& q) {
                         return p.kind == q.kind && p.name == q.name && same(p.value, q.value);
                     }) &&
           same_patterns(x.patterns, y.patterns) && same_exprs(x.args, y.args) &&
           same_subquery(x.subquery, y.subquery);
}

bool same(const ExprPtr& a, const ExprPtr& b) {
    if (!a || !b) return !a && !b;
    return same(*a, *b);
}

bool same(const Projection& a, const Projection& b) {
    return a.distinct == b.distinct && a.star == b.star &&
           same_each(a.items, b.items,
                     [](const ProjectionItem& x, const ProjectionItem& y) {
                         return x.alias == y.alias && same(x.expr, y.expr);
                     }) &&
           same_each(a.order_by, b.order_by,
                     [](const SortItem& x, const SortItem& y) {
                         return x.descending == y.descending && same(x.expr, y.expr);
                     }) &&
           same(a.skip, b.skip) && same(a.limit, b.limit);
}

bool same_set_items(const std::vector<SetItem>& a, const std::vector<SetItem>& b) {
    return same_each(a, b, [](const SetItem& x, const SetItem& y) {
        return x.kind == y.kind && same(x.target, y.target) && x.variable == y.variable &&
               x.labels == y.labels && same(x.value, y.value);
    });
}

bool same_body(const MatchClause& a, const MatchClause& b) {
    return a.optional == b.optional && same_patterns(a.patterns, b.patterns) &&
           same(a.where, b.where);
}
bool same_body(const WithClause& a, const WithClause& b) {
    return same(a.projection, b.projection) && same(a.where, b.where);
}
bool same_body(const ReturnClause& a, const ReturnClause& b) {
    return same(a.projection, b.projection);
}
bool same_body(const UnwindClause& a, const UnwindClause& b) {
    return same(a.list, b.list) && a.variable == b.variable;
}
bool same_body(const CreateClause& a, const CreateClause& b) {
    return same_patterns(a.patterns, b.patterns);
}
bool same_body(const MergeClause& a, const MergeClause& b) {
    return same(a.pattern, b.pattern) && same_set_items(a.on_create, b.on_create) &&
           same_set_items(a.on_match, b.on_match);
}
bool same_body(const SetClause& a, const SetClause& b) {
    return same_set_items(a.items, b.items);
}
bool same_body(const RemoveClause& a, const RemoveClause& b) {
    return same_each(a.items, b.items, [](const RemoveItem& x, const RemoveItem& y) {
        return x.is_labels == y.is_labels && same(x.property, y.property) &&
               x.variable == y.variable && x.labels == y.labels;
    });
}
bool same_body(const DeleteClause& a, const DeleteClause& b) {
    return a.detach == b.detach && same_exprs(a.targets, b.targets);
}
bool same_body(const CallClause& a, const CallClause& b) {
    return a.procedure == b.procedure && a.parenthesized == b.parenthesized &&
           same_exprs(a.args, b.args) && a.yield_star == b.yield_star &&
           same_each(a.yields, b.yields,
                     [](const YieldItem& x, const YieldItem& y) {
                         return x.field == y.field && x.alias == y.alias;
                     }) &&
           same(a.where, b.where);
}

bool same_body(const SubqueryClause& a, const SubqueryClause& b) {
    return same_subquery(a.body, b.body) && a.scope == b.scope && a.variables == b.variables &&
           a.optional == b.optional && a.in_transactions == b.in_transactions &&
           same(a.batch_rows, b.batch_rows);
}

bool same(const TerseCondition* a, const TerseCondition* b) {
    if (!a || !b) return !a && !b;
    if (a->kind != b->kind || a->key != b->key || a->incoming != b->incoming ||
        !same_each(a->hops, b->hops,
                   [](const TerseHop& x, const TerseHop& y) {
                       return x.type == y.type && x.incoming == y.incoming;
                   }) ||
        a->op != b->op || a->operand.kind != b->operand.kind ||
        a->children.size() != b->children.size())
        return false;
    if (a->kind == TerseConditionKind::Compare || a->kind == TerseConditionKind::Search) {
        const auto& x = a->operand;
        const auto& y = b->operand;
        switch (x.kind) {
            case TerseOperandKind::Word:
            case TerseOperandKind::String:
                if (x.text != y.text) return false;
                break;
            case TerseOperandKind::Integer:
                if (x.int_value != y.int_value) return false;
                break;
            case TerseOperandKind::Float:
                if (x.float_value != y.float_value) return false;
                break;
        }
    }
    for (std::size_t i = 0; i < a->children.size(); ++i)
        if (!same(a->children[i].get(), b->children[i].get())) return false;
    return true;
}

bool same_statement_body(const Query& a, const Query& b) {
    return a.union_all == b.union_all &&
           same_each(a.parts, b.parts, [](const SingleQuery& x, const SingleQuery& y) {
               return same_each(x.clauses, y.clauses, [](const Clause& p, const Clause& q) {
                   if (p.body.index() != q.body.index()) return false;
                   return std::visit(
                       [&q](const auto& pb) {
                           using T = std::decay_t<decltype(pb)>;
                           return same_body(pb, std::get<T>(q.body));
                       },
                       p.body);
               });
           });
}
bool same_statement_body(const TerseMatch& a, const TerseMatch& b) {
    return a.label == b.label && a.any_label == b.any_label && same(a.where.get(), b.where.get()) &&
           a.return_clause.has_value() == b.return_clause.has_value() &&
           (!a.return_clause || same_body(*a.return_clause, *b.return_clause));
}
bool same_statement_body(const CreateIndex& a, const CreateIndex& b) {
    return a.name == b.name && a.variable == b.variable && a.label == b.label &&
           a.properties == b.properties;
}
bool same_statement_body(const DropIndex& a, const DropIndex& b) {
    return a.name == b.name && a.label == b.label && a.properties == b.properties;
}
bool same_statement_body(const ShowIndexes&, const ShowIndexes&) {
    return true;
}
bool same_statement_body(const CreateFulltextIndex& a, const CreateFulltextIndex& b) {
    return a.name == b.name && a.if_not_exists == b.if_not_exists &&
           a.is_relationship == b.is_relationship && a.labels == b.labels &&
           a.properties == b.properties && a.analyzer == b.analyzer;
}
bool same_statement_body(const CreateVectorIndex& a, const CreateVectorIndex& b) {
    return a.name == b.name && a.if_not_exists == b.if_not_exists &&
           a.is_relationship == b.is_relationship && a.label == b.label &&
           a.property == b.property && a.dimensions == b.dimensions &&
           a.similarity == b.similarity && a.m == b.m && a.ef_construction == b.ef_construction;
}
bool same_statement_body(const CreateConstraint& a, const CreateConstraint& b) {
    return a.name == b.name && a.if_not_exists == b.if_not_exists &&
           a.is_old_syntax == b.is_old_syntax && a.variable == b.variable &&
           a.property_variable == b.property_variable && a.label == b.label &&
           a.property == b.property;
}
bool same_statement_body(const DropConstraint& a, const DropConstraint& b) {
    return a.name == b.name && a.if_exists == b.if_exists && a.variable == b.variable &&
           a.property_variable == b.property_variable && a.label == b.label &&
           a.property == b.property;
}
bool same_statement_body(const ShowConstraints&, const ShowConstraints&) {
    return true;
}
bool same_statement_body(const Analyze&, const Analyze&) {
    return true;
}
bool same_statement_body(const TransactionControl& a, const TransactionControl& b) {
    return a.command == b.command;
}

}  // namespace

bool same_ast(const Expr& a, const Expr& b) {
    return same(a, b);
}

bool same_ast(const Statement& a, const Statement& b) {
    if (a.mode != b.mode || a.body.index() != b.body.index()) return false;
    return std::visit(
        [&b](const auto& ab) {
            using T = std::decay_t<decltype(ab)>;
            return same_statement_body(ab, std::get<T>(b.body));
        },
        a.body);
}

}  // namespace caspian::query
