// Cypher literal text for values: to_literal and the primitives it shares with every other
// printer (float_literal, quote_string, quote_name). The only copies of these in the tree.
#include "value/literal.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace caspian {

namespace {

void render(std::string& out, const Value& v);

// Whether a map key must be backquoted to read back as the same key: anything but a plain name
// (an ASCII letter or '_', then letters, digits and '_'; other UTF-8 letters count as letters),
// so that `vector.dimensions` keeps its backquotes.
bool needs_quotes(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return true;
    for (char c : name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '_' ||
                           (static_cast<unsigned char>(c) >= 0x80);
        if (!plain) return true;
    }
    return false;
}

void render_properties(std::string& out, const Properties& props) {
    out += '{';
    bool first = true;
    for (const auto& [name, value] : props) {
        if (!first) out += ", ";
        first = false;
        out += needs_quotes(name) ? quote_name(name) : name;
        out += ": ";
        render(out, value);
    }
    out += '}';
}

void render_node(std::string& out, const Node& n) {
    out += '(';
    for (const auto& label : n.labels)
        out += ':' + label;
    if (!n.properties.empty()) {
        if (!n.labels.empty()) out += ' ';
        render_properties(out, n.properties);
    }
    out += ')';
}

void render_edge(std::string& out, const Edge& e) {
    out += "[:" + e.type;
    if (!e.properties.empty()) {
        out += ' ';
        render_properties(out, e.properties);
    }
    out += ']';
}

void render(std::string& out, const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            out += "null";
            return;
        case ValueKind::Bool:
            out += v.as_bool() ? "true" : "false";
            return;
        case ValueKind::Int:
            out += std::to_string(v.as_int());
            return;
        case ValueKind::Float:
            out += float_literal(v.as_float());
            return;
        case ValueKind::String:
            append_quoted_string(out, v.as_string());
            return;
        case ValueKind::Date:
            out += "date('" + to_iso(v.as_date()) + "')";
            return;
        case ValueKind::DateTime:
            out += "datetime('" + to_iso(v.as_datetime()) + "')";
            return;
        case ValueKind::Duration:
        case ValueKind::LocalTime:
        case ValueKind::Time:
        case ValueKind::LocalDateTime:
            out += std::string(to_string(v.kind())) + "('" + temporal_to_iso(v) + "')";
            return;
        case ValueKind::List: {
            out += '[';
            bool first = true;
            for (const Value& item : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                render(out, item);
            }
            out += ']';
            return;
        }
        case ValueKind::Map:
            render_properties(out, v.as_map().entries);
            return;
        case ValueKind::Node:
            render_node(out, v.as_node());
            return;
        case ValueKind::Edge:
            render_edge(out, v.as_edge());
            return;
        case ValueKind::Path: {
            const Path& p = v.as_path();
            out += '<';
            for (std::size_t i = 0; i < p.nodes.size(); ++i) {
                render_node(out, p.nodes[i]);
                if (i < p.edges.size()) {
                    const bool forward = p.edges[i].src == p.nodes[i].id;
                    out += forward ? "-" : "<-";
                    render_edge(out, p.edges[i]);
                    out += forward ? "->" : "-";
                }
            }
            out += '>';
            return;
        }
    }
}

// The escape for a control character, or nullptr when c is not one.
const char* control_escape(char c) {
    switch (c) {
        case '\n':
            return "\\n";
        case '\t':
            return "\\t";
        case '\r':
            return "\\r";
        case '\b':
            return "\\b";
        case '\f':
            return "\\f";
        default:
            return nullptr;
    }
}

}  // namespace

std::string float_literal(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    std::string s(buf, end);
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
}

void append_quoted_string(std::string& out, std::string_view s, ControlChars controls) {
    out.push_back('\'');
    for (const char c : s) {
        if (c == '\'' || c == '\\') {
            out.push_back('\\');
        } else if (controls == ControlChars::Escape && static_cast<unsigned char>(c) < 0x20) {
            if (const char* escape = control_escape(c)) {
                out += escape;
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
            continue;
        }
        out.push_back(c);
    }
    out.push_back('\'');
}

std::string quote_string(std::string_view s, ControlChars controls) {
    std::string out;
    out.reserve(s.size() + 2);
    append_quoted_string(out, s, controls);
    return out;
}

std::string quote_name(std::string_view name) {
    std::string out = "`";
    for (const char c : name) {
        out += c;
        if (c == '`') out += '`';
    }
    return out + "`";
}

std::string kind_with_article(ValueKind kind) {
    const std::string name = to_string(kind);
    if (kind == ValueKind::Null) return name;
    const bool vowel = name.find_first_of("aeiou") == 0;
    return (vowel ? "an " : "a ") + name;
}

std::string to_literal(const Value& v) {
    std::string out;
    render(out, v);
    return out;
}

}  // namespace caspian
