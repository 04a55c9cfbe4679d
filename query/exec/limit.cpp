// Skip and Limit. Limit stops pulling from its input once it has enough rows, so the work
// below it stops early too.
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

namespace caspian::query::exec {

namespace {
class LimitCursor : public Cursor {
public:
    LimitCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), input_(make_cursor(*node.children[0], ctx)) {}
    void open(const Row& seed) override {
        input_->open(seed);
        const bool skip = node_.kind == plan::Kind::Skip;
        count_ = eval_count(node_.expr, ctx_, skip ? "SKIP" : "LIMIT");
        seen_ = 0;
    }
    bool next(Row& row) override {
        if (node_.kind == plan::Kind::Skip) {
            while (seen_ < count_) {
                if (!input_->next(row)) return false;
                ++seen_;
            }
            return input_->next(row);
        }
        if (seen_ >= count_) return false;
        ++seen_;
        return input_->next(row);
    }

private:
    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr input_;
    std::int64_t count_ = 0;
    std::int64_t seen_ = 0;
};
}  // namespace

CursorPtr make_limit(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<LimitCursor>(node, ctx);
}

}  // namespace caspian::query::exec
