// Sort: reads its whole input, then yields it ordered by the sort keys (openCypher's total
// order across kinds, null last ascending); stable, so ties keep their input order.
#include "query/eval/value_ops.hpp"
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

#include <algorithm>

namespace caspian::query::exec {

namespace {
class SortCursor : public Cursor {
public:
    SortCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), input_(make_cursor(*node.children[0], ctx)), hold_(ctx) {}
    void open(const Row& seed) override {
        input_->open(seed);
        rows_.clear();
        hold_.reset();
        pos_ = 0;
        loaded_ = false;
    }
    bool next(Row& row) override {
        if (!loaded_) load();
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++].second);
        return true;
    }

private:
    void load() {
        loaded_ = true;
        Row row;
        while (input_->next(row)) {
            List keys;
            for (const plan::SortKey& k : node_.sort_keys)
                keys.push_back(eval(k.expr, row, ctx_));
            hold_.add();
            rows_.emplace_back(std::move(keys), row);
        }
        std::stable_sort(rows_.begin(), rows_.end(), [this](const auto& a, const auto& b) {
            for (std::size_t i = 0; i < node_.sort_keys.size(); ++i) {
                int c = order_compare(a.first[i], b.first[i]);
                if (node_.sort_keys[i].descending) c = -c;
                if (c != 0) return c < 0;
            }
            return false;
        });
    }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr input_;
    std::vector<std::pair<List, Row>> rows_;
    std::size_t pos_ = 0;
    bool loaded_ = false;
    RowHold hold_;
};
}  // namespace

CursorPtr make_sort(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<SortCursor>(node, ctx);
}

}  // namespace caspian::query::exec
