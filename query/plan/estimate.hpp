// Estimated rows per plan operator (issue #20): one pass over the finished plan tree, after the
// optimizer, from the statistics of the database (label counts, per-type fan-outs and the
// per-property statistics of ANALYZE). EXPLAIN prints them, PROFILE beside the actual rows.
#pragma once

#include "graph/graph_store.hpp"
#include "query/plan/plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace caspian::query::plan {

// cardinality.cpp: the planner's model, shared with the estimates.
// Average number of edges of types (empty: any type) at a node on the side a step in direction
// leaves from: edges / nodes with such an edge, summed over the types (both sides for Both).
double step_fan_out(const graph::GraphReader& stats, const std::vector<std::string>& types,
                    Direction direction);
// The fraction of label's nodes with `n.property = v` for one v (values spread evenly over the
// distinct ones, among the nodes holding the property); nullopt without statistics.
std::optional<double> equality_fraction(const graph::GraphReader& stats, const std::string& label,
                                        const std::string& property);

// A copy of the tree under root whose nodes carry estimated_rows (the subplans inside
// expressions are shared, unestimated). Operators of a kind the pass does not know keep their
// first input's rows (a leaf: one row per seed).
PlanPtr with_estimates(const PlanNode& root, const graph::GraphReader& stats);

}  // namespace caspian::query::plan
