// LMDB handles: the environment of one database directory, its named tables, read and write
// transactions and cursors, each owned by an RAII wrapper. Knows bytes, not graphs.
#pragma once

#include <caspian/error.hpp>

#include "storage/writer_lock.hpp"

#include <lmdb.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::storage {

// Version of the on-disk layout (docs/storage-format.md). Bump on any incompatible change.
// 2 (issue #16): property indexes hold durations. A version 1 database opens as it is; its first
// write transaction adds the missing index entries and the version (graph::GraphWriter).
// 4 (issue #20): 16-byte adjacency entries (48-bit ids) and varint edge record headers; a
// version 3 database reads as it is and its first write transaction rewrites both.
// 5 (issue #20): edge records packed in blocks of 32 ids (storage/edge_block.hpp); a version 4
// (or older) database reads as it is and its first write transaction packs them.
// 6 (issue #20): adjacency in packed chunks (`out_adj`, `in_adj`, graph/adj_chunk.hpp) instead of
// one DUPSORT duplicate per edge end; a version 5 (or older) database reads its `out_edges` and
// `in_edges` as they are, and its first write transaction packs and empties them.
inline constexpr std::uint32_t format_version = 7;
inline constexpr std::string_view format_version_key = "format_version";   // in `meta`, BE u32
inline constexpr std::uint64_t default_map_size = std::uint64_t{8} << 30;  // virtual, not disk
inline constexpr std::size_t max_key_size = 511;                           // LMDB's default

// Throws Error{Storage} naming the call and LMDB's message unless rc is MDB_SUCCESS.
void check(int rc, const char* what);

// Thrown when a write does not fit in the map. Database::update rolls back, grows the map and
// runs the transaction again; everywhere else it is an ordinary Error{Storage}.
class MapFull : public Error {
public:
    explicit MapFull(const std::string& message) : Error(ErrorKind::Storage, message) {}
};

// The named sub-databases (docs/storage-format.md draws their key layouts).
struct Tables {
    MDB_dbi meta;         // string -> bytes: format version, id counters
    MDB_dbi names;        // kind byte + name -> BE u32 dictionary id
    MDB_dbi ids;          // kind byte + BE u32 id -> name
    MDB_dbi nodes;        // u64 node id (INTEGERKEY) -> node record
    MDB_dbi edges;        // u64 edge id (INTEGERKEY) -> edge record
    MDB_dbi out_edges;    // format versions 1-5: u64 node id -> dups of BE (type, target, edge)
    MDB_dbi in_edges;     // format versions 1-5: u64 node id -> dups of BE (type, source, edge)
    MDB_dbi label_index;  // u32 label id (INTEGERKEY) -> dups of u64 node id (INTEGERDUP)
    MDB_dbi key_index;    // key string -> u64 node id
    MDB_dbi prop_index;   // BE u32 label + BE u32 property + ordered value -> dups of u64 node id
    MDB_dbi index_list;   // BE u32 label + BE u32 property -> empty: the property indexes
    MDB_dbi stats;        // kind byte + BE u32 id -> u64 count
    MDB_dbi fulltext;     // entry byte + ...: full-text indexes (docs/storage-format.md)
    // False only in a read-only Env of a version 2 database, which lacks `fulltext` (it then
    // has no full-text indexes); every read-write Env creates the table.
    bool has_fulltext = false;
    MDB_dbi name_index;  // folded name + 00 + source byte + BE u48 node id -> empty (names.md)
    // False only in a read-only Env of a database no build with the name index wrote to: it
    // is then read by scanning the nodes (graph/name_index.hpp).
    bool has_name_index = false;
    MDB_dbi vector;           // entry byte + ...: vector indexes, HNSW (docs/storage-format.md)
    bool has_vector = false;  // as has_fulltext: false only read-only, before issue #17
    // Format version 6: BE u48 node + first entry -> packed chunk of entries (adj_chunk.hpp).
    MDB_dbi out_adj;
    MDB_dbi in_adj;
    bool has_adj_chunks = false;  // as has_fulltext: false only read-only, before version 6
};

// One table's B-tree as LMDB counts it (mdb_stat). Pages of the sub-databases LMDB makes for a
// key with more than a page of duplicates are not counted (LMDB keeps them there); their
// entries are.
struct TableStats {
    std::string name;           // as docs/storage-format.md names the table
    std::uint64_t entries = 0;  // key/value pairs, each duplicate counted
    std::uint32_t depth = 0;
    std::uint64_t branch_pages = 0;
    std::uint64_t leaf_pages = 0;
    std::uint64_t overflow_pages = 0;
    // Filled by a scan only (table_stats(true)): the bytes of the keys, each key once however
    // many duplicates it has, and of the values, each duplicate counted.
    std::uint64_t key_bytes = 0;
    std::uint64_t value_bytes = 0;
};

enum class Sync { Full, NoMetaSync, None };

struct EnvOptions {
    bool read_only = false;
    bool create = true;
    std::uint64_t map_size = 0;  // 0: default_map_size
    Sync sync = Sync::Full;
    // How the write that initialises a new or incomplete database at open waits (issue #22);
    // opening a complete database writes nothing and waits for no writer.
    WriterWait writer_wait = {};
};

// One Env per database directory per process (LMDB's rule), shared by all threads.
class Env {
public:
    // Throws Error{Usage} when path is not a caspian database (or is of a newer format), cannot
    // be created, or is already open in this process with incompatible options; Error{Corrupt}
    // when data.mdb is shorter than its meta pages say or a page open reads is damaged
    // (storage/page_check.hpp).
    static std::shared_ptr<Env> open(const std::filesystem::path& path, const EnvOptions& options);
    ~Env();
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;

    MDB_env* get() const noexcept { return env_; }
    const Tables& tables() const noexcept { return tables_; }
    bool is_read_only() const noexcept { return read_only_; }
    const std::filesystem::path& path() const noexcept { return path_; }
    std::uint64_t map_size() const;
    // Bytes of the map in use (the last page written), for growth decisions and `stats`.
    std::uint64_t used_bytes() const;

    // Bytes per page of the map.
    std::uint32_t page_size() const;
    // Every table's B-tree figures, in storage-format order, as of one read transaction of its
    // own; with scan, also the bytes of keys and values (reading every entry). Throws
    // Error{Storage} when LMDB fails.
    [[nodiscard]] std::vector<TableStats> table_stats(bool scan = false);
    // A consistent, compacted copy (mdb_env_copy2 with MDB_CP_COMPACT) into dest, an existing
    // empty directory. Readers and writers may go on meanwhile. Throws Error{Storage}.
    void copy_compacted(const std::filesystem::path& dest) const;

    // Doubles the map (or more, to hold min_size). Waits up to a few seconds for this
    // process's open transactions to end; throws Error{Storage} if they do not.
    void grow_map(std::uint64_t min_size = 0);

    // Held shared by every open transaction, exclusively by grow_map (LMDB forbids resizing
    // while a transaction of this process is open).
    std::shared_timed_mutex& resize_lock() noexcept { return resize_lock_; }
    // Serialises writers in this process before the file lock and LMDB's own writer lock.
    std::timed_mutex& writer_lock() noexcept { return writer_lock_; }
    // The writer lock between processes; null for a read-only Env.
    WriterFileLock* writer_file_lock() noexcept { return writer_file_lock_.get(); }

    // LMDB assertions failed so far (a damaged page; they throw Error{Corrupt}, see env.cpp).
    std::uint64_t assertions() const noexcept { return assertions_.load(); }
    void count_assertion() noexcept { ++assertions_; }
    // A write transaction interrupted by an assertion cannot be aborted safely (its dirty pages
    // may be half linked): it is abandoned with LMDB's writer lock, so this Env refuses writes
    // and is never closed (docs/durability.md).
    void abandon_writer() noexcept;
    bool is_writer_abandoned() const noexcept { return writer_abandoned_.load(); }

private:
    Env() = default;
    void open_tables(bool has_data, const WriterWait& wait);
    // Opens every table in one transaction; false when a read transaction finds the database
    // new or incomplete (it needs a write: read-write Envs only).
    bool open_tables_in(bool write, bool create);
    // Throws Error{Corrupt} when a page of the catalog or of the meta table is damaged.
    void verify_catalog();
    MDB_env* env_ = nullptr;
    Tables tables_{};
    bool read_only_ = false;
    std::filesystem::path path_;
    std::shared_timed_mutex resize_lock_;
    std::timed_mutex writer_lock_;
    std::unique_ptr<WriterFileLock> writer_file_lock_;  // closed after mdb_env_close
    std::atomic<std::uint64_t> assertions_{0};
    std::atomic<bool> writer_abandoned_{false};
};

// A transaction; ReadTxn and WriteTxn add the begin/commit rules. Not thread-safe.
class Txn {
public:
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;
    MDB_txn* get() const noexcept { return txn_; }
    Env& env() const noexcept { return *env_; }
    const Tables& tables() const noexcept { return env_->tables(); }
    bool is_writable() const noexcept { return writable_; }
    // The last committed transaction this one sees: two read transactions of one Env with the
    // same id see the same data (mdb_txn_id).
    std::uint64_t snapshot_id() const noexcept;

    // Bytes stored under key, valid until the transaction ends or the next write.
    [[nodiscard]] std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) const;
    // The key/value pairs of a table as this transaction sees them (mdb_stat; O(1)).
    [[nodiscard]] std::uint64_t entries(MDB_dbi dbi) const;

protected:
    Txn(Env& env, bool writable);
    ~Txn();
    Env* env_;
    MDB_txn* txn_ = nullptr;
    bool writable_;
    std::shared_lock<std::shared_timed_mutex> resize_guard_;
};

class ReadTxn : public Txn {
public:
    explicit ReadTxn(Env& env);
    ~ReadTxn();
};

// Rolls back unless committed. Cursors opened in it must already be closed at commit.
class WriteTxn : public Txn {
public:
    // Waits for the writers of this process and of others as wait says: Error{Resource} past
    // its timeout, with nothing written.
    explicit WriteTxn(Env& env, const WriterWait& wait = {});
    // A nested transaction: its commit merges into parent, its abort undoes only its own
    // writes (one statement inside a longer transaction). parent must not be used meanwhile.
    explicit WriteTxn(WriteTxn& parent);
    ~WriteTxn();
    void put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
    // False when the key (or the key/value pair of a DUPSORT table) was absent.
    bool del(MDB_dbi dbi, std::string_view key, std::optional<std::string_view> value = {});
    // Deletes every entry of dbi (mdb_drop, the table kept): its pages are freed without being
    // read into memory.
    void clear(MDB_dbi dbi);
    void commit();
    void abort() noexcept;
    bool is_open() const noexcept { return txn_ != nullptr; }
    // Commits, then begins the next transaction in this object keeping the writer locks of this
    // process and between processes, so that no other writer runs in between (CALL { } IN
    // TRANSACTIONS, issue #16); readers see the commit. Top-level transactions only; cursors
    // must be closed as for commit(). The map grows first when more than half full. Throws as
    // commit() and the constructor do; after a throw the transaction is closed and the locks
    // are given up.
    void commit_and_continue();
    // Rolls back, grows the map (doubling it at least) and begins again keeping the locks: a
    // batch that did not fit (MapFull) runs again alone. Throws as commit_and_continue().
    void rollback_and_continue();

private:
    // Throws Error{Internal} unless this is an open top-level transaction.
    void require_top_level() const;
    // Begins the next top-level transaction after the last one ended, locks still held.
    void continue_writing(bool must_grow);
    // LMDB's commit of txn (taken from txn_); the writer locks are kept.
    int commit_handle(MDB_txn* txn);
    // Gives up the writer locks once LMDB's transaction is gone (an abandoned writer keeps the
    // file lock, as it keeps LMDB's).
    void unlock_writer() noexcept;
    std::unique_lock<std::timed_mutex> writer_guard_;
    bool holds_file_lock_ = false;
    bool nested_ = false;
    std::uint64_t assertions_at_begin_ = 0;
};

// A cursor within a transaction's scope; closed on destruction (before commit for writers).
class Cursor {
public:
    Cursor(const Txn& txn, MDB_dbi dbi);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    MDB_cursor* get() const noexcept { return cursor_; }

    // Positions with op; false at MDB_NOTFOUND. key/value (when given) are read or written
    // as LMDB's op defines.
    bool move(MDB_cursor_op op, MDB_val* key, MDB_val* value);
    std::uint64_t count_dups() const;
    // Writes key/value with LMDB's put flags (MDB_APPEND, MDB_APPENDDUP, ...); mdb_cursor_put
    // leaves the cursor at the new entry.
    void put(std::string_view key, std::string_view value, unsigned flags = 0);
    // Writes count duplicates of key, each item_size bytes, from items in one call
    // (MDB_MULTIPLE, DUPFIXED tables only); flags are added to MDB_MULTIPLE.
    void put_multiple(std::string_view key, const void* items, std::size_t item_size,
                      std::size_t count, unsigned flags = 0);

private:
    MDB_cursor* cursor_ = nullptr;
};

// Calls fn(key, value) for each entry of dbi whose key starts with prefix, in key order, until fn
// returns false. The views live until the next write: fn copies what it keeps and writes nothing.
void for_each_with_prefix(const Txn& txn, MDB_dbi dbi, std::string_view prefix,
                          const std::function<bool(std::string_view, std::string_view)>& fn);

inline MDB_val as_val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view as_view(const MDB_val& v) {
    return {static_cast<const char*>(v.mv_data), v.mv_size};
}

}  // namespace caspian::storage
