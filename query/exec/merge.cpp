// MERGE: for each input row, the rows of its pattern if it matches (then ON MATCH SET), else
// one row with the pattern created (then ON CREATE SET). Later rows see earlier creations.
#include "query/exec/cursor.hpp"
#include "query/exec/updates.hpp"

namespace caspian::query::exec {

namespace {
class MergeCursor : public Cursor {
public:
    MergeCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node),
          ctx_(ctx),
          input_(make_cursor(*node.children[0], ctx)),
          match_(make_cursor(*node.children[1], ctx)) {}

    void open(const Row& seed) override {
        input_->open(seed);
        pending_.clear();
        pos_ = 0;
    }

    bool next(Row& row) override {
        while (pos_ == pending_.size()) {
            if (!input_->next(in_)) return false;
            pending_.clear();
            pos_ = 0;
            // Match fully before writing: ON MATCH SET must not change what matches.
            match_->open(in_);
            Row m;
            while (match_->next(m))
                pending_.push_back(m);
            if (pending_.empty()) {
                Row created = in_;
                create_items(args().creates, created, ctx_, CreateMode::Merge);
                apply_sets(args().on_create, created, ctx_);
                pending_.push_back(std::move(created));
            } else {
                for (Row& r : pending_)
                    apply_sets(args().on_match, r, ctx_);
            }
        }
        row = std::move(pending_[pos_++]);
        return true;
    }

private:
    const plan::MergeArgs& args() const { return std::get<plan::MergeArgs>(node_.args); }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr input_;
    CursorPtr match_;
    Row in_;
    std::vector<Row> pending_;
    std::size_t pos_ = 0;
};
}  // namespace

CursorPtr make_merge(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<MergeCursor>(node, ctx);
}

}  // namespace caspian::query::exec
