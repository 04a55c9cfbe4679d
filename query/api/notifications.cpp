// Unknown-name notifications (query/api/notifications.hpp): the statement's names are collected
// from its AST, split into the ones it reads and the ones it writes, and each read name is looked
// up in the database's names and counts. Neo4j's codes and titles, so that programs written
// against Neo4j's notifications read them unchanged.
#include "query/api/notifications.hpp"

#include "value/text.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <variant>

namespace caspian::query {

namespace {

using graph::NameKind;

struct NameRead {
    NameKind kind;
    std::string name;
    SourceSpan span;
    std::string subject;  // property reads: the variable read from ("" in a pattern's map)
};

class NameCollector {
public:
    std::vector<NameRead> reads;
    std::set<std::pair<NameKind, std::string>> writes;
    std::set<std::string> entities;  // variables that patterns bind to nodes and relationships

    void statement(const Statement& s) {
        const auto* query = std::get_if<Query>(&s.body);
        if (query != nullptr) this->query(*query);
    }

private:
    void query(const Query& q) {
        for (const SingleQuery& part : q.parts) {
            for (const Clause& c : part.clauses)
                std::visit([this](const auto& body) { clause(body); }, c.body);
        }
    }
    void clause(const SubqueryClause& c) { query(*c.body); }
    void clause(const MatchClause& c) {
        for (const PatternPart& p : c.patterns)
            pattern(p, /*written=*/false);
        expr(c.where.get());
    }
    void clause(const WithClause& c) {
        projection(c.projection);
        expr(c.where.get());
    }
    void clause(const ReturnClause& c) { projection(c.projection); }
    void clause(const UnwindClause& c) { expr(c.list.get()); }
    void clause(const CreateClause& c) {
        for (const PatternPart& p : c.patterns)
            pattern(p, /*written=*/true);
    }
    void clause(const MergeClause& c) {
        pattern(c.pattern, /*written=*/true);
        for (const SetItem& item : c.on_create)
            set_item(item);
        for (const SetItem& item : c.on_match)
            set_item(item);
    }
    void clause(const SetClause& c) {
        for (const SetItem& item : c.items)
            set_item(item);
    }
    void clause(const RemoveClause& c) {
        for (const RemoveItem& item : c.items) {
            for (const std::string& l : item.labels)
                writes.emplace(NameKind::Label, l);
            if (item.property) writes.emplace(NameKind::Property, item.property->name);
        }
    }
    void clause(const DeleteClause& c) {
        for (const ExprPtr& e : c.targets)
            expr(e.get());
    }
    void clause(const CallClause& c) {
        for (const ExprPtr& e : c.args)
            expr(e.get());
        expr(c.where.get());
    }

    void projection(const Projection& p) {
        for (const ProjectionItem& item : p.items)
            expr(item.expr.get());
        for (const SortItem& item : p.order_by)
            expr(item.expr.get());
        expr(p.skip.get());
        expr(p.limit.get());
    }

    void set_item(const SetItem& item) {
        if (item.target) writes.emplace(NameKind::Property, item.target->name);
        for (const std::string& l : item.labels)
            writes.emplace(NameKind::Label, l);
        if (item.value && item.value->kind == ExprKind::Map) {
            for (const std::string& k : item.value->keys)
                writes.emplace(NameKind::Property, k);
        }
        expr(item.value.get());
    }

    void pattern(const PatternPart& p, bool written) {
        node(p.start, written);
        for (const PatternStep& step : p.steps) {
            const RelPattern& r = step.rel;
            if (r.variable) entities.insert(*r.variable);
            for (const std::string& t : r.types)
                name(NameKind::Type, t, r.span, written);
            properties(r.properties.get(), r.span, written);
            node(step.node, written);
        }
    }

    void node(const NodePattern& n, bool written) {
        if (n.variable) entities.insert(*n.variable);
        for (const std::string& l : n.labels)
            name(NameKind::Label, l, n.span, written);
        properties(n.properties.get(), n.span, written);
    }

    void properties(const Expr* map, SourceSpan span, bool written) {
        if (map == nullptr) return;
        if (map->kind == ExprKind::Map) {
            for (const std::string& k : map->keys)
                name(NameKind::Property, k, span, written);
        }
        expr(map);
    }

    void name(NameKind kind, const std::string& text, SourceSpan span, bool written) {
        if (written) {
            writes.emplace(kind, text);
        } else {
            reads.push_back(NameRead{kind, text, span, ""});
        }
    }

    // Iterative: expressions may nest deeply.
    void expr(const Expr* root) {
        std::vector<const Expr*> stack;
        if (root != nullptr) stack.push_back(root);
        while (!stack.empty()) {
            const Expr* e = stack.back();
            stack.pop_back();
            if (e->kind == ExprKind::HasLabels) {
                for (const std::string& l : e->labels)
                    reads.push_back(NameRead{NameKind::Label, l, e->span, ""});
            } else if (e->kind == ExprKind::Property && !e->args.empty() && e->args[0] &&
                       e->args[0]->kind == ExprKind::Variable) {
                reads.push_back(NameRead{NameKind::Property, e->name, e->span, e->args[0]->name});
            }
            for (const PatternPart& p : e->patterns)
                pattern(p, /*written=*/false);
            if (e->subquery) query(*e->subquery);
            for (const MapProjectionItem& item : e->projection) {
                if (item.value) stack.push_back(item.value.get());
            }
            for (const ExprPtr& a : e->args) {
                if (a) stack.push_back(a.get());
            }
        }
    }
};

// The names of kind that something in the database has.
std::vector<std::string> names_in_use(NameKind kind, const graph::GraphReader& reader) {
    std::vector<std::string> out;
    switch (kind) {
        case NameKind::Label:
            for (const auto& [id, text] : reader.names<NameKind::Label>()) {
                if (reader.label_count(id) > 0) out.push_back(text);
            }
            break;
        case NameKind::Type:
            for (const auto& [id, text] : reader.names<NameKind::Type>()) {
                if (reader.type_stats(id).edges > 0) out.push_back(text);
            }
            break;
        case NameKind::Property:
            for (const auto& [id, text] : reader.names<NameKind::Property>())
                out.push_back(text);
            break;
    }
    return out;
}

// Whether some label, type or property key in use is name, ignoring case (the terse form's
// words match any of them).
bool known_in_any_kind(const std::string& name,
                       std::optional<std::vector<std::string>> (&in_use)[3],
                       const graph::GraphReader& reader) {
    const NameKind kinds[] = {NameKind::Label, NameKind::Type, NameKind::Property};
    const std::string folded = ascii_lower(name);
    for (int k = 0; k < 3; ++k) {
        if (!in_use[k]) in_use[k] = names_in_use(kinds[k], reader);
        for (const std::string& n : *in_use[k]) {
            if (ascii_lower(n) == folded) return true;
        }
    }
    return false;
}

// Where the name itself is written inside span (the pattern or expression that holds it).
SourceSpan locate(std::string_view text, SourceSpan span, const std::string& name) {
    if (span.offset + span.length > text.size()) return span;
    const std::string_view within = text.substr(span.offset, span.length);
    for (std::size_t at = within.find(name); at != std::string_view::npos;
         at = within.find(name, at + 1)) {
        const char before = at == 0 ? ' ' : within[at - 1];
        if (before == ':' || before == '.' || before == '|' || before == '`' || before == ' ' ||
            before == '{' || before == ',') {
            return SourceSpan{span.offset + at, name.size()};
        }
    }
    return span;
}

Notification unknown(NameKind kind, const std::string& name, SourceSpan where,
                     const std::optional<std::string>& suggestion) {
    Notification n;
    const char* what = kind == NameKind::Label  ? "label"
                       : kind == NameKind::Type ? "relationship type"
                                                : "property key";
    n.code = kind == NameKind::Label ? "Neo.ClientNotification.Statement.UnknownLabelWarning"
             : kind == NameKind::Type
                 ? "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning"
                 : "Neo.ClientNotification.Statement.UnknownPropertyKeyWarning";
    n.title = std::string("The provided ") + what + " is not in the database.";
    n.description = std::string("no ") +
                    (kind == NameKind::Property ? "node or relationship has the property key '"
                     : kind == NameKind::Label  ? "node has the label '"
                                                : "relationship has the type '") +
                    name + "'";
    if (suggestion) n.description += "; did you mean '" + *suggestion + "'?";
    n.offset = where.offset;
    n.length = where.length;
    return n;
}

}  // namespace

std::vector<Notification> unknown_name_notifications(const Statement& statement,
                                                     std::string_view text,
                                                     const graph::GraphReader& reader, bool terse) {
    NameCollector names;
    names.statement(statement);
    std::vector<Notification> out;
    std::set<std::pair<NameKind, std::string>> reported;
    std::optional<std::vector<std::string>> in_use[3];
    const auto slot = [](NameKind k) {
        return k == NameKind::Label ? 0 : k == NameKind::Type ? 1 : 2;
    };
    for (const NameRead& r : names.reads) {
        // A property read from a map or a value is not a property key of the graph.
        if (r.kind == NameKind::Property && !r.subject.empty() &&
            !names.entities.contains(r.subject))
            continue;
        if (names.writes.contains({r.kind, r.name}) || reported.contains({r.kind, r.name}))
            continue;
        auto& known = in_use[slot(r.kind)];
        if (!known) known = names_in_use(r.kind, reader);
        if (std::find(known->begin(), known->end(), r.name) != known->end()) continue;
        if (terse && known_in_any_kind(r.name, in_use, reader)) continue;
        reported.emplace(r.kind, r.name);
        // A suggestion within two edits, one for names of up to four characters.
        const std::size_t max_edits = r.name.size() <= 4 ? 1 : 2;
        out.push_back(unknown(r.kind, r.name, locate(text, r.span, r.name),
                              closest_name(r.name, *known, max_edits)));
    }
    return out;
}

}  // namespace caspian::query
