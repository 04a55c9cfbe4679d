// Apply: runs its right side once per row of its left side, seeded with that row (how MATCH
// continues from earlier clauses). OptionalApply yields a left row with nulls in the right
// side's new slots when the right side finds nothing (OPTIONAL MATCH).
#include "query/exec/cursor.hpp"

namespace caspian::query::exec {

namespace {
class ApplyCursor : public Cursor {
public:
    ApplyCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node),
          left_(make_cursor(*node.children[0], ctx)),
          right_(make_cursor(*node.children[1], ctx)) {}

    void open(const Row& seed) override {
        left_->open(seed);
        right_open_ = false;
    }

    bool next(Row& row) override {
        for (;;) {
            if (right_open_) {
                if (right_->next(row)) {
                    matched_ = true;
                    return true;
                }
                right_open_ = false;
                if (node_.kind == plan::Kind::OptionalApply && !matched_) {
                    row = left_row_;
                    for (int slot : node_.as<plan::OptionalApplyArgs>().slots)
                        row[slot] = Value();
                    return true;
                }
            }
            if (!left_->next(left_row_)) return false;
            right_->open(left_row_);
            right_open_ = true;
            matched_ = false;
        }
    }

private:
    const plan::PlanNode& node_;
    CursorPtr left_;
    CursorPtr right_;
    Row left_row_;
    bool right_open_ = false;
    bool matched_ = false;
};
}  // namespace

CursorPtr make_apply(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<ApplyCursor>(node, ctx);
}

}  // namespace caspian::query::exec
