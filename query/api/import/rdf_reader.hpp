// Reads an N-Triples or Turtle file with serd (Debian's libserd) into nodes and edges through
// the reverse of query/api/rdf/rdf_terms.hpp's mapping. Knows RDF; writes nothing.
#pragma once

#include "query/api/import/graph_rows.hpp"

#include <filesystem>
#include <string_view>

namespace caspian::detail {

// The rows of an RDF file (graph_rows.hpp): nodes are IRIs (their import id); a node under the
// base's node/ gets its key from the IRI unless a key triple gives it, a node/id/ID one no key,
// a foreign IRI the IRI as key.
// Throws ImportError (kind Syntax, with serd's line and column) for a file serd rejects, and
// for a literal its datatype does not allow; Error{Usage} for a bad base or a file that cannot
// be opened. Files ending in .nt are read as N-Triples, others as Turtle.
GraphRows read_rdf(const std::filesystem::path& file, std::string_view base);

}  // namespace caspian::detail
