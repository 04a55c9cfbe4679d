// Issue #20 (W8): the conjunctive `n.p <op> value` conditions of a Filter over a whole-node
// scan, tested on each stored record before the scan builds a row, so the 90% of nodes a
// selective filter drops cost no row copy. The Filter still checks the rows that pass.
#pragma once

#include "graph/ids.hpp"
#include "query/plan/expr.hpp"

#include <caspian/value.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace caspian::query::exec {

// openCypher's comparison of a and b: null when either is null or they do not compare.
Value compare_values(CompareOp op, const Value& a, const Value& b);

class RecordFilter {
public:
    // property: nullopt when the name was never stored (then every node's value is null).
    void add(std::optional<graph::PropertyId> property, CompareOp op, Value operand) {
        tests_.push_back({property, op, std::move(operand)});
    }
    bool empty() const noexcept { return tests_.empty(); }
    // False only when some condition is certainly not true on this record (false or null), so
    // the Filter would drop the row; true for anything it cannot decide (the Filter decides).
    bool may_pass(std::string_view record) const;

private:
    struct Test {
        std::optional<graph::PropertyId> property;
        CompareOp op;
        Value operand;
    };
    std::vector<Test> tests_;
};

}  // namespace caspian::query::exec
