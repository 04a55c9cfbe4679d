// Distinct: drops rows whose key slots are equivalent to an earlier row's (null ~ null).
#include "query/eval/value_ops.hpp"
#include "query/exec/cursor.hpp"

#include <unordered_set>

namespace caspian::query::exec {

namespace {
class DistinctCursor : public Cursor {
public:
    DistinctCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), input_(make_cursor(*node.children[0], ctx)), hold_(ctx) {}
    void open(const Row& seed) override {
        input_->open(seed);
        seen_.clear();
        hold_.reset();
    }
    bool next(Row& row) override {
        while (input_->next(row)) {
            List key;
            key.reserve(node_.slots.size());
            for (int slot : node_.slots)
                key.push_back(row[slot]);
            if (seen_.insert(Value(std::move(key))).second) {
                hold_.add();
                return true;
            }
        }
        return false;
    }

private:
    const plan::PlanNode& node_;
    CursorPtr input_;
    std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
    RowHold hold_;
};
}  // namespace

CursorPtr make_distinct(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<DistinctCursor>(node, ctx);
}

}  // namespace caspian::query::exec
