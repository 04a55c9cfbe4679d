// Per (label, property) statistics for the planner (issue #20): how many nodes of a label hold
// the property and how many distinct values they hold, as of the last refresh. Stored in `stats`
// under kind 'v'; written only by replace_property_stats (CALL db.stats.refresh()).
#pragma once

#include "graph/graph_store.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace caspian::graph {

struct PropertyStats {
    std::uint64_t nodes = 0;     // nodes of the label holding the property
    std::uint64_t distinct = 0;  // distinct values among them (1 and 1.0 count once)
};

struct PropertyStatsEntry {
    LabelId label;
    PropertyId property;
    PropertyStats stats;
};

// The statistics of the last refresh; nullopt when it did not see the pair (or none ran).
// Throws Error{Corrupt} for a malformed entry.
[[nodiscard]] std::optional<PropertyStats> property_stats(const GraphReader& reader, LabelId label,
                                                          PropertyId property);

// Replaces every stored (label, property) statistic by entries, in the writer's transaction.
void replace_property_stats(GraphWriter& writer, const std::vector<PropertyStatsEntry>& entries);

}  // namespace caspian::graph
