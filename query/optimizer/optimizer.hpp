// The optimizer: rewrite passes over the planner's finished tree, one per file, run in the order
// listed here. Each is an optimisation only: a rewritten plan returns the rows of the plain one
// (row order, which openCypher leaves unspecified without ORDER BY, aside). Never throws.
#pragma once

#include "query/plan/planner.hpp"

namespace caspian::query::optimizer {

// Which passes run; all by default. Switching one off gives the plain plan it would rewrite
// (for tests comparing the two, and for finding a pass at fault).
struct Passes {
    bool count_rewrite = true;
    bool prune_var_expand = true;
    bool stream_groups = true;
    bool count_distinct_ends = true;
};

// count_rewrite.cpp (issue #8): an Aggregate of count(*) (or count of a variable bound in every
// input row) over an Expand to an end node and edge nothing else reads becomes a sum over a
// Degree; over a scan of all nodes (or one label) or of all edges (of some types, maybe grouped
// by type) it reads the stored statistics (CountStore). Returns root itself when nothing changes.
plan::PlanPtr rewrite_counts(const plan::PlanPtr& root);

// prune_var_expand.cpp (issue #8): replaces a VarExpand by a PruningExpand (EXPLAIN:
// PruningVarExpand; each end node once, breadth first) where only the distinct end nodes matter:
// below a Distinct, or an Aggregate whose aggregates are all DISTINCT, with only Projects and
// Filters between them that do not read the relationship list; no `into`, min hops 0 or 1.
// Where the PruningExpand reads the one row of a KeyLookup, the Aggregate's DISTINCT aggregates
// of its end node run without a set (Aggregation::distinct_input). Returns root itself when
// nothing changes.
plan::PlanPtr prune_var_expands(const plan::PlanPtr& root);

// stream_groups.cpp (issue #20): marks an Aggregate whose grouping keys include a node that its
// input yields once per row (a scan of all nodes or of a label, under Filters, Degrees and
// Projects that keep the node), or that node's `key`, so that it yields each row's group as the
// row comes (AggregateArgs::row_key; rows whose key is null still share a group). Returns root
// itself when nothing changes.
plan::PlanPtr stream_groups(const plan::PlanPtr& root);

// count_distinct_ends.cpp (issue #20): after prune_var_expands, an Aggregate without grouping
// keys whose aggregates are all count(DISTINCT end) needing no set (over a PruningExpand of a
// KeyLookup's row), under nothing or a Filter `end <> start` (or none at min 0 hops), becomes
// an EndCount (EXPLAIN: DistinctEndCount). Returns root itself when nothing changes.
plan::PlanPtr count_distinct_ends(const plan::PlanPtr& root);

// Runs the enabled passes in order over the planner's finished tree.
inline plan::PlannedQuery optimize(plan::PlannedQuery planned, const Passes& passes = {}) {
    if (passes.count_rewrite) planned.root = rewrite_counts(planned.root);
    if (passes.prune_var_expand) planned.root = prune_var_expands(planned.root);
    if (passes.stream_groups) planned.root = stream_groups(planned.root);
    if (passes.prune_var_expand && passes.count_distinct_ends) {
        planned.root = count_distinct_ends(planned.root);
    }
    return planned;
}

}  // namespace caspian::query::optimizer
