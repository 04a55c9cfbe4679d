// Project: computes expressions into slots (RETURN and WITH items). Unwind: one row per
// element of a list (a null or empty list yields no row; a non-list yields itself once).
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"

namespace caspian::query::exec {

namespace {
class ProjectCursor : public UnaryCursor {
public:
    ProjectCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}
    bool next(Row& row) override {
        if (!child_->next(row)) return false;
        // All expressions see the input row: `WITH a AS b, b AS a` swaps.
        values_.clear();
        for (const plan::Expr& e : node_.exprs)
            values_.push_back(eval(e, row, ctx_));
        for (std::size_t i = 0; i < values_.size(); ++i) {
            row[node_.slots[i]] = std::move(values_[i]);
        }
        return true;
    }

private:
    std::vector<Value> values_;
};

class UnwindCursor : public UnaryCursor {
public:
    UnwindCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}
    void open(const Row& seed) override {
        child_->open(seed);
        items_.clear();
        pos_ = 0;
    }
    bool next(Row& row) override {
        while (pos_ == items_.size()) {
            if (!child_->next(in_)) return false;
            items_.clear();
            pos_ = 0;
            Value list = eval(node_.expr, in_, ctx_);
            if (list.kind() == ValueKind::List) {
                items_ = std::get<List>(std::move(list.data));
            } else if (!list.is_null()) {
                items_.push_back(std::move(list));
            }
        }
        ctx_.check_cancel();  // UNWIND of a long list is a leaf: no scan below checks for it
        row = in_;
        row[node_.slot] = std::move(items_[pos_++]);
        return true;
    }

private:
    Row in_;
    List items_;
    std::size_t pos_ = 0;
};
}  // namespace

CursorPtr make_project(const plan::PlanNode& node, ExecContext& ctx) {
    if (node.kind == plan::Kind::Unwind) return std::make_unique<UnwindCursor>(node, ctx);
    return std::make_unique<ProjectCursor>(node, ctx);
}

}  // namespace caspian::query::exec
