// N-Triples and Turtle export through the mapping of query/api/rdf/rdf_terms.hpp: nodes with
// labels (rdf:type) and properties (typed literals, lists as rdf:List), edges as triples, and
// each edge with properties as a reifier: RDF 1.1 reification or an RDF 1.2 triple term.
#include "query/api/export/export.hpp"
#include "query/api/rdf/rdf_terms.hpp"

#include <cstdio>

namespace caspian::detail {

namespace {

// A string literal body per the N-Triples and Turtle grammars (ECHAR and UCHAR escapes). Not
// json_quote: the rules differ in \b, \f and DEL (here \u0008, \u000C, \u007F).
std::string rdf_escape(std::string_view s) {
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

// A Turtle PN_LOCAL that iri_part wrote: '~' needs an escape, '-' cannot start it and '.'
// can neither start nor end it; the full IRI is written then.
bool plain_local(std::string_view s) {
    if (s.find('~') != std::string_view::npos || s.find('/') != std::string_view::npos) {
        return false;
    }
    return s.empty() || (s.front() != '-' && s.front() != '.' && s.back() != '.');
}

// Writes triples subject by subject: N-Triples one line each, Turtle grouped with ';' and
// prefixed names. Counts what it writes (rdflib's count of the file, as no triple repeats
// unless the graph has parallel edges of one type).
class TripleWriter {
public:
    TripleWriter(std::ostream& out, const rdf::Vocabulary& vocab, bool turtle)
        : out_(out), vocab_(vocab), turtle_(turtle) {
        if (!turtle_) return;
        out_ << "@prefix rdf: <" << rdf::rdf_ns << "> .\n@prefix xsd: <" << rdf::xsd_ns << "> .\n";
        for (const auto& [prefix, iri] : prefixes()) {
            out_ << "@prefix " << prefix << ": <" << *iri << "> .\n";
        }
        out_ << "\n";
    }

    std::uint64_t triples() const noexcept { return triples_; }

    std::string iri(std::string_view full) const {
        if (turtle_) {
            if (full.substr(0, rdf::rdf_ns.size()) == rdf::rdf_ns) {
                return "rdf:" + std::string(full.substr(rdf::rdf_ns.size()));
            }
            for (const auto& [prefix, ns] : prefixes()) {
                if (full.substr(0, ns->size()) == *ns && plain_local(full.substr(ns->size()))) {
                    return std::string(prefix) + ":" + std::string(full.substr(ns->size()));
                }
            }
        }
        return "<" + std::string(full) + ">";
    }

    std::string literal(const rdf::Literal& lit) const {
        std::string text = "\"" + rdf_escape(lit.lexical) + "\"";
        const std::string_view type = lit.datatype;
        if (turtle_ && type.substr(0, rdf::xsd_ns.size()) == rdf::xsd_ns) {
            const std::string_view name = type.substr(rdf::xsd_ns.size());
            return name == "string" ? text : text + "^^xsd:" + std::string(name);
        }
        return text + "^^<" + lit.datatype + ">";
    }

    // The object term of a value, or "" for null. A list is an rdf:List: a Turtle collection,
    // or in N-Triples blank nodes _:lN whose triples follow the subject's.
    std::string object(const Value& v) {
        if (v.is_null()) return "";
        if (v.kind() != ValueKind::List) return literal(rdf::literal_of(v));
        const auto& items = v.as_list();
        if (items.empty()) return iri(std::string(rdf::rdf_ns) + "nil");
        std::vector<std::string> terms;
        for (const Value& item : items) {
            if (item.is_null()) {
                throw Error(ErrorKind::Type,
                            "a list holding null cannot be written as an rdf:List");
            }
            terms.push_back(object(item));
        }
        triples_ += 2 * terms.size();
        if (turtle_) {
            std::string text = "(";
            for (const auto& t : terms)
                text += " " + t;
            return text + " )";
        }
        const std::string first = "<" + std::string(rdf::rdf_ns) + "first>";
        const std::string rest = "<" + std::string(rdf::rdf_ns) + "rest>";
        const std::uint64_t head = lists_;
        lists_ += terms.size();
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const std::string cell = "_:l" + std::to_string(head + i);
            pending_ += cell + " " + first + " " + terms[i] + " .\n" + cell + " " + rest + " " +
                        (i + 1 < terms.size() ? "_:l" + std::to_string(head + i + 1)
                                              : "<" + std::string(rdf::rdf_ns) + "nil>") +
                        " .\n";
        }
        return "_:l" + std::to_string(head);
    }

    void begin(std::string subject) {
        subject_ = std::move(subject);
        first_ = true;
    }
    void add(const std::string& predicate, const std::string& object) {
        ++triples_;
        if (!turtle_) {
            out_ << subject_ << ' ' << predicate << ' ' << object << " .\n";
        } else if (first_) {
            out_ << subject_ << ' ' << predicate << ' ' << object;
        } else {
            out_ << " ;\n    " << predicate << ' ' << object;
        }
        first_ = false;
    }
    void end() {
        if (turtle_ && !first_) out_ << " .\n";
        out_ << pending_;
        pending_.clear();
    }

    void properties(const Properties& props) {
        for (const auto& [name, value] : props) {
            const std::string o = object(value);
            if (!o.empty()) add(iri(vocab_.property + rdf::iri_part(name)), o);
        }
    }

private:
    std::vector<std::pair<const char*, const std::string*>> prefixes() const {
        return {{"node", &vocab_.node},
                {"label", &vocab_.label},
                {"property", &vocab_.property},
                {"type", &vocab_.type}};
    }

    std::ostream& out_;
    const rdf::Vocabulary& vocab_;
    bool turtle_;
    std::string subject_, pending_;
    bool first_ = true;
    std::uint64_t triples_ = 0, lists_ = 0;
};

}  // namespace

void write_rdf(const ReadTransaction& txn, const NodeTable& table, std::string_view base,
               RdfSyntax syntax, RdfVersion version, std::ostream& out, ExportReport& report) {
    const rdf::Vocabulary vocab(base);
    TripleWriter w(out, vocab, syntax == RdfSyntax::Turtle);
    const std::string rdf_ns(rdf::rdf_ns);
    const std::string a = syntax == RdfSyntax::Turtle ? "a" : w.iri(rdf_ns + "type");
    for (const Node& n : table.nodes) {
        w.begin(w.iri(vocab.node_iri(n)));
        for (const auto& l : n.labels)
            w.add(a, w.iri(vocab.label + rdf::iri_part(l)));
        if (n.labels.empty() && n.properties.empty())
            w.add(a, w.iri(std::string(rdf::rdfs_resource)));
        w.properties(n.properties);
        w.end();
    }
    std::uint64_t reifiers = 0;
    for (const Node& n : table.nodes) {
        const std::string s = w.iri(vocab.node_iri(n));
        for (const Edge& e : txn.edges(n.id, Direction::Out)) {
            ++report.edges;
            const auto dst = table.index.find(e.dst.value);
            const std::string o =
                w.iri(dst != table.index.end() ? vocab.node_iri(table.nodes[dst->second])
                                               : vocab.node_id + std::to_string(e.dst.value));
            const std::string p = w.iri(vocab.type + rdf::iri_part(e.type));
            w.begin(s);
            w.add(p, o);
            w.end();
            if (e.properties.empty()) continue;
            // The edge's reifier, numbered in writing order rather than by edge id, so that an
            // imported graph (whose edge ids follow this order) exports the same text.
            w.begin("_:e" + std::to_string(reifiers++));
            if (version == RdfVersion::Rdf12) {
                w.add(w.iri(rdf_ns + "reifies"), "<<( " + s + " " + p + " " + o + " )>>");
            } else {
                w.add(a, w.iri(rdf_ns + "Statement"));
                w.add(w.iri(rdf_ns + "subject"), s);
                w.add(w.iri(rdf_ns + "predicate"), p);
                w.add(w.iri(rdf_ns + "object"), o);
            }
            w.properties(e.properties);
            w.end();
        }
    }
    report.triples = w.triples();
}

}  // namespace caspian::detail
