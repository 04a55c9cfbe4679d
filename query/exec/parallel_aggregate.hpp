// Issue #20 ("both cores"): the parallel mode of an Aggregate over a whole-node or label scan.
// See parallel_aggregate.cpp for what it runs and how its answer equals the serial plan's.
#pragma once

#include "query/exec/cursor.hpp"

#include <string>

namespace caspian::query::exec {

// The worker threads the Aggregate `aggregate` would run on (1: serial, the plain operator):
// more than one only for plain count/sum/avg/min/max (or count(DISTINCT) of the scanned node)
// over Filters, Projects, Expands and hash joins' probe sides over a whole-node or label scan of
// at least min_nodes nodes, in a read transaction (reader not a GraphWriter).
[[nodiscard]] unsigned parallel_workers(const plan::PlanNode& aggregate,
                                        const graph::GraphReader& reader, unsigned threads,
                                        std::uint64_t min_nodes);

// EXPLAIN's note on an operator that runs in parallel ("  [parallel, 2 workers]"); empty else.
[[nodiscard]] std::string parallel_note(const plan::PlanNode& node,
                                        const graph::GraphReader& reader, unsigned threads,
                                        std::uint64_t min_nodes);

// The parallel operator when parallel_workers allows it under ctx; null otherwise.
CursorPtr make_parallel_aggregate(const plan::PlanNode& node, ExecContext& ctx);

// The plain (serial) Aggregate, which the parallel one also falls back on (exec/aggregate.cpp).
CursorPtr make_serial_aggregate(const plan::PlanNode& node, ExecContext& ctx);

}  // namespace caspian::query::exec
