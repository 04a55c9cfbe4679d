// The integrity check behind `caspian check`: walks every table of one read transaction and
// reports each disagreement between records, adjacency, indexes, dictionary and counts. Reads
// only; corrupt records become problems, never exceptions.
#pragma once

#include "graph/graph_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace caspian::graph {

struct IntegrityReport {
    std::uint64_t nodes = 0;  // records examined
    std::uint64_t edges = 0;
    std::vector<std::string> problems;  // one line each (at most 1000, then a count of the rest)
};

// First walks every page of the snapshot (storage/page_check.hpp) and, when one is damaged,
// reports only the pages: reading records through LMDB would trust them. Then verifies, as of
// reader's transaction: every edge's endpoints exist and both adjacency entries
// (out at the source, in at the target) exist; every adjacency entry names an existing edge
// that matches it; dictionary ids resolve; every label is in the label index and every index
// entry names a node with that label; every node's key is in the key index and every key index
// entry names a node with that key; every property index holds exactly the indexed values of
// its label's nodes (durations from format version 2 on); every full-text index holds exactly
// the entries its nodes' or relationships' text gives (rebuilt in memory); the stored counts
// match.
// Throws Error{Storage} only when LMDB itself fails or the file cannot be read.
[[nodiscard]] IntegrityReport check_integrity(const GraphReader& reader);

}  // namespace caspian::graph
