// Translation of the terse form to the full form (see terse.hpp and docs/query-language.md).
// Each piece is built twice side by side, as the AST that runs and as the text EXPLAIN shows;
// the text is never parsed, so the AST is exactly what parsing it would give (terse_test.cpp).
#include "query/api/terse.hpp"

#include "value/literal.hpp"
#include "value/text.hpp"

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace caspian::query {

namespace {

// Stored names equal to name ignoring case, in id order.
template <graph::NameKind Kind>
std::vector<std::string> matching_names(const graph::GraphReader& reader, std::string_view name) {
    std::vector<std::string> out;
    const std::string wanted = ascii_lower(name);
    for (const auto& [id, stored] : reader.names<Kind>()) {
        if (ascii_lower(stored) == wanted) out.push_back(stored);
    }
    return out;
}

// A part of the translation: the expression and its full-form text.
struct Piece {
    ExprPtr expr;
    std::string text;
};

template <typename... Args>
ExprPtr make_expr(ExprKind kind, SourceSpan span, Args... args) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    (e->args.push_back(std::move(args)), ...);
    return e;
}

ExprPtr variable(const std::string& name, SourceSpan span) {
    auto e = make_expr(ExprKind::Variable, span);
    e->name = name;
    return e;
}

// A negative number is Negate over its magnitude, as the full form parses `-1`, so that the
// planner sees what it sees there (-2^63's magnitude wraps to itself, as in parse_integer).
Piece operand(const TerseOperand& o) {
    switch (o.kind) {
        case TerseOperandKind::Integer: {
            auto e = make_expr(ExprKind::Integer, o.span);
            const bool negative = o.int_value < 0;
            e->int_value = negative
                               ? static_cast<std::int64_t>(std::uint64_t{0} -
                                                           static_cast<std::uint64_t>(o.int_value))
                               : o.int_value;
            if (negative) e = make_expr(ExprKind::Negate, o.span, std::move(e));
            return {std::move(e), std::to_string(o.int_value)};
        }
        case TerseOperandKind::Float: {
            auto e = make_expr(ExprKind::Float, o.span);
            const bool negative = std::signbit(o.float_value);
            e->float_value = negative ? -o.float_value : o.float_value;
            if (negative) e = make_expr(ExprKind::Negate, o.span, std::move(e));
            // Finite: the parser refuses overflow.
            return {std::move(e), float_literal(o.float_value)};
        }
        default: {
            auto e = make_expr(ExprKind::String, o.span);
            e->string_value = o.text;
            return {std::move(e), quote_string(o.text, ControlChars::Keep)};
        }
    }
}

// n.`key` op value
Piece property_comparison(const std::string& n, const TerseCondition& c, CompareOp op) {
    auto property = make_expr(ExprKind::Property, c.span, variable(n, c.span));
    property->name = c.key;
    Piece value = operand(c.operand);
    auto e = make_expr(ExprKind::Comparison, c.span, std::move(property), std::move(value.expr));
    e->ops.push_back(op);
    return {std::move(e),
            quote_name(n) + "." + quote_name(c.key) + " " + to_string(op) + " " + value.text};
}

// exists((n)-[:T1|T2]->({key: value})): an edge of one of types to the node keyed value.
Piece edge_to_key(const std::string& n, std::vector<std::string> types, const TerseCondition& c) {
    std::string type_text;
    for (const std::string& t : types)
        type_text += (type_text.empty() ? ":" : "|") + quote_name(t);
    Piece value = operand(c.operand);
    const std::string key(graph::key_property);
    PatternStep step;
    step.rel.types = std::move(types);
    step.rel.direction = Direction::Right;
    step.rel.span = c.span;
    step.node.properties = make_expr(ExprKind::Map, c.span, std::move(value.expr));
    step.node.properties->keys.push_back(key);
    step.node.span = c.span;
    PatternPart part;
    part.start.variable = n;
    part.start.span = c.span;
    part.steps.push_back(std::move(step));
    part.span = c.span;
    auto pattern = make_expr(ExprKind::PatternPredicate, c.span);
    pattern->patterns.push_back(std::move(part));
    auto exists = make_expr(ExprKind::FunctionCall, c.span, std::move(pattern));
    exists->name = "exists";
    return {std::move(exists), "exists((" + quote_name(n) + ")-[" + type_text + "]->({" + key +
                                   ": " + value.text + "}))"};
}

Piece comparison(const TerseCondition& c, const std::string& n, const graph::GraphReader& reader) {
    const bool textual =
        c.operand.kind == TerseOperandKind::Word || c.operand.kind == TerseOperandKind::String;
    if ((c.op != CompareOp::Eq && c.op != CompareOp::Ne) || !textual) {
        Piece p = property_comparison(n, c, c.op);
        p.text = "(" + p.text + ")";
        return p;
    }
    // key = word: an edge of that type to the node whose key is word, or the property.
    // coalesce: a node without the property fails `=` (false, not null), so NOT keeps it.
    Piece equal = property_comparison(n, c, CompareOp::Eq);
    auto false_literal = make_expr(ExprKind::Bool, c.span);  // bool_value is false
    auto coalesce =
        make_expr(ExprKind::FunctionCall, c.span, std::move(equal.expr), std::move(false_literal));
    coalesce->name = "coalesce";
    Piece either{std::move(coalesce), "coalesce(" + equal.text + ", false)"};
    std::vector<std::string> types = matching_names<graph::NameKind::Type>(reader, c.key);
    if (!types.empty()) {
        Piece edge = edge_to_key(n, std::move(types), c);
        either.expr = make_expr(ExprKind::Or, c.span, std::move(edge.expr), std::move(either.expr));
        either.text = edge.text + " OR " + either.text;
    }
    either.text = "(" + either.text + ")";
    if (c.op == CompareOp::Eq) return either;
    return {make_expr(ExprKind::Not, c.span, std::move(either.expr)), "(NOT " + either.text + ")"};
}

Piece condition(const TerseCondition& c, const std::string& n, const graph::GraphReader& reader) {
    switch (c.kind) {
        case TerseConditionKind::And:
        case TerseConditionKind::Or: {
            const bool is_and = c.kind == TerseConditionKind::And;
            Piece out = condition(*c.children[0], n, reader);
            for (std::size_t i = 1; i < c.children.size(); ++i) {
                Piece next = condition(*c.children[i], n, reader);
                out.expr = make_expr(is_and ? ExprKind::And : ExprKind::Or, c.span,
                                     std::move(out.expr), std::move(next.expr));
                out.text += (is_and ? " AND " : " OR ") + next.text;
            }
            out.text = "(" + out.text + ")";
            return out;
        }
        case TerseConditionKind::Not: {
            Piece inner = condition(*c.children[0], n, reader);
            return {make_expr(ExprKind::Not, c.span, std::move(inner.expr)),
                    "(NOT " + inner.text + ")"};
        }
        case TerseConditionKind::Compare:
            break;
    }
    return comparison(c, n, reader);
}

// The label condition when several stored labels differ only in case: n:A OR n:B ...
Piece any_label(const std::string& n, const std::vector<std::string>& labels, SourceSpan span) {
    Piece out;
    for (const std::string& label : labels) {
        auto has = make_expr(ExprKind::HasLabels, span, variable(n, span));
        has->labels.push_back(label);
        const std::string text = quote_name(n) + ":" + quote_name(label);
        if (out.expr == nullptr) {
            out = {std::move(has), text};
        } else {
            out.expr = make_expr(ExprKind::Or, span, std::move(out.expr), std::move(has));
            out.text += " OR " + text;
        }
    }
    out.text = "(" + out.text + ")";
    return out;
}

// From a's start to b's end.
SourceSpan through(SourceSpan a, SourceSpan b) {
    return {a.offset, b.offset + b.length - a.offset};
}

}  // namespace

TerseTranslation translate_terse(const TerseMatch& terse, std::string_view source,
                                 const graph::GraphReader& reader) {
    // The label word names the matched node, so `RETURN visit.date` reads naturally.
    const std::string& n = terse.label;
    const SourceSpan at_label = terse.label_span;
    const std::vector<std::string> labels = matching_names<graph::NameKind::Label>(reader, n);
    MatchClause match;
    PatternPart& part = match.patterns.emplace_back();
    part.start.variable = n;
    part.start.span = at_label;
    part.span = at_label;
    std::string text = "MATCH (" + quote_name(n);
    Piece where;
    if (labels.size() == 1) {
        part.start.labels = labels;
    } else if (labels.empty()) {
        part.start.labels = {n};  // matches nothing yet
    } else {
        where = any_label(n, labels, at_label);
    }
    if (!part.start.labels.empty()) text += ":" + quote_name(part.start.labels[0]);
    text += ")";
    SourceSpan match_span = at_label;
    if (terse.where) {
        Piece cond = condition(*terse.where, n, reader);
        if (where.expr == nullptr) {
            where = std::move(cond);
        } else {
            where.expr = make_expr(ExprKind::And, terse.where->span, std::move(where.expr),
                                   std::move(cond.expr));
            where.text += " AND " + cond.text;
        }
        match_span = through(at_label, terse.where->span);
    }
    if (where.expr != nullptr) text += " WHERE " + where.text;
    match.where = std::move(where.expr);

    SingleQuery single;
    single.clauses.push_back({std::move(match), match_span});
    if (terse.return_clause) {
        single.clauses.push_back(
            {ReturnClause{clone(terse.return_clause->projection)}, terse.return_span});
        text +=
            " " + std::string(source.substr(terse.return_span.offset, terse.return_span.length));
        single.span = through(at_label, terse.return_span);
    } else {
        ReturnClause node;
        node.projection.items.push_back({variable(n, at_label), n, n, at_label});
        single.clauses.push_back({std::move(node), at_label});
        text += " RETURN " + quote_name(n) + " AS " + quote_name(n);
        single.span = match_span;
    }
    TerseTranslation out;
    out.query.parts.push_back(std::move(single));
    out.text = std::move(text);
    return out;
}

}  // namespace caspian::query
