// RecordFilter: a Filter's property comparisons tested on stored node records (issue #20, W8).
#include "query/exec/record_filter.hpp"

#include "graph/graph_store.hpp"
#include "query/functions/value_ops.hpp"

#include <caspian/error.hpp>

namespace caspian::query::exec {

Value compare_values(CompareOp op, const Value& a, const Value& b) {
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

bool RecordFilter::may_pass(std::string_view record) const {
    for (const Test& t : tests_) {
        try {
            // Only the one property is decoded; a missing one is null, and null drops the row.
            const Value left = t.property ? graph::record_property(record, *t.property) : Value();
            const Value r = compare_values(t.op, left, t.operand);
            if (r.kind() != ValueKind::Bool || !r.as_bool()) return false;
        } catch (const Error&) {
            return true;  // the Filter reports it, as eval does
        }
    }
    return true;
}

}  // namespace caspian::query::exec
