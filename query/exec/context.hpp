// What a running statement shares: the transaction's graph, parameters, update counts and
// caches of dictionary lookups. One per run; not thread-safe.
#pragma once

#include "graph/graph_store.hpp"
#include "graph/interrupt.hpp"
#include "storage/writer_lock.hpp"

#include <caspian/error.hpp>
#include <caspian/limits.hpp>
#include <caspian/result.hpp>
#include <caspian/value.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace caspian::query::exec {

using Row = std::vector<Value>;

// How CALL { } IN TRANSACTIONS commits its batches (issue #16): the top-level transaction of a
// statement that runs in a transaction of its own, renewed after each batch. Absent inside a
// caller's transaction, where such a statement is refused.
struct BatchCommit {
    storage::WriteTxn* txn = nullptr;
    std::uint64_t committed = 0;  // batches committed so far: the statement cannot run again
};

// What a statement runs under: its bounds and the caller's cancel flag (may be null).
struct RunOptions {
    std::atomic<bool>* cancel = nullptr;
    StatementLimits limits;
    // How a statement that commits on its own waits for another writer; null: as long as it
    // takes, silently. Points into the Database, which outlives the statement.
    const storage::WriterWait* writer_wait = nullptr;
    BatchCommit* batches = nullptr;  // set by the statement's own transaction (query/api)
    // Issue #20: worker threads of a parallel whole-graph aggregate (1: serial), and the nodes
    // a scan must have for its statement to use them (smaller scans stay on the caller's thread).
    unsigned threads = 1;
    std::uint64_t parallel_min_nodes = default_parallel_min_nodes;
};

// PROFILE's figures for one plan operator: rows it produced, time inside it (its inputs
// included).
struct OperatorProfile {
    std::uint64_t rows = 0;
    std::uint64_t nanoseconds = 0;
};

class ExecContext {
public:
    ExecContext(const graph::GraphReader& reader, graph::GraphWriter* writer, const Params& params)
        : reader_(reader),
          writer_(writer),
          params_(params),
          read_only_(writer == nullptr &&
                     dynamic_cast<const graph::GraphWriter*>(&reader) == nullptr) {}

    const graph::GraphReader& reader() const noexcept { return reader_; }
    // Throws Error{Usage} in a read-only transaction.
    graph::GraphWriter& writer();
    bool can_write() const noexcept { return writer_ != nullptr; }

    const Value* param(std::string_view name) const;
    const Params& params() const noexcept { return params_; }
    UpdateCounts& counts() noexcept { return counts_; }

    // Dictionary ids by name (find<graph::NameKind::Label> gives a LabelId); nullopt for a
    // name never stored (then nothing matches it). Defined for the three kinds in context.cpp.
    template <graph::NameKind Kind>
    std::optional<graph::NameId<Kind>> find(std::string_view name);
    template <graph::NameKind Kind>
    graph::NameId<Kind> intern(std::string_view name);
    // The reference stays valid as long as the context (Expand keeps it across rows).
    template <graph::NameKind Kind>
    const std::string& name(graph::NameId<Kind> id);

    // Nodes and edges inside rows are references: a Node with its id only, an Edge with id,
    // type, source and target. These read the rest from the transaction.
    Value node_ref(NodeId id) const;
    Value edge_ref(EdgeId id, graph::TypeId type, NodeId src, NodeId dst);
    Value node_property(NodeId id, std::string_view key);
    // The same by dictionary id, for callers that resolved the name once.
    Value node_property(NodeId id, graph::PropertyId property);
    // A scan hands over the record it just read, so the row's property reads need no second
    // B-tree lookup (issue #8). Kept only in a read-only transaction, where the view stays
    // valid; returns whether it was kept.
    bool remember_node(NodeId id, std::string_view bytes) {
        if (!read_only_) return false;
        cached_node_ = id;
        cached_bytes_ = bytes;
        return true;
    }
    bool keeps_records() const noexcept { return read_only_; }
    Value edge_property(EdgeId id, std::string_view key);
    Node load_node(NodeId id);
    Edge load_edge(EdgeId id);
    // Replaces references in v (nested in lists, maps and paths too) by loaded values.
    Value materialize(const Value& v);
    bool node_exists(NodeId id) const { return reader_.has_node(id); }

    // Takes the statement's bounds; its timeout counts from this call.
    void apply(const RunOptions& options);

    // Set from another thread to stop the statement at its next row (Error{Usage} "cancelled").
    std::atomic<bool>* cancel = nullptr;
    // Past it, check_cancel throws Error{Resource} (issue #15: the statement timeout).
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::chrono::milliseconds timeout{0};  // the bound the deadline came from, for the message
    // Operators call it for every row they read or make, and inside long loops of their own
    // (a few ns: an atomic load and a coarse clock read; InterruptPoll counts for tighter ones).
    void check_cancel() const { interrupt().check(); }
    // The cancel flag and the deadline, for the graph layer's traversals and algorithms.
    graph::Interrupt interrupt() const noexcept { return {cancel, deadline, timeout}; }

    // Issue #9: rows the statement's materialising operators hold at once, against a limit
    // (0: none). hold_rows throws Error{Resource} when n more would pass it; see RowHold.
    std::uint64_t max_rows_in_memory = default_max_rows_in_memory;
    void hold_rows(std::uint64_t n);
    void release_rows(std::uint64_t n) noexcept { rows_held_ -= n; }
    // Issue #15: bytes of values the statement holds, against a limit (0: none). Operators
    // that keep rows hold their bytes (RowHold); expressions call check_bytes with the size a
    // value would have *before* building it, so a runaway string or list stops at the limit.
    std::uint64_t max_memory_bytes = 0;
    void check_bytes(std::uint64_t n) const;
    void hold_bytes(std::uint64_t n);
    void release_bytes(std::uint64_t n) noexcept { bytes_held_ -= n; }

    // Where CALL { } IN TRANSACTIONS commits; null: nowhere (a read statement, or a caller's
    // transaction).
    BatchCommit* batches = nullptr;
    // Drops the cached ids of names: after a rollback they may name entries that are gone.
    // (Names by id stay: name() hands out references to them, and a rolled-back id is only
    // ever given again to the same name by the batch that runs again.)
    void forget_names() {
        ids_.clear();
        property_ids_.clear();
    }

    // Issue #20 (exec/parallel_aggregate.cpp): the worker count and size threshold of parallel
    // aggregates; in a worker's own context, the one scan it runs and the ids [first, second)
    // of the morsel that scan reads at its next open.
    unsigned threads = 1;
    std::uint64_t parallel_min_nodes = default_parallel_min_nodes;
    const void* morsel_scan = nullptr;
    std::pair<NodeId, NodeId> morsel{NodeId{1}, NodeId{1}};
    // The hash joins between that scan and the aggregate: their build sides read no morsel, so
    // each is built once per worker, not once per morsel.
    std::vector<const void*> morsel_joins;

    // Set by PROFILE: every operator opened then records its figures here, keyed by plan node.
    std::unordered_map<const void*, OperatorProfile>* profile = nullptr;

private:
    const graph::GraphReader& reader_;
    graph::GraphWriter* writer_;
    const Params& params_;
    UpdateCounts counts_;
    std::uint64_t rows_held_ = 0;
    std::uint64_t bytes_held_ = 0;
    // Keyed by graph::name_key (kind byte, name); raw ids, as the kind is in the key.
    std::unordered_map<std::string, std::optional<std::uint32_t>> ids_;
    std::unordered_map<std::uint64_t, std::string> names_;
    // In a read transaction stored bytes stay put, so node_property keeps the last node's
    // record: n.a, n.b on one row, or n.key on each of n's edges, cost one lookup (issue #8).
    const bool read_only_;
    NodeId cached_node_;  // NodeId{0}: none (node ids start at 1)
    std::optional<std::string_view> cached_bytes_;
    // The few property names a statement reads, searched before the general dictionary cache
    // (which builds a key string per call).
    std::vector<std::pair<std::string, graph::PropertyId>> property_ids_;
    std::optional<graph::PropertyId> property_id(std::string_view key);
};

// What std::bad_alloc becomes at the statement boundary (query/api): the same resource error
// as the budget's, naming the limit (0: none) the process ran out before reaching.
Error out_of_memory(std::uint64_t max_memory_bytes);

// About how many bytes v occupies, nested values included: what the memory budget counts.
std::uint64_t value_bytes(const Value& v) noexcept;
std::uint64_t row_bytes(const Row& row) noexcept;

// The rows one operator holds against its statement's limits: add() as it buffers a row (its
// bytes counted when given), reset() when it drops them (at open and at destruction).
class RowHold {
public:
    explicit RowHold(ExecContext& ctx) : ctx_(ctx) {}
    ~RowHold() { reset(); }
    RowHold(const RowHold&) = delete;
    RowHold& operator=(const RowHold&) = delete;
    void add(std::uint64_t n = 1, std::uint64_t bytes = 0) {
        ctx_.hold_rows(n);
        held_ += n;
        ctx_.hold_bytes(bytes);
        bytes_ += bytes;
    }
    void add(const Row& row) { add(1, row_bytes(row)); }
    void reset() noexcept {
        ctx_.release_rows(held_);
        ctx_.release_bytes(bytes_);
        held_ = 0;
        bytes_ = 0;
    }

private:
    ExecContext& ctx_;
    std::uint64_t held_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace caspian::query::exec
