// Issue #20 ("both cores"): an Aggregate of plain count/sum/avg/min/max (and count(DISTINCT) of
// the scanned node) over Filters, Projects, Expands and hash joins' probe sides over a
// whole-node or label scan, run on several threads. The scan's node id range is cut into
// morsels that depend on the id range only (never on the thread count); worker w takes morsels
// w, w + workers, ... and runs the operators below on its own read transaction of the caller's
// snapshot and keeps one partial aggregate per morsel; the caller merges the partials in morsel
// order. Groups come out in first-seen order, as the serial plan's do; counts, integer sums, min
// and max equal the serial answer exactly; float sums and averages are added in another order and
// may differ from it in the last bits (the same for any thread count). Whatever the workers
// cannot answer as the serial plan would (a writer committed before a worker's snapshot began,
// an error in any worker, an integer sum that could overflow) runs again serially.
#include "query/exec/parallel_aggregate.hpp"

#include "graph/keys.hpp"
#include "query/exec/eval.hpp"
#include "query/functions/aggregates.hpp"
#include "query/functions/functions.hpp"
#include "query/functions/id_set.hpp"
#include "query/functions/value_ops.hpp"
#include "value/text.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>
#include <unordered_map>

namespace caspian::query::exec {

namespace {

// Morsels per scan: enough for two to four workers to even out, few enough that a morsel's
// partial aggregate and its operators' reopening cost nothing beside its rows.
constexpr std::uint64_t morsels_per_scan = 64;

// The scan below an Aggregate through per-row operators (Filters, Projects, Expands, and the
// probe side of hash joins), what the path passes through, and whether the path writes the
// scan's slot again.
struct ScanPath {
    const plan::PlanNode* scan = nullptr;  // null: no parallel mode
    std::vector<const void*> joins;        // the hash joins on the path
    bool rebinds_scan_slot = false;
};

ScanPath scan_below(const plan::PlanNode& aggregate) {
    ScanPath path;
    std::vector<int> written;
    const plan::PlanNode* n = aggregate.children.at(0).get();
    for (;; n = n->children.at(0).get()) {
        if (n->kind == plan::Kind::Filter) continue;
        if (n->kind == plan::Kind::Project) {
            const auto& slots = n->as<plan::ProjectArgs>().slots;
            written.insert(written.end(), slots.begin(), slots.end());
        } else if (n->kind == plan::Kind::Expand) {
            const auto& step = n->as<plan::ExpandArgs>();
            written.push_back(step.rel_slot);
            if (!step.into) written.push_back(step.to_slot);
        } else if (n->kind == plan::Kind::HashJoin) {
            // Its build side reads no morsel: each worker builds it once (HashJoin's open).
            const auto& copied = n->as<plan::HashJoinArgs>().copied_slots;
            written.insert(written.end(), copied.begin(), copied.end());
            path.joins.push_back(n);
        } else {
            break;
        }
    }
    if (n->kind != plan::Kind::AllNodesScan && n->kind != plan::Kind::LabelScan) return {};
    path.scan = n;
    const int slot = n->as<plan::ScanArgs>().slot;
    path.rebinds_scan_slot = std::find(written.begin(), written.end(), slot) != written.end();
    return path;
}

// count(DISTINCT n) of the scan's own node n, ungrouped: a node's rows all come from its
// morsel, so the morsels' distinct counts add up to the statement's.
bool counts_scanned_nodes(const plan::AggregateArgs& agg, const plan::Aggregation& a,
                          const ScanPath& path) {
    if (path.scan == nullptr || path.rebinds_scan_slot || !agg.keys.empty()) return false;
    if (!a.distinct || a.star || !a.extra_args.empty()) return false;
    if (ascii_lower(a.function) != "count" || a.arg.op != plan::Op::Slot) return false;
    return a.arg.as<plan::SlotExpr>().slot == path.scan->as<plan::ScanArgs>().slot;
}

std::vector<InlineKind> inline_kinds(const plan::AggregateArgs& agg, const ScanPath& path) {
    std::vector<InlineKind> kinds;
    for (const plan::Aggregation& a : agg.aggregations) {
        // Not distinct_input: a Filter's or semi-join's distinct_slot makes the values distinct
        // within each morsel only, as each worker opens it once per morsel.
        kinds.push_back(
            counts_scanned_nodes(agg, a, path)
                ? InlineKind::Count
                : inline_kind(ascii_lower(a.function), a.distinct, a.star, !a.extra_args.empty()));
    }
    return kinds;
}

// One past the greatest node id (the id counter in `meta`).
std::uint64_t node_id_end(const graph::GraphReader& reader) {
    const storage::Txn& txn = reader.txn();
    return graph::decode_counter(txn.get(txn.tables().meta, graph::next_node_key));
}

// The groups of one morsel (or, merged, of the whole scan), in first-seen order.
struct Groups {
    std::vector<Value> keys;          // group g's at g * n_keys
    std::vector<std::size_t> hashes;  // per group
    std::vector<Row> first_rows;      // per group: its first input row (what it carries)
    std::vector<InlineState> states;  // group g's at g * n_aggregations
    std::unordered_multimap<std::size_t, std::uint32_t> table;  // hash -> group
    std::uint64_t int_magnitude = 0;  // sum of |v| over the integers given to sums, saturated

    std::size_t size() const noexcept { return hashes.size(); }

    // The group of key (moved in when new, with first row `row`); RowHold counts a new one.
    std::size_t find(std::vector<Value>& key, std::size_t hash, const Row& row, RowHold& hold,
                     std::size_t n_states) {
        const std::size_t n_keys = key.size();
        auto [first, last] = table.equal_range(hash);
        for (auto it = first; it != last; ++it) {
            const std::size_t g = it->second;
            bool same = true;
            for (std::size_t i = 0; i < n_keys && same; ++i)
                same = equivalent(keys[g * n_keys + i], key[i]);
            if (same) return g;
        }
        if (size() == std::numeric_limits<std::uint32_t>::max() - 1) {
            throw Error(ErrorKind::Internal, "too many groups in one aggregation");
        }
        hold.add(key);
        const std::size_t g = size();
        for (Value& v : key)
            keys.push_back(std::move(v));
        hashes.push_back(hash);
        first_rows.push_back(row);
        states.resize(states.size() + n_states);
        table.emplace(hash, std::uint32_t(g));
        return g;
    }
};

std::size_t hash_key(const std::vector<Value>& key) {
    std::size_t seed = 0;
    for (const Value& v : key)
        seed ^= hash_value(v) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
}

std::uint64_t saturated_add(std::uint64_t a, std::uint64_t b) {
    std::uint64_t r = 0;
    return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<std::uint64_t>::max() : r;
}

// Adds from's state to into's, from coming later in scan order; false on an integer overflow.
bool merge_state(InlineKind kind, InlineState& into, InlineState& from) {
    switch (kind) {
        case InlineKind::None:
            return true;
        case InlineKind::CountStar:
        case InlineKind::Count:
        case InlineKind::Sum:
            into.fsum += from.fsum;
            into.any_float = into.any_float || from.any_float;
            return !__builtin_add_overflow(into.n, from.n, &into.n);
        case InlineKind::Avg:
            into.lsum += from.lsum;
            return !__builtin_add_overflow(into.n, from.n, &into.n);
        case InlineKind::Min:
        case InlineKind::Max: {
            if (from.best.is_null()) return true;
            // Strictly better only: the first of equal values stays, as in the serial plan.
            const int c = into.best.is_null() ? 1 : order_compare(from.best, into.best);
            if (into.best.is_null() || (kind == InlineKind::Max ? c > 0 : c < 0))
                into.best = std::move(from.best);
            return true;
        }
    }
    return true;
}

class ParallelAggregateCursor : public Cursor {
public:
    ParallelAggregateCursor(const plan::PlanNode& node, ExecContext& ctx, ScanPath path,
                            unsigned workers)
        : node_(node),
          ctx_(ctx),
          agg_(node.as<plan::AggregateArgs>()),
          path_(std::move(path)),
          workers_(workers),
          kinds_(inline_kinds(agg_, path_)),
          hold_(ctx) {
        // distinct_input: the operator below passes each node once per morsel already.
        for (const plan::Aggregation& a : agg_.aggregations)
            counts_nodes_.push_back(counts_scanned_nodes(agg_, a, path_) && !a.distinct_input);
    }

    void open(const Row& seed) override {
        seed_ = seed;
        serial_.reset();
        groups_ = Groups();
        hold_.reset();
        loaded_ = false;
        pos_ = 0;
    }

    bool next(Row& row) override {
        if (!loaded_) load();
        if (serial_) return serial_->next(row);
        if (pos_ == groups_.size()) return false;
        const std::size_t g = pos_++;
        const std::size_t n_keys = agg_.keys.size();
        const std::size_t n_aggs = kinds_.size();
        Row& first = groups_.first_rows[g];
        if (agg_.carry_all) {
            row = std::move(first);
        } else {
            row = seed_;
            if (row.size() < width_) row.resize(width_);
            for (int slot : agg_.carry_slots)
                row[std::size_t(slot)] = std::move(first[std::size_t(slot)]);
        }
        for (std::size_t i = 0; i < n_keys; ++i)
            row[std::size_t(agg_.slots[i])] = std::move(groups_.keys[g * n_keys + i]);
        for (std::size_t i = 0; i < n_aggs; ++i)
            row[std::size_t(agg_.aggregations[i].slot)] =
                groups_.states[g * n_aggs + i].take_result(kinds_[i]);
        return true;
    }

private:
    void load() {
        loaded_ = true;
        if (run_parallel()) return;
        groups_ = Groups();
        hold_.reset();
        serial_ = make_serial_aggregate(node_, ctx_);
        serial_->open(seed_);
    }

    // The statement's rows of morsel [range) added to its groups, in ctx (a worker's own).
    void aggregate_morsel(Cursor& input, ExecContext& ctx, Groups& groups, RowHold& hold) {
        input.open(seed_);
        Row row;
        std::vector<Value> key;
        const std::size_t n_aggs = kinds_.size();
        std::vector<IdSet> seen(n_aggs);  // the morsel's nodes counted, per counts_nodes_
        while (input.next(row)) {
            ctx.check_cancel();
            key.clear();
            for (const plan::Expr& k : agg_.keys)
                key.push_back(eval(k, row, ctx));
            const std::size_t g = groups.find(key, hash_key(key), row, hold, n_aggs);
            for (std::size_t i = 0; i < n_aggs; ++i) {
                InlineState& state = groups.states[g * n_aggs + i];
                if (kinds_[i] == InlineKind::CountStar) {
                    ++state.n;
                    continue;
                }
                const Value v = eval(agg_.aggregations[i].arg, row, ctx);
                if (counts_nodes_[i]) {
                    // Not a node: never from the scan itself; the serial plan answers.
                    if (v.kind() != ValueKind::Node)
                        throw Error(ErrorKind::Internal, "not a scanned node");
                    if (!seen[i].insert(v.as_node().id.value)) continue;
                }
                if (kinds_[i] == InlineKind::Sum && v.kind() == ValueKind::Int) {
                    const std::int64_t x = v.as_int();
                    const std::uint64_t magnitude =
                        x < 0 ? std::uint64_t(0) - std::uint64_t(x) : std::uint64_t(x);
                    groups.int_magnitude = saturated_add(groups.int_magnitude, magnitude);
                }
                state.add(kinds_[i], v);
            }
        }
    }

    // One worker: its own read transaction (the caller's on worker 0), its own context and
    // operators, the morsels it takes. Any failure only marks the run failed.
    void work(unsigned w, const DateTime& now) noexcept {
        try {
            std::unique_ptr<storage::ReadTxn> txn;
            std::unique_ptr<graph::GraphReader> own;
            const graph::GraphReader* reader = &ctx_.reader();
            if (w > 0) {
                share_statement_clock(now);
                txn = std::make_unique<storage::ReadTxn>(ctx_.reader().txn().env());
                // A writer committed since the caller began: this worker would see other data.
                if (txn->snapshot_id() != ctx_.reader().txn().snapshot_id()) {
                    failed_ = true;
                    return;
                }
                own = std::make_unique<graph::GraphReader>(*txn);
                reader = own.get();
            }
            ExecContext wctx(*reader, nullptr, ctx_.params());
            wctx.cancel = ctx_.cancel;
            wctx.deadline = ctx_.deadline;
            wctx.timeout = ctx_.timeout;
            wctx.max_rows_in_memory = ctx_.max_rows_in_memory;
            wctx.max_memory_bytes = ctx_.max_memory_bytes;
            wctx.morsel_scan = path_.scan;
            wctx.morsel_joins = path_.joins;
            if (ctx_.profile != nullptr) wctx.profile = &profiles_[w];
            RowHold hold(wctx);
            CursorPtr input = make_cursor(*node_.children[0], wctx);
            // Morsels w, w + workers, ...: every worker takes part, however small the scan.
            for (std::size_t m = w; m < partials_.size(); m += workers_) {
                if (failed_) return;
                wctx.morsel = ranges_[m];
                aggregate_morsel(*input, wctx, partials_[m], hold);
            }
        } catch (...) {
            failed_ = true;  // the serial run gives the error as the serial plan would
        }
    }

    // False when the answer must come from the serial plan.
    bool run_parallel() {
        const std::uint64_t end = node_id_end(ctx_.reader());
        const std::uint64_t span = end > 1 ? end - 1 : 0;
        const std::uint64_t n_morsels =
            std::min(morsels_per_scan, std::max<std::uint64_t>(span, 1));
        const std::uint64_t size = (span + n_morsels - 1) / n_morsels;
        ranges_.clear();
        for (std::uint64_t m = 0; m < n_morsels; ++m) {
            const std::uint64_t lo = 1 + m * size;
            ranges_.emplace_back(NodeId{lo}, NodeId{std::min(end, lo + size)});
        }
        partials_.assign(ranges_.size(), Groups());
        profiles_.assign(workers_, {});
        failed_ = false;
        // Worker threads read the clock functions' one time of the statement.
        const DateTime now = statement_clock();
        std::vector<std::thread> threads;
        try {
            for (unsigned w = 1; w < workers_; ++w)
                threads.emplace_back([this, w, &now] { work(w, now); });
        } catch (const std::system_error&) {
            failed_ = true;  // no thread to be had: serially
        }
        work(0, now);
        for (std::thread& t : threads)
            t.join();
        if (failed_) return false;
        if (ctx_.profile != nullptr) {
            for (auto& figures : profiles_) {
                for (auto& [op, f] : figures) {
                    (*ctx_.profile)[op].rows += f.rows;
                    (*ctx_.profile)[op].nanoseconds += f.nanoseconds;
                }
            }
        }
        return merge();
    }

    // The partials in morsel order into groups_; false when an integer sum could overflow in
    // some order (the serial plan then decides whether it does).
    bool merge() {
        const std::size_t n_keys = agg_.keys.size();
        const std::size_t n_aggs = kinds_.size();
        std::uint64_t magnitude = 0;
        std::vector<Value> key;
        for (Groups& part : partials_) {
            magnitude = saturated_add(magnitude, part.int_magnitude);
            for (std::size_t pg = 0; pg < part.size(); ++pg) {
                key.assign(
                    std::make_move_iterator(part.keys.begin() + std::ptrdiff_t(pg * n_keys)),
                    std::make_move_iterator(part.keys.begin() + std::ptrdiff_t((pg + 1) * n_keys)));
                const std::size_t g =
                    groups_.find(key, part.hashes[pg], part.first_rows[pg], hold_, n_aggs);
                for (std::size_t i = 0; i < n_aggs; ++i) {
                    if (!merge_state(kinds_[i], groups_.states[g * n_aggs + i],
                                     part.states[pg * n_aggs + i]))
                        return false;
                }
            }
            part = Groups();
        }
        if (magnitude > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return false;
        if (groups_.size() == 0 && n_keys == 0) {  // no input: one row, count(*) = 0
            key.clear();
            groups_.find(key, 0, seed_, hold_, n_aggs);
        }
        width_ = 0;
        for (const Row& r : groups_.first_rows)
            width_ = std::max(width_, r.size());
        return true;
    }

    const plan::PlanNode& node_;
    ExecContext& ctx_;
    const plan::AggregateArgs& agg_;
    const ScanPath path_;
    const unsigned workers_;
    const std::vector<InlineKind> kinds_;
    std::vector<bool> counts_nodes_;  // per aggregation: count(DISTINCT scanned node), with a set
    Row seed_;
    CursorPtr serial_;  // set when the serial plan answers
    Groups groups_;     // the merged groups, yielded in order
    RowHold hold_;
    std::size_t width_ = 0;
    std::size_t pos_ = 0;
    bool loaded_ = false;
    // One run: the morsels' id ranges and partials, the workers' profiles, worker failure.
    std::vector<std::pair<NodeId, NodeId>> ranges_;
    std::vector<Groups> partials_;
    std::vector<std::unordered_map<const void*, OperatorProfile>> profiles_;
    std::atomic<bool> failed_{false};
};

}  // namespace

unsigned parallel_workers(const plan::PlanNode& aggregate, const graph::GraphReader& reader,
                          unsigned threads, std::uint64_t min_nodes) {
    if (threads <= 1 || aggregate.kind != plan::Kind::Aggregate) return 1;
    if (dynamic_cast<const graph::GraphWriter*>(&reader) != nullptr) return 1;
    const auto& agg = aggregate.as<plan::AggregateArgs>();
    if (agg.row_key >= 0) return 1;
    const ScanPath path = scan_below(aggregate);
    const plan::PlanNode* scan = path.scan;
    if (scan == nullptr) return 1;
    for (InlineKind kind : inline_kinds(agg, path)) {
        if (kind == InlineKind::None) return 1;
    }
    std::uint64_t nodes = reader.node_count();
    if (scan->kind == plan::Kind::LabelScan) {
        const auto label =
            reader.find_name<graph::NameKind::Label>(scan->as<plan::ScanArgs>().label);
        if (!label) return 1;
        nodes = reader.label_count(*label);
    }
    if (nodes < min_nodes || nodes == 0) return 1;
    const std::uint64_t end = node_id_end(reader);
    const std::uint64_t morsels = std::min(morsels_per_scan, end > 1 ? end - 1 : 1);
    return unsigned(std::min<std::uint64_t>(threads, morsels));
}

std::string parallel_note(const plan::PlanNode& node, const graph::GraphReader& reader,
                          unsigned threads, std::uint64_t min_nodes) {
    const unsigned workers = parallel_workers(node, reader, threads, min_nodes);
    if (workers <= 1) return {};
    return "  [parallel, " + std::to_string(workers) + " workers]";
}

CursorPtr make_parallel_aggregate(const plan::PlanNode& node, ExecContext& ctx) {
    if (!ctx.keeps_records() || ctx.threads <= 1) return nullptr;
    const unsigned workers =
        parallel_workers(node, ctx.reader(), ctx.threads, ctx.parallel_min_nodes);
    if (workers <= 1) return nullptr;
    return std::make_unique<ParallelAggregateCursor>(node, ctx, scan_below(node), workers);
}

}  // namespace caspian::query::exec
