// HashJoin: reads its build side (children[1]) once into a table keyed by the id of the node in
// its key slot (and the values of further key expressions), then for each row of the probe
// side (children[0]) yields one row per build row with the same key, the build side's
// copied_slots copied in. Equivalent keys join (1 and 1.0 too); the `=` filters above re-check.
// A semi-join (semi) yields one row per probe row: its first match passing residual (the
// filters the planner moved in), except a key's own `=` when the key's value is one for which
// matching the table already decides it. With a distinct slot, a probe row whose value there
// already passed is dropped before its key is read. Memory: the build side's rows (and the
// distinct values).
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"
#include "query/functions/id_set.hpp"
#include "query/functions/value_ops.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace caspian::query::exec {

namespace {

// The same slot, or the same property of the same slot: the shapes of the keys a join takes
// from `a.p = b.q`, compared without evaluating them.
bool same_read(const plan::Expr& a, const plan::Expr& b) {
    if (a.op != b.op) return false;
    if (a.op == plan::Op::Slot) return a.as<plan::SlotExpr>().slot == b.as<plan::SlotExpr>().slot;
    if (a.op == plan::Op::Property) {
        return a.as<plan::PropertyExpr>().key == b.as<plan::PropertyExpr>().key &&
               same_read(a.args[0], b.args[0]);
    }
    return false;
}

// The key whose equality condition is exactly `probe_key = build_key` (either way round), or -1.
int key_of_condition(const plan::Expr& c, const plan::HashJoinArgs& join) {
    if (c.op != plan::Op::Compare || c.args.size() != 2 ||
        c.as<plan::CompareExpr>().ops != std::vector<CompareOp>{CompareOp::Eq}) {
        return -1;
    }
    for (std::size_t i = 0; i < join.probe_keys.size(); ++i) {
        const plan::Expr& p = join.probe_keys[i];
        const plan::Expr& b = join.build_keys[i];
        if ((same_read(c.args[0], p) && same_read(c.args[1], b)) ||
            (same_read(c.args[0], b) && same_read(c.args[1], p))) {
            return int(i);
        }
    }
    return -1;
}

// Values for which "equivalent" (the table's match) and "`=` is true" agree, so a key equality
// holds once the row matched. Not NaN (equivalent to itself, never equal), nor lists and maps,
// whose nulls make `=` null where they are equivalent.
bool match_decides_equality(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
        case ValueKind::Int:
        case ValueKind::String:
        case ValueKind::Date:
        case ValueKind::Node:
        case ValueKind::Edge:
            return true;
        case ValueKind::Float:
            return !std::isnan(v.as_float());
        default:
            return false;
    }
}

// A row's join key: the id of the node in the key slot (0 when the join has none), then the
// values of the key expressions. The probe side fills one in place for each row, so a lookup
// allocates nothing once the first row has sized it.
struct JoinKey {
    std::uint64_t node = 0;
    std::vector<Value> values;
};

struct JoinKeyHash {
    std::size_t operator()(const JoinKey& k) const {
        std::size_t h = std::hash<std::uint64_t>{}(k.node);
        for (const Value& v : k.values)
            h = h * 1000003u ^ ValueHash {}(v);
        return h;
    }
};

struct JoinKeyEquivalent {
    bool operator()(const JoinKey& a, const JoinKey& b) const {
        return a.node == b.node && std::equal(a.values.begin(), a.values.end(), b.values.begin(),
                                              b.values.end(), ValueEquivalent{});
    }
};

class HashJoinCursor : public Cursor {
public:
    HashJoinCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node),
          join_(node.as<plan::HashJoinArgs>()),
          ctx_(ctx),
          probe_(make_cursor(*node.children[0], ctx)),
          build_(make_cursor(*node.children[1], ctx)),
          hold_(ctx) {
        if (join_.semi) {
            split_conditions(join_.residual, conditions_);  // tested one by one
            for (const plan::Expr* c : conditions_)
                condition_keys_.push_back(key_of_condition(*c, join_));
        }
    }

    void open(const Row& seed) override {
        probe_->open(seed);
        matches_ = nullptr;
        pos_ = 0;
        passed_.clear();
        passed_nodes_.clear();
        // An Expand binding the distinct slot skips the nodes that passed before making rows.
        if (join_.distinct_slot >= 0)
            probe_->take_skipped_nodes(join_.distinct_slot, passed_nodes_);
        // A parallel aggregate's worker opens the join again for each morsel of its probe
        // side's scan, with the same seed: the table it built stays (exec/parallel_aggregate).
        const auto& kept = ctx_.morsel_joins;
        if (built_ && std::find(kept.begin(), kept.end(), &node_) != kept.end()) return;
        build_->open(seed);
        table_.clear();
        hold_.reset();
        built_ = false;
        Row row;
        JoinKey key;
        while (build_->next(row)) {
            ctx_.check_cancel();
            if (!make_key(row, true, key)) continue;
            hold_.add(row);
            table_[key].push_back(row);
        }
        built_ = true;
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
                    if (join_.distinct_slot >= 0) mark_passed(row[join_.distinct_slot]);
                }
                return true;
            }
            if (!probe_->next(probe_row_)) return false;
            matches_ = nullptr;
            pos_ = 0;
            if (join_.distinct_slot >= 0 && has_passed(probe_row_[join_.distinct_slot])) continue;
            if (!make_key(probe_row_, false, probe_key_)) continue;
            auto it = table_.find(probe_key_);
            if (it != table_.end()) matches_ = &it->second;
        }
    }

private:
    // Fills `key` with a row's join key; false when a part is null or not a node (`=` would not
    // hold).
    bool make_key(Row& row, bool build, JoinKey& key) {
        key.values.clear();
        if (join_.probe_slot >= 0) {
            const Value& node = row[build ? join_.build_slot : join_.probe_slot];
            if (node.kind() != ValueKind::Node) return false;
            key.node = node.as_node().id.value;
        }
        for (std::size_t i = 0; i < join_.probe_keys.size(); ++i) {
            key.values.push_back(
                eval(build ? join_.build_keys[i] : join_.probe_keys[i], row, ctx_));
            if (key.values.back().is_null()) return false;
        }
        return true;
    }

    // Nodes (W5's p) by id in a flat set: no Value copy or hash per row (optimisation only).
    bool has_passed(const Value& v) const {
        if (v.kind() == ValueKind::Node) return passed_nodes_.contains(v.as_node().id.value);
        return passed_.contains(v);
    }
    void mark_passed(const Value& v) {
        if (v.kind() == ValueKind::Node) {
            passed_nodes_.insert(v.as_node().id.value);
        } else {
            passed_.insert(v);
        }
    }

    // W5's `v.year = e.year` is both a key and a condition: evaluated again it reads both
    // properties from the store once more per probe row, for an answer the match has given.
    bool passes(Row& row) {
        for (std::size_t i = 0; i < conditions_.size(); ++i) {
            const int key = condition_keys_[i];
            if (key >= 0 && match_decides_equality(probe_key_.values[std::size_t(key)])) {
                continue;
            }
            if (!eval_predicate(*conditions_[i], row, ctx_)) return false;
        }
        return true;
    }

    const plan::PlanNode& node_;
    const plan::HashJoinArgs& join_;
    ExecContext& ctx_;
    std::vector<const plan::Expr*> conditions_;
    std::vector<int> condition_keys_;  // per condition, the key it is the equality of, or -1
    CursorPtr probe_;
    CursorPtr build_;
    std::unordered_map<JoinKey, std::vector<Row>, JoinKeyHash, JoinKeyEquivalent> table_;
    const std::vector<Row>* matches_ = nullptr;
    std::size_t pos_ = 0;
    Row probe_row_;
    JoinKey probe_key_;                                             // probe_row_'s key
    std::unordered_set<Value, ValueHash, ValueEquivalent> passed_;  // see distinct_slot
    IdSet passed_nodes_;                                            // the nodes among them
    RowHold hold_;
    bool built_ = false;  // table_ holds the build side's rows
};
}  // namespace

CursorPtr make_hash_join(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<HashJoinCursor>(node, ctx);
}

}  // namespace caspian::query::exec
