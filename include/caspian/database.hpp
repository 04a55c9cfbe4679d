// The embedding API: open a database, read and write transactions, CRUD on nodes and edges,
// and queries. No LMDB, PEGTL or Boost type appears here. Implementation: query/api/.
//
// Threading: a Database may be shared by threads. A transaction belongs to one thread at a
// time. Any number of read transactions run beside one write transaction; each reader sees
// the snapshot taken when it began. A second write transaction waits for the first to end.
#pragma once

#include <caspian/error.hpp>
#include <caspian/ids.hpp>
#include <caspian/limits.hpp>
#include <caspian/result.hpp>
#include <caspian/value.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian {

namespace detail {
struct DatabaseImpl;
struct DatabaseAccess;
struct TransactionImpl;
class PreparedImpl;
}  // namespace detail

enum class SyncMode {
    Full,        // fsync data and meta pages at every commit (default; survives power loss)
    NoMetaSync,  // skip the meta-page fsync: a crash may lose the last commit, never corrupts
    None,        // no fsync: the OS writes back; a power loss may lose recent commits
};

struct OpenOptions {
    bool read_only = false;
    bool create = true;          // create the directory and the database when absent
    std::uint64_t map_size = 0;  // initial map size in bytes, 0 for the default; grows as needed
    SyncMode sync = SyncMode::Full;
    // The default bounds of every statement (caspian/limits.hpp); QueryOptions overrides them
    // per call. Past one a statement ends with Error{Resource} naming it and writes nothing.
    // Rows its operators hold at once ("... exceeded the limit of N rows held in memory").
    std::uint64_t max_rows_in_memory = default_max_rows_in_memory;
    // Bytes of values and rows it holds; unset: default_max_memory_bytes(). 0: no limit.
    std::optional<std::uint64_t> max_memory_bytes = {};
    // Wall-clock time from its start to its last row. 0: no limit.
    std::chrono::milliseconds statement_timeout{0};
    // How long a write (a writing statement, begin_write, update, an import) waits for the
    // write transaction of another process or thread to end. Past it the write throws
    // Error{Resource} ("the database is busy: ...") and writes nothing. Unset: as long as it
    // takes. Reads never wait for a writer (docs/durability.md).
    std::optional<std::chrono::milliseconds> busy_timeout = {};
    // Called once by a write that has waited 1 s for another process's writer, from the waiting
    // thread, with that process's id (0 when it cannot be had). The CLI prints
    // "waiting for another writer (pid N)…".
    std::function<void(std::int64_t pid)> on_busy = {};
    // Issue #20: worker threads of a read statement's aggregate over every node or a whole
    // label (count/sum/avg/min/max; docs/performance.md), each with its own read transaction on
    // the statement's snapshot. 0: the machine's cores; 1: every statement on the caller's
    // thread. Scans of fewer than parallel_min_nodes nodes stay on the caller's thread.
    unsigned threads = 0;
    std::uint64_t parallel_min_nodes = default_parallel_min_nodes;
};

// Options of one statement. Each bound left unset is the database's (OpenOptions).
struct QueryOptions {
    // Setting *cancel (from any thread or a signal handler) stops the statement at its next row
    // with Error{Usage} "the statement was cancelled".
    std::atomic<bool>* cancel = nullptr;
    std::optional<std::chrono::milliseconds> timeout = {};  // 0: none
    std::optional<std::uint64_t> max_memory_bytes = {};     // 0: none
    std::optional<std::uint64_t> max_rows_in_memory = {};   // 0: none
};

enum class DeleteMode { Restrict, Detach };  // Detach also deletes the node's edges

struct Counts {
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::vector<std::pair<std::string, std::uint64_t>> labels;      // nodes per label
    std::vector<std::pair<std::string, std::uint64_t>> edge_types;  // edges per type
};

// A statement parsed once, to run many times with different parameters. Its plan is
// made at the first run and kept while the database's indexes and constraints are unchanged
// (and its node and edge counts within a factor of two); parameters are bound at each run, never
// planned with. A small handle to a shared, immutable statement: copy it freely, use it from any
// thread and with any Database (another database's run plans it afresh).
class PreparedStatement {
public:
    [[nodiscard]] const std::string& text() const noexcept;

private:
    explicit PreparedStatement(std::shared_ptr<const detail::PreparedImpl> impl);
    std::shared_ptr<const detail::PreparedImpl> impl_;
    friend class Database;
    friend class Transaction;
};

// Read operations shared by read and write transactions. Every function throws Error{Storage}
// when LMDB fails and Error{Corrupt} when stored bytes do not decode. Values returned are copies.
class Transaction {
public:
    // A moved-from transaction may only be destroyed or assigned to.
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) noexcept;
    virtual ~Transaction();

    [[nodiscard]] std::optional<Node> node(NodeId id) const;
    [[nodiscard]] std::optional<Edge> edge(EdgeId id) const;
    // The node whose `key` property equals key (the unique key index).
    [[nodiscard]] std::optional<NodeId> find_node(std::string_view key) const;
    // Calls visit for each node carrying label, in id order, until visit returns false.
    void scan_label(std::string_view label, const std::function<bool(NodeId)>& visit) const;
    // Calls visit for each node in id order until visit returns false.
    void scan_nodes(const std::function<bool(NodeId)>& visit) const;
    // The edges of a node in one direction, optionally of one type; Both lists out-edges first.
    [[nodiscard]] std::vector<Edge> edges(NodeId id, Direction dir,
                                          std::optional<std::string_view> type = {}) const;
    [[nodiscard]] std::uint64_t degree(NodeId id, Direction dir,
                                       std::optional<std::string_view> type = {}) const;
    // Counts kept up to date by every write: reading them costs no scan.
    [[nodiscard]] Counts counts() const;

    // Runs a statement in this transaction (the query engine). Throws Error with a
    // SourceSpan into text for syntax, semantic and type errors. The result reads from this
    // transaction: consume it before the transaction commits, rolls back or is destroyed
    // (reading it afterwards is undefined behaviour). Setting *cancel (from any thread or a signal
    // handler) stops the statement at its next row with Error{Usage} "the statement was cancelled".
    Result query(std::string_view text, const Params& params = {},
                 std::atomic<bool>* cancel = nullptr);
    // The same for a prepared statement. Throws as query(text) does, except syntax errors.
    Result query(const PreparedStatement& statement, const Params& params = {},
                 std::atomic<bool>* cancel = nullptr);
    // The same with the statement's own bounds (Error{Resource} past one).
    Result query(std::string_view text, const Params& params, const QueryOptions& options);
    Result query(const PreparedStatement& statement, const Params& params,
                 const QueryOptions& options);
    // As Database::prepare.
    [[nodiscard]] PreparedStatement prepare(std::string_view text) const;

protected:
    explicit Transaction(std::unique_ptr<detail::TransactionImpl> impl);
    std::unique_ptr<detail::TransactionImpl> impl_;
    friend class Database;
};

class ReadTransaction : public Transaction {
    using Transaction::Transaction;
    friend class Database;
};

// Rolls back unless commit() runs. Mutations throw Error{Constraint} for a broken rule (an
// unknown node or edge, a duplicate key, deleting a node that has edges without Detach) and
// Error{Type} for a value that cannot be stored; the transaction stays usable after them.
class WriteTransaction : public Transaction {
public:
    NodeId create_node(const std::vector<std::string>& labels, const Properties& properties = {});
    EdgeId create_edge(NodeId src, std::string_view type, NodeId dst,
                       const Properties& properties = {});
    // Sets a property; a null value removes it. The property `key` must be a string, unique.
    void set_property(NodeId id, std::string_view name, const Value& value);
    void set_property(EdgeId id, std::string_view name, const Value& value);
    void add_label(NodeId id, std::string_view label);
    void remove_label(NodeId id, std::string_view label);
    void delete_node(NodeId id, DeleteMode mode = DeleteMode::Restrict);
    void delete_edge(EdgeId id);
    // Makes every change durable (per SyncMode) and visible to transactions that begin later.
    void commit();

private:
    using Transaction::Transaction;
    friend class Database;
};

class Database {
public:
    // Opens (and with options.create, creates) the database in directory path. Opening an
    // existing database writes nothing and never waits for a writer; a new one (or one whose
    // creation was interrupted) is initialised by a write here, which waits as writes do.
    // Throws Error{Usage} when path is not a caspian database, holds a newer format version,
    // or cannot be created; Error{Storage} when LMDB fails.
    static Database open(const std::filesystem::path& path, const OpenOptions& options = {});

    // A moved-from Database may only be destroyed or assigned to.
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    [[nodiscard]] ReadTransaction begin_read() const;
    // Waits while another write transaction of this database is open, in this process or
    // another, up to OpenOptions::busy_timeout (then Error{Resource}).
    [[nodiscard]] WriteTransaction begin_write();

    // Runs fn in a write transaction and commits it. When the map fills up, the transaction is
    // rolled back, the map grown and fn run again: fn must not have effects outside txn.
    void update(const std::function<void(WriteTransaction&)>& fn);

    // One statement in its own transaction. A reading statement streams its rows from a read
    // transaction that lives as long as the Result. A writing statement runs to its end and is
    // committed before query returns (its rows are held in memory), so the Result only replays
    // them; on any error nothing is written. See Transaction::query.
    // Statements are kept parsed, and their plans cached, by text (the last
    // statement_cache_capacity distinct texts): repeating a text skips parsing and planning.
    Result query(std::string_view text, const Params& params = {},
                 std::atomic<bool>* cancel = nullptr);
    // Parses text once (Error{Syntax} with a SourceSpan into text); see PreparedStatement.
    [[nodiscard]] PreparedStatement prepare(std::string_view text) const;
    Result query(const PreparedStatement& statement, const Params& params = {},
                 std::atomic<bool>* cancel = nullptr);
    // The same with the statement's own bounds (Error{Resource} past one).
    Result query(std::string_view text, const Params& params, const QueryOptions& options);
    Result query(const PreparedStatement& statement, const Params& params,
                 const QueryOptions& options);
    static constexpr std::size_t statement_cache_capacity = 256;

    [[nodiscard]] const std::filesystem::path& path() const noexcept;
    [[nodiscard]] bool is_read_only() const noexcept;

private:
    explicit Database(std::shared_ptr<detail::DatabaseImpl> impl);
    std::shared_ptr<detail::DatabaseImpl> impl_;
    friend struct detail::DatabaseAccess;  // the engine's tools (query/api/database_impl.hpp)
};

}  // namespace caspian
