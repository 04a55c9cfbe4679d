// Translation of the terse form to the full form (see terse.hpp and docs/query-language.md).
// Each piece is built twice side by side, as the AST that runs and as the text EXPLAIN shows;
// the text is never parsed, so the AST is exactly what parsing it would give (terse_test.cpp).
#include "query/api/terse.hpp"

#include "graph/fulltext_index.hpp"
#include "graph/name_index.hpp"

#include "value/literal.hpp"
#include "value/name_fold.hpp"
#include "value/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
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

// Relationship types walked from the node: the stored types equal to a word ignoring case, or
// the word itself (which matches nothing and is reported as unknown) when none is.
struct Walk {
    std::vector<std::string> types;
    bool incoming = false;
};

Walk walk(const graph::GraphReader& reader, const std::string& word, bool incoming) {
    Walk w{matching_names<graph::NameKind::Type>(reader, word), incoming};
    if (w.types.empty()) w.types.push_back(word);
    return w;
}

// exists((n)-[:A]->()<-[:B1|B2]-({property: value})): a path of walks to a node with the value.
Piece path_exists(const std::string& n, std::vector<Walk> walks, const std::string& property,
                  Piece value, SourceSpan span) {
    PatternPart part;
    part.start.variable = n;
    part.start.span = span;
    part.span = span;
    std::string text = "exists((" + quote_name(n) + ")";
    for (std::size_t i = 0; i < walks.size(); ++i) {
        std::string type_text;
        for (const std::string& t : walks[i].types)
            type_text += (type_text.empty() ? ":" : "|") + quote_name(t);
        const bool last = i + 1 == walks.size();
        text += (walks[i].incoming ? "<-[" : "-[") + type_text + (walks[i].incoming ? "]-" : "]->");
        // The key as the terse form wrote it before paths: `{key: ...}`.
        const std::string map_key =
            property == graph::key_property ? property : quote_name(property);
        text += last ? "({" + map_key + ": " + value.text + "}))" : "()";
        PatternStep step;
        step.rel.types = std::move(walks[i].types);
        step.rel.direction = walks[i].incoming ? Direction::Left : Direction::Right;
        step.rel.span = span;
        step.node.span = span;
        if (last) {
            step.node.properties = make_expr(ExprKind::Map, span, std::move(value.expr));
            step.node.properties->keys.push_back(property);
        }
        part.steps.push_back(std::move(step));
    }
    auto pattern = make_expr(ExprKind::PatternPredicate, span);
    pattern->patterns.push_back(std::move(part));
    auto exists = make_expr(ExprKind::FunctionCall, span, std::move(pattern));
    exists->name = "exists";
    return {std::move(exists), text};
}

bool is_textual(const TerseOperand& o) {
    return o.kind == TerseOperandKind::Word || o.kind == TerseOperandKind::String;
}

// "'GE' (:Country)", or "node 7 (:Person)" for a node without a key.
std::string describe_node(const graph::GraphReader& reader, NodeId id) {
    std::string out = "node " + std::to_string(id.value);
    if (const auto key_id = reader.find_name<graph::NameKind::Property>(graph::key_property)) {
        const auto key = reader.node_property(id, *key_id);
        if (key && key->kind() == ValueKind::String) out = quote_string(key->as_string());
    }
    if (const auto node = reader.node(id)) {
        std::string labels;
        for (std::uint32_t label : node->labels)
            labels += ":" + reader.name(graph::LabelId(label));
        if (!labels.empty()) out += " (" + labels + ")";
    }
    return out;
}

// The node at the end of the last walk that the word names (by key, name or alias: docs/names.md):
// the {key: ...} value that finds it. Among several named nodes, those at the end of such a
// relationship; still several is an error listing them. A word naming none stays as written.
Piece resolved_key(const TerseCondition& c, const Walk& last, const graph::GraphReader& reader) {
    if (!is_textual(c.operand)) return operand(c.operand);
    graph::NameResolution named = graph::resolve_name(reader, c.operand.text);
    if (named.nodes.size() > 1) {
        std::vector<NodeId> linked;
        // The named node is the walk's far end: the source of an incoming relationship.
        const caspian::Direction dir =
            last.incoming ? caspian::Direction::Out : caspian::Direction::In;
        for (NodeId id : named.nodes) {
            for (const std::string& t : last.types) {
                const auto type = reader.find_name<graph::NameKind::Type>(t);
                if (type && reader.degree(id, dir, *type) > 0) {
                    linked.push_back(id);
                    break;
                }
            }
        }
        if (!linked.empty()) named.nodes = linked;
    }
    if (named.nodes.size() > 1) {
        std::string list;
        const std::size_t shown = std::min<std::size_t>(named.nodes.size(), 5);
        for (std::size_t i = 0; i < shown; ++i)
            list += (i > 0 ? ", " : "") + describe_node(reader, named.nodes[i]);
        if (named.nodes.size() > shown)
            list += " and " + std::to_string(named.nodes.size() - shown) + " more";
        throw Error(ErrorKind::Semantic,
                    quote_string(c.operand.text) + " names " + std::to_string(named.nodes.size()) +
                        " nodes: " + list + "; use the key",
                    c.operand.span);
    }
    if (named.nodes.empty()) return operand(c.operand);
    const auto key_id = reader.find_name<graph::NameKind::Property>(graph::key_property);
    const auto key = key_id ? reader.node_property(named.nodes[0], *key_id) : std::nullopt;
    if (!key || key->kind() != ValueKind::String) return operand(c.operand);
    auto e = make_expr(ExprKind::String, c.operand.span);
    e->string_value = key->as_string();
    return {std::move(e), quote_string(key->as_string(), ControlChars::Keep)};
}

// `a.b.key = value` and `<-key = value`: a path from the node (docs/query-language.md).
Piece path_comparison(const TerseCondition& c, const std::string& n,
                      const graph::GraphReader& reader) {
    if (c.op != CompareOp::Eq && c.op != CompareOp::Ne) {
        throw Error(ErrorKind::Semantic,
                    "a path (a.b = value, <-a = value) compares with = or <> only", c.span);
    }
    std::vector<Walk> walks;
    for (const TerseHop& hop : c.hops)
        walks.push_back(walk(reader, hop.type, hop.incoming));
    Piece found;
    if (c.incoming || !matching_names<graph::NameKind::Type>(reader, c.key).empty()) {
        walks.push_back(walk(reader, c.key, c.incoming));
        Piece value = resolved_key(c, walks.back(), reader);
        found = path_exists(n, std::move(walks), std::string(graph::key_property), std::move(value),
                            c.span);
    } else {
        found = path_exists(n, std::move(walks), c.key, operand(c.operand), c.span);
    }
    if (c.op == CompareOp::Eq) return found;
    return {make_expr(ExprKind::Not, c.span, std::move(found.expr)), "(NOT " + found.text + ")"};
}

Piece comparison(const TerseCondition& c, const std::string& n, const graph::GraphReader& reader) {
    if (!c.hops.empty() || c.incoming) return path_comparison(c, n, reader);
    const bool textual = is_textual(c.operand);
    if ((c.op != CompareOp::Eq && c.op != CompareOp::Ne) || !textual) {
        Piece p = property_comparison(n, c, c.op);
        p.text = "(" + p.text + ")";
        return p;
    }
    // key = word: an edge of that type to the node word names, or the property.
    // coalesce: a node without the property fails `=` (false, not null), so NOT keeps it.
    Piece equal = property_comparison(n, c, CompareOp::Eq);
    auto false_literal = make_expr(ExprKind::Bool, c.span);  // bool_value is false
    auto coalesce =
        make_expr(ExprKind::FunctionCall, c.span, std::move(equal.expr), std::move(false_literal));
    coalesce->name = "coalesce";
    Piece either{std::move(coalesce), "coalesce(" + equal.text + ", false)"};
    std::vector<std::string> types = matching_names<graph::NameKind::Type>(reader, c.key);
    if (!types.empty()) {
        std::vector<Walk> walks{Walk{std::move(types), false}};
        Piece value = resolved_key(c, walks.back(), reader);
        Piece edge = path_exists(n, std::move(walks), std::string(graph::key_property),
                                 std::move(value), c.span);
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
        case TerseConditionKind::Search:
            throw Error(ErrorKind::Semantic,
                        "a text search (~'...') is the whole condition or joined to it with AND",
                        c.span);
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

// The RETURN clause: the one written, or the default columns (the node; the score too).
void finish(const TerseMatch& terse, std::string_view source,
            const std::vector<std::string>& columns, SourceSpan match_span, SingleQuery& single,
            std::string& text) {
    const SourceSpan at_label = terse.label_span;
    if (terse.return_clause) {
        single.clauses.push_back(
            {ReturnClause{clone(terse.return_clause->projection)}, terse.return_span});
        text +=
            " " + std::string(source.substr(terse.return_span.offset, terse.return_span.length));
        single.span = through(at_label, terse.return_span);
        return;
    }
    ReturnClause node;
    text += " RETURN ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string& c = columns[i];
        node.projection.items.push_back({variable(c, at_label), c, c, at_label});
        text += (i > 0 ? ", " : "") + quote_name(c) + " AS " + quote_name(c);
    }
    single.clauses.push_back({std::move(node), at_label});
    single.span = match_span;
}

// The full-text index a search over labels reads: the first by name covering one of them, or
// for MATCH * the one covering the most labels (docs/query-language.md).
std::optional<graph::FulltextIndex> search_index(const TerseMatch& terse,
                                                 const std::vector<std::string>& labels,
                                                 const TerseCondition& search,
                                                 const graph::GraphReader& reader) {
    std::vector<graph::FulltextIndex> indexes = graph::fulltext_indexes(reader);
    std::sort(indexes.begin(), indexes.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::optional<graph::FulltextIndex> best;
    for (graph::FulltextIndex& index : indexes) {
        if (index.entity != graph::FulltextEntity::Node) continue;
        if (terse.any_label) {
            if (!best || index.tokens.size() > best->tokens.size()) best = std::move(index);
            continue;
        }
        for (const std::string& label : labels) {
            const auto id = reader.find_name<graph::NameKind::Label>(label);
            if (id && index.covers({id->value})) return std::move(index);
        }
    }
    if (best || !terse.any_label) {
        if (best) return best;
        throw Error(ErrorKind::Semantic,
                    "no full-text index covers :" + terse.label +
                        "; create one: CREATE FULLTEXT INDEX name FOR (n:" + terse.label +
                        ") ON EACH [n.name]",
                    search.span);
    }
    throw Error(ErrorKind::Semantic,
                "no full-text index to search; create one: CREATE FULLTEXT INDEX search FOR "
                "(n:Label1|Label2) ON EACH [n.name]",
                search.span);
}

ExprPtr string_expr(const std::string& value, SourceSpan span) {
    auto e = make_expr(ExprKind::String, span);
    e->string_value = value;
    return e;
}

// MATCH label WHERE ~"text" [AND ...]: CALL db.index.fulltext.queryNodes(index, text) YIELD
// node AS label, score WHERE label:Label [AND ...], best first.
TerseTranslation translate_search(const TerseMatch& terse, const TerseCondition& search,
                                  const std::vector<const TerseCondition*>& rest,
                                  const std::vector<std::string>& labels, std::string_view source,
                                  const graph::GraphReader& reader) {
    const std::string& n = terse.label;
    const SourceSpan at_label = terse.label_span;
    const graph::FulltextIndex index = *search_index(terse, labels, search, reader);
    CallClause call;
    call.procedure = "db.index.fulltext.queryNodes";
    call.args.push_back(string_expr(index.name, search.span));
    call.args.push_back(string_expr(search.operand.text, search.operand.span));
    call.yields.push_back({"node", n == "node" ? std::nullopt : std::optional(n), at_label});
    call.yields.push_back({"score", std::nullopt, search.span});
    std::string text = "CALL db.index.fulltext.queryNodes(" +
                       quote_string(index.name, ControlChars::Keep) + ", " +
                       quote_string(search.operand.text, ControlChars::Keep) + ") YIELD node" +
                       (n == "node" ? "" : " AS " + quote_name(n)) + ", score";
    Piece where;
    if (!terse.any_label) {
        where = any_label(n, labels.empty() ? std::vector<std::string>{n} : labels, at_label);
    }
    for (const TerseCondition* c : rest) {
        Piece next = condition(*c, n, reader);
        if (where.expr == nullptr) {
            where = std::move(next);
        } else {
            where.expr =
                make_expr(ExprKind::And, c->span, std::move(where.expr), std::move(next.expr));
            where.text += " AND " + next.text;
        }
    }
    if (where.expr != nullptr) text += " WHERE " + where.text;
    call.where = std::move(where.expr);
    const SourceSpan call_span = through(at_label, terse.where->span);
    SingleQuery single;
    single.clauses.push_back({std::move(call), call_span});
    finish(terse, source, {n, "score"}, call_span, single, text);
    TerseTranslation out;
    out.query.parts.push_back(std::move(single));
    out.text = std::move(text);
    return out;
}

}  // namespace

TerseTranslation translate_terse(const TerseMatch& terse, std::string_view source,
                                 const graph::GraphReader& reader) {
    // The label word names the matched node, so `RETURN visit.date` reads naturally.
    const std::string& n = terse.label;
    const SourceSpan at_label = terse.label_span;
    const std::vector<std::string> labels = terse.any_label
                                                ? std::vector<std::string>{}
                                                : matching_names<graph::NameKind::Label>(reader, n);
    // A text search, ~"...": the whole condition or one of its AND terms.
    const TerseCondition* search = nullptr;
    std::vector<const TerseCondition*> rest;
    if (terse.where && terse.where->kind == TerseConditionKind::Search) {
        search = terse.where.get();
    } else if (terse.where && terse.where->kind == TerseConditionKind::And) {
        for (const auto& child : terse.where->children) {
            if (child->kind != TerseConditionKind::Search) {
                rest.push_back(child.get());
            } else if (search != nullptr) {
                throw Error(ErrorKind::Semantic, "a statement has one text search (~'...') at most",
                            child->span);
            } else {
                search = child.get();
            }
        }
    }
    if (search != nullptr) return translate_search(terse, *search, rest, labels, source, reader);

    MatchClause match;
    PatternPart& part = match.patterns.emplace_back();
    part.start.variable = n;
    part.start.span = at_label;
    part.span = at_label;
    std::string text = "MATCH (" + quote_name(n);
    Piece where;
    if (terse.any_label || labels.size() == 1) {
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
    finish(terse, source, {n}, match_span, single, text);
    TerseTranslation out;
    out.query.parts.push_back(std::move(single));
    out.text = std::move(text);
    return out;
}

namespace {

// The spelling stored for a folded entry: the key, the name, or the alias that folds to it.
std::string stored_spelling(const graph::GraphReader& reader, std::string_view folded,
                            graph::NameSource source, NodeId id) {
    const graph::NameProperties ids = graph::name_properties(reader);
    const auto property = source == graph::NameSource::Key    ? ids.key
                          : source == graph::NameSource::Name ? ids.name
                                                              : ids.aliases;
    const auto value = property ? reader.node_property(id, *property) : std::nullopt;
    if (value && value->kind() == ValueKind::String) return value->as_string();
    if (value && value->kind() == ValueKind::List) {
        for (const Value& v : value->as_list()) {
            if (v.kind() == ValueKind::String && fold_name(v.as_string()) == folded)
                return v.as_string();
        }
    }
    return std::string(folded);
}

void collect_unknown_values(const TerseCondition& c, const graph::GraphReader& reader,
                            std::vector<Notification>& out) {
    if (c.kind != TerseConditionKind::Compare) {
        for (const auto& child : c.children)
            collect_unknown_values(*child, reader, out);
        return;
    }
    // The words resolved to nodes (resolved_key): those a relationship is followed to.
    const bool follows =
        c.incoming || !matching_names<graph::NameKind::Type>(reader, c.key).empty();
    if ((c.op != CompareOp::Eq && c.op != CompareOp::Ne) || !is_textual(c.operand) || !follows)
        return;
    if (!graph::resolve_name(reader, c.operand.text).nodes.empty()) return;
    // The nearest folded name (this walks the whole index: only for a word naming nothing).
    const std::string folded = fold_name(c.operand.text);
    std::vector<std::string> names;
    std::vector<std::pair<graph::NameSource, NodeId>> owners;
    graph::scan_names_index(reader, [&](std::string_view f, graph::NameSource s, NodeId id) {
        names.emplace_back(f);
        owners.emplace_back(s, id);
        return true;
    });
    const std::size_t max_edits = folded.size() <= 4 ? 1 : 2;
    Notification n;
    n.code = "Caspian.ClientNotification.Statement.UnknownNodeNameWarning";
    n.title = "The provided value names no node in the database.";
    n.description = "no node has the key, name or alias " + quote_string(c.operand.text);
    if (const auto near = closest_name(folded, names, max_edits)) {
        const std::size_t at =
            static_cast<std::size_t>(std::find(names.begin(), names.end(), *near) - names.begin());
        n.description +=
            "; did you mean " +
            quote_string(stored_spelling(reader, *near, owners[at].first, owners[at].second)) + "?";
    }
    n.offset = c.operand.span.offset;
    n.length = c.operand.span.length;
    out.push_back(std::move(n));
}

}  // namespace

std::vector<Notification> unknown_value_notifications(const TerseMatch& terse,
                                                      const graph::GraphReader& reader) {
    std::vector<Notification> out;
    if (terse.where) collect_unknown_values(*terse.where, reader, out);
    return out;
}

}  // namespace caspian::query
