// Union: the rows of each part in turn (each part yields the output columns in the same
// slots); UNION without ALL drops rows equivalent to an earlier one.
#include "query/exec/cursor.hpp"
#include "query/functions/value_ops.hpp"

#include <unordered_set>

namespace caspian::query::exec {

namespace {
class UnionCursor : public Cursor {
public:
    UnionCursor(const plan::PlanNode& node, ExecContext& ctx) : union_(node.as<plan::UnionArgs>()) {
        for (const auto& child : node.children)
            parts_.push_back(make_cursor(*child, ctx));
    }
    void open(const Row& seed) override {
        seed_ = seed;
        part_ = 0;
        seen_.clear();
        if (!parts_.empty()) parts_[0]->open(seed_);
    }
    bool next(Row& row) override {
        while (part_ < parts_.size()) {
            if (parts_[part_]->next(row)) {
                if (!union_.distinct) return true;
                List key(row.begin(), row.begin() + static_cast<long>(union_.columns));
                if (seen_.insert(Value(std::move(key))).second) return true;
                continue;
            }
            if (++part_ < parts_.size()) parts_[part_]->open(seed_);
        }
        return false;
    }

private:
    const plan::UnionArgs& union_;
    std::vector<CursorPtr> parts_;
    std::size_t part_ = 0;
    Row seed_;
    std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
};
}  // namespace

CursorPtr make_union(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<UnionCursor>(node, ctx);
}

}  // namespace caspian::query::exec
