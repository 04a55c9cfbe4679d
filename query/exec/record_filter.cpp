// RecordFilter: a Filter's property comparisons tested on stored node records (issue #20, W8)
// and edge records (W5).
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

template <typename Decode>
bool RecordFilter::passes(std::string_view record, Decode&& property) const {
    for (const Test& t : tests_) {
        try {
            // Only the one property is decoded; a missing one is null, and null drops the row.
            const Value left = t.property ? property(record, *t.property) : Value();
            const Value r = compare_values(t.op, left, t.operand);
            if (r.kind() != ValueKind::Bool || !r.as_bool()) return false;
        } catch (const Error&) {
            return true;  // the Filter reports it, as eval does
        }
    }
    return true;
}

bool RecordFilter::may_pass(std::string_view node_record) const {
    return passes(node_record, graph::record_property);
}

bool RecordFilter::edge_may_pass(std::string_view edge_record) const {
    return passes(edge_record, graph::edge_record_property);
}

}  // namespace caspian::query::exec
