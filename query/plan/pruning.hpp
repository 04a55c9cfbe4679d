// The pruning var-length expand rewrite (issue #8): a plan pass over the planner's finished tree.
// Changes operators only where the rows it drops cannot change the statement's result.
#pragma once

#include "query/plan/plan.hpp"

namespace caspian::query::plan {

// Replaces a VarExpand by a PruningExpand (EXPLAIN: PruningVarExpand; each end node once,
// breadth first) where only the distinct end nodes matter: below a Distinct, or an Aggregate
// whose aggregates are all DISTINCT, with only Projects and Filters between them that do not
// read the relationship list; no `into`, min hops 0 or 1. Where the PruningExpand reads the one
// row of a KeyLookup, the Aggregate's DISTINCT aggregates of its end node run without a set
// (Aggregation::distinct_input). Returns root itself when nothing changes. Never throws.
PlanPtr prune_var_expands(const PlanPtr& root);

}  // namespace caspian::query::plan
