// Aggregate: groups its input by the grouping expressions (equivalent keys share a group, so
// null groups with null) and yields one row per group with the aggregates' results. Without
// grouping keys an empty input still yields one row (count(*) = 0).
//
// Groups live in flat arenas indexed by group number, in first-seen order (issue #8): their
// keys, the input slots read above (carry_slots, or the whole first row under carry_all),
// inline states for plain count/sum/avg/min/max (functions/aggregates.hpp) and heap Aggregators
// only for the rest (DISTINCT, collect, stDev, percentiles). An open-addressing table of group
// numbers finds a row's group without allocating. With a row key (issue #20) a row whose key is
// not null is its own group, yielded at once; the table holds the others.
#include "query/exec/eval.hpp"
#include "query/exec/parallel_aggregate.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/functions/aggregates.hpp"
#include "query/functions/functions.hpp"
#include "query/functions/value_ops.hpp"
#include "value/text.hpp"

#include <caspian/error.hpp>

#include <cstdint>
#include <iterator>
#include <limits>

namespace caspian::query::exec {

namespace {

class AggregateCursor : public UnaryCursor {
public:
    AggregateCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), agg_(node.as<plan::AggregateArgs>()), hold_(ctx) {
        for (const plan::Aggregation& a : agg_.aggregations) {
            const std::string f = ascii_lower(a.function);
            collects_.push_back(f == "collect");
            // A DISTINCT over values proved distinct needs no set (plan/pruning.cpp, issue #8).
            const bool distinct = a.distinct && !a.distinct_input;
            const InlineKind kind = inline_kind(f, distinct, a.star, !a.extra_args.empty());
            kinds_.push_back(kind);
            if (kind != InlineKind::None) {
                index_.push_back(n_states_++);
            } else {
                index_.push_back(n_complex_++);
            }
        }
        n_keys_ = agg_.keys.size();
    }

    void open(const Row& seed) override {
        child_->open(seed);
        seed_ = seed;
        keys_.clear();
        carried_.clear();
        states_.clear();
        complex_.clear();
        hashes_.clear();
        table_.clear();
        groups_ = 0;
        width_ = 0;
        hold_.reset();
        pos_ = 0;
        loaded_ = false;
    }

    bool next(Row& row) override {
        if (agg_.row_key >= 0 && !loaded_ && next_single(row)) return true;
        if (!loaded_) load();
        if (pos_ == groups_) return false;
        const std::size_t g = pos_++;
        if (agg_.carry_all) {
            auto first = carried_.begin() + std::ptrdiff_t(g * width_);
            row.assign(std::make_move_iterator(first),
                       std::make_move_iterator(first + std::ptrdiff_t(width_)));
        } else {
            row = seed_;
            if (row.size() < width_) row.resize(width_);
            const std::size_t nc = agg_.carry_slots.size();
            for (std::size_t i = 0; i < nc; ++i)
                row[std::size_t(agg_.carry_slots[i])] = std::move(carried_[g * nc + i]);
        }
        for (std::size_t i = 0; i < n_keys_; ++i)
            row[std::size_t(agg_.slots[i])] = std::move(keys_[g * n_keys_ + i]);
        for (std::size_t i = 0; i < agg_.aggregations.size(); ++i) {
            Value& out = row[std::size_t(agg_.aggregations[i].slot)];
            if (kinds_[i] != InlineKind::None) {
                out = states_[g * n_states_ + index_[i]].take_result(kinds_[i]);
            } else {
                out = complex_[g * n_complex_ + index_[i]]->result();
            }
        }
        return true;
    }

private:
    // A new group keyed by probe_ (moved in), its first row being `row`.
    std::size_t new_group(const Row& row, std::size_t hash) {
        if (groups_ == std::numeric_limits<std::uint32_t>::max() - 1) {
            throw Error(ErrorKind::Internal, "too many groups in one aggregation");
        }
        hold_.add(probe_);
        const std::size_t g = groups_++;
        for (Value& v : probe_)
            keys_.push_back(std::move(v));
        hashes_.push_back(hash);
        if (agg_.carry_all) {
            width_ = row.size();
            carried_.insert(carried_.end(), row.begin(), row.end());
        } else {
            width_ = std::max(width_, row.size());
            for (int slot : agg_.carry_slots)
                carried_.push_back(row[std::size_t(slot)]);
        }
        states_.resize(states_.size() + n_states_);
        for (std::size_t i = 0; i < agg_.aggregations.size(); ++i) {
            if (kinds_[i] != InlineKind::None) continue;
            const plan::Aggregation& a = agg_.aggregations[i];
            auto agg = make_aggregator(a.function, a.distinct && !a.distinct_input);
            if (!agg) {
                throw Error(ErrorKind::Internal, "unknown aggregate '" + a.function + "'");
            }
            complex_.push_back(std::move(agg));
        }
        return g;
    }

    static std::size_t combine(std::size_t seed, std::size_t h) {
        return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
    }

    bool same_key(std::size_t g) const {
        for (std::size_t i = 0; i < n_keys_; ++i) {
            if (!equivalent(keys_[g * n_keys_ + i], probe_[i])) return false;
        }
        return true;
    }

    void grow_table() {
        const std::size_t size = table_.empty() ? 64 : table_.size() * 2;
        table_.assign(size, 0);
        const std::size_t mask = size - 1;
        for (std::size_t g = 0; g < groups_; ++g) {
            std::size_t at = hashes_[g] & mask;
            while (table_[at] != 0)
                at = (at + 1) & mask;
            table_[at] = std::uint32_t(g + 1);
        }
    }

    // The group of the row whose key values are in probe_; creates it when new.
    std::size_t find_group(const Row& row) {
        std::size_t hash = 0;
        for (const Value& v : probe_)
            hash = combine(hash, hash_value(v));
        if ((groups_ + 1) * 2 > table_.size()) grow_table();
        const std::size_t mask = table_.size() - 1;
        std::size_t at = hash & mask;
        while (table_[at] != 0) {
            const std::size_t g = table_[at] - 1;
            if (hashes_[g] == hash && same_key(g)) return g;
            at = (at + 1) & mask;
        }
        const std::size_t g = new_group(row, hash);
        table_[at] = std::uint32_t(g + 1);
        return g;
    }

    void add_row(std::size_t g, Row& row) {
        for (std::size_t i = 0; i < agg_.aggregations.size(); ++i) {
            const plan::Aggregation& a = agg_.aggregations[i];
            if (kinds_[i] == InlineKind::CountStar) {
                ++states_[g * n_states_ + index_[i]].n;
                continue;
            }
            const Value v = eval(a.arg, row, ctx_);
            if (collects_[i] && !v.is_null()) hold_.add(1, value_bytes(v));  // an element kept
            try {
                if (kinds_[i] != InlineKind::None) {
                    states_[g * n_states_ + index_[i]].add(kinds_[i], v);
                } else if (a.extra_args.empty()) {
                    complex_[g * n_complex_ + index_[i]]->add(v);
                } else {
                    complex_[g * n_complex_ + index_[i]]->add(v, eval(a.extra_args[0], row, ctx_));
                }
            } catch (const Error& error) {
                if (error.where()) throw;
                throw error.with_where(a.arg.span);
            }
        }
    }

    // The next input row whose row key is not null, made its own group's output row (issue #20:
    // no table, so a top-N above keeps its k rows only); rows whose key is null join the table
    // load() finishes. False when the input is done.
    bool next_single(Row& row) {
        while (child_->next(row)) {
            ctx_.check_cancel();
            probe_.resize(n_keys_);
            for (std::size_t i = 0; i < n_keys_; ++i)
                probe_[i] = eval(agg_.keys[i], row, ctx_);
            if (probe_[std::size_t(agg_.row_key)].is_null()) {
                add_row(find_group(row), row);
                continue;
            }
            results_.clear();
            for (std::size_t i = 0; i < agg_.aggregations.size(); ++i)
                results_.push_back(single_result(i, row));
            if (!agg_.carry_all) {
                Row out = seed_;
                if (out.size() < row.size()) out.resize(row.size());
                for (int slot : agg_.carry_slots)
                    out[std::size_t(slot)] = std::move(row[std::size_t(slot)]);
                row = std::move(out);
            }
            for (std::size_t i = 0; i < n_keys_; ++i)
                row[std::size_t(agg_.slots[i])] = std::move(probe_[i]);
            for (std::size_t i = 0; i < agg_.aggregations.size(); ++i)
                row[std::size_t(agg_.aggregations[i].slot)] = std::move(results_[i]);
            return true;
        }
        loaded_ = true;
        return false;
    }

    // Aggregation i over the one row of a group.
    Value single_result(std::size_t i, Row& row) {
        const plan::Aggregation& a = agg_.aggregations[i];
        const Value v = kinds_[i] == InlineKind::CountStar ? Value() : eval(a.arg, row, ctx_);
        try {
            if (kinds_[i] != InlineKind::None) {
                InlineState state;
                state.add(kinds_[i], v);
                return state.take_result(kinds_[i]);
            }
            auto agg = make_aggregator(a.function, a.distinct && !a.distinct_input);
            if (!agg) throw Error(ErrorKind::Internal, "unknown aggregate '" + a.function + "'");
            if (a.extra_args.empty()) {
                agg->add(v);
            } else {
                agg->add(v, eval(a.extra_args[0], row, ctx_));
            }
            return agg->result();
        } catch (const Error& error) {
            if (error.where()) throw;
            throw error.with_where(a.arg.span);
        }
    }

    void load() {
        loaded_ = true;
        Row row;
        while (child_->next(row)) {
            ctx_.check_cancel();
            std::size_t g = 0;
            if (n_keys_ == 0) {
                probe_.clear();
                if (groups_ == 0) new_group(row, 0);  // no grouping keys: one group, no probe
            } else {
                probe_.resize(n_keys_);
                for (std::size_t i = 0; i < n_keys_; ++i)
                    probe_[i] = eval(agg_.keys[i], row, ctx_);
                g = find_group(row);
            }
            add_row(g, row);
        }
        if (groups_ == 0 && n_keys_ == 0) {
            probe_.clear();
            new_group(seed_, 0);
        }
    }

    const plan::AggregateArgs& agg_;
    Row seed_;
    std::vector<bool> collects_;      // per aggregation: collect(), whose list grows per row
    std::vector<InlineKind> kinds_;   // per aggregation: None for a heap Aggregator
    std::vector<std::size_t> index_;  // per aggregation: its place in states_ or complex_
    std::size_t n_states_ = 0, n_complex_ = 0, n_keys_ = 0;  // per group

    // Group g's entries: keys_[g * n_keys_ ...], carried_[g * (carry_slots or width_) ...],
    // states_[g * n_states_ ...], complex_[g * n_complex_ ...], hashes_[g].
    std::vector<Value> keys_;
    std::vector<Value> carried_;
    std::vector<InlineState> states_;
    std::vector<std::unique_ptr<Aggregator>> complex_;
    std::vector<std::size_t> hashes_;
    std::vector<std::uint32_t> table_;  // group + 1, 0 empty; at most half full
    std::vector<Value> probe_;          // the current row's key values
    std::vector<Value> results_;        // a single row's aggregates (next_single)
    std::size_t groups_ = 0;
    std::size_t width_ = 0;  // row width (carry_all: of every first row)
    std::size_t pos_ = 0;
    bool loaded_ = false;
    RowHold hold_;
};

}  // namespace

CursorPtr make_serial_aggregate(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<AggregateCursor>(node, ctx);
}

CursorPtr make_aggregate(const plan::PlanNode& node, ExecContext& ctx) {
    if (CursorPtr parallel = make_parallel_aggregate(node, ctx)) return parallel;
    return make_serial_aggregate(node, ctx);
}

}  // namespace caspian::query::exec
