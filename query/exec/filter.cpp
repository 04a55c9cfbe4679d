// Filter: passes the rows for which the predicate is true (null and false drop the row).
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/functions/value_ops.hpp"

#include <caspian/error.hpp>

namespace caspian::query::exec {

namespace {

// `n.key <op> expr` on a node: the property read by dictionary id straight from the record the
// scan handed over, and a constant operand compared in place (issue #8). Optimisation only:
// anything else, and any error, goes through eval, which gives the same result.
struct PropertyComparison {
    const plan::Expr* condition = nullptr;
    int slot = -1;
    std::optional<graph::PropertyId> property;  // resolved at open; nullopt: never stored
    CompareOp op = CompareOp::Eq;
};

bool is_property_comparison(const plan::Expr& e) {
    return plan::binary_compare_op(e) && e.args.size() == 2 && e.args[0].op == plan::Op::Property &&
           e.args[0].args.size() == 1 && e.args[0].args[0].op == plan::Op::Slot;
}

Value compare(CompareOp op, const Value& a, const Value& b) {
    switch (op) {
        case CompareOp::Eq:
            return equals(a, b);
        case CompareOp::Ne:
            return not_equals(a, b);
        case CompareOp::Lt:
            return less_than(a, b);
        case CompareOp::Le:
            return less_equal(a, b);
        case CompareOp::Gt:
            return greater_than(a, b);
        case CompareOp::Ge:
            return greater_equal(a, b);
    }
    return Value();
}

class FilterCursor : public UnaryCursor {
public:
    FilterCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {
        split_conditions(node.as<plan::FilterArgs>().predicate, conditions_);
    }
    void open(const Row& seed) override {
        child_->open(seed);
        // Only in a read-only statement: no write can intern a name after this.
        fast_.clear();
        if (!ctx_.keeps_records()) return;
        for (const plan::Expr* c : conditions_) {
            if (!is_property_comparison(*c)) continue;
            const plan::Expr& property = c->args[0];
            fast_.push_back(
                {c, plan::slot_of(property.args[0]),
                 ctx_.find<graph::NameKind::Property>(property.as<plan::PropertyExpr>().key),
                 *plan::binary_compare_op(*c)});
        }
    }
    bool next(Row& row) override {
        while (child_->next(row)) {
            if (passes(row)) return true;
        }
        return false;
    }

private:
    bool passes(Row& row) {
        std::size_t f = 0;
        for (const plan::Expr* c : conditions_) {
            if (f < fast_.size() && fast_[f].condition == c) {
                if (!passes_fast(fast_[f++], row)) return false;
            } else if (!eval_predicate(*c, row, ctx_)) {
                return false;
            }
        }
        return true;
    }
    bool passes_fast(const PropertyComparison& p, Row& row) {
        const Value& subject = row[std::size_t(p.slot)];
        if (subject.kind() != ValueKind::Node) return eval_predicate(*p.condition, row, ctx_);
        try {
            const Value left =
                p.property ? ctx_.node_property(subject.as_node().id, *p.property) : Value();
            const plan::Expr& rhs = p.condition->args[1];
            const Value r = rhs.op == plan::Op::Constant
                                ? compare(p.op, left, rhs.as<plan::ConstantExpr>().value)
                                : compare(p.op, left, eval(rhs, row, ctx_));
            return r.kind() == ValueKind::Bool && r.as_bool();
        } catch (const Error&) {
            return eval_predicate(*p.condition, row, ctx_);  // the error as eval reports it
        }
    }

    std::vector<const plan::Expr*> conditions_;
    std::vector<PropertyComparison> fast_;  // in conditions_' order
};
}  // namespace

CursorPtr make_filter(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<FilterCursor>(node, ctx);
}

}  // namespace caspian::query::exec
