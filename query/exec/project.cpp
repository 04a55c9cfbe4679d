// Project: computes expressions into slots (RETURN and WITH items). Unwind: one row per
// element of a list (a null or empty list yields no row; a non-list yields itself once).
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"

namespace caspian::query::exec {

namespace {
class ProjectCursor : public UnaryCursor {
public:
    ProjectCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), project_(node.as<plan::ProjectArgs>()) {}
    bool next(Row& row) override {
        if (!child_->next(row)) return false;
        // All expressions see the input row: `WITH a AS b, b AS a` swaps.
        values_.clear();
        for (const plan::Expr& e : project_.exprs)
            values_.push_back(eval(e, row, ctx_));
        for (std::size_t i = 0; i < values_.size(); ++i) {
            row[project_.slots[i]] = std::move(values_[i]);
        }
        return true;
    }

private:
    const plan::ProjectArgs& project_;
    std::vector<Value> values_;
};

class UnwindCursor : public UnaryCursor {
public:
    UnwindCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), unwind_(node.as<plan::UnwindArgs>()) {}
    void open(const Row& seed) override {
        child_->open(seed);
        items_ = Items{};
        pos_ = count_ = 0;
    }
    bool next(Row& row) override {
        while (pos_ == count_) {
            if (!child_->next(in_)) return false;
            // UNWIND range(1, 100000000) counts its items instead of building them (issue #15).
            items_ = eval_items(unwind_.list, in_, ctx_);
            pos_ = 0;
            count_ = items_.is_list() ? items_.size() : items_.is_null() ? 0 : 1;
        }
        ctx_.check_cancel();  // UNWIND of a long list is a leaf: no scan below checks for it
        row = in_;
        row[unwind_.slot] = items_.is_list() ? items_.take(pos_++) : std::move(items_.list);
        if (!items_.is_list()) ++pos_;
        return true;
    }

private:
    const plan::UnwindArgs& unwind_;
    Row in_;
    Items items_;
    std::uint64_t pos_ = 0, count_ = 0;
};
}  // namespace

CursorPtr make_project(const plan::PlanNode& node, ExecContext& ctx) {
    if (node.kind == plan::Kind::Unwind) return std::make_unique<UnwindCursor>(node, ctx);
    return std::make_unique<ProjectCursor>(node, ctx);
}

}  // namespace caspian::query::exec
