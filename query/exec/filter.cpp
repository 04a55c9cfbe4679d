// Filter: passes the rows for which the predicate is true (null and false drop the row). With a
// distinct slot, a row whose value there is equivalent to one that passed is dropped before it
// is tested, so each value passes once.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/functions/id_set.hpp"
#include "query/functions/value_ops.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <unordered_set>

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

class FilterCursor : public UnaryCursor {
public:
    FilterCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), distinct_slot_(node.as<plan::FilterArgs>().distinct_slot) {
        split_conditions(node.as<plan::FilterArgs>().predicate, conditions_);
    }
    void open(const Row& seed) override {
        child_->open(seed);
        passed_.clear();
        passed_values_.clear();
        // The Expand binding the slot skips those nodes before it builds their rows.
        if (distinct_slot_ >= 0) child_->take_skipped_nodes(distinct_slot_, passed_);
        // Only in a read-only statement: no write can intern a name after this.
        fast_.clear();
        if (!ctx_.keeps_records()) return;
        for (const plan::Expr* c : conditions_) {
            const int slot = plan::compared_property_slot(*c);
            if (slot < 0) continue;
            const plan::Expr& property = c->args[0];
            fast_.push_back(
                {c, slot,
                 ctx_.find<graph::NameKind::Property>(property.as<plan::PropertyExpr>().key),
                 *plan::binary_compare_op(*c)});
        }
        offer_record_filter();
    }
    bool next(Row& row) override {
        while (child_->next(row)) {
            if (distinct_slot_ < 0) {
                if (passes(row)) return true;
                continue;
            }
            // Nodes by id in a flat set, other values by equivalence.
            const Value& v = row[std::size_t(distinct_slot_)];
            const bool node = v.kind() == ValueKind::Node;
            if (node ? passed_.contains(v.as_node().id.value) : passed_values_.contains(v)) {
                continue;
            }
            if (!passes(row)) continue;
            if (node) {
                passed_.insert(v.as_node().id.value);
            } else {
                passed_values_.insert(v);
            }
            return true;
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
                                ? compare_values(p.op, left, rhs.as<plan::ConstantExpr>().value)
                                : compare_values(p.op, left, eval(rhs, row, ctx_));
            return r.kind() == ValueKind::Bool && r.as_bool();
        } catch (const Error&) {
            return eval_predicate(*p.condition, row, ctx_);  // the error as eval reports it
        }
    }

    // The comparisons with a value fixed for the statement (plan::is_fixed_operand) go to the
    // operator below, one offer per slot they test: a whole-node scan takes its node's, an
    // Expand its edge's, and tests them on each record before it builds the row; passes()
    // still checks the rows it builds. An operand that fails (a missing parameter) stops all
    // offers: the rows must reach the Filter, which reports the error as the plain plan does.
    void offer_record_filter() {
        std::vector<std::pair<int, RecordFilter>> offers;
        for (const PropertyComparison& p : fast_) {
            if (!plan::is_fixed_operand(p.condition->args[1])) continue;
            auto operand = fixed_operand(p.condition->args[1]);
            if (!operand) return;
            auto it = std::find_if(offers.begin(), offers.end(),
                                   [&](const auto& o) { return o.first == p.slot; });
            if (it == offers.end()) it = offers.insert(offers.end(), {p.slot, RecordFilter()});
            it->second.add(p.property, p.op, std::move(*operand));
        }
        for (auto& [slot, filter] : offers)
            child_->take_record_filter(slot, std::move(filter));
    }
    // The value of a plan::is_fixed_operand expression; nullopt when it fails.
    std::optional<Value> fixed_operand(const plan::Expr& e) {
        if (e.op == plan::Op::Constant) return e.as<plan::ConstantExpr>().value;
        if (e.op == plan::Op::Parameter) {
            const Value* v = ctx_.param(e.as<plan::ParameterExpr>().name);
            if (v) return *v;
            return std::nullopt;
        }
        try {
            Row none;  // no slot is read: the arguments are constants
            return eval(e, none, ctx_);
        } catch (const Error&) {
            return std::nullopt;
        }
    }

    std::vector<const plan::Expr*> conditions_;
    std::vector<PropertyComparison> fast_;  // in conditions_' order
    const int distinct_slot_;
    IdSet passed_;  // the nodes in distinct_slot_ of the rows passed since open
    std::unordered_set<Value, ValueHash, ValueEquivalent> passed_values_;  // the other values
};
}  // namespace

CursorPtr make_filter(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<FilterCursor>(node, ctx);
}

}  // namespace caspian::query::exec
