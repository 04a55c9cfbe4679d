// The binder and planner: resolves the AST's variables to row slots, checks what can be known
// before running (unknown variables, misplaced aggregates, bad SKIP/LIMIT), and builds the
// plan tree. Reads the stored statistics to choose where each pattern starts.
#pragma once

#include "graph/graph_store.hpp"
#include "query/ast.hpp"
#include "query/plan/plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace caspian::query::plan {

struct PlannedQuery {
    PlanPtr root;
    std::vector<std::string> columns;
    std::vector<int> column_slots;
    int slot_count = 0;
    bool writes = false;
    std::vector<std::string> slot_names;  // for EXPLAIN
    // Where a CALL { } IN TRANSACTIONS is: it commits on its own, so the statement must run in
    // a transaction of its own (issue #16).
    std::optional<SourceSpan> in_transactions;
};

// How MATCH patterns are planned. Costed (the default) orders the joins of a pattern by their
// estimated rows (join_order.cpp) and joins disconnected parts by hash; Plain walks each pattern
// part from its cheapest start, row by row: the reference the differential tests compare with.
enum class PatternPlans { Costed, Plain };
// For the plans made from now on, process-wide (tests only).
void set_pattern_plans(PatternPlans mode);
PatternPlans pattern_plans();

// Throws Error{Semantic} (or Error{Type}) with the span of the offending AST node. The plan is
// the plain one: query/optimizer/optimizer.hpp's optimize() rewrites it.
PlannedQuery plan_query(const Query& query, const graph::GraphReader& stats);

}  // namespace caspian::query::plan
