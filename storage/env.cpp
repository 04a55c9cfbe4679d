// LMDB environment, transactions and cursors (see env.hpp).
#include "storage/env.hpp"

#include "storage/bytes.hpp"
#include "storage/fault.hpp"
#include "storage/page_check.hpp"

#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace caspian::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view magic_key = "caspian";
constexpr unsigned max_tables = 32;

std::string lmdb_message(int rc, const char* what) {
    return std::string(what) + " failed: " + mdb_strerror(rc);
}

// Process-wide registry: LMDB must not open one environment twice in a process.
std::mutex registry_mutex;
std::map<fs::path, std::weak_ptr<Env>>& registry() {
    static std::map<fs::path, std::weak_ptr<Env>> envs;
    return envs;
}

// Runs one fallible LMDB call, unless a test injects its failure (fault.hpp).
template <typename F>
int lmdb(const char* call, F&& f) {
    if (const int rc = fault::inject(call)) return rc;
    return f();
}

// True when the main database holds no entry: not even one named table.
bool is_empty_environment(MDB_txn* txn) {
    MDB_dbi main_dbi;
    MDB_stat stat;
    return mdb_dbi_open(txn, nullptr, 0, &main_dbi) == MDB_SUCCESS &&
           mdb_stat(txn, main_dbi, &stat) == MDB_SUCCESS && stat.ms_entries == 0;
}

// LMDB calls this when one of its internal assertions fails, which a damaged page can make
// happen, and aborts the process if it returns. It throws instead: liblmdb is built with unwind
// tables (.eh_frame, the amd64 ABI default), so the exception unwinds through mdb.c's frames,
// which hold no C++ objects. The transaction is left mid-operation: a read transaction is
// aborted as usual (that only frees its reader slot), a write transaction is abandoned, since
// aborting it may free half-linked dirty pages (WriteTxn::abort). Nothing reaches the file
// either way. docs/durability.md, issue #15.
void throw_on_assert(MDB_env* lmdb_env, const char* message) {
    if (auto* env = static_cast<Env*>(mdb_env_get_userctx(lmdb_env))) env->count_assertion();
    throw Error(ErrorKind::Corrupt, std::string("the database file is damaged: LMDB found an "
                                                "impossible page (") +
                                        message + "); run `caspian check` on it");
}

}  // namespace

void check(int rc, const char* what) {
    if (rc == MDB_SUCCESS) return;
    if (rc == MDB_MAP_FULL) {
        throw MapFull(lmdb_message(rc, what) +
                      " (the map grows at the next write transaction: run this one again)");
    }
    if (rc == ENOSPC || rc == EDQUOT || rc == EFBIG) {
        throw Error(ErrorKind::Storage, lmdb_message(rc, what) +
                                            " (out of disk space or over the file size limit: "
                                            "nothing of this transaction was kept; free some "
                                            "space, then run it again)");
    }
    if (rc == EIO) {
        // LMDB also reports a short write, which is how a full disk often shows, as EIO.
        throw Error(ErrorKind::Storage, lmdb_message(rc, what) +
                                            " (a write to the disk failed: it may be full or "
                                            "failing; nothing of this transaction was kept; free "
                                            "some space or check the disk, then run it again)");
    }
    throw Error(ErrorKind::Storage, lmdb_message(rc, what));
}

std::shared_ptr<Env> Env::open(const fs::path& path, const EnvOptions& options) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists && !fs::is_directory(path, ec)) {
        throw Error(ErrorKind::Usage, "'" + path.string() + "' is not a caspian database: " +
                                          "it is a file, and a database is a directory");
    }
    const bool has_data = exists && fs::exists(path / "data.mdb", ec);
    if (!has_data) {
        if (exists && !fs::is_empty(path, ec)) {
            throw Error(ErrorKind::Usage, "'" + path.string() +
                                              "' is not a caspian database: the directory "
                                              "holds other files and no data.mdb");
        }
        if (options.read_only || !options.create) {
            throw Error(ErrorKind::Usage, "no caspian database at '" + path.string() + "'");
        }
        fs::create_directories(path, ec);
        if (ec) {
            throw Error(ErrorKind::Usage, "cannot create database directory '" + path.string() +
                                              "': " + ec.message());
        }
    }
    const fs::path canonical = fs::weakly_canonical(path);

    std::lock_guard lock(registry_mutex);
    if (auto existing = registry()[canonical].lock()) {
        if (existing->read_only_ && !options.read_only) {
            throw Error(ErrorKind::Usage,
                        "'" + path.string() + "' is already open read-only in this process");
        }
        return existing;
    }

    auto env = std::shared_ptr<Env>(new Env());
    env->path_ = path;
    env->read_only_ = options.read_only;
    const std::uint64_t map = options.map_size != 0 ? options.map_size : default_map_size;
    auto open_lmdb = [&](unsigned flags) {
        if (env->env_ != nullptr) mdb_env_close(std::exchange(env->env_, nullptr));
        check(mdb_env_create(&env->env_), "mdb_env_create");
        check(mdb_env_set_userctx(env->env_, env.get()), "mdb_env_set_userctx");
        check(mdb_env_set_assert(env->env_, &throw_on_assert), "mdb_env_set_assert");
        check(mdb_env_set_maxdbs(env->env_, max_tables), "mdb_env_set_maxdbs");
        check(mdb_env_set_maxreaders(env->env_, 256), "mdb_env_set_maxreaders");
        check(mdb_env_set_mapsize(env->env_, map), "mdb_env_set_mapsize");
        return mdb_env_open(env->env_, path.c_str(), flags, 0644);
    };
    // NOTLS: read transactions are objects, not thread-bound, and a thread may hold several.
    unsigned flags = MDB_NOTLS;
    if (options.read_only) flags |= MDB_RDONLY;
    if (options.sync == Sync::NoMetaSync) flags |= MDB_NOMETASYNC;
    if (options.sync == Sync::None) flags |= MDB_NOSYNC;
    // A data file shorter than its meta pages say would raise SIGBUS when LMDB reads the map.
    if (has_data) verify_data_file(path / "data.mdb");
    int rc = open_lmdb(flags);
    if (rc == EACCES && options.read_only) {
        // A read-only copy (lock.mdb not writable for us): read without LMDB's lock table, as
        // LMDB does by itself on a read-only file system. docs/durability.md says the risk.
        rc = open_lmdb(flags | MDB_NOLOCK);
    }
    if (rc != MDB_SUCCESS) {
        if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
            throw Error(ErrorKind::Usage, "'" + path.string() + "' is not a caspian database (" +
                                              mdb_strerror(rc) + ")");
        }
        if ((rc == EACCES || rc == EPERM || rc == EROFS) && !options.read_only) {
            throw Error(ErrorKind::Usage, "cannot open database '" + path.string() +
                                              "' for writing: " + mdb_strerror(rc) +
                                              (rc == EROFS ? " (open it read-only, or mount its "
                                                             "file system read-write)"
                                                           : " (open it read-only, or make the "
                                                             "directory and its files writable)"));
        }
        throw Error(ErrorKind::Storage,
                    "cannot open database '" + path.string() + "': " + mdb_strerror(rc));
    }
    // Reader slots of killed processes would pin the pages of their snapshots forever.
    int stale = 0;
    check(mdb_reader_check(env->env_, &stale), "mdb_reader_check");
    // An existing map larger than ours (grown earlier) is adopted by LMDB at open.
    // The catalog and the meta table are what open_tables reads: walk their pages first.
    if (has_data) env->verify_catalog();
    if (!options.read_only)
        env->writer_file_lock_ = std::make_unique<WriterFileLock>(path / "lock.mdb");
    env->open_tables(has_data, options.writer_wait);
    registry()[canonical] = env;
    return env;
}

void Env::verify_catalog() {
    ReadTxn txn(*this);
    const PageReport report = check_pages(txn, 1, std::vector<std::string>{"meta"});
    if (!report.problems.empty()) {
        throw Error(ErrorKind::Corrupt, "'" + path_.string() +
                                            "' is damaged: " + report.problems.front() +
                                            " (restore a backup; see docs/durability.md)");
    }
}

Env::~Env() {
    if (env_ == nullptr) return;
    if (!writer_abandoned_) {
        mdb_env_close(env_);
        return;
    }
    // With a write transaction abandoned, closing would free what it still points to: the
    // environment is left open for the life of the process, and kept reachable so that leak
    // checkers (LeakSanitizer under CI) see a deliberate keep, not a leak.
    // (Never destroyed: leak checks run after static destructors.)
    static std::mutex kept_mutex;
    static auto* const kept = new std::vector<MDB_env*>();
    const std::lock_guard lock(kept_mutex);
    kept->push_back(env_);
}

void Env::abandon_writer() noexcept {
    writer_abandoned_ = true;
    // The Env is never closed: neither is the file whose record locks LMDB relies on.
    if (writer_file_lock_) writer_file_lock_->keep_open();
}

void Env::open_tables(bool has_data, const WriterWait& wait) {
    // Readers never wait for a writer (issue #22): a complete database's tables are opened in a
    // read transaction, whose handles serve every later transaction once it commits. Only a new
    // or incomplete one is initialised, in a write transaction (docs/durability.md).
    if (has_data && open_tables_in(/*write=*/false, /*create=*/false)) return;
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock process(writer_lock_, std::defer_lock);
    if (!wait.timeout) {
        process.lock();
    } else if (!process.try_lock_for(*wait.timeout)) {
        throw Error(ErrorKind::Resource, busy_message(*wait.timeout, 0));
    }
    writer_file_lock_->acquire(wait, start);
    try {
        open_tables_in(/*write=*/true, /*create=*/!has_data);
    } catch (...) {
        writer_file_lock_->release();
        throw;
    }
    writer_file_lock_->release();
}

bool Env::open_tables_in(bool write, bool create) {
    struct Spec {
        MDB_dbi Tables::*member;
        const char* name;
        unsigned flags;
    };
    constexpr unsigned adjacency = MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED;
    const Spec specs[] = {
        {&Tables::meta, "meta", 0},
        {&Tables::names, "names", 0},
        {&Tables::ids, "ids", 0},
        {&Tables::nodes, "nodes", MDB_INTEGERKEY},
        {&Tables::edges, "edges", MDB_INTEGERKEY},
        {&Tables::out_edges, "out_edges", adjacency},
        {&Tables::in_edges, "in_edges", adjacency},
        {&Tables::label_index, "label_index", adjacency | MDB_INTEGERDUP},
        {&Tables::key_index, "key_index", 0},
        {&Tables::prop_index, "prop_index", MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP},
        {&Tables::index_list, "index_list", 0},
        {&Tables::stats, "stats", 0},
        {&Tables::fulltext, "fulltext", 0},
        {&Tables::name_index, "name_index", 0},
        {&Tables::vector, "vector", 0},
        {&Tables::out_adj, "out_adj", 0},
        {&Tables::in_adj, "in_adj", 0},
    };
    MDB_txn* txn = nullptr;
    check(mdb_txn_begin(env_, nullptr, write ? 0 : MDB_RDONLY, &txn), "mdb_txn_begin");
    // A read transaction of a read-write Env leaves what is missing to the write path.
    const bool defer = !write && !read_only_;
    try {
        // A database written by another program has no "meta" table, or no caspian marker.
        MDB_dbi meta;
        int rc = mdb_dbi_open(txn, "meta", create ? MDB_CREATE : 0, &meta);
        if (rc == MDB_NOTFOUND && is_empty_environment(txn)) {
            // A creation killed before its first commit leaves an LMDB file with nothing in it.
            if (read_only_) {
                throw Error(ErrorKind::Usage, "'" + path_.string() +
                                                  "' is an empty database whose creation was "
                                                  "interrupted: open it read-write to finish it");
            }
            if (defer) {
                mdb_txn_abort(std::exchange(txn, nullptr));
                return false;
            }
            create = true;
            rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &meta);
        }
        if (rc == MDB_NOTFOUND) {
            throw Error(ErrorKind::Usage,
                        "'" + path_.string() + "' is not a caspian database (no meta table)");
        }
        check(rc, "mdb_dbi_open(meta)");
        if (create) {
            MDB_val k = as_val(magic_key), v = as_val("knowledge graph");
            check(mdb_put(txn, meta, &k, &v, 0), "mdb_put(meta)");
            std::string version;
            append_be32(version, format_version);
            MDB_val fk = as_val(format_version_key), fv = as_val(version);
            check(mdb_put(txn, meta, &fk, &fv, 0), "mdb_put(meta)");
        } else {
            MDB_val k = as_val(magic_key), v;
            MDB_val fk = as_val(format_version_key), fv;
            if (mdb_get(txn, meta, &k, &v) != MDB_SUCCESS ||
                mdb_get(txn, meta, &fk, &fv) != MDB_SUCCESS || fv.mv_size != 4) {
                throw Error(ErrorKind::Usage, "'" + path_.string() +
                                                  "' is not a caspian database (no format marker)");
            }
            const std::uint32_t found = read_be32(fv.mv_data);
            if (found > format_version) {
                throw Error(ErrorKind::Usage,
                            "'" + path_.string() + "' has format version " + std::to_string(found) +
                                ", newer than this caspian's " + std::to_string(format_version) +
                                ": upgrade caspian to open it");
            }
        }
        bool has_fulltext = true;
        bool has_name_index = true;
        bool has_vector = true;
        bool has_adj_chunks = true;
        for (const Spec& spec : specs) {
            rc = mdb_dbi_open(txn, spec.name, spec.flags | (write ? MDB_CREATE : 0),
                              &(tables_.*spec.member));
            if (rc == MDB_NOTFOUND && defer) {
                mdb_txn_abort(std::exchange(txn, nullptr));
                return false;
            }
            // Format version 3 added `fulltext`: read-only, an older database goes without it.
            if (rc == MDB_NOTFOUND && &(tables_.*spec.member) == &tables_.fulltext) {
                has_fulltext = false;
                continue;
            }
            // `name_index` came without a format version bump: older builds ignore it.
            if (rc == MDB_NOTFOUND && &(tables_.*spec.member) == &tables_.name_index) {
                has_name_index = false;
                continue;
            }
            // `vector` came without a format version bump either: older builds ignore it.
            if (rc == MDB_NOTFOUND && &(tables_.*spec.member) == &tables_.vector) {
                has_vector = false;
                continue;
            }
            // Format version 6 added `out_adj` and `in_adj`: read-only, an older database reads
            // its `out_edges` and `in_edges` instead.
            if (rc == MDB_NOTFOUND && (&(tables_.*spec.member) == &tables_.out_adj ||
                                       &(tables_.*spec.member) == &tables_.in_adj)) {
                has_adj_chunks = false;
                continue;
            }
            if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE) {
                throw Error(ErrorKind::Usage, "'" + path_.string() +
                                                  "' is not a caspian database (table '" +
                                                  spec.name + "' missing or of another kind)");
            }
            check(rc, "mdb_dbi_open");
        }
        tables_.has_fulltext = has_fulltext;
        tables_.has_name_index = has_name_index;
        tables_.has_vector = has_vector;
        tables_.has_adj_chunks = has_adj_chunks;
        // Committing a read transaction too: it keeps the handles it opened for the Env.
        check(mdb_txn_commit(std::exchange(txn, nullptr)), "mdb_txn_commit");
    } catch (...) {
        if (txn != nullptr) mdb_txn_abort(txn);
        throw;
    }
    return true;
}

std::uint64_t Env::map_size() const {
    MDB_envinfo info;
    check(lmdb("mdb_env_info", [&] { return mdb_env_info(env_, &info); }), "mdb_env_info");
    return info.me_mapsize;
}

std::uint64_t Env::used_bytes() const {
    MDB_envinfo info;
    check(lmdb("mdb_env_info", [&] { return mdb_env_info(env_, &info); }), "mdb_env_info");
    MDB_stat stat;
    check(lmdb("mdb_env_stat", [&] { return mdb_env_stat(env_, &stat); }), "mdb_env_stat");
    return (info.me_last_pgno + 1) * std::uint64_t{stat.ms_psize};
}

std::uint32_t Env::page_size() const {
    MDB_stat stat;
    check(lmdb("mdb_env_stat", [&] { return mdb_env_stat(env_, &stat); }), "mdb_env_stat");
    return stat.ms_psize;
}

std::vector<TableStats> Env::table_stats(bool scan) {
    const std::pair<const char*, MDB_dbi> tables[] = {
        {"meta", tables_.meta},
        {"names", tables_.names},
        {"ids", tables_.ids},
        {"nodes", tables_.nodes},
        {"edges", tables_.edges},
        {"out_edges", tables_.out_edges},
        {"in_edges", tables_.in_edges},
        {"out_adj", tables_.out_adj},
        {"in_adj", tables_.in_adj},
        {"label_index", tables_.label_index},
        {"key_index", tables_.key_index},
        {"prop_index", tables_.prop_index},
        {"index_list", tables_.index_list},
        {"stats", tables_.stats},
        {"fulltext", tables_.fulltext},
        {"name_index", tables_.name_index},
        {"vector", tables_.vector},
    };
    std::vector<TableStats> out;
    ReadTxn txn(*this);
    for (const auto& table : tables) {
        if (table.second == tables_.fulltext && !tables_.has_fulltext) continue;
        if (table.second == tables_.name_index && !tables_.has_name_index) continue;
        if (table.second == tables_.vector && !tables_.has_vector) continue;
        if ((table.second == tables_.out_adj || table.second == tables_.in_adj) &&
            !tables_.has_adj_chunks)
            continue;
        // Not a structured binding: clang 14 cannot capture one in the lambda.
        const MDB_dbi dbi = table.second;
        MDB_stat st;
        check(lmdb("mdb_stat", [&] { return mdb_stat(txn.get(), dbi, &st); }), "mdb_stat");
        out.push_back(TableStats{table.first, st.ms_entries, st.ms_depth, st.ms_branch_pages,
                                 st.ms_leaf_pages, st.ms_overflow_pages});
        if (!scan) continue;
        // Key by key, then its duplicates: a key is stored once however many values it has.
        // (MDB_NEXT_DUP would act as MDB_NEXT in a table without duplicates.)
        unsigned flags = 0;
        check(mdb_dbi_flags(txn.get(), dbi, &flags), "mdb_dbi_flags");
        Cursor c(txn, dbi);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT_NODUP, &k, &v)) {
            out.back().key_bytes += k.mv_size;
            out.back().value_bytes += v.mv_size;
            while ((flags & MDB_DUPSORT) != 0 && c.move(MDB_NEXT_DUP, &k, &v))
                out.back().value_bytes += v.mv_size;
        }
    }
    return out;
}

void Env::copy_compacted(const fs::path& dest) const {
    check(lmdb("mdb_env_copy2", [&] { return mdb_env_copy2(env_, dest.c_str(), MDB_CP_COMPACT); }),
          "mdb_env_copy2");
}

void Env::grow_map(std::uint64_t min_size) {
    std::unique_lock lock(resize_lock_, std::chrono::seconds(5));
    if (!lock.owns_lock()) {
        throw Error(ErrorKind::Storage,
                    "the database map is full and cannot grow while other transactions of this "
                    "process stay open");
    }
    std::uint64_t size = map_size() * 2;
    while (size < min_size)
        size *= 2;
    check(lmdb("mdb_env_set_mapsize", [&] { return mdb_env_set_mapsize(env_, size); }),
          "mdb_env_set_mapsize");
}

// --- transactions ----------------------------------------------------------------------------

Txn::Txn(Env& env, bool writable) : env_(&env), writable_(writable) {}

Txn::~Txn() = default;

std::uint64_t Txn::snapshot_id() const noexcept {
    return mdb_txn_id(txn_);
}

std::optional<std::string_view> Txn::get(MDB_dbi dbi, std::string_view key) const {
    MDB_val k = as_val(key), v;
    const int rc = lmdb("mdb_get", [&] { return mdb_get(txn_, dbi, &k, &v); });
    if (rc == MDB_NOTFOUND) return std::nullopt;
    check(rc, "mdb_get");
    return as_view(v);
}

std::uint64_t Txn::entries(MDB_dbi dbi) const {
    MDB_stat st;
    check(lmdb("mdb_stat", [&] { return mdb_stat(txn_, dbi, &st); }), "mdb_stat");
    return st.ms_entries;
}

namespace {
// Begins a transaction; adopts a map that another process grew (MDB_MAP_RESIZED).
MDB_txn* begin(Env& env, unsigned flags, std::shared_lock<std::shared_timed_mutex>& guard) {
    MDB_txn* txn = nullptr;
    int rc = lmdb("mdb_txn_begin", [&] { return mdb_txn_begin(env.get(), nullptr, flags, &txn); });
    if (rc == MDB_MAP_RESIZED) {
        guard.unlock();
        {
            std::unique_lock lock(env.resize_lock());
            check(mdb_env_set_mapsize(env.get(), 0), "mdb_env_set_mapsize");
        }
        guard.lock();
        rc = mdb_txn_begin(env.get(), nullptr, flags, &txn);
    }
    check(rc, "mdb_txn_begin");
    return txn;
}
}  // namespace

ReadTxn::ReadTxn(Env& env) : Txn(env, false) {
    resize_guard_ = std::shared_lock(env.resize_lock());
    txn_ = begin(env, MDB_RDONLY, resize_guard_);
}

ReadTxn::~ReadTxn() {
    if (txn_ != nullptr) mdb_txn_abort(txn_);
}

WriteTxn::WriteTxn(Env& env, const WriterWait& wait) : Txn(env, true) {
    if (env.is_read_only()) {
        throw Error(ErrorKind::Usage, "the database is open read-only");
    }
    const auto start = std::chrono::steady_clock::now();
    writer_guard_ = std::unique_lock(env.writer_lock(), std::defer_lock);
    if (!wait.timeout) {
        writer_guard_.lock();
    } else if (!writer_guard_.try_lock_for(*wait.timeout)) {
        throw Error(ErrorKind::Resource, busy_message(*wait.timeout, 0));
    }
    if (env.is_writer_abandoned()) {
        throw Error(ErrorKind::Corrupt, "writes to '" + env.path().string() +
                                            "' stopped when a damaged page was found: close the "
                                            "database and run `caspian check` on it");
    }
    // Before LMDB's writer mutex, which cannot time out or name its holder (issue #22).
    if (WriterFileLock* lock = env.writer_file_lock()) {
        lock->acquire(wait, start);
        holds_file_lock_ = true;
    }
    try {
        assertions_at_begin_ = env.assertions();
        // A reader process killed since this Env opened would pin its snapshot's pages forever.
        int stale = 0;
        check(mdb_reader_check(env.get(), &stale), "mdb_reader_check");
        // Keep at least half the map free for this transaction: growing needs no open
        // transaction.
        if (env.used_bytes() * 2 > env.map_size()) env.grow_map(env.used_bytes() * 4);
        resize_guard_ = std::shared_lock(env.resize_lock());
        txn_ = begin(env, 0, resize_guard_);
    } catch (...) {
        unlock_writer();
        throw;
    }
}

void WriteTxn::unlock_writer() noexcept {
    if (resize_guard_.owns_lock()) resize_guard_.unlock();
    if (holds_file_lock_ && !env_->is_writer_abandoned()) env_->writer_file_lock()->release();
    holds_file_lock_ = false;
    if (writer_guard_.owns_lock()) writer_guard_.unlock();
}

WriteTxn::WriteTxn(WriteTxn& parent)
    : Txn(parent.env(), true), nested_(true), assertions_at_begin_(parent.assertions_at_begin_) {
    check(lmdb("mdb_txn_begin", [&] { return mdb_txn_begin(env_->get(), parent.get(), 0, &txn_); }),
          "mdb_txn_begin(nested)");
}

WriteTxn::~WriteTxn() {
    abort();
}

void WriteTxn::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
    MDB_val k = as_val(key), v = as_val(value);
    check(lmdb("mdb_put", [&] { return mdb_put(txn_, dbi, &k, &v, flags); }), "mdb_put");
}

bool WriteTxn::del(MDB_dbi dbi, std::string_view key, std::optional<std::string_view> value) {
    MDB_val k = as_val(key);
    MDB_val v = value ? as_val(*value) : MDB_val{0, nullptr};
    const int rc = lmdb("mdb_del", [&] { return mdb_del(txn_, dbi, &k, value ? &v : nullptr); });
    if (rc == MDB_NOTFOUND) return false;
    check(rc, "mdb_del");
    return true;
}

void WriteTxn::clear(MDB_dbi dbi) {
    check(lmdb("mdb_drop", [&] { return mdb_drop(txn_, dbi, 0); }), "mdb_drop");
}

namespace {

// LMDB does not write a page freed in the transaction that allocated it (a loose page), so after
// a commit that freed its newest page the file ends before the meta page's last page, and the
// open check (verify_data_file) would call it truncated. Zeros there are a free page: extend the
// file to cover it. Best effort: the commit has happened either way.
void cover_last_page(Env& env) {
    // Straight to LMDB, past the fault hook: nothing here may fail a committed transaction.
    int fd = -1;
    struct stat st {};
    MDB_envinfo info;
    MDB_stat stat;
    if (mdb_env_get_fd(env.get(), &fd) != 0 || ::fstat(fd, &st) != 0 ||
        mdb_env_info(env.get(), &info) != 0 || mdb_env_stat(env.get(), &stat) != 0)
        return;
    const std::uint64_t used = (info.me_last_pgno + 1) * std::uint64_t{stat.ms_psize};
    if (std::uint64_t(st.st_size) < used) (void)::ftruncate(fd, off_t(used));
}

}  // namespace

int WriteTxn::commit_handle(MDB_txn* txn) {
    // LMDB frees the handle even when commit fails: never abort it afterwards.
    const int rc = fault::inject("mdb_txn_commit");
    if (rc != 0) {
        mdb_txn_abort(txn);  // what a failed commit does to the handle
        return rc;
    }
    try {
        const int committed = mdb_txn_commit(txn);
        if (committed == 0 && !nested_) cover_last_page(*env_);
        return committed;
    } catch (const Error&) {
        env_->abandon_writer();  // an LMDB assertion in the commit (throw_on_assert)
        unlock_writer();
        throw;
    }
}

void WriteTxn::commit() {
    const int rc = commit_handle(std::exchange(txn_, nullptr));
    unlock_writer();
    check(rc, "mdb_txn_commit");
}

void WriteTxn::require_top_level() const {
    // A nested transaction's commit only merges into its parent: nothing to go on from.
    if (nested_ || txn_ == nullptr) {
        throw Error(ErrorKind::Internal,
                    "a batch commit needs an open top-level write transaction");
    }
}

void WriteTxn::commit_and_continue() {
    require_top_level();
    const int rc = commit_handle(std::exchange(txn_, nullptr));
    if (rc != 0) {
        unlock_writer();
        check(rc, "mdb_txn_commit");
    }
    continue_writing(false);
}

void WriteTxn::rollback_and_continue() {
    require_top_level();
    if (env_->assertions() != assertions_at_begin_) {
        abort();  // abandons the writer: no transaction may follow
        throw Error(ErrorKind::Corrupt,
                    "a damaged page stopped the write to '" + env_->path().string() + "'");
    }
    mdb_txn_abort(std::exchange(txn_, nullptr));
    continue_writing(true);
}

void WriteTxn::continue_writing(bool must_grow) {
    try {
        // No transaction of ours is open now: the one moment the map may grow.
        resize_guard_.unlock();
        const std::uint64_t used = env_->used_bytes();
        if (must_grow) {
            env_->grow_map(used * 2);
        } else if (used * 2 > env_->map_size()) {
            try {
                env_->grow_map(used * 4);
            } catch (const Error&) {
                // Only a head start (another thread's reader stays open): a batch that does not
                // fit grows the map when it runs again.
            }
        }
        resize_guard_ = std::shared_lock(env_->resize_lock());
        assertions_at_begin_ = env_->assertions();
        txn_ = begin(*env_, 0, resize_guard_);
    } catch (...) {
        unlock_writer();
        throw;
    }
}

void WriteTxn::abort() noexcept {
    if (txn_ != nullptr && env_->assertions() != assertions_at_begin_) {
        txn_ = nullptr;
        env_->abandon_writer();
    }
    if (txn_ != nullptr) mdb_txn_abort(std::exchange(txn_, nullptr));
    unlock_writer();
}

// --- cursors ---------------------------------------------------------------------------------

Cursor::Cursor(const Txn& txn, MDB_dbi dbi) {
    check(lmdb("mdb_cursor_open", [&] { return mdb_cursor_open(txn.get(), dbi, &cursor_); }),
          "mdb_cursor_open");
}

Cursor::~Cursor() {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

bool Cursor::move(MDB_cursor_op op, MDB_val* key, MDB_val* value) {
    const int rc = lmdb("mdb_cursor_get", [&] { return mdb_cursor_get(cursor_, key, value, op); });
    if (rc == MDB_NOTFOUND) return false;
    check(rc, "mdb_cursor_get");
    return true;
}

void for_each_with_prefix(const Txn& txn, MDB_dbi dbi, std::string_view prefix,
                          const std::function<bool(std::string_view, std::string_view)>& fn) {
    Cursor c(txn, dbi);
    MDB_val k = as_val(prefix), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
         ok = c.move(MDB_NEXT, &k, &v)) {
        if (!fn(as_view(k), as_view(v))) return;
    }
}

std::uint64_t Cursor::count_dups() const {
    std::size_t n = 0;
    check(lmdb("mdb_cursor_count", [&] { return mdb_cursor_count(cursor_, &n); }),
          "mdb_cursor_count");
    return n;
}

void Cursor::put(std::string_view key, std::string_view value, unsigned flags) {
    MDB_val k = as_val(key), v = as_val(value);
    check(lmdb("mdb_cursor_put", [&] { return mdb_cursor_put(cursor_, &k, &v, flags); }),
          "mdb_cursor_put");
}

void Cursor::put_multiple(std::string_view key, const void* items, std::size_t item_size,
                          std::size_t count, unsigned flags) {
    MDB_val k = as_val(key);
    MDB_val data[2] = {{item_size, const_cast<void*>(items)}, {count, nullptr}};
    check(lmdb("mdb_cursor_put",
               [&] { return mdb_cursor_put(cursor_, &k, data, flags | MDB_MULTIPLE); }),
          "mdb_cursor_put");
}

}  // namespace caspian::storage
