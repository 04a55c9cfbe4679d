// Aggregate: groups its input by the grouping expressions (equivalent keys share a group, so
// null groups with null) and yields one row per group with the aggregates' results. Without
// grouping keys an empty input still yields one row (count(*) = 0).
#include "query/eval/functions.hpp"
#include "query/eval/value_ops.hpp"
#include "query/exec/cursor.hpp"
#include "query/exec/eval.hpp"

#include <caspian/error.hpp>

#include <cctype>
#include <unordered_map>

namespace caspian::query::exec {

namespace {

struct Group {
    Row row;  // the first row of the group, with the grouping slots set
    std::vector<std::unique_ptr<Aggregator>> aggregators;
};

class AggregateCursor : public Cursor {
public:
    AggregateCursor(const plan::PlanNode& node, ExecContext& ctx)
        : node_(node), ctx_(ctx), input_(make_cursor(*node.children[0], ctx)), hold_(ctx) {
        for (const plan::Aggregation& a : node_.aggregations) {
            std::string f = a.function;
            for (char& ch : f)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            collects_.push_back(f == "collect");
        }
    }

    void open(const Row& seed) override {
        input_->open(seed);
        seed_ = seed;
        groups_.clear();
        order_.clear();
        hold_.reset();
        pos_ = 0;
        loaded_ = false;
    }

    bool next(Row& row) override {
        if (!loaded_) load();
        if (pos_ == order_.size()) return false;
        Group& g = *order_[pos_++];
        row = std::move(g.row);
        for (std::size_t i = 0; i < node_.aggregations.size(); ++i) {
            row[node_.aggregations[i].slot] = g.aggregators[i]->result();
        }
        return true;
    }

private:
    std::unique_ptr<Group> new_group(const Row& row) {
        auto g = std::make_unique<Group>();
        g->row = row;
        for (const plan::Aggregation& a : node_.aggregations) {
            auto agg = a.star ? make_count_star() : make_aggregator(a.function, a.distinct);
            if (!agg) {
                throw Error(ErrorKind::Internal, "unknown aggregate '" + a.function + "'");
            }
            g->aggregators.push_back(std::move(agg));
        }
        return g;
    }

    void load() {
        loaded_ = true;
        Row row;
        // One probe key for every row, so its buffer is allocated once (issue #8).
        Value k{List{}};
        List& key = std::get<List>(k.data);
        while (input_->next(row)) {
            ctx_.check_cancel();
            Group* group = nullptr;
            if (node_.exprs.empty() && !order_.empty()) {
                group = order_.front();  // no grouping keys: one group, no probe (issue #8)
            } else {
                key.clear();
                for (const plan::Expr& e : node_.exprs)
                    key.push_back(eval(e, row, ctx_));
                auto it = groups_.find(k);
                if (it == groups_.end()) {
                    Row first = row;
                    for (std::size_t i = 0; i < node_.slots.size(); ++i) {
                        first[node_.slots[i]] = k.as_list()[i];
                    }
                    hold_.add();
                    it = groups_.emplace(k, new_group(first)).first;
                    order_.push_back(it->second.get());
                }
                group = it->second.get();
            }
            Group& g = *group;
            for (std::size_t i = 0; i < node_.aggregations.size(); ++i) {
                const plan::Aggregation& a = node_.aggregations[i];
                if (a.star) {
                    g.aggregators[i]->add(Value());
                    continue;
                }
                const Value v = eval(a.arg, row, ctx_);
                if (collects_[i] && !v.is_null()) hold_.add();  // a list element kept
                try {
                    if (a.extra_args.empty()) {
                        g.aggregators[i]->add(v);
                    } else {
                        g.aggregators[i]->add(v, eval(a.extra_args[0], row, ctx_));
                    }
                } catch (const Error& error) {
                    if (error.where()) throw;
                    throw Error(error.kind(), error.what(), a.arg.span);
                }
            }
        }
        if (groups_.empty() && node_.exprs.empty()) {
            Row empty = seed_;
            auto g = new_group(empty);
            order_.push_back(g.get());
            groups_.emplace(Value(List{}), std::move(g));
        }
    }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    CursorPtr input_;
    Row seed_;
    std::unordered_map<Value, std::unique_ptr<Group>, ValueHash, ValueEquivalent> groups_;
    std::vector<Group*> order_;
    std::size_t pos_ = 0;
    bool loaded_ = false;
    std::vector<bool> collects_;  // per aggregation: collect(), whose list grows per row
    RowHold hold_;
};

}  // namespace

CursorPtr make_aggregate(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<AggregateCursor>(node, ctx);
}

}  // namespace caspian::query::exec
