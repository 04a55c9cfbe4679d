// The executor's operators: each plan node opens as a Cursor that streams rows. A parent
// seeds its child with open(seed) (the rows of an Apply's left side reach the right side's
// Argument leaf this way) and pulls rows with next().
#pragma once

#include "query/exec/context.hpp"
#include "query/exec/record_filter.hpp"
#include "query/functions/id_set.hpp"
#include "query/plan/plan.hpp"

#include <memory>

namespace caspian::query::exec {

class Cursor {
public:
    virtual ~Cursor() = default;
    // Starts (again) from seed: the row that Argument leaves below yield.
    virtual void open(const Row& seed) = 0;
    // Fills row with the next row (every slot of the plan); false at the end.
    virtual bool next(Row& row) = 0;
    // A Filter above offers the conditions on slot's node that can be tested on its stored
    // record; a whole-node scan binding slot takes them and skips the records that fail
    // (issue #20). Called after open; false: not taken, nothing changes.
    virtual bool take_record_filter(int /*slot*/, RecordFilter /*filter*/) { return false; }
    // A Filter or semi-join that drops the rows whose node in slot already passed (its
    // distinct_slot) offers that set, which outlives this cursor and grows as rows pass; an
    // Expand from or to slot skips the edges of those nodes before building rows. Called after
    // open; false: not taken.
    virtual bool take_skipped_nodes(int /*slot*/, const IdSet& /*nodes*/) { return false; }
};

using CursorPtr = std::unique_ptr<Cursor>;

// Opens the cursor tree of a plan (the executor's one entry point).
CursorPtr make_cursor(const plan::PlanNode& node, ExecContext& ctx);

// Per-operator factories (one file each under exec/).
CursorPtr make_leaf(const plan::PlanNode& node, ExecContext& ctx);    // Argument, EmptyRow
CursorPtr make_scan(const plan::PlanNode& node, ExecContext& ctx);    // node scans, seeks
CursorPtr make_expand(const plan::PlanNode& node, ExecContext& ctx);  // Expand
CursorPtr make_var_expand(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_pruning_var_expand(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_end_count(const plan::PlanNode& node, ExecContext& ctx);  // exec/end_count.cpp
CursorPtr make_filter(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_apply(const plan::PlanNode& node, ExecContext& ctx);  // Apply, OptionalApply
CursorPtr make_transaction_apply(const plan::PlanNode& node, ExecContext& ctx);
// The error of a CALL { } IN TRANSACTIONS at where inside a caller's transaction (issue #16).
Error in_transactions_refused(SourceSpan where);
CursorPtr make_project(const plan::PlanNode& node, ExecContext& ctx);  // Project, Unwind
CursorPtr make_aggregate(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_distinct(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_sort(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_limit(const plan::PlanNode& node, ExecContext& ctx);  // Skip, Limit
CursorPtr make_create(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_set(const plan::PlanNode& node, ExecContext& ctx);  // SET, REMOVE
CursorPtr make_delete(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_merge(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_call(const plan::PlanNode& node, ExecContext& ctx);  // exec/call.cpp
CursorPtr make_shortest_path(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_hash_join(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_eager(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_union(const plan::PlanNode& node, ExecContext& ctx);
CursorPtr make_degree(const plan::PlanNode& node, ExecContext& ctx);       // exec/degree.cpp
CursorPtr make_count_store(const plan::PlanNode& node, ExecContext& ctx);  // exec/degree.cpp

}  // namespace caspian::query::exec
