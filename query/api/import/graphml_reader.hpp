// Reads a GraphML file with expat (Debian's libexpat) into nodes and edges: caspian's own export
// and what networkx or igraph write. Knows GraphML; writes nothing.
#pragma once

#include "query/api/import/graph_rows.hpp"

#include <filesystem>

namespace caspian::detail {

// Properties are typed by their <key attr.type> (int, long, float, double, boolean, string;
// caspian.kind restores a temporal kind or a list); labels come from a node key named `labels`
// (":A:B"), an edge's type from a key named `type`, else `label`, else RELATED_TO. A node without a
// key property gets its GraphML id as key, unless the file declares a `labels` node key (caspian's
// export, whose ids n<ID> are not keys). Throws ImportError with line and column for malformed
// XML, an edge naming an undeclared node or a value its key's type does not allow;
// Error{Usage} for a file that cannot be read.
GraphRows read_graphml(const std::filesystem::path& file);

}  // namespace caspian::detail
