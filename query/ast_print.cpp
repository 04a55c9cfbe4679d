// Canonical text of an AST: it parses back to an equal AST (same_ast, ast_compare.cpp). Printing
// never consults the original source text.
#include "query/ast_print.hpp"
#include "query/ast.hpp"
#include "query/parser/reserved_words.hpp"
#include "value/literal.hpp"

#include <string_view>

namespace caspian::query {
namespace {

bool is_reserved(std::string_view name) {
    for (const auto word : reserved_words) {
        if (word.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            char c = name[i];
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            same = c == word[i];
        }
        if (same) return true;
    }
    return false;
}

bool is_plain_identifier(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        const bool letter =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
        const bool digit = c >= '0' && c <= '9';
        if (!(letter || (i > 0 && digit))) return false;
    }
    return true;
}

// A variable (reserved words quoted) or, with schema = true, a label, type or key.
std::string name_text(std::string_view name, bool schema = false) {
    if (is_plain_identifier(name) && (schema || !is_reserved(name))) return std::string(name);
    return quote_name(name);
}

std::string dotted_text(std::string_view dotted) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = dotted.find('.', start);
        const std::string_view part = dotted.substr(start, dot - start);
        const bool first = start == 0;
        const bool exists = part.size() == 6 && is_reserved(part) &&
                            (part[0] == 'e' || part[0] == 'E');  // exists(...) is allowed bare
        out += name_text(part, !first || exists);
        if (dot == std::string_view::npos) break;
        out += '.';
        start = dot + 1;
    }
    return out;
}

const char* binary_text(ExprKind kind) {
    switch (kind) {
        case ExprKind::Or:
            return "OR";
        case ExprKind::Xor:
            return "XOR";
        case ExprKind::And:
            return "AND";
        case ExprKind::Add:
            return "+";
        case ExprKind::Subtract:
            return "-";
        case ExprKind::Multiply:
            return "*";
        case ExprKind::Divide:
            return "/";
        case ExprKind::Modulo:
            return "%";
        case ExprKind::Power:
            return "^";
        case ExprKind::StartsWith:
            return "STARTS WITH";
        case ExprKind::EndsWith:
            return "ENDS WITH";
        case ExprKind::Contains:
            return "CONTAINS";
        case ExprKind::In:
            return "IN";
        case ExprKind::RegexMatch:
            return "=~";
        default:
            return "?";
    }
}

class Printer {
public:
    std::string out;

    void expr(const Expr& e) {
        switch (e.kind) {
            case ExprKind::Null:
                out += "null";
                break;
            case ExprKind::Bool:
                out += e.bool_value ? "true" : "false";
                break;
            case ExprKind::Integer:
                out += std::to_string(e.int_value);
                break;
            case ExprKind::Float:
                out += float_literal(e.float_value);
                break;
            case ExprKind::String:
                out += quote_string(e.string_value, ControlChars::Escape);
                break;
            case ExprKind::Parameter:
                out += '$';
                out +=
                    (!e.name.empty() && e.name.find_first_not_of("0123456789") == std::string::npos)
                        ? e.name
                        : name_text(e.name, true);
                break;
            case ExprKind::Variable:
                out += name_text(e.name);
                break;
            case ExprKind::Property:
                expr(*e.args[0]);
                out += '.' + name_text(e.name, true);
                break;
            case ExprKind::Index:
                expr(*e.args[0]);
                out += '[';
                expr(*e.args[1]);
                out += ']';
                break;
            case ExprKind::Slice:
                expr(*e.args[0]);
                out += '[';
                if (e.args[1]) expr(*e.args[1]);
                out += "..";
                if (e.args[2]) expr(*e.args[2]);
                out += ']';
                break;
            case ExprKind::HasLabels:
                out += '(';
                expr(*e.args[0]);
                for (const auto& l : e.labels)
                    out += ':' + name_text(l, true);
                out += ')';
                break;
            case ExprKind::FunctionCall:
                out += dotted_text(e.name) + '(';
                if (e.distinct) out += "DISTINCT ";
                list(e.args);
                out += ')';
                break;
            case ExprKind::CountStar:
                out += "count(*)";
                break;
            case ExprKind::List:
                out += '[';
                list(e.args);
                out += ']';
                break;
            case ExprKind::Map:
                out += '{';
                for (std::size_t i = 0; i < e.args.size(); ++i) {
                    if (i > 0) out += ", ";
                    out += name_text(e.keys[i], true) + ": ";
                    expr(*e.args[i]);
                }
                out += '}';
                break;
            case ExprKind::MapProjection:
                map_projection(e);
                break;
            case ExprKind::Case:
                out += "CASE";
                if (e.args[0]) {
                    out += ' ';
                    expr(*e.args[0]);
                }
                for (std::size_t i = 2; i + 1 < e.args.size(); i += 2) {
                    out += " WHEN ";
                    expr(*e.args[i]);
                    out += " THEN ";
                    expr(*e.args[i + 1]);
                }
                if (e.args[1]) {
                    out += " ELSE ";
                    expr(*e.args[1]);
                }
                out += " END";
                break;
            case ExprKind::ListComprehension:
                out += '[' + name_text(e.name) + " IN ";
                expr(*e.args[0]);
                where(e.args[1]);
                if (e.args[2]) {
                    out += " | ";
                    expr(*e.args[2]);
                }
                out += ']';
                break;
            case ExprKind::PatternComprehension:
                out += '[';
                pattern(e.patterns[0]);
                where(e.args[0]);
                out += " | ";
                expr(*e.args[1]);
                out += ']';
                break;
            case ExprKind::All:
            case ExprKind::Any:
            case ExprKind::None:
            case ExprKind::Single:
                out += e.kind == ExprKind::All    ? "all("
                       : e.kind == ExprKind::Any  ? "any("
                       : e.kind == ExprKind::None ? "none("
                                                  : "single(";
                out += name_text(e.name) + " IN ";
                expr(*e.args[0]);
                where(e.args[1]);
                out += ')';
                break;
            case ExprKind::Reduce:
                out += "reduce(" + name_text(e.name) + " = ";
                expr(*e.args[0]);
                out += ", " + name_text(e.name2) + " IN ";
                expr(*e.args[1]);
                out += " | ";
                expr(*e.args[2]);
                out += ')';
                break;
            case ExprKind::Exists:
                if (e.subquery) {
                    subquery("EXISTS", *e.subquery);
                    break;
                }
                out += "EXISTS { ";
                patterns(e.patterns);
                where(e.args[0]);
                out += " }";
                break;
            case ExprKind::CountSubquery:
                subquery("COUNT", *e.subquery);
                break;
            case ExprKind::CollectSubquery:
                subquery("COLLECT", *e.subquery);
                break;
            case ExprKind::PatternPredicate:
                pattern(e.patterns[0]);
                break;
            case ExprKind::Not:
                unary("NOT ", e);
                break;
            case ExprKind::Negate:
                unary("-", e);
                break;
            case ExprKind::UnaryPlus:
                unary("+", e);
                break;
            case ExprKind::IsNull:
            case ExprKind::IsNotNull:
                out += '(';
                expr(*e.args[0]);
                out += e.kind == ExprKind::IsNull ? " IS NULL)" : " IS NOT NULL)";
                break;
            case ExprKind::Comparison:
                out += '(';
                expr(*e.args[0]);
                for (std::size_t i = 0; i < e.ops.size(); ++i) {
                    out += ' ';
                    out += to_string(e.ops[i]);
                    out += ' ';
                    expr(*e.args[i + 1]);
                }
                out += ')';
                break;
            default:  // binary operators
                out += '(';
                expr(*e.args[0]);
                out += ' ';
                out += binary_text(e.kind);
                out += ' ';
                expr(*e.args[1]);
                out += ')';
                break;
        }
    }

    void unary(const char* op, const Expr& e) {
        out += '(';
        out += op;
        expr(*e.args[0]);
        out += ')';
    }

    void list(const std::vector<ExprPtr>& items) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += ", ";
            expr(*items[i]);
        }
    }

    void where(const ExprPtr& condition) {
        if (!condition) return;
        out += " WHERE ";
        expr(*condition);
    }

    void map_projection(const Expr& e) {
        out += name_text(e.name) + '{';
        for (std::size_t i = 0; i < e.projection.size(); ++i) {
            const auto& item = e.projection[i];
            if (i > 0) out += ", ";
            switch (item.kind) {
                case MapProjectionKind::Property:
                    out += '.' + name_text(item.name, true);
                    break;
                case MapProjectionKind::AllProperties:
                    out += ".*";
                    break;
                case MapProjectionKind::Literal:
                    out += name_text(item.name, true) + ": ";
                    expr(*item.value);
                    break;
                case MapProjectionKind::Variable:
                    out += name_text(item.name);
                    break;
            }
        }
        out += '}';
    }

    void properties(const ExprPtr& props, bool space) {
        if (!props) return;
        if (space) out += ' ';
        expr(*props);
    }

    void node(const NodePattern& n) {
        out += '(';
        if (n.variable) out += name_text(*n.variable);
        for (const auto& l : n.labels)
            out += ':' + name_text(l, true);
        properties(n.properties, n.variable || !n.labels.empty());
        out += ')';
    }

    void rel(const RelPattern& r) {
        out += r.direction == Direction::Left ? "<-" : "-";
        if (r.variable || !r.types.empty() || r.length || r.properties) {
            out += '[';
            if (r.variable) out += name_text(*r.variable);
            for (std::size_t i = 0; i < r.types.size(); ++i)
                out += (i == 0 ? ":" : "|") + name_text(r.types[i], true);
            if (r.length) {
                out += '*';
                const auto& [min, max] = *r.length;
                if (min && max && *min == *max) {
                    out += std::to_string(*min);
                } else if (min || max) {
                    if (min) out += std::to_string(*min);
                    out += "..";
                    if (max) out += std::to_string(*max);
                }
            }
            properties(r.properties, r.variable || !r.types.empty() || r.length);
            out += ']';
        }
        out += r.direction == Direction::Right ? "->" : "-";
    }

    void pattern(const PatternPart& p) {
        if (p.path_variable) out += name_text(*p.path_variable) + " = ";
        if (p.function != PathFunction::None)
            out += p.function == PathFunction::ShortestPath ? "shortestPath(" : "allShortestPaths(";
        node(p.start);
        for (const auto& step : p.steps) {
            rel(step.rel);
            node(step.node);
        }
        if (p.function != PathFunction::None) out += ')';
    }

    void patterns(const std::vector<PatternPart>& ps) {
        for (std::size_t i = 0; i < ps.size(); ++i) {
            if (i > 0) out += ", ";
            pattern(ps[i]);
        }
    }

    void projection(const Projection& p) {
        if (p.distinct) out += "DISTINCT ";
        if (p.star) out += '*';
        for (std::size_t i = 0; i < p.items.size(); ++i) {
            if (i > 0 || p.star) out += ", ";
            expr(*p.items[i].expr);
            if (p.items[i].alias) out += " AS " + name_text(*p.items[i].alias);
        }
        for (std::size_t i = 0; i < p.order_by.size(); ++i) {
            out += i == 0 ? " ORDER BY " : ", ";
            expr(*p.order_by[i].expr);
            if (p.order_by[i].descending) out += " DESC";
        }
        if (p.skip) {
            out += " SKIP ";
            expr(*p.skip);
        }
        if (p.limit) {
            out += " LIMIT ";
            expr(*p.limit);
        }
    }

    void set_items(const std::vector<SetItem>& items) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& item = items[i];
            if (i > 0) out += ", ";
            switch (item.kind) {
                case SetItemKind::Property:
                    expr(*item.target);
                    out += " = ";
                    expr(*item.value);
                    break;
                case SetItemKind::Replace:
                case SetItemKind::Merge:
                    out += name_text(item.variable);
                    out += item.kind == SetItemKind::Replace ? " = " : " += ";
                    expr(*item.value);
                    break;
                case SetItemKind::Labels:
                    out += name_text(item.variable);
                    for (const auto& l : item.labels)
                        out += ':' + name_text(l, true);
                    break;
            }
        }
    }

    void clause(const Clause& c) {
        std::visit([this](const auto& body) { clause_body(body); }, c.body);
    }

    void clause_body(const MatchClause& m) {
        out += m.optional ? "OPTIONAL MATCH " : "MATCH ";
        patterns(m.patterns);
        where(m.where);
    }
    void clause_body(const WithClause& w) {
        out += "WITH ";
        projection(w.projection);
        where(w.where);
    }
    void clause_body(const ReturnClause& r) {
        out += "RETURN ";
        projection(r.projection);
    }
    void clause_body(const UnwindClause& u) {
        out += "UNWIND ";
        expr(*u.list);
        out += " AS " + name_text(u.variable);
    }
    void clause_body(const CreateClause& c) {
        out += "CREATE ";
        patterns(c.patterns);
    }
    void clause_body(const MergeClause& m) {
        out += "MERGE ";
        pattern(m.pattern);
        if (!m.on_create.empty()) {
            out += " ON CREATE SET ";
            set_items(m.on_create);
        }
        if (!m.on_match.empty()) {
            out += " ON MATCH SET ";
            set_items(m.on_match);
        }
    }
    void clause_body(const SetClause& s) {
        out += "SET ";
        set_items(s.items);
    }
    void clause_body(const RemoveClause& r) {
        out += "REMOVE ";
        for (std::size_t i = 0; i < r.items.size(); ++i) {
            const auto& item = r.items[i];
            if (i > 0) out += ", ";
            if (item.is_labels) {
                out += name_text(item.variable);
                for (const auto& l : item.labels)
                    out += ':' + name_text(l, true);
            } else {
                expr(*item.property);
            }
        }
    }
    void clause_body(const DeleteClause& d) {
        out += d.detach ? "DETACH DELETE " : "DELETE ";
        list(d.targets);
    }
    void subquery(const char* keyword, const Query& q) {
        out += keyword;
        out += " { ";
        body(q);
        out += " }";
    }

    void clause_body(const SubqueryClause& c) {
        if (c.optional) out += "OPTIONAL ";
        out += "CALL ";
        if (c.scope == SubqueryScope::All) out += "(*) ";
        if (c.scope == SubqueryScope::Listed) {
            out += '(';
            for (std::size_t i = 0; i < c.variables.size(); ++i)
                out += (i > 0 ? ", " : "") + name_text(c.variables[i]);
            out += ") ";
        }
        out += "{ ";
        body(*c.body);
        out += " }";
        if (c.in_transactions) {
            out += " IN TRANSACTIONS";
            if (c.batch_rows) {
                out += " OF ";
                expr(*c.batch_rows);
                out += " ROWS";
            }
        }
    }

    void clause_body(const CallClause& c) {
        out += "CALL " + dotted_text(c.procedure);
        if (c.parenthesized) {
            out += '(';
            list(c.args);
            out += ')';
        }
        if (c.yield_star) out += " YIELD *";
        for (std::size_t i = 0; i < c.yields.size(); ++i) {
            out += i == 0 ? " YIELD " : ", ";
            out += name_text(c.yields[i].field, true);
            if (c.yields[i].alias) out += " AS " + name_text(*c.yields[i].alias);
        }
        where(c.where);
    }

    void terse_condition(const TerseCondition& c) {
        switch (c.kind) {
            case TerseConditionKind::Compare: {
                for (const TerseHop& hop : c.hops)
                    out += (hop.incoming ? "<-" : "") + name_text(hop.type) + '.';
                out += (c.incoming ? "<-" : "") + name_text(c.key) + ' ' + to_string(c.op) + ' ';
                const auto& o = c.operand;
                switch (o.kind) {
                    case TerseOperandKind::Word:
                        out += name_text(o.text);
                        break;
                    case TerseOperandKind::String:
                        out += quote_string(o.text, ControlChars::Escape);
                        break;
                    case TerseOperandKind::Integer:
                        out += std::to_string(o.int_value);
                        break;
                    case TerseOperandKind::Float:
                        out += float_literal(o.float_value);
                        break;
                }
                break;
            }
            case TerseConditionKind::Search:
                out += "~" + quote_string(c.operand.text, ControlChars::Escape);
                break;
            case TerseConditionKind::Not:
                out += "NOT ";
                terse_condition(*c.children[0]);
                break;
            case TerseConditionKind::And:
            case TerseConditionKind::Or:
                out += '(';
                for (std::size_t i = 0; i < c.children.size(); ++i) {
                    if (i > 0) out += c.kind == TerseConditionKind::And ? " AND " : " OR ";
                    terse_condition(*c.children[i]);
                }
                out += ')';
                break;
        }
    }

    void body(const Query& q) {
        for (std::size_t i = 0; i < q.parts.size(); ++i) {
            if (i > 0) out += q.union_all[i - 1] ? " UNION ALL " : " UNION ";
            const auto& clauses = q.parts[i].clauses;
            for (std::size_t j = 0; j < clauses.size(); ++j) {
                if (j > 0) out += ' ';
                clause(clauses[j]);
            }
        }
    }
    void body(const TerseMatch& t) {
        out += "MATCH " + (t.any_label ? std::string("*") : name_text(t.label));
        if (t.where) {
            out += " WHERE ";
            terse_condition(*t.where);
        }
        if (t.return_clause) {
            out += ' ';
            clause_body(*t.return_clause);
        }
    }
    void body(const CreateIndex& c) {
        out += "CREATE INDEX ";
        if (c.variable) {
            if (c.name) out += name_text(*c.name) + ' ';
            const std::string v = name_text(*c.variable);
            out += "FOR (" + v + ':' + name_text(c.label, true) + ") ON (";
            for (std::size_t i = 0; i < c.properties.size(); ++i)
                out += (i > 0 ? ", " : "") + v + '.' + name_text(c.properties[i], true);
            out += ')';
            return;
        }
        out += "ON :" + name_text(c.label, true) + '(';
        for (std::size_t i = 0; i < c.properties.size(); ++i)
            out += (i > 0 ? ", " : "") + name_text(c.properties[i], true);
        out += ')';
    }
    void body(const DropIndex& d) {
        if (d.name) {
            out += "DROP INDEX " + name_text(*d.name);
            return;
        }
        out += "DROP INDEX ON :" + name_text(d.label, true) + '(';
        for (std::size_t i = 0; i < d.properties.size(); ++i)
            out += (i > 0 ? ", " : "") + name_text(d.properties[i], true);
        out += ')';
    }
    void body(const ShowIndexes&) { out += "SHOW INDEXES"; }
    void body(const CreateFulltextIndex& c) {
        out += "CREATE FULLTEXT INDEX " + name_text(c.name) +
               (c.if_not_exists ? " IF NOT EXISTS" : "") + " FOR ";
        std::string names;
        for (std::size_t i = 0; i < c.labels.size(); ++i)
            names += (i > 0 ? "|" : "") + name_text(c.labels[i], true);
        out += c.is_relationship ? "()-[e:" + names + "]-()" : "(e:" + names + ")";
        out += " ON EACH [";
        for (std::size_t i = 0; i < c.properties.size(); ++i)
            out += (i > 0 ? ", e." : "e.") + name_text(c.properties[i], true);
        out += "] OPTIONS {indexConfig: {`fulltext.analyzer`: '" + c.analyzer + "'}}";
    }
    void body(const CreateVectorIndex& c) {
        out += "CREATE VECTOR INDEX " + name_text(c.name) +
               (c.if_not_exists ? " IF NOT EXISTS" : "") +
               (c.is_relationship ? " FOR ()-[e:" + name_text(c.label, true) + "]-()"
                                  : " FOR (e:" + name_text(c.label, true) + ")") +
               " ON e." + name_text(c.property, true) + " OPTIONS {indexConfig: {";
        if (c.dimensions) out += "`vector.dimensions`: " + std::to_string(*c.dimensions) + ", ";
        out += "`vector.similarity_function`: '" + c.similarity +
               "', `vector.hnsw.m`: " + std::to_string(c.m) +
               ", `vector.hnsw.ef_construction`: " + std::to_string(c.ef_construction) + "}}";
    }
    void constraint_rule(const std::string& variable, const std::string& label,
                         const std::string& property, bool old_syntax) {
        const std::string v = name_text(variable);
        out += (old_syntax ? "ON (" : "FOR (") + v + ':' + name_text(label, true) +
               (old_syntax ? ") ASSERT " : ") REQUIRE ") + v + '.' + name_text(property, true) +
               " IS UNIQUE";
    }
    void body(const CreateConstraint& c) {
        out += "CREATE CONSTRAINT ";
        if (c.name) out += name_text(*c.name) + ' ';
        if (c.if_not_exists) out += "IF NOT EXISTS ";
        constraint_rule(c.variable, c.label, c.property, c.is_old_syntax);
    }
    void body(const DropConstraint& d) {
        out += "DROP CONSTRAINT ";
        if (d.name) {
            out += name_text(*d.name);
            if (d.if_exists) out += " IF EXISTS";
            return;
        }
        constraint_rule(d.variable, d.label, d.property, true);
    }
    void body(const ShowConstraints&) { out += "SHOW CONSTRAINTS"; }
    void body(const Analyze&) { out += "ANALYZE"; }
    void body(const TransactionControl& t) {
        out += t.command == TransactionCommand::Begin    ? "BEGIN"
               : t.command == TransactionCommand::Commit ? "COMMIT"
                                                         : "ROLLBACK";
    }
};

}  // namespace

const char* to_string(CompareOp op) noexcept {
    switch (op) {
        case CompareOp::Eq:
            return "=";
        case CompareOp::Ne:
            return "<>";
        case CompareOp::Lt:
            return "<";
        case CompareOp::Le:
            return "<=";
        case CompareOp::Gt:
            return ">";
        case CompareOp::Ge:
            return ">=";
    }
    return "=";
}

std::string to_string(const Expr& expr) {
    Printer p;
    p.expr(expr);
    return std::move(p.out);
}

std::string schema_name_text(std::string_view name) {
    return name_text(name, true);
}

std::string to_string(const PatternPart& pattern) {
    Printer p;
    p.pattern(pattern);
    return std::move(p.out);
}

std::string to_string(const Statement& statement) {
    Printer p;
    if (statement.mode == ExplainMode::Explain) p.out += "EXPLAIN ";
    if (statement.mode == ExplainMode::Profile) p.out += "PROFILE ";
    std::visit([&p](const auto& body) { p.body(body); }, statement.body);
    return std::move(p.out);
}

}  // namespace caspian::query
