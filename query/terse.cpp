// Translation of the terse form to the full form (see terse.hpp and docs/query-language.md).
#include "query/terse.hpp"

#include "value/literal.hpp"
#include "value/text.hpp"

#include <caspian/error.hpp>

namespace caspian::query {

namespace {

// Stored names equal to name ignoring case, in id order.
std::vector<std::string> matching_names(const graph::GraphReader& reader, graph::NameKind kind,
                                        std::string_view name) {
    std::vector<std::string> out;
    const std::string wanted = ascii_lower(name);
    for (const auto& [id, stored] : reader.names(kind)) {
        if (ascii_lower(stored) == wanted) out.push_back(stored);
    }
    return out;
}

std::string operand_text(const TerseOperand& o) {
    switch (o.kind) {
        case TerseOperandKind::Integer:
            return std::to_string(o.int_value);
        case TerseOperandKind::Float:
            return float_literal(o.float_value);  // finite: the parser refuses overflow
        default:
            return quote_string(o.text, ControlChars::Keep);  // the parser takes them raw
    }
}

std::string condition(const TerseCondition& c, const std::string& n,
                      const graph::GraphReader& reader) {
    switch (c.kind) {
        case TerseConditionKind::And:
        case TerseConditionKind::Or: {
            std::string out = "(";
            for (std::size_t i = 0; i < c.children.size(); ++i) {
                if (i) out += c.kind == TerseConditionKind::And ? " AND " : " OR ";
                out += condition(*c.children[i], n, reader);
            }
            return out + ")";
        }
        case TerseConditionKind::Not:
            return "(NOT " + condition(*c.children[0], n, reader) + ")";
        case TerseConditionKind::Compare:
            break;
    }
    const std::string value = operand_text(c.operand);
    const std::string property = n + "." + quote_name(c.key) + " " + to_string(c.op) + " " + value;
    const bool textual =
        c.operand.kind == TerseOperandKind::Word || c.operand.kind == TerseOperandKind::String;
    if ((c.op != CompareOp::Eq && c.op != CompareOp::Ne) || !textual) return "(" + property + ")";
    // key = word: an edge of that type to the node whose key is word, or the property.
    std::string types;
    for (const std::string& t : matching_names(reader, graph::NameKind::Type, c.key)) {
        types += (types.empty() ? ":" : "|") + quote_name(t);
    }
    // coalesce: a node without the property fails `=` (false, not null), so NOT keeps it.
    const std::string equal =
        "coalesce(" + n + "." + quote_name(c.key) + " = " + value + ", false)";
    std::string either = "(" + equal + ")";
    if (!types.empty()) {
        either = "(exists((" + n + ")-[" + types + "]->({key: " + value + "})) OR " + equal + ")";
    }
    return c.op == CompareOp::Eq ? either : "(NOT " + either + ")";
}

}  // namespace

std::string translate_terse(const TerseMatch& terse, std::string_view source,
                            const graph::GraphReader& reader) {
    const std::vector<std::string> labels =
        matching_names(reader, graph::NameKind::Label, terse.label);
    // The label word names the matched node, so `RETURN visit.date` reads naturally.
    const std::string n = quote_name(terse.label);
    std::string text = "MATCH (" + n;
    std::string where;
    if (labels.size() == 1) {
        text += ":" + quote_name(labels[0]);
    } else if (labels.empty()) {
        text += ":" + quote_name(terse.label);  // matches nothing yet
    } else {
        for (std::size_t i = 0; i < labels.size(); ++i) {
            where += (i ? " OR " : "(") + n + ":" + quote_name(labels[i]);
        }
        where += ")";
    }
    text += ")";
    if (terse.where) {
        const std::string cond = condition(*terse.where, n, reader);
        where = where.empty() ? cond : where + " AND " + cond;
    }
    if (!where.empty()) text += " WHERE " + where;
    if (terse.return_clause) {
        text +=
            " " + std::string(source.substr(terse.return_span.offset, terse.return_span.length));
    } else {
        text += " RETURN " + n + " AS " + n;
    }
    return text;
}

}  // namespace caspian::query
