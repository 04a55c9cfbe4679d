// UnaryCursor: the base of the operators that read one input (children[0]). It opens that
// input's cursor and keeps the plan node and the context, which every such operator reads.
#pragma once

#include "query/exec/cursor.hpp"

namespace caspian::query::exec {

class UnaryCursor : public Cursor {
public:
    // Passes the seed down; an operator with state to reset overrides this and opens
    // child_ itself first.
    void open(const Row& seed) override { child_->open(seed); }

protected:
    UnaryCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), child_(make_cursor(*node.children[0], ctx)) {}

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr child_;
};

}  // namespace caspian::query::exec
