// Whole-database tools of include/caspian/tools.hpp: JSON rendering, script splitting, stats,
// check, backup and export (import is import.cpp). Reaches the storage layer only through the
// process-wide Env registry (Env::open of a path already open returns the same environment).
#include <caspian/tools.hpp>

#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "query/api/database_impl.hpp"
#include "storage/env.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace caspian {

namespace fs = std::filesystem;

// --- JSON -------------------------------------------------------------------------------------

std::string float_text(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    std::string out(buf, end);
    if (out.find_first_of(".eE") == std::string::npos) out += ".0";
    return out;
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
    return out;
}

namespace {

void append_json(std::string& out, const Value& v);

void append_props(std::string& out, const Properties& props, bool first) {
    for (const auto& [name, value] : props) {
        if (!first) out += ',';
        first = false;
        out += json_quote(name);
        out += ':';
        append_json(out, value);
    }
}

void append_node(std::string& out, const Node& n) {
    out += "{\"_id\":" + std::to_string(n.id.value) + ",\"_labels\":[";
    for (std::size_t i = 0; i < n.labels.size(); ++i) {
        if (i > 0) out += ',';
        out += json_quote(n.labels[i]);
    }
    out += ']';
    append_props(out, n.properties, false);
    out += '}';
}

void append_edge(std::string& out, const Edge& e) {
    out += "{\"_id\":" + std::to_string(e.id.value) + ",\"_type\":" + json_quote(e.type) +
           ",\"_src\":" + std::to_string(e.src.value) + ",\"_dst\":" + std::to_string(e.dst.value);
    append_props(out, e.properties, false);
    out += '}';
}

void append_json(std::string& out, const Value& v) {
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
            out += std::isfinite(v.as_float()) ? float_text(v.as_float()) : "null";
            return;
        case ValueKind::String:
            out += json_quote(v.as_string());
            return;
        case ValueKind::Date:
            out += json_quote(to_iso(v.as_date()));
            return;
        case ValueKind::DateTime:
            out += json_quote(to_iso(v.as_datetime()));
            return;
        case ValueKind::Duration:
            out += json_quote(to_iso(v.as_duration()));
            return;
        case ValueKind::List: {
            out += '[';
            bool first = true;
            for (const auto& item : v.as_list()) {
                if (!first) out += ',';
                first = false;
                append_json(out, item);
            }
            out += ']';
            return;
        }
        case ValueKind::Map:
            out += '{';
            append_props(out, v.as_map().entries, true);
            out += '}';
            return;
        case ValueKind::Node:
            append_node(out, v.as_node());
            return;
        case ValueKind::Edge:
            append_edge(out, v.as_edge());
            return;
        case ValueKind::Path: {
            const Path& p = v.as_path();
            out += "{\"_nodes\":[";
            for (std::size_t i = 0; i < p.nodes.size(); ++i) {
                if (i > 0) out += ',';
                append_node(out, p.nodes[i]);
            }
            out += "],\"_edges\":[";
            for (std::size_t i = 0; i < p.edges.size(); ++i) {
                if (i > 0) out += ',';
                append_edge(out, p.edges[i]);
            }
            out += "]}";
            return;
        }
    }
}

}  // namespace

std::string to_json(const Value& v) {
    std::string out;
    append_json(out, v);
    return out;
}

namespace {

std::optional<Value> convert_json(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null:
            return Value();
        case nlohmann::json::value_t::boolean:
            return Value(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
            return Value(j.get<std::int64_t>());
        case nlohmann::json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
            return Value(static_cast<std::int64_t>(u));
        }
        case nlohmann::json::value_t::number_float:
            return Value(j.get<double>());
        case nlohmann::json::value_t::string:
            return Value(j.get<std::string>());
        case nlohmann::json::value_t::array: {
            List items;
            for (const auto& item : j) {
                auto v = convert_json(item);
                if (!v) return std::nullopt;
                items.push_back(std::move(*v));
            }
            return Value(std::move(items));
        }
        case nlohmann::json::value_t::object: {
            Map m;
            for (const auto& [name, item] : j.items()) {
                auto v = convert_json(item);
                if (!v) return std::nullopt;
                m.entries.emplace_back(name, std::move(*v));
            }
            std::sort(m.entries.begin(), m.entries.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            return Value(std::move(m));
        }
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<Value> from_json(std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    return convert_json(j);
}

// --- Scripts ----------------------------------------------------------------------------------

SplitScript split_statements(std::string_view s) {
    SplitScript out;
    enum class State { Normal, Single, Double, Backtick, Line, Block };
    State state = State::Normal;
    std::size_t begin = 0, end = 0;  // content of the current statement
    bool content = false;
    auto mark = [&](std::size_t i, std::size_t until) {
        if (!content) begin = i;
        content = true;
        end = until;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (state) {
            case State::Normal:
                if (c == ';') {
                    if (content) out.statements.push_back({begin, end - begin});
                    content = false;
                } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
                    state = State::Line;
                    ++i;
                } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
                    state = State::Block;
                    ++i;
                } else if (c == '\'' || c == '"' || c == '`') {
                    state = c == '\'' ? State::Single : c == '"' ? State::Double : State::Backtick;
                    mark(i, i + 1);
                } else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
                             c == '\v')) {
                    mark(i, i + 1);
                }
                break;
            case State::Single:
            case State::Double:
                if (c == '\\') {
                    ++i;
                } else if ((c == '\'' && state == State::Single) ||
                           (c == '"' && state == State::Double)) {
                    state = State::Normal;
                }
                end = std::min(i + 1, s.size());
                break;
            case State::Backtick:
                if (c == '`') state = State::Normal;
                end = i + 1;
                break;
            case State::Line:
                if (c == '\n') state = State::Normal;
                break;
            case State::Block:
                if (c == '*' && i + 1 < s.size() && s[i + 1] == '/') {
                    state = State::Normal;
                    ++i;
                }
                break;
        }
    }
    out.open_token = state == State::Single || state == State::Double || state == State::Backtick ||
                     state == State::Block;
    if (content) {
        if (state != State::Normal && state != State::Line) end = s.size();
        out.rest = StatementSpan{begin, end - begin};
    }
    return out;
}

// --- Maintenance ------------------------------------------------------------------------------

StoreStats stats(const Database& db) {
    StoreStats s;
    s.counts = db.begin_read().counts();
    storage::Env& env = detail::env_of(db);
    std::error_code ec;
    const auto size = fs::file_size(db.path() / "data.mdb", ec);
    s.file_bytes = ec ? 0 : size;
    s.used_bytes = env.used_bytes();
    s.map_size = env.map_size();
    s.page_size = env.page_size();
    if (s.counts.edges > 0) s.bytes_per_edge = double(s.used_bytes) / double(s.counts.edges);
    for (const storage::TableStats& t : env.table_stats()) {
        s.tables.push_back(
            TableStats{t.name, t.entries, t.depth, t.branch_pages, t.leaf_pages, t.overflow_pages,
                       (t.branch_pages + t.leaf_pages + t.overflow_pages) * s.page_size});
    }
    return s;
}

CheckReport check(const Database& db) {
    storage::ReadTxn txn(detail::env_of(db));
    graph::IntegrityReport found = graph::check_integrity(graph::GraphReader(txn));
    CheckReport report;
    report.nodes = found.nodes;
    report.edges = found.edges;
    report.problems = std::move(found.problems);
    return report;
}

void backup(const Database& db, const fs::path& dest) {
    std::error_code ec;
    if (fs::exists(dest, ec)) {
        if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec)) {
            throw Error(ErrorKind::Usage,
                        "backup destination '" + dest.string() + "' exists and is not empty");
        }
    } else {
        fs::create_directories(dest, ec);
        if (ec) {
            throw Error(ErrorKind::Usage,
                        "cannot create backup directory '" + dest.string() + "': " + ec.message());
        }
    }
    detail::env_of(db).copy_compacted(dest);
}

// --- Export -----------------------------------------------------------------------------------

namespace {

std::string csv_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string csv_maybe_quote(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    return csv_quote(s);
}

const char* csv_type(ValueKind k) {
    switch (k) {
        case ValueKind::Int:
            return "int";
        case ValueKind::Float:
            return "float";
        case ValueKind::Bool:
            return "boolean";
        case ValueKind::String:
            return "string";
        case ValueKind::Date:
            return "date";
        case ValueKind::DateTime:
            return "datetime";
        default:
            return nullptr;
    }
}

// The header type of a property value ("int", "string[]"), or throws for what CSV cannot hold.
std::string csv_column_type(const std::string& name, const Value& v) {
    if (v.kind() != ValueKind::List) {
        if (const char* t = csv_type(v.kind())) return t;
    } else {
        const List& items = v.as_list();
        if (items.empty()) return "string[]";
        const char* t = csv_type(items.front().kind());
        const bool same = std::all_of(items.begin(), items.end(), [&](const Value& x) {
            return x.kind() == items.front().kind();
        });
        if (t != nullptr && same) return std::string(t) + "[]";
    }
    throw Error(ErrorKind::Type, "property '" + name + "' holds " + to_literal(v) +
                                     ", which CSV cannot hold; export as jsonl");
}

std::string csv_scalar(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return v.as_bool() ? "true" : "false";
        case ValueKind::Int:
            return std::to_string(v.as_int());
        case ValueKind::Float:
            return float_text(v.as_float());
        case ValueKind::String:
            return v.as_string();
        case ValueKind::Date:
            return to_iso(v.as_date());
        case ValueKind::DateTime:
            return to_iso(v.as_datetime());
        default:
            return {};
    }
}

// Strings and lists are always quoted: an unquoted empty field reads back as "absent".
std::string csv_field(const Value& v) {
    if (v.kind() == ValueKind::String) return csv_quote(v.as_string());
    if (v.kind() == ValueKind::List) {
        std::string joined;
        for (std::size_t i = 0; i < v.as_list().size(); ++i) {
            if (i > 0) joined += ';';
            joined += csv_scalar(v.as_list()[i]);
        }
        return csv_quote(joined);
    }
    return csv_scalar(v);
}

using ColumnKey = std::pair<std::string, std::string>;  // property name, header type

void add_columns(std::map<ColumnKey, std::size_t>& cols, const Properties& props) {
    for (const auto& [name, value] : props)
        cols.emplace(ColumnKey{name, csv_column_type(name, value)}, 0);
}

void number_columns(std::map<ColumnKey, std::size_t>& cols) {
    std::size_t i = 0;
    for (auto& [key, index] : cols)
        index = i++;
}

void write_props(std::ofstream& out, const std::map<ColumnKey, std::size_t>& cols,
                 const Properties& props) {
    std::vector<std::string> cells(cols.size());
    for (const auto& [name, value] : props) {
        cells[cols.at(ColumnKey{name, csv_column_type(name, value)})] = csv_field(value);
    }
    for (const auto& c : cells)
        out << ',' << c;
}

std::string jsonl_value(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Date:
            return "{\"$date\":" + json_quote(to_iso(v.as_date())) + "}";
        case ValueKind::DateTime:
            return "{\"$datetime\":" + json_quote(to_iso(v.as_datetime())) + "}";
        case ValueKind::List: {
            std::string out = "[";
            for (std::size_t i = 0; i < v.as_list().size(); ++i) {
                if (i > 0) out += ',';
                out += jsonl_value(v.as_list()[i]);
            }
            return out + "]";
        }
        case ValueKind::Float:
            if (!std::isfinite(v.as_float())) {
                throw Error(ErrorKind::Type, "JSON cannot hold " + to_literal(v));
            }
            return float_text(v.as_float());
        default:
            return to_json(v);
    }
}

std::string jsonl_props(const Properties& props) {
    std::string out = "{";
    for (std::size_t i = 0; i < props.size(); ++i) {
        if (i > 0) out += ',';
        out += json_quote(props[i].first) + ":" + jsonl_value(props[i].second);
    }
    return out + "}";
}

std::ofstream open_out(const fs::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Usage, "cannot write '" + path.string() + "'");
    return out;
}

void close_out(std::ofstream& out, const fs::path& path) {
    out.close();
    if (!out) throw Error(ErrorKind::Usage, "cannot write '" + path.string() + "'");
}

// --- N-Triples, GraphML, DOT ---

// Percent-encodes every byte but the IRI unreserved ASCII characters.
std::string iri_part(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string checked_base(std::string_view base) {
    if (base.empty() || base.find(':') == std::string_view::npos) {
        throw Error(ErrorKind::Usage, "--base '" + std::string(base) +
                                          "' is not an absolute IRI (e.g. http://caspian.local/)");
    }
    for (char ch : base) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
            throw Error(ErrorKind::Usage,
                        "--base '" + std::string(base) + "' holds a character IRIs do not allow");
        }
    }
    std::string out(base);
    if (out.back() != '/' && out.back() != '#' && out.back() != ':') out += '/';
    return out;
}

// A string literal body per the N-Triples grammar (ECHAR and UCHAR escapes).
std::string nt_escape(std::string_view s) {
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

std::string xsd_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
    return float_text(d);
}

// A typed literal, or nothing for null.
std::optional<std::string> nt_literal(const Value& v) {
    constexpr std::string_view xsd = "http://www.w3.org/2001/XMLSchema#";
    auto typed = [&](const std::string& text, std::string_view type) {
        return "\"" + nt_escape(text) + "\"^^<" + std::string(xsd) + std::string(type) + ">";
    };
    switch (v.kind()) {
        case ValueKind::Null:
            return std::nullopt;
        case ValueKind::Bool:
            return typed(v.as_bool() ? "true" : "false", "boolean");
        case ValueKind::Int:
            return typed(std::to_string(v.as_int()), "integer");
        case ValueKind::Float:
            return typed(xsd_double(v.as_float()), "double");
        case ValueKind::String:
            return typed(v.as_string(), "string");
        case ValueKind::Date:
            return typed(to_iso(v.as_date()), "date");
        case ValueKind::DateTime:
            return typed(to_iso(v.as_datetime()), "dateTime");
        default:
            return typed(to_json(v), "string");
    }
}

std::string node_iri(const std::string& base, const Node& n) {
    if (const Value* k = find_property(n.properties, "key");
        k != nullptr && k->kind() == ValueKind::String) {
        return "<" + base + "node/" + iri_part(k->as_string()) + ">";
    }
    return "<" + base + "node/id/" + std::to_string(n.id.value) + ">";
}

// XML character data or attribute value; characters XML 1.0 cannot hold become U+FFFD.
std::string xml_escape(std::string_view s) {
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '\n':
                out += "&#10;";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\t':
                out += "&#9;";
                break;
            default:
                if (c < 0x20) {
                    out += "\xEF\xBF\xBD";
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

const char* graphml_type(ValueKind k) {
    switch (k) {
        case ValueKind::Int:
            return "long";
        case ValueKind::Float:
            return "double";
        case ValueKind::Bool:
            return "boolean";
        default:
            return "string";
    }
}

std::string graphml_value(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return v.as_bool() ? "true" : "false";
        case ValueKind::Int:
            return std::to_string(v.as_int());
        case ValueKind::Float:
            return xsd_double(v.as_float());
        case ValueKind::String:
            return v.as_string();
        case ValueKind::Date:
            return to_iso(v.as_date());
        case ValueKind::DateTime:
            return to_iso(v.as_datetime());
        default:
            return to_json(v);
    }
}

// Property name -> (key id, attr.type); a name holding several kinds is a string.
struct GraphmlKeys {
    std::map<std::string, std::pair<std::string, std::string>> keys;
    void add(const Properties& props) {
        for (const auto& [name, value] : props) {
            if (value.kind() == ValueKind::Null) continue;
            const std::string t = graphml_type(value.kind());
            auto [it, fresh] = keys.emplace(name, std::pair{std::string(), t});
            if (!fresh && it->second.second != t) it->second.second = "string";
        }
    }
    void number(const char* prefix) {
        std::size_t i = 0;
        for (auto& [name, key] : keys)
            key.first = prefix + std::to_string(i++);
    }
};

}  // namespace

// A DOT double-quoted string; newlines become \n, other escapes are literal backslashes.
std::string dot_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') {
            out += "\\\"";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            continue;
        } else {
            out += c;
        }
    }
    return out + '"';
}

std::string dot_label(const Node& n) {
    for (const char* name : {"key", "name"}) {
        if (const Value* v = find_property(n.properties, name);
            v != nullptr && v->kind() != ValueKind::Null) {
            return graphml_value(*v);
        }
    }
    return std::to_string(n.id.value);
}

namespace {

ExportReport export_file(const Database& db, ExportFormat format, const fs::path& path,
                         std::string_view base_iri) {
    const std::string base = format == ExportFormat::NTriples ? checked_base(base_iri) : "";
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    ReadTransaction txn = db.begin_read();
    std::vector<Node> nodes;
    txn.scan_nodes([&](NodeId id) {
        if (auto n = txn.node(id)) nodes.push_back(std::move(*n));
        return true;
    });
    std::unordered_map<std::uint64_t, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        index.emplace(nodes[i].id.value, i);
    ExportReport report;
    report.nodes = nodes.size();
    auto out = open_out(path);

    if (format == ExportFormat::NTriples) {
        const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
        for (const Node& n : nodes) {
            const std::string s = node_iri(base, n);
            for (const auto& l : n.labels)
                out << s << ' ' << rdf_type << " <" << base << "label/" << iri_part(l) << "> .\n";
            for (const auto& [name, value] : n.properties) {
                const std::string p = "<" + base + "property/" + iri_part(name) + ">";
                auto emit = [&](const Value& v) {
                    if (auto lit = nt_literal(v)) out << s << ' ' << p << ' ' << *lit << " .\n";
                };
                if (value.kind() == ValueKind::List) {
                    for (const Value& item : value.as_list())
                        emit(item);
                } else {
                    emit(value);
                }
            }
        }
        for (const Node& n : nodes) {
            for (const Edge& e : txn.edges(n.id, Direction::Out)) {
                ++report.edges;
                const auto dst = index.find(e.dst.value);
                const std::string o = dst != index.end() ? node_iri(base, nodes[dst->second])
                                                         : "<" + base + "node/id/" +
                                                               std::to_string(e.dst.value) + ">";
                out << node_iri(base, n) << " <" << base << "type/" << iri_part(e.type) << "> " << o
                    << " .\n";
            }
        }
    } else if (format == ExportFormat::GraphML) {
        GraphmlKeys node_keys, edge_keys;
        std::vector<Edge> edges;
        for (const Node& n : nodes) {
            node_keys.add(n.properties);
            for (Edge& e : txn.edges(n.id, Direction::Out)) {
                edge_keys.add(e.properties);
                edges.push_back(std::move(e));
            }
        }
        report.edges = edges.size();
        node_keys.number("n_");
        edge_keys.number("e_");
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
               "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
               "  <key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n"
               "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n";
        for (const auto& [domain, keys] :
             {std::pair{"node", &node_keys}, std::pair{"edge", &edge_keys}}) {
            for (const auto& [name, key] : keys->keys) {
                out << "  <key id=\"" << key.first << "\" for=\"" << domain << "\" attr.name=\""
                    << xml_escape(name) << "\" attr.type=\"" << key.second << "\"/>\n";
            }
        }
        out << "  <graph id=\"G\" edgedefault=\"directed\">\n";
        auto data = [&](const GraphmlKeys& keys, const Properties& props) {
            for (const auto& [name, value] : props) {
                if (value.kind() == ValueKind::Null) continue;
                out << "      <data key=\"" << keys.keys.at(name).first << "\">"
                    << xml_escape(graphml_value(value)) << "</data>\n";
            }
        };
        for (const Node& n : nodes) {
            std::string labels;
            for (const auto& l : n.labels)
                labels += ":" + l;
            out << "    <node id=\"n" << n.id.value << "\">\n      <data key=\"labels\">"
                << xml_escape(labels) << "</data>\n";
            data(node_keys, n.properties);
            out << "    </node>\n";
        }
        for (const Edge& e : edges) {
            out << "    <edge id=\"e" << e.id.value << "\" source=\"n" << e.src.value
                << "\" target=\"n" << e.dst.value << "\">\n      <data key=\"type\">"
                << xml_escape(e.type) << "</data>\n";
            data(edge_keys, e.properties);
            out << "    </edge>\n";
        }
        out << "  </graph>\n</graphml>\n";
    } else {
        out << "digraph caspian {\n";
        for (const Node& n : nodes) {
            out << "  " << dot_quote("n" + std::to_string(n.id.value))
                << " [label=" << dot_quote(dot_label(n)) << "];\n";
        }
        for (const Node& n : nodes) {
            for (const Edge& e : txn.edges(n.id, Direction::Out)) {
                ++report.edges;
                out << "  " << dot_quote("n" + std::to_string(e.src.value)) << " -> "
                    << dot_quote("n" + std::to_string(e.dst.value))
                    << " [label=" << dot_quote(e.type) << "];\n";
            }
        }
        out << "}\n";
    }
    close_out(out, path);
    report.files = {path};
    return report;
}

}  // namespace

ExportReport export_graph(const Database& db, ExportFormat format, const fs::path& dir,
                          std::string_view base_iri) {
    if (format != ExportFormat::Csv && format != ExportFormat::Jsonl) {
        return export_file(db, format, dir, base_iri);
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec)) {
        throw Error(ErrorKind::Usage, "cannot create export directory '" + dir.string() + "'");
    }
    ReadTransaction txn = db.begin_read();
    std::vector<NodeId> ids;
    txn.scan_nodes([&](NodeId n) {
        ids.push_back(n);
        return true;
    });
    ExportReport report;
    const bool csv = format == ExportFormat::Csv;
    const fs::path nodes_path = dir / (csv ? "nodes.csv" : "nodes.jsonl");
    const fs::path edges_path = dir / (csv ? "edges.csv" : "edges.jsonl");

    std::map<ColumnKey, std::size_t> node_cols, edge_cols;
    if (csv) {
        for (NodeId id : ids) {
            if (auto n = txn.node(id)) add_columns(node_cols, n->properties);
            for (const Edge& e : txn.edges(id, Direction::Out))
                add_columns(edge_cols, e.properties);
        }
        number_columns(node_cols);
        number_columns(edge_cols);
    }

    auto nodes = open_out(nodes_path);
    if (csv) {
        nodes << ":ID,:LABEL";
        for (const auto& [key, index] : node_cols)
            nodes << ',' << csv_maybe_quote(key.first + ":" + key.second);
        nodes << '\n';
    }
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        ++report.nodes;
        if (csv) {
            std::string labels;
            for (const auto& l : n->labels)
                labels += (labels.empty() ? "" : ";") + l;
            nodes << id.value << ',' << csv_maybe_quote(labels);
            write_props(nodes, node_cols, n->properties);
            nodes << '\n';
        } else {
            nodes << "{\"id\":" << id.value << ",\"labels\":[";
            for (std::size_t i = 0; i < n->labels.size(); ++i) {
                nodes << (i > 0 ? "," : "") << json_quote(n->labels[i]);
            }
            nodes << "],\"properties\":" << jsonl_props(n->properties) << "}\n";
        }
    }
    close_out(nodes, nodes_path);

    auto edges = open_out(edges_path);
    if (csv) {
        edges << ":START_ID,:END_ID,:TYPE";
        for (const auto& [key, index] : edge_cols)
            edges << ',' << csv_maybe_quote(key.first + ":" + key.second);
        edges << '\n';
    }
    for (NodeId id : ids) {
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            ++report.edges;
            if (csv) {
                edges << e.src.value << ',' << e.dst.value << ',' << csv_maybe_quote(e.type);
                write_props(edges, edge_cols, e.properties);
                edges << '\n';
            } else {
                edges << "{\"src\":" << e.src.value << ",\"dst\":" << e.dst.value
                      << ",\"type\":" << json_quote(e.type)
                      << ",\"properties\":" << jsonl_props(e.properties) << "}\n";
            }
        }
    }
    close_out(edges, edges_path);
    report.files = {nodes_path, edges_path};
    return report;
}

}  // namespace caspian
