// make_cursor: the executor's dispatch from plan nodes to their operators.
#include "query/exec/cursor.hpp"

#include <caspian/error.hpp>

#include <chrono>

namespace caspian::query::exec {

namespace {

// PROFILE's wrapper: counts the rows an operator yields and the time spent in it.
class ProfileCursor : public Cursor {
public:
    ProfileCursor(CursorPtr inner, OperatorProfile& profile)
        : inner_(std::move(inner)), profile_(profile) {}
    void open(const Row& seed) override {
        const auto start = std::chrono::steady_clock::now();
        inner_->open(seed);
        add(start);
    }
    bool next(Row& row) override {
        const auto start = std::chrono::steady_clock::now();
        const bool more = inner_->next(row);
        add(start);
        if (more) ++profile_.rows;
        return more;
    }
    // The operator's own: PROFILE runs the plan EXPLAIN shows, record filters included.
    bool take_record_filter(int slot, RecordFilter filter) override {
        return inner_->take_record_filter(slot, std::move(filter));
    }
    bool take_skipped_nodes(int slot, const IdSet& nodes) override {
        return inner_->take_skipped_nodes(slot, nodes);
    }

private:
    void add(std::chrono::steady_clock::time_point start) {
        profile_.nanoseconds += std::uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                  std::chrono::steady_clock::now() - start)
                                                  .count());
    }
    CursorPtr inner_;
    OperatorProfile& profile_;
};

CursorPtr make_operator(const plan::PlanNode& node, ExecContext& ctx);

}  // namespace

CursorPtr make_cursor(const plan::PlanNode& node, ExecContext& ctx) {
    CursorPtr cursor = make_operator(node, ctx);
    if (ctx.profile == nullptr) return cursor;
    return std::make_unique<ProfileCursor>(std::move(cursor), (*ctx.profile)[&node]);
}

namespace {

CursorPtr make_operator(const plan::PlanNode& node, ExecContext& ctx) {
    using plan::Kind;
    switch (node.kind) {
        case Kind::Argument:
        case Kind::EmptyRow:
            return make_leaf(node, ctx);
        case Kind::AllNodesScan:
        case Kind::LabelScan:
        case Kind::KeyLookup:
        case Kind::IndexSeek:
            return make_scan(node, ctx);
        case Kind::Expand:
            return make_expand(node, ctx);
        case Kind::Degree:
            return make_degree(node, ctx);
        case Kind::CountStore:
            return make_count_store(node, ctx);
        case Kind::VarExpand:
            return make_var_expand(node, ctx);
        case Kind::PruningExpand:
            return make_pruning_var_expand(node, ctx);
        case Kind::EndCount:
            return make_end_count(node, ctx);
        case Kind::Filter:
            return make_filter(node, ctx);
        case Kind::Apply:
        case Kind::OptionalApply:
            return make_apply(node, ctx);
        case Kind::TransactionApply:
            return make_transaction_apply(node, ctx);
        case Kind::Project:
        case Kind::Unwind:
            return make_project(node, ctx);
        case Kind::Aggregate:
            return make_aggregate(node, ctx);
        case Kind::Distinct:
            return make_distinct(node, ctx);
        case Kind::Sort:
            return make_sort(node, ctx);
        case Kind::Skip:
        case Kind::Limit:
            return make_limit(node, ctx);
        case Kind::Create:
            return make_create(node, ctx);
        case Kind::SetItems:
            return make_set(node, ctx);
        case Kind::Delete:
            return make_delete(node, ctx);
        case Kind::Merge:
            return make_merge(node, ctx);
        case Kind::Call:
            return make_call(node, ctx);
        case Kind::HashJoin:
            return make_hash_join(node, ctx);
        case Kind::ShortestPath:
            return make_shortest_path(node, ctx);
        case Kind::Eager:
            return make_eager(node, ctx);
        case Kind::Union:
            return make_union(node, ctx);
        case Kind::Produce:
            return make_cursor(*node.children.at(0), ctx);
    }
    throw Error(ErrorKind::Internal, "unknown plan operator");
}

}  // namespace

}  // namespace caspian::query::exec
