// Recursive-descent parser for the TCK value notation and the expected/actual comparator.
// Must not call Value's operator==, to_literal or set_property (value/value.cpp, literal.cpp):
// it is the oracle they are checked against. Text primitives come from value/text.hpp; temporal
// values compare by their ISO text (temporal_to_iso), as the TCK writes them in quotes.
#include "tck_values.hpp"

#include "value/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

namespace caspian::tck {

namespace {

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

void sort_properties(Properties& props, std::string_view where) {
    std::sort(props.begin(), props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < props.size(); ++i) {
        if (props[i - 1].first == props[i].first)
            throw ValueParseError("duplicate key '" + props[i].first + "' in " +
                                  std::string(where));
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Value parse_all() {
        Value v = value();
        skip_ws();
        if (pos_ != text_.size()) fail("unexpected text after the value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw ValueParseError(what + " at offset " + std::to_string(pos_) + " in '" +
                              std::string(text_) + "'");
    }
    void skip_ws() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    char peek() {
        skip_ws();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }
    bool take(std::string_view s) {
        skip_ws();
        if (text_.substr(pos_, s.size()) != s) return false;
        pos_ += s.size();
        return true;
    }
    void expect(std::string_view s) {
        if (!take(s)) fail("expected '" + std::string(s) + "'");
    }

    std::string identifier() {
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == '`') {
            const auto end = text_.find('`', pos_ + 1);
            if (end == std::string_view::npos) fail("unterminated `name`");
            std::string name(text_.substr(pos_ + 1, end - pos_ - 1));
            pos_ = end + 1;
            return name;
        }
        if (pos_ >= text_.size() || !is_ident_start(text_[pos_])) fail("expected a name");
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_ident_char(text_[pos_]))
            ++pos_;
        return std::string(text_.substr(start, pos_ - start));
    }

    Value value() {
        const char c = peek();
        if (c == '(') return node();
        if (c == '<') return path();
        if (c == '{') return Map{properties()};
        if (c == '\'' || c == '"') return string();
        if (c == '[') {
            const std::size_t save = pos_++;
            const bool is_edge = peek() == ':';
            pos_ = save;
            return is_edge ? Value(edge()) : list();
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return number();
        if (is_ident_start(c)) {
            const std::size_t start = pos_;
            const std::string word = identifier();
            if (word == "null") return nullptr;
            if (word == "true") return true;
            if (word == "false") return false;
            if (word == "NaN") return std::nan("");
            if (word == "Inf" || word == "Infinity") return HUGE_VAL;
            pos_ = start;
            fail("unknown word '" + word + "'");
        }
        fail(c == '\0' ? "expected a value, found the end" : "expected a value");
    }

    Value number() {
        skip_ws();
        const std::size_t start = pos_;
        bool negative = false;
        if (text_[pos_] == '-' || text_[pos_] == '+') negative = text_[pos_++] == '-';
        if (text_.substr(pos_, 3) == "Inf") {
            pos_ += text_.substr(pos_, 8) == "Infinity" ? 8 : 3;
            return negative ? -HUGE_VAL : HUGE_VAL;
        }
        if (text_.substr(pos_, 3) == "NaN") {
            pos_ += 3;
            return std::nan("");
        }
        bool is_float = false;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c >= '0' && c <= '9') {
                ++pos_;
            } else if (c == '.' || c == 'e' || c == 'E') {
                is_float = true;
                ++pos_;
                if ((c == 'e' || c == 'E') && pos_ < text_.size() &&
                    (text_[pos_] == '-' || text_[pos_] == '+'))
                    ++pos_;
            } else {
                break;
            }
        }
        // from_chars takes no '+': parse from after it, keeping the '-'.
        const std::size_t digits = text_[start] == '+' ? start + 1 : start;
        const char* first = text_.data() + digits;
        const char* last = text_.data() + pos_;
        if (is_float) {
            double d = 0;
            const auto [ptr, ec] = std::from_chars(first, last, d);
            if (ec != std::errc() || ptr != last) fail("malformed float");
            return d;
        }
        std::int64_t i = 0;
        const auto [ptr, ec] = std::from_chars(first, last, i);
        if (ec != std::errc() || ptr != last) fail("malformed or out of range integer");
        return i;
    }

    Value string() {
        skip_ws();
        const char quote = text_[pos_++];
        std::string out;
        while (true) {
            if (pos_ >= text_.size()) fail("unterminated string");
            const char c = text_[pos_++];
            if (c == quote) break;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) fail("unterminated string");
            const char e = text_[pos_++];
            if (const std::optional<char> plain = unescape_char(e)) {
                out += *plain;
                continue;
            }
            switch (e) {
                case 'u':
                case 'U': {
                    const std::size_t n = e == 'u' ? 4 : 8;
                    std::uint32_t cp = 0;
                    const char* first = text_.data() + pos_;
                    if (pos_ + n > text_.size()) fail("short unicode escape");
                    const auto [ptr, ec] = std::from_chars(first, first + n, cp, 16);
                    if (ec != std::errc() || ptr != first + n) fail("bad unicode escape");
                    pos_ += n;
                    append_utf8(out, cp);
                    break;
                }
                default:
                    out += '\\';
                    out += e;
            }
        }
        return out;
    }

    Value list() {
        expect("[");
        List items;
        if (take("]")) return items;
        do {
            items.push_back(value());
        } while (take(","));
        expect("]");
        return items;
    }

    Properties properties() {
        expect("{");
        Properties props;
        if (take("}")) return props;
        do {
            std::string key;
            if (const char c = peek(); c == '\'' || c == '"') {
                key = string().as_string();
            } else {
                key = identifier();
            }
            expect(":");
            props.emplace_back(std::move(key), value());
        } while (take(","));
        expect("}");
        sort_properties(props, "a map");
        return props;
    }

    Node node() {
        expect("(");
        Node n;
        while (take(":"))
            n.labels.push_back(identifier());
        std::sort(n.labels.begin(), n.labels.end());
        if (peek() == '{') n.properties = properties();
        expect(")");
        return n;
    }

    Edge edge() {
        expect("[");
        expect(":");
        Edge e;
        e.type = identifier();
        if (peek() == '{') e.properties = properties();
        expect("]");
        return e;
    }

    Path path() {
        expect("<");
        Path p;
        p.nodes.push_back(node());
        p.nodes.back().id = NodeId{1};
        while (true) {
            bool backward = false;
            if (take("<-")) {
                backward = true;
            } else if (!take("-")) {
                break;
            }
            Edge e = edge();
            expect(backward ? "-" : "->");
            Node n = node();
            const std::uint64_t here = p.nodes.size();
            n.id = NodeId{here + 1};
            e.src = NodeId{backward ? here + 1 : here};
            e.dst = NodeId{backward ? here : here + 1};
            p.edges.push_back(std::move(e));
            p.nodes.push_back(std::move(n));
        }
        expect(">");
        return p;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

bool floats_match(double expected, double actual) {
    if (std::isnan(expected) || std::isnan(actual))
        return std::isnan(expected) && std::isnan(actual);
    if (expected == actual) return true;
    if (std::isinf(expected) || std::isinf(actual)) return false;
    return std::fabs(expected - actual) <= 1e-12 * std::max(std::fabs(expected), std::fabs(actual));
}

bool properties_match(const Properties& expected, const Properties& actual,
                      const CompareOptions& options) {
    if (expected.size() != actual.size()) return false;
    for (const auto& wanted : expected) {
        const auto it = std::find_if(actual.begin(), actual.end(), [&](const auto& entry) {
            return entry.first == wanted.first;
        });
        if (it == actual.end() || !values_match(wanted.second, it->second, options)) return false;
    }
    return true;
}

bool nodes_match(const Node& expected, const Node& actual, const CompareOptions& options) {
    std::vector<std::string> labels = actual.labels;
    std::sort(labels.begin(), labels.end());
    return labels == expected.labels &&
           properties_match(expected.properties, actual.properties, options);
}

bool edges_match(const Edge& expected, const Edge& actual, const CompareOptions& options) {
    return expected.type == actual.type &&
           properties_match(expected.properties, actual.properties, options);
}

bool paths_match(const Path& expected, const Path& actual, const CompareOptions& options) {
    if (expected.nodes.size() != actual.nodes.size() ||
        expected.edges.size() != actual.edges.size() ||
        actual.nodes.size() != actual.edges.size() + 1)
        return false;
    for (std::size_t i = 0; i < expected.nodes.size(); ++i) {
        if (!nodes_match(expected.nodes[i], actual.nodes[i], options)) return false;
    }
    for (std::size_t i = 0; i < expected.edges.size(); ++i) {
        const Edge& e = expected.edges[i];
        const Edge& a = actual.edges[i];
        if (!edges_match(e, a, options)) return false;
        const bool forward = e.src == expected.nodes[i].id;
        const NodeId from = actual.nodes[i].id;
        const NodeId to = actual.nodes[i + 1].id;
        const bool ok = forward ? (a.src == from && a.dst == to) : (a.src == to && a.dst == from);
        if (!ok) return false;
    }
    return true;
}

template <typename T, typename Match>
bool multiset_match(const std::vector<T>& expected, const std::vector<T>& actual, Match match) {
    if (expected.size() != actual.size()) return false;
    std::vector<bool> used(actual.size(), false);
    for (const T& e : expected) {
        bool found = false;
        for (std::size_t i = 0; i < actual.size() && !found; ++i) {
            if (!used[i] && match(e, actual[i])) used[i] = found = true;
        }
        if (!found) return false;
    }
    return true;
}

bool lists_match(const List& expected, const List& actual, const CompareOptions& options) {
    const auto match = [&](const Value& e, const Value& a) { return values_match(e, a, options); };
    if (options.ignore_list_order) return multiset_match(expected, actual, match);
    return expected.size() == actual.size() &&
           std::equal(expected.begin(), expected.end(), actual.begin(), match);
}

std::string render_float(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Inf" : "-Inf";
    char buf[40];
    // Shortest text that reads back as the same double.
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

std::string render_string(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "'";
}

std::string render_properties(const Properties& props) {
    std::string out = "{";
    for (std::size_t i = 0; i < props.size(); ++i) {
        if (i > 0) out += ", ";
        out += props[i].first + ": " + render(props[i].second);
    }
    return out + "}";
}

std::string render_node(const Node& n) {
    std::string out = "(";
    for (const std::string& label : n.labels)
        out += ":" + label;
    if (!n.properties.empty())
        out += (n.labels.empty() ? "" : " ") + render_properties(n.properties);
    return out + ")";
}

std::string render_edge(const Edge& e) {
    std::string out = "[:" + e.type;
    if (!e.properties.empty()) out += " " + render_properties(e.properties);
    return out + "]";
}

}  // namespace

Value parse_tck_value(std::string_view text) {
    return Parser(text).parse_all();
}

bool values_match(const Value& expected, const Value& actual, const CompareOptions& options) {
    // The TCK writes temporal values as their ISO text in quotes ('2015-07-21T20:40:32.142+01:00')
    // and compares that text, as its reference runner does.
    if (expected.kind() == ValueKind::String && is_temporal(actual.kind())) {
        return expected.as_string() == temporal_to_iso(actual);
    }
    if (expected.kind() != actual.kind()) return false;
    switch (expected.kind()) {
        case ValueKind::Null:
            return true;
        case ValueKind::Bool:
            return expected.as_bool() == actual.as_bool();
        case ValueKind::Int:
            return expected.as_int() == actual.as_int();
        case ValueKind::Float:
            return floats_match(expected.as_float(), actual.as_float());
        case ValueKind::String:
            return expected.as_string() == actual.as_string();
        case ValueKind::Date:
        case ValueKind::DateTime:
        case ValueKind::Duration:
        case ValueKind::LocalTime:
        case ValueKind::Time:
        case ValueKind::LocalDateTime:
            return temporal_to_iso(expected) == temporal_to_iso(actual);
        case ValueKind::List:
            return lists_match(expected.as_list(), actual.as_list(), options);
        case ValueKind::Map:
            return properties_match(expected.as_map().entries, actual.as_map().entries, options);
        case ValueKind::Node:
            return nodes_match(expected.as_node(), actual.as_node(), options);
        case ValueKind::Edge:
            return edges_match(expected.as_edge(), actual.as_edge(), options);
        case ValueKind::Path:
            return paths_match(expected.as_path(), actual.as_path(), options);
    }
    return false;
}

std::string render(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return "null";
        case ValueKind::Bool:
            return v.as_bool() ? "true" : "false";
        case ValueKind::Int:
            return std::to_string(v.as_int());
        case ValueKind::Float:
            return render_float(v.as_float());
        case ValueKind::String:
            return render_string(v.as_string());
        case ValueKind::Date:
        case ValueKind::DateTime:
        case ValueKind::Duration:
        case ValueKind::LocalTime:
        case ValueKind::Time:
        case ValueKind::LocalDateTime:
            return "'" + temporal_to_iso(v) + "'";
        case ValueKind::List: {
            std::string out = "[";
            const List& items = v.as_list();
            for (std::size_t i = 0; i < items.size(); ++i)
                out += (i > 0 ? ", " : "") + render(items[i]);
            return out + "]";
        }
        case ValueKind::Map:
            return render_properties(v.as_map().entries);
        case ValueKind::Node:
            return render_node(v.as_node());
        case ValueKind::Edge:
            return render_edge(v.as_edge());
        case ValueKind::Path: {
            const Path& p = v.as_path();
            std::string out = "<";
            for (std::size_t i = 0; i < p.nodes.size(); ++i) {
                if (i > 0) {
                    const Edge& e = p.edges[i - 1];
                    const bool backward = e.src == p.nodes[i].id && e.dst != p.nodes[i].id;
                    out += (backward ? "<-" : "-") + render_edge(e) + (backward ? "-" : "->");
                }
                out += render_node(p.nodes[i]);
            }
            return out + ">";
        }
    }
    return "?";
}

ExpectedTable parse_expected_table(const Table& table) {
    ExpectedTable out;
    if (table.empty()) throw ValueParseError("result table has no header row");
    out.columns = table.front();
    for (std::size_t r = 1; r < table.size(); ++r) {
        std::vector<Value> row;
        for (std::size_t c = 0; c < table[r].size(); ++c) {
            try {
                row.push_back(parse_tck_value(table[r][c]));
            } catch (const ValueParseError& e) {
                throw ValueParseError("row " + std::to_string(r) + ", column '" + out.columns[c] +
                                      "': " + e.what());
            }
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::optional<std::string> compare_result(const ExpectedTable& expected,
                                          const std::vector<std::string>& columns,
                                          const std::vector<std::vector<Value>>& rows,
                                          bool in_order, const CompareOptions& options) {
    const auto join = [](const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names)
            out += (out.empty() ? "" : ", ") + n;
        return out;
    };
    // order[i]: the actual column holding expected column i.
    std::vector<std::size_t> order;
    bool columns_ok = expected.columns.size() == columns.size();
    for (std::size_t i = 0; columns_ok && i < expected.columns.size(); ++i) {
        const auto it = std::find(columns.begin(), columns.end(), expected.columns[i]);
        columns_ok = it != columns.end();
        if (columns_ok) order.push_back(static_cast<std::size_t>(it - columns.begin()));
    }
    if (!columns_ok)
        return "columns differ: expected [" + join(expected.columns) + "], got [" + join(columns) +
               "]";

    std::vector<std::vector<Value>> aligned;
    for (const auto& row : rows) {
        if (row.size() != columns.size())
            return "a row has " + std::to_string(row.size()) + " values for " +
                   std::to_string(columns.size()) + " columns";
        std::vector<Value> a;
        for (const std::size_t c : order)
            a.push_back(row[c]);
        aligned.push_back(std::move(a));
    }
    const auto row_match = [&](const std::vector<Value>& e, const std::vector<Value>& a) {
        for (std::size_t c = 0; c < e.size(); ++c) {
            if (!values_match(e[c], a[c], options)) return false;
        }
        return true;
    };
    const bool ok =
        in_order
            ? (expected.rows.size() == aligned.size() &&
               std::equal(expected.rows.begin(), expected.rows.end(), aligned.begin(), row_match))
            : multiset_match(expected.rows, aligned, row_match);
    if (ok) return std::nullopt;

    const auto render_rows = [](const std::vector<std::vector<Value>>& rs) {
        constexpr std::size_t shown = 10;
        std::string out;
        for (std::size_t r = 0; r < rs.size() && r < shown; ++r) {
            out += "\n    |";
            for (const Value& v : rs[r])
                out += " " + render(v) + " |";
        }
        if (rs.size() > shown) out += "\n    ... " + std::to_string(rs.size() - shown) + " more";
        return out;
    };
    return std::string("rows differ") + (in_order ? " (in order)" : "") + ": expected " +
           std::to_string(expected.rows.size()) + render_rows(expected.rows) + "\n  got " +
           std::to_string(aligned.size()) + render_rows(aligned);
}

}  // namespace caspian::tck
