// Sort: reads its whole input, then yields it ordered by the sort keys (openCypher's total
// order across kinds, null last ascending); stable, so ties keep their input order.
// Under LIMIT (top-N) it keeps only the first SKIP + LIMIT rows in a bounded max-heap, ordered
// by the keys and then the input sequence, so it yields exactly what sort-then-limit would.
#include "query/exec/eval.hpp"
#include "query/exec/top_by_count.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/functions/value_ops.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace caspian::query::exec {

namespace {
struct SortedRow {
    List keys;
    std::uint64_t seq = 0;  // input order: breaks ties as the stable sort would
    Row row;
};

class SortCursor : public UnaryCursor {
public:
    SortCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), sort_(node.as<plan::SortArgs>()), hold_(ctx) {}
    void open(const Row& seed) override {
        child_->open(seed);
        rows_.clear();
        hold_.reset();
        pos_ = 0;
        loaded_ = false;
        keep_.reset();
        if (sort_.limit) {
            // Same evaluation (and errors) as the Skip and Limit above; SKIP first, as they do.
            const std::int64_t skip = sort_.skip ? eval_count(*sort_.skip, ctx_, "SKIP") : 0;
            const std::int64_t limit = eval_count(*sort_.limit, ctx_, "LIMIT");
            // A sum past int64 bounds nothing: sort every row.
            if (limit <= std::numeric_limits<std::int64_t>::max() - skip)
                keep_ = std::uint64_t(skip + limit);
        }
    }
    bool next(Row& row) override {
        if (!loaded_) load();
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++].row);
        return true;
    }

private:
    bool less(const SortedRow& a, const SortedRow& b) const {
        for (std::size_t i = 0; i < sort_.keys.size(); ++i) {
            int c = order_compare(a.keys[i], b.keys[i]);
            if (sort_.keys[i].descending) c = -c;
            if (c != 0) return c < 0;
        }
        return a.seq < b.seq;
    }

    void load() {
        loaded_ = true;
        // The sort itself takes O(n log n) comparisons and yields no row: poll the timeout.
        graph::InterruptPoll poll(ctx_.interrupt());
        const auto cmp = [this, &poll](const SortedRow& a, const SortedRow& b) {
            poll.tick();
            return less(a, b);
        };
        if (keep_ && *keep_ == 0) return;  // Limit asks for no row
        Row row;
        SortedRow next;
        std::uint64_t seq = 0;
        while (child_->next(row)) {
            next.keys.clear();
            for (const plan::SortKey& k : sort_.keys)
                next.keys.push_back(eval(k.expr, row, ctx_));
            next.seq = seq++;
            if (keep_ && rows_.size() == *keep_) {
                // Full: the new row replaces the heap's greatest only when it sorts before it.
                if (!less(next, rows_.front())) continue;
                std::pop_heap(rows_.begin(), rows_.end(), cmp);
                rows_.back().keys = std::move(next.keys);
                rows_.back().seq = next.seq;
                rows_.back().row = row;
                std::push_heap(rows_.begin(), rows_.end(), cmp);
                continue;
            }
            hold_.add(row);
            next.row = row;
            rows_.push_back(std::move(next));
            next = SortedRow{};
            if (keep_) std::push_heap(rows_.begin(), rows_.end(), cmp);
        }
        if (keep_) {
            std::sort_heap(rows_.begin(), rows_.end(), cmp);
        } else {
            // Sequence numbers are unique, so an unstable sort gives the stable order.
            std::sort(rows_.begin(), rows_.end(), cmp);
        }
    }

    const plan::SortArgs& sort_;
    std::vector<SortedRow> rows_;
    std::size_t pos_ = 0;
    bool loaded_ = false;
    std::optional<std::uint64_t> keep_;  // top-N: the most rows Skip and Limit will take
    RowHold hold_;
};
}  // namespace

CursorPtr make_sort(const plan::PlanNode& node, ExecContext& ctx) {
    return make_top_by_count(node, ctx, [&] { return std::make_unique<SortCursor>(node, ctx); });
}

}  // namespace caspian::query::exec
