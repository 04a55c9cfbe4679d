// TransactionApply: CALL { } IN TRANSACTIONS [OF n ROWS] (issue #16). Reads its input whole,
// then runs the body for n input rows at a time and commits each batch before the next begins,
// keeping the writer lock. It never commits outside a statement's own transaction.
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

#include "storage/env.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace caspian::query::exec {

namespace {

// "batch 3 (rows 201–300) failed: <what>": the input rows [first, last), counted from 1.
Error batch_error(const Error& e, std::uint64_t batch, std::size_t first, std::size_t last) {
    const std::string rows =
        last - first == 1 ? "row " + std::to_string(last)
                          : "rows " + std::to_string(first + 1) + "\u2013" + std::to_string(last);
    const std::string message =
        "batch " + std::to_string(batch) + " (" + rows + ") failed: " + e.what();
    return Error(e.kind(), e.error_class(), e.detail(), message, e.where());
}

class TransactionApplyCursor : public Cursor {
public:
    TransactionApplyCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node),
          ctx_(ctx),
          left_(make_cursor(*node.children[0], ctx)),
          right_(make_cursor(*node.children[1], ctx)),
          input_hold_(ctx),
          output_hold_(ctx) {}

    // Runs every batch here, before the first row leaves: the clauses after the CALL then run
    // (and write) in the statement's last transaction, as Neo4j's outer transaction does.
    void open(const Row& seed) override {
        // Committing inside a caller's transaction would break its atomicity (query/api
        // refuses the statement before it runs; this guards other callers).
        if (ctx_.can_write() && ctx_.batches == nullptr) throw in_transactions_refused(node_.span);
        const std::int64_t size =
            eval_count(node_.as<plan::TransactionApplyArgs>().batch_rows, ctx_, "OF ... ROWS");
        if (size == 0) {
            throw Error(ErrorKind::Semantic, ErrorClass::ArgumentError, "NumberOutOfRange",
                        "OF ... ROWS needs a positive integer, not 0",
                        node_.as<plan::TransactionApplyArgs>().batch_rows.span);
        }
        read_input(seed);
        output_.clear();
        output_hold_.reset();
        pos_ = 0;
        const auto batch_size = static_cast<std::size_t>(size);
        std::uint64_t batch = 0;
        for (std::size_t first = 0; first < input_.size(); first += batch_size) {
            run_batch(++batch, first, std::min(input_.size(), first + batch_size));
        }
        input_.clear();
        input_hold_.reset();
    }

    bool next(Row& row) override {
        if (pos_ == output_.size()) return false;
        row = std::move(output_[pos_++]);
        return true;
    }

private:
    // Every input row before the first commit: LMDB frees a write transaction's cursors and the
    // bytes they point at when it commits.
    void read_input(const Row& seed) {
        left_->open(seed);
        input_.clear();
        input_hold_.reset();
        Row r;
        while (left_->next(r)) {
            input_hold_.add(r);
            input_.push_back(r);
        }
    }

    // Rows [first, last) of the input. A batch that does not fit in the map runs again alone
    // on a grown map; any other failure rolls it back (the statement's transaction ends) and
    // names it, the batches before it staying committed.
    void run_batch(std::uint64_t batch, std::size_t first, std::size_t last) {
        const UpdateCounts before = ctx_.counts();
        for (;;) {
            std::vector<Row> rows;
            RowHold hold(ctx_);
            std::uint64_t bytes = 0;
            try {
                for (std::size_t i = first; i < last; ++i) {
                    right_->open(input_[i]);
                    Row r;
                    while (right_->next(r)) {
                        hold.add(r);
                        bytes += row_bytes(r);
                        rows.push_back(std::move(r));
                    }
                }
                if (ctx_.batches != nullptr) {
                    ctx_.batches->txn->commit_and_continue();
                    ++ctx_.batches->committed;
                }
            } catch (const storage::MapFull& e) {
                if (ctx_.batches == nullptr || !ctx_.batches->txn->is_open()) {
                    throw batch_error(e, batch, first, last);
                }
                ctx_.counts() = before;
                ctx_.forget_names();
                retry(batch, first, last);
                continue;
            } catch (const Error& e) {
                throw batch_error(e, batch, first, last);
            }
            hold.reset();
            output_hold_.add(rows.size(), bytes);
            std::move(rows.begin(), rows.end(), std::back_inserter(output_));
            return;
        }
    }

    void retry(std::uint64_t batch, std::size_t first, std::size_t last) {
        try {
            ctx_.batches->txn->rollback_and_continue();
        } catch (const Error& e) {
            throw batch_error(e, batch, first, last);
        }
    }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr left_;
    CursorPtr right_;
    std::vector<Row> input_;
    std::vector<Row> output_;
    std::size_t pos_ = 0;
    RowHold input_hold_;
    RowHold output_hold_;
};

}  // namespace

Error in_transactions_refused(SourceSpan where) {
    return Error(ErrorKind::Semantic, ErrorClass::SemanticError, "ImplicitTransactionRequired",
                 "CALL { ... } IN TRANSACTIONS commits on its own, so it runs only in a "
                 "statement's own (implicit) transaction, not inside an explicit one",
                 where);
}

CursorPtr make_transaction_apply(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<TransactionApplyCursor>(node, ctx);
}

}  // namespace caspian::query::exec
