// read_graphml of graphml_reader.hpp: expat streams the elements; <key> declarations type the
// <data> of the nodes and edges that follow, and edge ends are resolved once the file is read.
#include "query/api/import/graphml_reader.hpp"
#include "value/json.hpp"
#include "value/temporal.hpp"

#include <caspian/import_export.hpp>
#include <caspian/json.hpp>

#include <expat.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace caspian::detail {

namespace {

struct Key {
    std::string domain;  // node, edge, all, graph
    std::string name;
    std::string type = "string";
    std::string kind;  // caspian.kind: a temporal kind, "list" or "json", kept in a string
};

// A value as its key's attr.type says; Error{Type} for text the type does not allow.
Value typed(const Key& key, const std::string& text) {
    auto fail = [&]() -> Value {
        throw Error(ErrorKind::Type,
                    "'" + text + "' is not a valid " + key.type + " (key '" + key.name + "')");
    };
    if (key.type == "int" || key.type == "long") {
        std::int64_t i = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return fail();
        return Value(i);
    }
    if (key.type == "float" || key.type == "double") {
        char* end = nullptr;
        const double d = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size()) return fail();
        return Value(d);
    }
    if (key.type == "boolean") {
        if (text == "true" || text == "True" || text == "1") return Value(true);
        if (text == "false" || text == "False" || text == "0") return Value(false);
        return fail();
    }
    if (key.kind.empty()) return Value(text);
    if (key.kind == "list" || key.kind == "json") {
        // JSON text, temporal values tagged as JSON Lines has them ({"$date": ".."}): lists, and
        // the values of a name of several kinds. Lists written before the tags hold temporal
        // elements as strings, which stay strings.
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || (key.kind == "list" && !j.is_array())) return fail();
        try {
            return from_json(j, JsonObjects::TaggedTemporals);
        } catch (const Error&) {
            return fail();
        }
    }
    for (ValueKind kind : temporal_kinds) {
        if (key.kind == to_string(kind)) {
            std::optional<Value> v = parse_temporal(kind, text);
            return v ? std::move(*v) : fail();
        }
    }
    return Value(text);
}

// The element name without a namespace prefix.
std::string_view local(const XML_Char* name) {
    std::string_view n(name);
    const auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const XML_Char** atts, std::string_view name) {
    for (; atts[0] != nullptr; atts += 2) {
        if (name == atts[0]) return atts[1];
    }
    return nullptr;
}

class Reader {
public:
    Reader(XML_Parser parser, std::string file) : parser_(parser), file_(std::move(file)) {}

    std::optional<BadRow> error;

    void start(std::string_view el, const XML_Char** atts) {
        try {
            if (el == "key") {
                declare(atts);
            } else if (el == "node") {
                const char* id = attribute(atts, "id");
                if (id == nullptr) stop("a <node> without an id");
                auto [it, fresh] = index_.emplace(id, rows_.nodes.size());
                if (!fresh) stop(std::string("the node id '") + id + "' is declared twice");
                rows_.nodes.push_back({id, {}, {}, line()});
                in_node_ = true;
            } else if (el == "edge") {
                const char* s = attribute(atts, "source");
                const char* t = attribute(atts, "target");
                if (s == nullptr || t == nullptr) stop("an <edge> needs source and target");
                rows_.edges.push_back({0, 0, "", {}, line()});
                ends_.emplace_back(s, t);
                in_edge_ = true;
            } else if (el == "data") {
                const char* k = attribute(atts, "key");
                if (k == nullptr) stop("a <data> without a key");
                data_key_ = k;
                text_.clear();
                in_data_ = true;
            } else if (el == "graph") {
                const char* d = attribute(atts, "edgedefault");
                if (d != nullptr && std::string_view(d) == "undirected") {
                    rows_.warnings.push_back(file_ +
                                             ": an undirected graph: each edge is "
                                             "imported from its source to its target");
                }
            }
        } catch (const std::exception& e) {
            stop(e.what());
        }
    }

    void end(std::string_view el) {
        try {
            if (el == "data" && in_data_) {
                in_data_ = false;
                data();
            } else if (el == "node") {
                in_node_ = false;
            } else if (el == "edge") {
                in_edge_ = false;
            }
        } catch (const std::exception& e) {
            stop(e.what());
        }
    }

    void text(const XML_Char* s, int len) {
        if (in_data_) text_.append(s, static_cast<std::size_t>(len));
    }

    void out_of_memory() {
        try {
            stop("out of memory");
        } catch (...) {
        }
    }

    GraphRows finish() {
        for (std::size_t i = 0; i < rows_.edges.size(); ++i) {
            auto& e = rows_.edges[i];
            for (auto [slot, name] :
                 {std::pair{&e.src, &ends_[i].first}, std::pair{&e.dst, &ends_[i].second}}) {
                const auto it = index_.find(*name);
                if (it == index_.end()) {
                    throw ImportError(BadRow{file_, e.line, ErrorKind::Constraint,
                                             "the edge names the node '" + *name +
                                                 "', which the file does not declare"});
                }
                *slot = it->second;
            }
            if (e.type.empty()) e.type = "RELATED_TO";
        }
        if (!caspian_file_) {
            for (auto& n : rows_.nodes) {
                bool keyed = false;
                for (const auto& [name, v] : n.properties)
                    keyed = keyed || name == "key";
                if (!keyed) n.properties.emplace_back("key", Value(n.id));
            }
        }
        return std::move(rows_);
    }

private:
    std::size_t line() const { return XML_GetCurrentLineNumber(parser_); }

    void stop(const std::string& message) {
        if (!error) {
            BadRow row;
            row.file = file_;
            row.line = line();
            row.column = XML_GetCurrentColumnNumber(parser_) + 1;
            row.kind = ErrorKind::Syntax;
            row.message = message;
            error = std::move(row);
        }
        XML_StopParser(parser_, XML_FALSE);
        throw Error(ErrorKind::Syntax, message);  // caught by the handler that called it
    }

    void declare(const XML_Char** atts) {
        const char* id = attribute(atts, "id");
        if (id == nullptr) stop("a <key> without an id");
        Key k;
        if (const char* f = attribute(atts, "for")) k.domain = f;
        k.name = id;
        if (const char* n = attribute(atts, "attr.name")) k.name = n;
        if (const char* t = attribute(atts, "attr.type")) k.type = t;
        if (const char* c = attribute(atts, "caspian.kind")) k.kind = c;
        const std::string key_id = id;
        if (k.domain != "edge" && (key_id == "labels" || (k.name == "labels" && labels_.empty()))) {
            labels_ = key_id;
            caspian_file_ = caspian_file_ || key_id == "labels";
        }
        if (k.domain != "node") {
            if (key_id == "type" || (k.name == "type" && type_priority_ < 2)) {
                type_ = key_id;
                type_priority_ = key_id == "type" ? 3 : 2;
            } else if (k.name == "label" && type_priority_ < 1) {
                type_ = key_id;
                type_priority_ = 1;
            }
        }
        keys_[key_id] = std::move(k);
    }

    void data() {
        const auto it = keys_.find(data_key_);
        if (it == keys_.end()) stop("the key '" + data_key_ + "' is not declared");
        if (in_node_ && data_key_ == labels_) {
            auto& labels = rows_.nodes.back().labels;
            std::size_t from = 0;
            while (from <= text_.size()) {
                const std::size_t to = std::min(text_.find(':', from), text_.size());
                if (to > from) labels.push_back(text_.substr(from, to - from));
                from = to + 1;
            }
        } else if (in_edge_ && data_key_ == type_) {
            rows_.edges.back().type = text_;
        } else if (in_edge_) {
            rows_.edges.back().properties.emplace_back(it->second.name, typed(it->second, text_));
        } else if (in_node_) {
            rows_.nodes.back().properties.emplace_back(it->second.name, typed(it->second, text_));
        }
    }

    XML_Parser parser_;
    std::string file_;
    std::map<std::string, Key> keys_;
    std::string labels_, type_;  // the key ids of labels and of edge types
    int type_priority_ = 0;
    bool caspian_file_ = false;
    GraphRows rows_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::pair<std::string, std::string>> ends_;
    bool in_node_ = false, in_edge_ = false, in_data_ = false;
    std::string data_key_, text_;
};

// Expat is C: the handlers catch everything (stop() throws to end the handler only).
void on_start(void* ud, const XML_Char* name, const XML_Char** atts) {
    try {
        static_cast<Reader*>(ud)->start(local(name), atts);
    } catch (...) {
    }
}

void on_end(void* ud, const XML_Char* name) {
    try {
        static_cast<Reader*>(ud)->end(local(name));
    } catch (...) {
    }
}

void on_text(void* ud, const XML_Char* s, int len) {
    try {
        static_cast<Reader*>(ud)->text(s, len);
    } catch (...) {
        static_cast<Reader*>(ud)->out_of_memory();
    }
}

}  // namespace

GraphRows read_graphml(const std::filesystem::path& file) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"),
                                                       &std::fclose);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + file.string() + "'");
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate(nullptr),
                                                                   &XML_ParserFree);
    Reader r(parser.get(), file.string());
    XML_SetUserData(parser.get(), &r);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    std::vector<char> buf(1 << 16);
    for (;;) {
        const std::size_t n = std::fread(buf.data(), 1, buf.size(), in.get());
        const bool last = n < buf.size();
        if (XML_Parse(parser.get(), buf.data(), static_cast<int>(n), last) != XML_STATUS_OK) {
            if (r.error) throw ImportError(std::move(*r.error));
            throw ImportError(BadRow{file.string(), XML_GetCurrentLineNumber(parser.get()),
                                     ErrorKind::Syntax,
                                     XML_ErrorString(XML_GetErrorCode(parser.get())),
                                     XML_GetCurrentColumnNumber(parser.get()) + 1});
        }
        if (last) break;
    }
    return r.finish();
}

}  // namespace caspian::detail
