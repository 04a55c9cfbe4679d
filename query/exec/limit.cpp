// Skip and Limit. Limit stops pulling from its input once it has enough rows, so the work
// below it stops early too.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"

namespace caspian::query::exec {

namespace {
class LimitCursor : public UnaryCursor {
public:
    LimitCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}
    void open(const Row& seed) override {
        child_->open(seed);
        const bool skip = node_.kind == plan::Kind::Skip;
        count_ =
            eval_count(std::get<plan::CountArgs>(node_.args).count, ctx_, skip ? "SKIP" : "LIMIT");
        seen_ = 0;
    }
    bool next(Row& row) override {
        if (node_.kind == plan::Kind::Skip) {
            while (seen_ < count_) {
                if (!child_->next(row)) return false;
                ++seen_;
            }
            return child_->next(row);
        }
        if (seen_ >= count_) return false;
        ++seen_;
        return child_->next(row);
    }

private:
    std::int64_t count_ = 0;
    std::int64_t seen_ = 0;
};
}  // namespace

CursorPtr make_limit(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<LimitCursor>(node, ctx);
}

}  // namespace caspian::query::exec
