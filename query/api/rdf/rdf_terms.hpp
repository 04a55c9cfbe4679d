// The one mapping between caspian's graph and RDF (docs/import-export.md, "RDF"), shared by the
// N-Triples and Turtle writers and the RDF reader: the IRIs of nodes, labels, properties and
// edge types under a base, and the typed literal of each value kind both ways. No I/O.
#pragma once

#include <caspian/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace caspian::detail::rdf {

inline constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view xsd_ns = "http://www.w3.org/2001/XMLSchema#";
// The type of a node without labels and properties, so that it is in the file even without
// edges: `<node> rdf:type rdfs:Resource`, true of every resource, so no label on import.
inline constexpr std::string_view rdfs_resource = "http://www.w3.org/2000/01/rdf-schema#Resource";
// Datatypes of the values XML Schema cannot hold exactly (a datetime in a named zone, a
// duration whose parts have different signs): the lexical form is caspian's toString text.
inline constexpr std::string_view caspian_ns = "urn:caspian:datatype:";

// The IRIs of one base: BASE node/KEY, BASE node/id/ID (a node without a string key),
// BASE label/L, BASE property/NAME, BASE type/T; names percent-encoded.
struct Vocabulary {
    // Throws Error{Usage} for a base that is not an absolute IRI; adds a '/' unless base ends
    // in '/', '#' or ':'.
    explicit Vocabulary(std::string_view base);
    std::string base, node, node_id, label, property, type;
    [[nodiscard]] std::string node_iri(const Node& n) const;
};

// Percent-encodes every byte but the IRI unreserved ASCII characters (A-Z a-z 0-9 - . _ ~).
[[nodiscard]] std::string iri_part(std::string_view s);
// Undoes %XX escapes (any other byte is kept); nullopt for a '%' without two hex digits.
[[nodiscard]] std::optional<std::string> iri_unescape(std::string_view s);
// The part of iri after the last '#', '/' or ':' (a foreign IRI's name), unescaped.
[[nodiscard]] std::string local_name(std::string_view iri);

// A typed literal: its lexical form and datatype IRI.
struct Literal {
    std::string lexical;
    std::string datatype;
};
// The literal of a scalar that is neither null nor a list: xsd:string, integer, double,
// boolean, date, dateTime (with an offset for datetime, none for localdatetime), time and
// duration; caspian_ns datatypes for what xsd cannot hold exactly.
[[nodiscard]] Literal literal_of(const Value& v);
// The value of a literal (the reverse of literal_of; any other datatype or a language-tagged
// literal is a string). Throws Error{Type} for a lexical form its datatype does not allow.
[[nodiscard]] Value value_of(std::string_view lexical, std::string_view datatype);

}  // namespace caspian::detail::rdf
