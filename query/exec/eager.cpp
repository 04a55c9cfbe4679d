// Eager: reads its whole input before yielding, so that an update never feeds the scan that
// drives it (MATCH (n) CREATE () would otherwise see its own nodes).
#include "query/exec/unary_cursor.hpp"

namespace caspian::query::exec {

namespace {
class EagerCursor : public UnaryCursor {
public:
    EagerCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), hold_(ctx) {}
    // Reads everything at open, so even a LIMIT 0 above lets the updates below complete.
    void open(const Row& seed) override {
        child_->open(seed);
        rows_.clear();
        hold_.reset();
        pos_ = 0;
        Row r;
        while (child_->next(r)) {
            hold_.add(r);
            rows_.push_back(r);
        }
    }
    bool next(Row& row) override {
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++]);
        return true;
    }

private:
    std::vector<Row> rows_;
    std::size_t pos_ = 0;
    RowHold hold_;
};
}  // namespace

CursorPtr make_eager(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<EagerCursor>(node, ctx);
}

}  // namespace caspian::query::exec
