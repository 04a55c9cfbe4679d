// GraphRows: the nodes and edges a whole-file reader (RDF, GraphML) hands to the Importer, which
// writes them like the rows of the CSV and JSON Lines files.
#pragma once

#include <caspian/value.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace caspian::detail {

using NamedValues = std::vector<std::pair<std::string, Value>>;

// Nodes in the order the file first names them; id is their import id (an IRI, a GraphML id).
struct GraphRows {
    struct NodeRow {
        std::string id;
        std::vector<std::string> labels;
        NamedValues properties;
        std::size_t line = 0;  // where the file defines it; 0 when unknown
    };
    struct EdgeRow {
        std::size_t src = 0, dst = 0;  // indexes into nodes
        std::string type;
        NamedValues properties;
        std::size_t line = 0;
    };
    std::vector<NodeRow> nodes;
    std::vector<EdgeRow> edges;
    std::vector<std::string> warnings;
};

}  // namespace caspian::detail
