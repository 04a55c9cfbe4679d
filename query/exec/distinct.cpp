// Distinct: drops rows whose key slots are equivalent to an earlier row's (null ~ null).
#include "query/exec/unary_cursor.hpp"
#include "query/functions/id_set.hpp"
#include "query/functions/value_ops.hpp"

#include <unordered_set>

namespace caspian::query::exec {

namespace {
class DistinctCursor : public UnaryCursor {
public:
    DistinctCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), slots_(node.as<plan::DistinctArgs>().slots), hold_(ctx) {}
    void open(const Row& seed) override {
        child_->open(seed);
        nodes_.clear();
        edges_.clear();
        seen_.clear();
        hold_.reset();
    }
    bool next(Row& row) override {
        while (child_->next(row)) {
            if (is_new(row)) {
                hold_.add(row);
                return true;
            }
        }
        return false;
    }

private:
    bool is_new(const Row& row) {
        if (slots_.size() == 1) {
            // A node or relationship key is equivalent to another exactly when the ids are
            // equal: flat id sets, no Value copies (optimisation only, issue #8).
            const Value& v = row[slots_[0]];
            if (v.kind() == ValueKind::Node) return nodes_.insert(v.as_node().id.value);
            if (v.kind() == ValueKind::Edge) return edges_.insert(v.as_edge().id.value);
        }
        // One probe key for every row: a row already seen allocates nothing.
        List& key = std::get<List>(probe_.data);
        key.clear();
        for (int slot : slots_)
            key.push_back(row[slot]);
        if (seen_.contains(probe_)) return false;
        seen_.insert(probe_);
        return true;
    }

    const std::vector<int>& slots_;
    IdSet nodes_;
    IdSet edges_;
    Value probe_{List{}};
    std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
    RowHold hold_;
};
}  // namespace

CursorPtr make_distinct(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<DistinctCursor>(node, ctx);
}

}  // namespace caspian::query::exec
