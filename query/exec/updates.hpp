// The writes shared by CREATE, MERGE, SET and REMOVE.
#pragma once

#include "query/exec/context.hpp"
#include "query/plan/plan.hpp"

namespace caspian::query::exec {

// Merge: a null property value is an error (a pattern holding it never matches), not skipped.
enum class CreateMode { Create, Merge };

// Creates the items' nodes and relationships for one row and binds them in it.
void create_items(const std::vector<plan::CreateItem>& items, Row& row, ExecContext& ctx,
                  CreateMode mode = CreateMode::Create);
// Applies SET/REMOVE items for one row, in order (a null subject is skipped).
void apply_sets(const std::vector<plan::SetOp>& sets, Row& row, ExecContext& ctx);

}  // namespace caspian::query::exec
