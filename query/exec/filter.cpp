// Filter: passes the rows for which the predicate is true (null and false drop the row).
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

namespace caspian::query::exec {

namespace {
class FilterCursor : public Cursor {
public:
    FilterCursor(const plan::PlanNode& node, ExecContext& ctx)
        : ctx_(ctx), input_(make_cursor(*node.children[0], ctx)) {
        split(node.expr);
    }
    void open(const Row& seed) override { input_->open(seed); }
    bool next(Row& row) override {
        while (input_->next(row)) {
            if (passes(row)) return true;
        }
        return false;
    }

private:
    // The planner joins the WHERE conditions it places here with an AND of its own (no source
    // span). Testing them one by one keeps a type error at the condition the user wrote
    // ("a predicate must be a boolean" under `c.name`) instead of at an AND nobody typed.
    void split(const plan::Expr& e) {
        if (e.op == plan::Op::And && e.span.length == 0 && e.args.size() == 2) {
            split(e.args[0]);
            split(e.args[1]);
        } else {
            conditions_.push_back(&e);
        }
    }
    bool passes(Row& row) {
        for (const plan::Expr* c : conditions_) {
            if (!eval_predicate(*c, row, ctx_)) return false;
        }
        return true;
    }

    ExecContext& ctx_;
    CursorPtr input_;
    std::vector<const plan::Expr*> conditions_;
};
}  // namespace

CursorPtr make_filter(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<FilterCursor>(node, ctx);
}

}  // namespace caspian::query::exec
