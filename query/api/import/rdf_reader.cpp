// read_rdf of rdf_reader.hpp: serd streams the statements; node, list-cell and reifier triples
// are gathered per subject, then lists are assembled and reifiers matched to their edges.
#include "query/api/import/rdf_reader.hpp"

#include <caspian/import_export.hpp>

#include "query/api/rdf/rdf_terms.hpp"

#include <serd/serd.h>

#include <cstdarg>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace caspian::detail {

namespace {

struct Term {
    enum class Kind { Iri, Blank, Literal } kind = Kind::Iri;
    std::string text;
    std::string datatype;  // literals: the datatype IRI ("" for a plain or tagged string)
    std::size_t line = 0;  // where serd's statement ended: a type error's line
};

// A blank node subject: a list cell (rdf:first, rdf:rest) or an edge's RDF 1.1 reifier.
struct Blank {
    std::optional<Term> first;
    std::optional<std::string> rest;  // a blank id, or "" for rdf:nil
    std::string subject, predicate, object;
    std::vector<std::pair<std::string, Term>> properties;
};

class Reader {
public:
    Reader(std::string file, std::string_view base) : file_(std::move(file)), vocab_(base) {}

    SerdEnv* env = serd_env_new(nullptr);
    ~Reader() { serd_env_free(env); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    std::optional<BadRow> error;
    // Line ends serd has read (byte by byte), and those before the last byte other than white
    // space: serd may look past a statement's end into the white space after it.
    std::size_t lines_read = 0, lines_at_token = 0;

    // An IRI, prefixed name or relative IRI expanded against the document's base.
    std::string iri(const SerdNode* n) const {
        if (n->type == SERD_URI || n->type == SERD_CURIE) {
            SerdNode full = serd_env_expand_node(env, n);
            if (full.buf != nullptr) {
                std::string s(reinterpret_cast<const char*>(full.buf), full.n_bytes);
                serd_node_free(&full);
                return s;
            }
        }
        return text(n);
    }
    static std::string text(const SerdNode* n) {
        return {reinterpret_cast<const char*>(n->buf), n->n_bytes};
    }

    void statement(const SerdNode* s, const SerdNode* p, const SerdNode* o,
                   const SerdNode* datatype) {
        Term obj;
        if (o->type == SERD_LITERAL) {
            obj = {Term::Kind::Literal, text(o),
                   datatype != nullptr && datatype->buf != nullptr ? iri(datatype) : ""};
        } else if (o->type == SERD_BLANK) {
            obj = {Term::Kind::Blank, text(o), ""};
        } else {
            obj = {Term::Kind::Iri, iri(o), ""};
        }
        obj.line = lines_at_token + 1;
        const std::string pred = iri(p);
        if (s->type == SERD_BLANK) {
            blank(text(s), pred, std::move(obj));
            return;
        }
        const std::size_t n = node(iri(s));
        if (pred == rdf_type_) {
            if (obj.kind == Term::Kind::Iri && obj.text != rdf::rdfs_resource) {
                graph_.nodes[n].labels.push_back(name(obj.text, vocab_.label));
            }
            return;
        }
        if (obj.kind == Term::Kind::Iri && obj.text != rdf_nil_) {  // rdf:nil: an empty list
            graph_.edges.push_back({n, node(obj.text), name(pred, vocab_.type), {}, 0});
            type_iris_.push_back(pred);
            return;
        }
        node_props_.emplace_back(n, name(pred, vocab_.property), std::move(obj));
    }

    GraphRows finish() {
        for (auto& [n, prop, term] : node_props_)
            put(graph_.nodes[n].properties, prop, value(term, graph_.nodes[n].id));
        for (auto& row : graph_.nodes)
            add_key(row);
        // Reifiers in file order, per triple: the k-th edge of a triple takes the k-th one.
        std::map<std::tuple<std::string, std::string, std::string>, std::deque<const Blank*>> by;
        for (const std::string& id : blank_order_) {
            const Blank& b = blanks_.at(id);
            if (!b.subject.empty()) by[{b.subject, b.predicate, b.object}].push_back(&b);
        }
        for (auto& e : graph_.edges) {
            auto it = by.find({graph_.nodes[e.src].id, type_iris_[&e - graph_.edges.data()],
                               graph_.nodes[e.dst].id});
            if (it == by.end() || it->second.empty()) continue;
            for (const auto& [prop, term] : it->second.front()->properties)
                put(e.properties, prop, value(term, "edge property '" + prop + "'"));
            it->second.pop_front();
        }
        std::size_t unmatched = 0;
        for (const auto& [key, left] : by)
            unmatched += left.size();
        if (unmatched > 0) {
            graph_.warnings.push_back(file_ + ": " + std::to_string(unmatched) +
                                      " reified statements name no edge of the file: their "
                                      "properties are not imported");
        }
        return std::move(graph_);
    }

private:
    std::size_t node(const std::string& id) {
        auto [it, fresh] = index_.emplace(id, graph_.nodes.size());
        if (fresh) graph_.nodes.push_back({id, {}, {}, 0});
        return it->second;
    }

    // The name of a caspian IRI under ns, else a foreign IRI's local name.
    static std::string name(const std::string& full, const std::string& ns) {
        if (full.compare(0, ns.size(), ns) == 0) {
            if (auto s = rdf::iri_unescape(std::string_view(full).substr(ns.size()))) return *s;
        }
        return rdf::local_name(full);
    }

    void blank(const std::string& id, const std::string& pred, Term obj) {
        auto [it, fresh] = blanks_.try_emplace(id);
        if (fresh) blank_order_.push_back(id);
        Blank& b = it->second;
        const std::string_view local = std::string_view(pred).substr(
            pred.compare(0, rdf::rdf_ns.size(), rdf::rdf_ns) == 0 ? rdf::rdf_ns.size() : 0);
        if (local == "first") {
            b.first = std::move(obj);
        } else if (local == "rest") {
            b.rest = obj.text == rdf_nil_ ? "" : obj.text;
        } else if (local == "subject") {
            b.subject = obj.text;
        } else if (local == "predicate") {
            b.predicate = obj.text;
        } else if (local == "object") {
            b.object = obj.text;
        } else if (pred != rdf_type_) {
            b.properties.emplace_back(name(pred, vocab_.property), std::move(obj));
        }
    }

    // A literal's value, or the list an rdf:List's head names (rdf:nil: the empty list).
    Value value(const Term& t, const std::string& where, int depth = 0) {
        if (t.kind == Term::Kind::Literal) {
            try {
                return rdf::value_of(t.text, t.datatype);
            } catch (const Error& e) {
                fail(where + ": " + e.what(), t.line);
            }
        }
        if (t.kind == Term::Kind::Iri && t.text == rdf_nil_) return Value(List{});
        if (t.kind != Term::Kind::Blank || depth > 64) {
            fail(where + ": the value '" + t.text + "' is neither a literal nor an rdf:List",
                 t.line);
        }
        List items;
        std::string cell = t.text;
        for (std::size_t guard = 0; !cell.empty(); ++guard) {
            const auto it = blanks_.find(cell);
            if (it == blanks_.end() || !it->second.first || !it->second.rest ||
                guard > blanks_.size()) {
                fail(where + ": _:" + cell + " is not a cell of a well-formed rdf:List", t.line);
            }
            items.push_back(value(*it->second.first, where, depth + 1));
            cell = *it->second.rest;
        }
        return Value(std::move(items));
    }

    // A property given twice or more (foreign RDF) becomes a list of its values in file order.
    static void put(NamedValues& props, const std::string& name, Value v) {
        for (auto& [n, old] : props) {
            if (n != name) continue;
            if (old.kind() != ValueKind::List) old = Value(List{old});
            List items = old.as_list();
            items.push_back(std::move(v));
            old = Value(std::move(items));
            return;
        }
        props.emplace_back(name, std::move(v));
    }

    void add_key(GraphRows::NodeRow& row) const {
        for (const auto& [n, v] : row.properties) {
            if (n == "key") return;
        }
        if (row.id.compare(0, vocab_.node_id.size(), vocab_.node_id) == 0) return;
        std::string key = row.id;
        if (row.id.compare(0, vocab_.node.size(), vocab_.node) == 0) {
            key = name(row.id, vocab_.node);
        }
        row.properties.emplace_back("key", Value(std::move(key)));
    }

    [[noreturn]] void fail(std::string message, std::size_t line) const {
        throw ImportError(BadRow{file_, line, ErrorKind::Type, std::move(message)});
    }

    std::string file_;
    rdf::Vocabulary vocab_;
    const std::string rdf_type_ = std::string(rdf::rdf_ns) + "type";
    const std::string rdf_nil_ = std::string(rdf::rdf_ns) + "nil";
    GraphRows graph_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::tuple<std::size_t, std::string, Term>> node_props_;
    std::unordered_map<std::string, Blank> blanks_;
    std::vector<std::string> blank_order_;
    std::vector<std::string> type_iris_;  // the predicate IRI of each edge, for reifiers
};

SerdStatus on_base(void* handle, const SerdNode* uri) {
    return serd_env_set_base_uri(static_cast<Reader*>(handle)->env, uri);
}

SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    return serd_env_set_prefix(static_cast<Reader*>(handle)->env, name, uri);
}

SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode*, const SerdNode* s,
                        const SerdNode* p, const SerdNode* o, const SerdNode* datatype,
                        const SerdNode*) {
    // serd is C: nothing may be thrown through it (only std::bad_alloc can arise here).
    try {
        static_cast<Reader*>(handle)->statement(s, p, o, datatype);
    } catch (const std::exception&) {
        return SERD_ERR_INTERNAL;
    }
    return SERD_SUCCESS;
}

// Keeps serd's first message with its line and column (1-based, as serd counts them).
SerdStatus on_error(void* handle, const SerdError* e) {
    auto* r = static_cast<Reader*>(handle);
    if (r->error) return SERD_SUCCESS;
    char text[512];
    va_list args;
    va_copy(args, *e->args);
    std::vsnprintf(text, sizeof text, e->fmt, args);
    va_end(args);
    std::string message(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    BadRow row;
    row.file = e->filename != nullptr ? reinterpret_cast<const char*>(e->filename) : "";
    row.line = e->line;
    row.column = e->col;
    row.kind = ErrorKind::Syntax;
    row.message = message;
    r->error = std::move(row);
    return SERD_SUCCESS;
}

// serd's input: fread that counts the line ends it hands over. Read one byte at a time (page
// size 1), so that when a statement arrives the count is the line of its last token.
struct Source {
    std::FILE* file;
    Reader* reader;
};

std::size_t read_counting(void* buf, std::size_t size, std::size_t nmemb, void* stream) {
    auto* s = static_cast<Source*>(stream);
    const std::size_t n = std::fread(buf, size, nmemb, s->file);
    const auto* bytes = static_cast<const char*>(buf);
    for (std::size_t i = 0; i < n * size; ++i) {
        if (bytes[i] == '\n') {
            ++s->reader->lines_read;
        } else if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
            s->reader->lines_at_token = s->reader->lines_read;
        }
    }
    return n;
}

int source_error(void* stream) {
    return std::ferror(static_cast<Source*>(stream)->file);
}

}  // namespace

GraphRows read_rdf(const std::filesystem::path& file, std::string_view base) {
    Reader r(file.string(), base);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"),
                                                       &std::fclose);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + file.string() + "'");
    const SerdSyntax syntax = file.extension() == ".nt" ? SERD_NTRIPLES : SERD_TURTLE;
    std::unique_ptr<SerdReader, void (*)(SerdReader*)> reader(
        serd_reader_new(syntax, &r, nullptr, on_base, on_prefix, on_statement, nullptr),
        &serd_reader_free);
    serd_reader_set_strict(reader.get(), true);
    serd_reader_set_error_sink(reader.get(), on_error, &r);
    const std::string name = file.string();
    Source source{in.get(), &r};
    const SerdStatus st =
        serd_reader_read_source(reader.get(), read_counting, source_error, &source,
                                reinterpret_cast<const std::uint8_t*>(name.c_str()), 1);
    if (r.error) {
        r.error->file = name;
        throw ImportError(std::move(*r.error));
    }
    if (st != SERD_SUCCESS && st != SERD_FAILURE) {
        throw ImportError(BadRow{name, 0, ErrorKind::Syntax,
                                 std::string("serd cannot read the file: ") +
                                     reinterpret_cast<const char*>(serd_strerror(st))});
    }
    return r.finish();
}

}  // namespace caspian::detail
