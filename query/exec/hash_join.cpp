// HashJoin: reads its build side (children[1]) once into a table keyed by the id of the node in
// its key slot (and the values of further key expressions), then for each row of the probe
// side (children[0]) yields one row per build row with the same key, the build side's
// copied_slots copied in. Equivalent keys join (1 and 1.0 too); the `=` filters above re-check.
// A semi-join (semi) yields one row per probe row: its first match passing residual (the
// filters the planner moved in). Memory: the build side's rows.
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"
#include "query/functions/value_ops.hpp"

#include <optional>
#include <unordered_map>

namespace caspian::query::exec {

namespace {
class HashJoinCursor : public Cursor {
public:
    HashJoinCursor(const plan::PlanNode& node, ExecContext& ctx)
        : join_(node.as<plan::HashJoinArgs>()),
          ctx_(ctx),
          probe_(make_cursor(*node.children[0], ctx)),
          build_(make_cursor(*node.children[1], ctx)),
          hold_(ctx) {
        if (join_.semi) split_conditions(join_.residual, conditions_);  // tested one by one
    }

    void open(const Row& seed) override {
        probe_->open(seed);
        build_->open(seed);
        table_.clear();
        hold_.reset();
        matches_ = nullptr;
        pos_ = 0;
        Row row;
        while (build_->next(row)) {
            ctx_.check_cancel();
            std::optional<Value> key = make_key(row, true);
            if (!key) continue;
            hold_.add(row);
            table_[*key].push_back(row);
        }
    }

    bool next(Row& row) override {
        for (;;) {
            if (matches_ != nullptr && pos_ < matches_->size()) {
                const Row& built = (*matches_)[pos_++];
                row = probe_row_;
                for (int slot : join_.copied_slots)
                    row[slot] = built[slot];
                if (join_.semi) {
                    if (!passes(row)) {
                        ctx_.check_cancel();  // a probe row may fail against every built row
                        continue;
                    }
                    matches_ = nullptr;  // the probe row is done
                }
                return true;
            }
            if (!probe_->next(probe_row_)) return false;
            matches_ = nullptr;
            pos_ = 0;
            std::optional<Value> key = make_key(probe_row_, false);
            if (!key) continue;
            auto it = table_.find(*key);
            if (it != table_.end()) matches_ = &it->second;
        }
    }

private:
    // The join key of a row: the node's id (when the join has node slots), then the extra key
    // values; nullopt when a part is null or not a node (`=` would not hold).
    std::optional<Value> make_key(Row& row, bool build) {
        List key;
        if (join_.probe_slot >= 0) {
            const Value& node = row[build ? join_.build_slot : join_.probe_slot];
            if (node.kind() != ValueKind::Node) return std::nullopt;
            key.push_back(Value(static_cast<std::int64_t>(node.as_node().id.value)));
        }
        for (std::size_t i = 0; i < join_.probe_keys.size(); ++i) {
            Value v = eval(build ? join_.build_keys[i] : join_.probe_keys[i], row, ctx_);
            if (v.is_null()) return std::nullopt;
            key.push_back(std::move(v));
        }
        return Value(std::move(key));
    }

    bool passes(Row& row) {
        for (const plan::Expr* c : conditions_) {
            if (!eval_predicate(*c, row, ctx_)) return false;
        }
        return true;
    }

    const plan::HashJoinArgs& join_;
    ExecContext& ctx_;
    std::vector<const plan::Expr*> conditions_;
    CursorPtr probe_;
    CursorPtr build_;
    std::unordered_map<Value, std::vector<Row>, ValueHash, ValueEquivalent> table_;
    const std::vector<Row>* matches_ = nullptr;
    std::size_t pos_ = 0;
    Row probe_row_;
    RowHold hold_;
};
}  // namespace

CursorPtr make_hash_join(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<HashJoinCursor>(node, ctx);
}

}  // namespace caspian::query::exec
