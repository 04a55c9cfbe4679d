// TopByCount (issue #20): the top-N Sort of `ORDER BY count DESC[, key] LIMIT k` over one group
// per node, reading the grouping key only for the nodes whose count can make the top k.
#pragma once

#include "query/exec/cursor.hpp"

#include <functional>
#include <string>

namespace caspian::query::exec {

// The cursor of a Sort node: TopByCount where its shape allows (a Sort with LIMIT whose first key
// is, DESC, count(*) or sum(degree) of an Aggregate with a row key over Degree over a node scan,
// with only slot-copying Projects between and only slots as later keys), otherwise make_plain().
// Not under PROFILE, which counts the plan's own operators.
CursorPtr make_top_by_count(const plan::PlanNode& sort, ExecContext& ctx,
                            const std::function<CursorPtr()>& make_plain);

// EXPLAIN's note on a Sort that runs as TopByCount on reader's data; empty otherwise.
[[nodiscard]] std::string top_by_count_note(const plan::PlanNode& sort,
                                            const graph::GraphReader& reader);

}  // namespace caspian::query::exec
