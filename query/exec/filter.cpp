// Filter: passes the rows for which the predicate is true (null and false drop the row).
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

namespace caspian::query::exec {

namespace {
class FilterCursor : public Cursor {
public:
    FilterCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), input_(make_cursor(*node.children[0], ctx)) {}
    void open(const Row& seed) override { input_->open(seed); }
    bool next(Row& row) override {
        while (input_->next(row)) {
            if (eval_predicate(node_.expr, row, ctx_)) return true;
        }
        return false;
    }

private:
    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr input_;
};
}  // namespace

CursorPtr make_filter(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<FilterCursor>(node, ctx);
}

}  // namespace caspian::query::exec
