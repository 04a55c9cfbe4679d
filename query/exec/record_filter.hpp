// Issue #20: the conjunctive `x.p <op> value` conditions of a Filter, tested on each stored
// record before the operator below builds a row: a whole-node scan's node records (W8), an
// Expand's edge records (W5). The rows a selective filter drops then cost no row copy and no
// Value of the element. The Filter still checks the rows that pass.
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
    // A node record (GraphReader::node_bytes) or an edge record (GraphReader::edge_bytes).
    bool may_pass(std::string_view node_record) const;
    bool edge_may_pass(std::string_view edge_record) const;

private:
    template <typename Decode>
    bool passes(std::string_view record, Decode&& property) const;

    struct Test {
        std::optional<graph::PropertyId> property;
        CompareOp op;
        Value operand;
    };
    std::vector<Test> tests_;
};

}  // namespace caspian::query::exec
