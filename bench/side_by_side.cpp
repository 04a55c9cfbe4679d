// caspian-bench: issue #8's workloads W1-W8 side by side on one generated graph: caspian through
// its query language (Database::query, parsed every time), caspian's raw storage (GraphReader
// and LMDB cursors: the ceiling for data in LMDB), SQLite (C API, prepared statements) and,
// with --kuzu, Kùzu (issue #20: bench/kuzu/run.mjs in a child process, see kuzu_driver.hpp).
// Every workload yields a check value; the program exits 1 when the systems disagree.
// Timings are medians of repeated runs; nothing here asserts a speed.
//
//   caspian-bench --data CSV_DIR --work DIR [--repeat 3] [--budget 20] [--timeout 300]
//                 [--seed 8] [--sample 1000] [--threads N] [--only W2,W5] [--skip-load] [--strict]
//                 [--kuzu bench/kuzu/run.mjs] [--print-workloads]
#include "bench/bench_csv.hpp"
#include "bench/kuzu_driver.hpp"
#include "graph/adj_chunk.hpp"
#include "graph/graph_store.hpp"
#include "storage/codec.hpp"
#include "storage/env.hpp"

#include <caspian/database.hpp>
#include <caspian/tools.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::Database;
using caspian::Direction;
using caspian::NodeId;
using caspian::Params;
using caspian::Value;
using caspian::graph::AdjEntry;
using caspian::graph::GraphReader;
using caspian::graph::NameKind;
using Clock = std::chrono::steady_clock;

// --- check values ---------------------------------------------------------------------------

std::uint64_t fnv(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ULL;
    return h;
}
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    return (a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2))) * 1099511628211ULL;
}

// --- memory: VmHWM reset through /proc/self/clear_refs (Linux >= 4.0) ------------------------

std::uint64_t status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(in, line)) {
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
            return std::strtoull(line.c_str() + n + 1, nullptr, 10);
        }
    }
    return 0;
}
bool reset_hwm() {
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (f == nullptr) return false;
    const bool ok = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && ok;
}

std::uint64_t dir_bytes(const fs::path& p) {
    std::uint64_t n = 0;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
    for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file(ec)) n += e.file_size(ec);
    }
    return n;
}

// --- watchdog: cancels a caspian statement or interrupts SQLite after the timeout ------------

class Watchdog {
public:
    Watchdog() : thread_([this] { loop(); }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(m_);
            quit_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    void arm(double seconds, sqlite3* db) {
        std::lock_guard lock(m_);
        cancel.store(false);
        fired.store(false);
        db_ = db;
        deadline_ = Clock::now() + std::chrono::milliseconds(std::int64_t(seconds * 1000));
        armed_ = true;
        cv_.notify_all();
    }
    void disarm() {
        std::lock_guard lock(m_);
        armed_ = false;
    }
    std::atomic<bool> cancel{false};
    std::atomic<bool> fired{false};

private:
    void loop() {
        std::unique_lock lock(m_);
        while (!quit_) {
            if (!armed_) {
                cv_.wait(lock);
                continue;
            }
            if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ &&
                Clock::now() >= deadline_) {
                fired.store(true);
                cancel.store(true);
                if (db_ != nullptr) sqlite3_interrupt(db_);
                armed_ = false;
            }
        }
    }
    std::mutex m_;
    std::condition_variable cv_;
    bool quit_ = false;
    bool armed_ = false;
    sqlite3* db_ = nullptr;
    Clock::time_point deadline_{};
    std::thread thread_;
};

// --- SQLite helpers ---------------------------------------------------------------------------

struct SqliteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void sql_check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
        throw SqliteError(std::string(what) + ": " + sqlite3_errmsg(db));
    }
}
void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err != nullptr ? err : "?";
        sqlite3_free(err);
        throw SqliteError(msg + " in: " + sql.substr(0, 200));
    }
}

class Stmt {
public:
    Stmt(sqlite3* db, const std::string& sql) : db_(db) {
        sql_check(db, sqlite3_prepare_v2(db, sql.c_str(), int(sql.size()), &s_, nullptr),
                  ("prepare " + sql.substr(0, 80)).c_str());
    }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    sqlite3_stmt* get() const { return s_; }
    Stmt& reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
        return *this;
    }
    Stmt& bind(int i, std::string_view text) {
        sql_check(db_, sqlite3_bind_text(s_, i, text.data(), int(text.size()), SQLITE_TRANSIENT),
                  "bind");
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sql_check(db_, sqlite3_bind_int64(s_, i, v), "bind");
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw SqliteError(std::string("step: ") + sqlite3_errmsg(db_));
    }
    std::int64_t int_at(int col) const { return sqlite3_column_int64(s_, col); }
    std::string_view text_at(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p == nullptr ? std::string_view{}
                            : std::string_view(p, sqlite3_column_bytes(s_, col));
    }

private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

// A column of a neo4j-admin header: "name:type".
struct Column {
    enum Kind { Key, Label, Start, End, Type, Ignore, Text, Int, Float, Bool } kind;
    std::string name;
};

Column parse_column(const std::string& field, const fs::path& file) {
    const auto colon = field.rfind(':');
    const std::string name = colon == std::string::npos ? field : field.substr(0, colon);
    std::string type = colon == std::string::npos ? "" : field.substr(colon + 1);
    if (const auto paren = type.find('('); paren != std::string::npos) type.resize(paren);
    for (char& c : type)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (type == "id") {
        if (name != "key") {
            throw std::runtime_error(file.string() + ": the SQLite loader wants key:ID columns");
        }
        return {Column::Key, name};
    }
    if (type == "label") return {Column::Label, name};
    if (type == "start_id") return {Column::Start, name};
    if (type == "end_id") return {Column::End, name};
    if (type == "type") return {Column::Type, name};
    if (type == "ignore") return {Column::Ignore, name};
    if (type.empty() || type == "string" || type == "date" || type == "datetime") {
        return {Column::Text, name};  // ISO dates compare correctly as text
    }
    if (type == "int" || type == "long" || type == "short" || type == "byte") {
        return {Column::Int, name};
    }
    if (type == "float" || type == "double") return {Column::Float, name};
    if (type == "boolean") return {Column::Bool, name};
    throw std::runtime_error(file.string() + ": column type '" + type + "' is not supported here");
}

const char* sql_type(Column::Kind k) {
    switch (k) {
        case Column::Int:
        case Column::Bool:
            return "INTEGER";
        case Column::Float:
            return "REAL";
        default:
            return "TEXT";
    }
}

std::string sql_name(const std::string& name) {
    return "\"" + name + "\"";
}

std::vector<Column> read_header(const fs::path& file) {
    caspian::bench::CsvReader csv(file);
    std::vector<std::string> f;
    std::vector<bool> q;
    if (!csv.next(f, q)) throw std::runtime_error(file.string() + ": no header");
    std::vector<Column> cols;
    for (const auto& s : f)
        cols.push_back(parse_column(s, file));
    return cols;
}

// Loads node and edge CSV files into node/edge tables in one transaction with prepared inserts;
// indexes are built after the rows (faster than keeping them up to date row by row).
void sqlite_load(sqlite3* db, const std::vector<fs::path>& node_files,
                 const std::vector<fs::path>& edge_files) {
    std::map<std::string, Column::Kind> node_props, edge_props;
    for (const auto& f : node_files) {
        for (const auto& c : read_header(f))
            if (c.kind >= Column::Text) node_props.emplace(c.name, c.kind);
    }
    for (const auto& f : edge_files) {
        for (const auto& c : read_header(f))
            if (c.kind >= Column::Text) edge_props.emplace(c.name, c.kind);
    }
    std::string ddl =
        "CREATE TABLE node(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
        "label TEXT NOT NULL";
    for (const auto& [name, kind] : node_props)
        ddl += ", " + sql_name(name) + " " + sql_type(kind);
    ddl +=
        ");\nCREATE TABLE edge(id INTEGER PRIMARY KEY, src INTEGER NOT NULL, "
        "dst INTEGER NOT NULL, type TEXT NOT NULL";
    for (const auto& [name, kind] : edge_props)
        ddl += ", " + sql_name(name) + " " + sql_type(kind);
    ddl += ");";
    exec(db, "BEGIN");
    exec(db, ddl);

    std::vector<std::string> f;
    std::vector<bool> q;
    auto bind_value = [&](Stmt& st, int i, const Column& c, const std::string& v, bool was_quoted) {
        if (v.empty() && !was_quoted) return;  // absent property: NULL
        switch (c.kind) {
            case Column::Int:
                st.bind(i, std::int64_t(std::strtoll(v.c_str(), nullptr, 10)));
                break;
            case Column::Bool:
                st.bind(i, std::int64_t(v == "true"));
                break;
            case Column::Float:
                sql_check(db, sqlite3_bind_double(st.get(), i, std::strtod(v.c_str(), nullptr)),
                          "bind");
                break;
            default:
                st.bind(i, v);
        }
    };
    for (const auto& file : node_files) {
        caspian::bench::CsvReader csv(file);
        csv.next(f, q);
        std::vector<Column> cols;
        for (const auto& s : f)
            cols.push_back(parse_column(s, file));
        std::string names = "key, label", params = "?1, ?2";
        std::vector<int> slot(cols.size(), 0);
        int next = 3;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].kind == Column::Key)
                slot[i] = 1;
            else if (cols[i].kind == Column::Label)
                slot[i] = 2;
            else if (cols[i].kind >= Column::Text) {
                names += ", " + sql_name(cols[i].name);
                params += ", ?" + std::to_string(next);
                slot[i] = next++;
            }
        }
        Stmt ins(db, "INSERT INTO node(" + names + ") VALUES (" + params + ")");
        while (csv.next(f, q)) {
            if (f.size() != cols.size()) {
                throw std::runtime_error(file.string() + ":" + std::to_string(csv.line()) +
                                         ": wrong number of fields");
            }
            ins.reset();
            for (std::size_t i = 0; i < cols.size(); ++i) {
                if (slot[i] == 1 || slot[i] == 2)
                    ins.bind(slot[i], f[i]);
                else if (slot[i] > 2)
                    bind_value(ins, slot[i], cols[i], f[i], q[i]);
            }
            ins.step();
        }
    }
    for (const auto& file : edge_files) {
        caspian::bench::CsvReader csv(file);
        csv.next(f, q);
        std::vector<Column> cols;
        for (const auto& s : f)
            cols.push_back(parse_column(s, file));
        std::string names = "src, dst, type", params = "s.id, d.id, ?3";
        std::vector<int> slot(cols.size(), 0);
        int next = 4;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].kind == Column::Start)
                slot[i] = 1;
            else if (cols[i].kind == Column::End)
                slot[i] = 2;
            else if (cols[i].kind == Column::Type)
                slot[i] = 3;
            else if (cols[i].kind >= Column::Text) {
                names += ", " + sql_name(cols[i].name);
                params += ", ?" + std::to_string(next);
                slot[i] = next++;
            }
        }
        // Endpoints are keys: resolved through the unique key index inside SQLite.
        Stmt ins(db, "INSERT INTO edge(" + names + ") SELECT " + params +
                         " FROM node s, node d WHERE s.key = ?1 AND d.key = ?2");
        while (csv.next(f, q)) {
            if (f.size() != cols.size()) {
                throw std::runtime_error(file.string() + ":" + std::to_string(csv.line()) +
                                         ": wrong number of fields");
            }
            ins.reset();
            for (std::size_t i = 0; i < cols.size(); ++i) {
                if (slot[i] >= 1 && slot[i] <= 3)
                    ins.bind(slot[i], f[i]);
                else if (slot[i] > 3)
                    bind_value(ins, slot[i], cols[i], f[i], q[i]);
            }
            ins.step();
            if (sqlite3_changes(db) != 1) {
                throw std::runtime_error(file.string() + ":" + std::to_string(csv.line()) +
                                         ": unknown endpoint");
            }
        }
    }
    exec(db,
         "CREATE INDEX edge_out ON edge(src, type, dst);"
         "CREATE INDEX edge_in ON edge(dst, type, src);"
         "CREATE INDEX node_label ON node(label);"
         "ANALYZE;");
    exec(db, "COMMIT");
}

sqlite3* sqlite_open(const fs::path& file) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw SqliteError("cannot open " + file.string() + ": " + msg);
    }
    // A generous page cache and memory-mapped reads, as one would configure for analytics.
    exec(db,
         "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY;"
         "PRAGMA mmap_size = 2147418112;");
    return db;
}

// --- caspian raw storage helpers ----------------------------------------------------------------

const Value* prop(const caspian::storage::PropertyIds& ps,
                  std::optional<caspian::graph::PropertyId> id) {
    if (!id) return nullptr;
    auto it = std::lower_bound(ps.begin(), ps.end(), id->value,
                               [](const auto& p, std::uint32_t k) { return p.first < k; });
    return it != ps.end() && it->first == id->value ? &it->second : nullptr;
}

template <NameKind Kind>
caspian::graph::NameId<Kind> need_name(const GraphReader& r, std::string_view name) {
    auto id = r.find_name<Kind>(name);
    if (!id) throw std::runtime_error("raw: no name '" + std::string(name) + "' in the database");
    return *id;
}

// Shortest undirected path length between a and b of at most max_hops edges, 0 when none:
// bidirectional BFS, expanding the smaller frontier one whole level at a time. The first node
// met from both sides ends it: before the level no path of length da + db existed, so the
// meeting gives da + db + 1, the least possible.
template <typename Neighbours>
std::int64_t bfs_length(std::uint64_t a, std::uint64_t b, int max_hops, Neighbours&& neighbours) {
    if (a == b) return 0;
    std::unordered_set<std::uint64_t> seen_a{a}, seen_b{b};
    std::vector<std::uint64_t> fa{a}, fb{b}, next;
    int da = 0, db = 0;
    while (da + db < max_hops && !fa.empty() && !fb.empty()) {
        const bool from_a = fa.size() <= fb.size();
        auto& frontier = from_a ? fa : fb;
        auto& seen = from_a ? seen_a : seen_b;
        const auto& other = from_a ? seen_b : seen_a;
        next.clear();
        bool met = false;
        for (std::uint64_t u : frontier) {
            neighbours(u, [&](std::uint64_t x) {
                if (met || !seen.insert(x).second) return;
                if (other.count(x) != 0) met = true;
                next.push_back(x);
            });
            if (met) break;
        }
        (from_a ? da : db) += 1;
        if (met) return da + db;
        frontier.swap(next);
    }
    return 0;
}

// --- the harness --------------------------------------------------------------------------------

// Query: Database::query, the text made unique per call so that every call parses and plans
// (the "statements parsed each time"; Database::query caches repeated texts).
// Prepared: the same statements through Database::prepare, once per run.
// Kuzu: Kùzu through bench/kuzu/run.mjs (--kuzu), in a child process after the others.
enum Sys { Query, Prepared, Raw, Sqlite, Kuzu, sys_count };
const char* const sys_names[] = {"caspian query", "caspian prepared", "caspian raw", "sqlite",
                                 "kuzu"};

struct Outcome {
    std::vector<double> ms;  // one per run
    std::optional<std::uint64_t> check;
    std::uint64_t hwm_growth_kb = 0;  // max over runs of VmHWM - VmRSS at the start
    // Of it, the database file's pages mapped in during the run (RssFile after - before): page
    // cache the kernel can drop, unlike the heap. Read the same way for every run.
    std::uint64_t file_growth_kb = 0;
    std::string failure;  // "timeout", an error, or "nondeterministic"
    bool ran = false;
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string fmt_ms(double ms) {
    char b[64];
    if (ms >= 100)
        std::snprintf(b, sizeof b, "%.0f ms", ms);
    else if (ms >= 1)
        std::snprintf(b, sizeof b, "%.2f ms", ms);
    else
        std::snprintf(b, sizeof b, "%.3f ms", ms);
    return b;
}
std::string fmt_ratio(double a, double b) {
    if (b <= 0) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fx", a / b);
    return buf;
}
std::string fmt_mib(std::uint64_t kb) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MiB", double(kb) / 1024);
    return b;
}

struct Options {
    fs::path data, work;
    int repeat = 3;
    double budget = 20;    // seconds per system and workload before repeats stop
    double timeout = 300;  // seconds per run before it is cancelled
    std::uint64_t seed = 8;
    std::vector<std::string> only;
    bool skip_load = false;
    bool strict = false;           // timeouts and errors fail the run, not only disagreements
    bool print_workloads = false;  // the statements and parameters as JSON, then exit
    fs::path kuzu;                 // bench/kuzu/run.mjs: adds the Kùzu column
    int sample = 1000;     // keys of W2 and W3; W4 and W7 take a tenth (the smoke test uses less)
    unsigned threads = 0;  // OpenOptions::threads (issue #20); 0: the machine's cores
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "caspian-bench: %s\nusage: caspian-bench --data CSV_DIR --work DIR [--repeat N] "
                 "[--budget SECONDS] [--timeout SECONDS] [--seed S] [--only W2,W5] "
                 "[--sample N] [--threads N] [--skip-load] [--strict] [--kuzu RUN_MJS] "
                 "[--print-workloads]\n",
                 why.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--skip-load") {
            o.skip_load = true;
            continue;
        }
        if (a == "--strict") {
            o.strict = true;
            continue;
        }
        if (a == "--print-workloads") {
            o.print_workloads = true;
            continue;
        }
        if (i + 1 >= argc) usage("missing value after " + a);
        const std::string v = argv[++i];
        char* end = nullptr;
        auto number = [&] {
            const double d = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || d < 0) usage(a + " wants a non-negative number");
            return d;
        };
        if (a == "--data")
            o.data = v;
        else if (a == "--work")
            o.work = v;
        else if (a == "--kuzu")
            o.kuzu = v;
        else if (a == "--repeat")
            o.repeat = std::max(1, int(number()));
        else if (a == "--budget")
            o.budget = number();
        else if (a == "--timeout")
            o.timeout = number();
        else if (a == "--sample")
            o.sample = std::max(10, int(number()));
        else if (a == "--seed")
            o.seed = std::uint64_t(number());
        else if (a == "--threads")
            o.threads = unsigned(number());
        else if (a == "--only") {
            std::stringstream ss(v);
            for (std::string w; std::getline(ss, w, ',');)
                o.only.push_back(w);
        } else
            usage("unknown option " + a);
    }
    if (o.data.empty() || o.work.empty()) usage("--data and --work are required");
    return o;
}

struct Workload {
    std::string id, what;
    std::function<std::uint64_t()> run[sys_count];
};

class Bench {
public:
    explicit Bench(Options o) : opt_(std::move(o)) {}
    int main();

private:
    void load();
    void open();
    void sample();
    std::vector<Workload> workloads();
    Outcome measure(Sys sys, const std::function<std::uint64_t()>& fn);
    caspian::Result cq(const std::string& text, const Params& params = {});
    std::int64_t query_int(const std::string& text, const Params& params = {});
    void print_table(const std::vector<std::pair<Workload, std::array<Outcome, sys_count>>>& rows);
    std::vector<caspian::bench::WorkloadSpec> specs() const;
    void run_kuzu(std::vector<std::pair<Workload, std::array<Outcome, sys_count>>>& rows);

    Options opt_;
    fs::path caspian_dir_, sqlite_file_;
    std::vector<fs::path> node_files_, edge_files_;
    std::optional<Database> db_;
    std::shared_ptr<caspian::storage::Env> env_;
    sqlite3* sql_ = nullptr;
    Watchdog dog_;
    std::uint64_t nodes_ = 0, edges_ = 0;
    std::vector<std::string> keys_w2_, keys_w3_, keys_w4_;
    std::vector<std::pair<std::string, std::string>> pairs_w7_;
    // W1
    struct Load {
        double ms = 0;
        std::uint64_t hwm_kb = 0, disk = 0;
    } load_[sys_count];
    bool loaded_ = false;
    bool prepared_ = false;                                         // cq() runs prepared statements
    std::map<std::string, caspian::PreparedStatement> statements_;  // of this run
    std::uint64_t serial_ = 0;
    bool hwm_works_ = false;
    bool counts_agree_ = true;  // W1: Kùzu holds as many nodes and edges as the others
    bool kuzu_loaded_ = false;
    std::string kuzu_version_;
};

void Bench::load() {
    fs::remove_all(caspian_dir_);
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        fs::remove(sqlite_file_.string() + suffix);
    std::fprintf(stderr, "W1: caspian import ...\n");
    {
        reset_hwm();
        const auto t0 = Clock::now();
        {
            Database db = Database::open(caspian_dir_);
            caspian::ImportOptions io;
            io.node_files = node_files_;
            io.edge_files = edge_files_;
            caspian::import_files(db, io);
        }
        load_[Query].ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        load_[Query].hwm_kb = status_kb("VmHWM");
        load_[Query].disk = dir_bytes(caspian_dir_);
    }
    std::fprintf(stderr, "W1: SQLite load ...\n");
    {
        reset_hwm();
        const auto t0 = Clock::now();
        sqlite3* db = sqlite_open(sqlite_file_);
        try {
            sqlite_load(db, node_files_, edge_files_);
        } catch (...) {
            sqlite3_close(db);
            throw;
        }
        sqlite3_close(db);
        load_[Sqlite].ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        load_[Sqlite].hwm_kb = status_kb("VmHWM");
        load_[Sqlite].disk = dir_bytes(sqlite_file_);
    }
    loaded_ = true;
}

void Bench::open() {
    db_.emplace(Database::open(caspian_dir_, {.create = false, .threads = opt_.threads}));
    // The same environment as db_ (one Env per directory per process).
    env_ = caspian::storage::Env::open(caspian_dir_, {.create = false});
    sql_ = sqlite_open(sqlite_file_);
    Stmt n(sql_, "SELECT (SELECT count(*) FROM node), (SELECT count(*) FROM edge)");
    n.step();
    nodes_ = std::uint64_t(n.int_at(0));
    edges_ = std::uint64_t(n.int_at(1));
    const auto counts = db_->begin_read().counts();
    if (counts.nodes != nodes_ || counts.edges != edges_) {
        throw std::runtime_error("caspian holds " + std::to_string(counts.nodes) + " nodes and " +
                                 std::to_string(counts.edges) + " edges, SQLite " +
                                 std::to_string(nodes_) + " and " + std::to_string(edges_));
    }
}

// The same seeded sample of keys for every system. SQLite ids are 1..n in load order.
void Bench::sample() {
    std::mt19937_64 rng(opt_.seed);
    Stmt st(sql_, "SELECT key FROM node WHERE id = ?1");
    auto pick = [&] {
        st.reset().bind(1, std::int64_t(rng() % nodes_) + 1);
        if (!st.step()) throw std::runtime_error("node ids are not dense in SQLite");
        return std::string(st.text_at(0));
    };
    for (int i = 0; i < opt_.sample; ++i)
        keys_w2_.push_back(pick());
    for (int i = 0; i < opt_.sample; ++i)
        keys_w3_.push_back(pick());
    for (int i = 0; i < opt_.sample / 10; ++i)
        keys_w4_.push_back(pick());
    while (pairs_w7_.size() < std::size_t(opt_.sample / 10)) {
        auto a = pick(), b = pick();
        if (a != b) pairs_w7_.emplace_back(std::move(a), std::move(b));
    }
}

caspian::Result Bench::cq(const std::string& text, const Params& params) {
    if (!prepared_) {
        return db_->query(text + " /* " + std::to_string(++serial_) + " */", params, &dog_.cancel);
    }
    auto it = statements_.find(text);
    if (it == statements_.end()) it = statements_.emplace(text, db_->prepare(text)).first;
    return db_->query(it->second, params, &dog_.cancel);
}

std::int64_t Bench::query_int(const std::string& text, const Params& params) {
    caspian::Result r = cq(text, params);
    std::int64_t v = 0;
    bool any = false;
    while (r.next()) {
        if (any) throw std::runtime_error("more than one row from: " + std::string(text));
        any = true;
        v = r.row().at(0).as_int();
    }
    return v;
}

using caspian::bench::w2_lookup;
using caspian::bench::w3_degree;
using caspian::bench::w4_two_hops;
using caspian::bench::w5_join;
using caspian::bench::w5b_semi_join;
using caspian::bench::w6_top;
using caspian::bench::w6_types;
using caspian::bench::w7_max_hops;
using caspian::bench::w7_shortest;
using caspian::bench::w8_scan;

std::vector<Workload> Bench::workloads() {
    std::vector<Workload> w;
    const std::string many = std::to_string(keys_w2_.size());
    const std::string few = std::to_string(keys_w4_.size());

    // W2: 1,000 point lookups by key, returning the name.
    {
        Workload x{"W2", many + " point lookups by key", {}};
        x.run[Query] = [this] {
            std::uint64_t h = 0;
            for (const auto& k : keys_w2_) {
                auto r = cq(w2_lookup.caspian, {{"key", k}});
                while (r.next())
                    h += fnv(r.row()[0].as_string());
            }
            return h;
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            const auto name = r.find_name<NameKind::Property>("name");
            std::uint64_t h = 0;
            for (const auto& k : keys_w2_) {
                const auto id = r.find_key(k);
                if (!id) continue;
                if (!name) continue;
                // Decodes only the name, not the whole record.
                const auto v = r.node_property(*id, *name);
                if (v && !v->is_null()) h += fnv(v->as_string());
            }
            return h;
        };
        x.run[Sqlite] = [this] {
            Stmt st(sql_, "SELECT name FROM node WHERE key = ?1");
            std::uint64_t h = 0;
            for (const auto& k : keys_w2_) {
                st.reset().bind(1, k);
                while (st.step())
                    h += fnv(st.text_at(0));
            }
            return h;
        };
        w.push_back(std::move(x));
    }

    // W3: degree (both directions, every type) of 1,000 nodes.
    {
        Workload x{"W3", "1-hop degree of " + many + " nodes", {}};
        x.run[Query] = [this] {
            std::uint64_t sum = 0;
            for (const auto& k : keys_w3_)
                sum += std::uint64_t(query_int(w3_degree.caspian, {{"key", k}}));
            return sum;
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            std::uint64_t sum = 0;
            for (const auto& k : keys_w3_) {
                if (const auto id = r.find_key(k))
                    sum += r.degree(*id, Direction::Out) + r.degree(*id, Direction::In);
            }
            return sum;
        };
        x.run[Sqlite] = [this] {
            Stmt st(sql_,
                    "SELECT (SELECT count(*) FROM edge WHERE src = n.id) + "
                    "(SELECT count(*) FROM edge WHERE dst = n.id) FROM node n "
                    "WHERE n.key = ?1");
            std::uint64_t sum = 0;
            for (const auto& k : keys_w3_) {
                st.reset().bind(1, k);
                while (st.step())
                    sum += std::uint64_t(st.int_at(0));
            }
            return sum;
        };
        w.push_back(std::move(x));
    }

    // W4: distinct nodes within two hops (either direction, any type) of 100 nodes.
    {
        Workload x{"W4", "2-hop distinct neighbours of " + few + " nodes", {}};
        x.run[Query] = [this] {
            std::uint64_t sum = 0;
            for (const auto& k : keys_w4_)
                sum += std::uint64_t(query_int(w4_two_hops.caspian, {{"key", k}}));
            return sum;
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            std::uint64_t sum = 0;
            // Visited marks in a flat vector indexed by node id (ids are dense from 1), stamped
            // with the start's number so it is never cleared.
            std::vector<std::uint32_t> mark;
            std::uint32_t stamp = 0;
            std::uint64_t seen = 0;
            auto visit = [&](NodeId node) {
                const std::uint64_t id = node.value;
                if (id >= mark.size()) mark.resize(std::max<std::size_t>(id + 1, mark.size() * 2));
                if (mark[id] == stamp) return false;
                mark[id] = stamp;
                ++seen;
                return true;
            };
            std::vector<NodeId> first;
            for (const auto& k : keys_w4_) {
                const auto start = r.find_key(k);
                if (!start) continue;
                ++stamp;
                seen = 0;
                visit(*start);
                first.clear();
                for (Direction d : {Direction::Out, Direction::In}) {
                    r.adjacency(*start, d, std::nullopt, [&](const AdjEntry& e) {
                        if (visit(e.neighbour)) first.push_back(e.neighbour);
                        return true;
                    });
                }
                for (NodeId u : first) {
                    for (Direction d : {Direction::Out, Direction::In}) {
                        r.adjacency(u, d, std::nullopt, [&](const AdjEntry& e) {
                            visit(e.neighbour);
                            return true;
                        });
                    }
                }
                sum += seen - 1;
            }
            return sum;
        };
        x.run[Sqlite] = [this] {
            Stmt st(sql_,
                    "WITH s(id) AS (SELECT id FROM node WHERE key = ?1), "
                    "h1(id) AS (SELECT e.dst FROM edge e, s WHERE e.src = s.id "
                    "  UNION SELECT e.src FROM edge e, s WHERE e.dst = s.id), "
                    "h2(id) AS (SELECT id FROM h1 "
                    "  UNION SELECT e.dst FROM edge e JOIN h1 ON e.src = h1.id "
                    "  UNION SELECT e.src FROM edge e JOIN h1 ON e.dst = h1.id) "
                    "SELECT count(*) FROM h2 WHERE id <> (SELECT id FROM s)");
            std::uint64_t sum = 0;
            for (const auto& k : keys_w4_) {
                st.reset().bind(1, k);
                while (st.step())
                    sum += std::uint64_t(st.int_at(0));
            }
            return sum;
        };
        w.push_back(std::move(x));
    }

    // W5: persons who visited a country that hosts an exhibition of the visit's year.
    {
        Workload x{"W5", "persons who visited a host country in the exhibition's year", {}};
        x.run[Query] = [this] { return std::uint64_t(query_int(w5_join.caspian)); };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            const auto country = need_name<NameKind::Label>(r, "Country");
            const auto person = need_name<NameKind::Label>(r, "Person");
            const auto exhibition = need_name<NameKind::Label>(r, "Exhibition");
            const auto hosts = need_name<NameKind::Type>(r, "HOSTS");
            const auto visited = need_name<NameKind::Type>(r, "VISITED");
            const auto year = r.find_name<NameKind::Property>("year");
            auto has = [](const std::vector<std::uint32_t>& ls, caspian::graph::LabelId label) {
                const std::uint32_t l = label.value;
                return std::binary_search(ls.begin(), ls.end(), l);
            };
            // Persons found, as flat marks by node id (ids are dense from 1).
            std::vector<bool> found;
            std::uint64_t persons = 0;
            std::unordered_set<std::int64_t> years;
            r.scan_label(country, [&](NodeId c) {
                years.clear();
                r.adjacency(c, Direction::Out, hosts, [&](const AdjEntry& e) {
                    const auto ex = r.node(e.neighbour);
                    const Value* y = prop(ex->properties, year);
                    if (has(ex->labels, exhibition) && y != nullptr &&
                        y->kind() == caspian::ValueKind::Int)
                        years.insert(y->as_int());
                    return true;
                });
                if (years.empty()) return true;
                r.adjacency(c, Direction::In, visited, [&](const AdjEntry& e) {
                    const std::uint64_t n = e.neighbour.value;
                    if (n < found.size() && found[n]) return true;
                    // Only the edge's year is decoded, not its whole record.
                    const auto y = year ? r.edge_property(e.edge, *year) : std::nullopt;
                    if (!y || y->kind() != caspian::ValueKind::Int || years.count(y->as_int()) == 0)
                        return true;
                    if (has(r.node(e.neighbour)->labels, person)) {
                        if (n >= found.size()) found.resize(n * 2 + 1);
                        found[n] = true;
                        ++persons;
                    }
                    return true;
                });
                return true;
            });
            return persons;
        };
        x.run[Sqlite] = [this] {
            Stmt st(sql_,
                    "SELECT count(DISTINCT v.src) FROM edge v "
                    "JOIN node p ON p.id = v.src AND p.label = 'Person' "
                    "JOIN node c ON c.id = v.dst AND c.label = 'Country' "
                    "JOIN edge h ON h.src = v.dst AND h.type = 'HOSTS' "
                    "JOIN node e ON e.id = h.dst AND e.label = 'Exhibition' "
                    "WHERE v.type = 'VISITED' AND e.year = v.year");
            st.step();
            return std::uint64_t(st.int_at(0));
        };
        w.push_back(std::move(x));
    }

    // W5b: W5 written as a semi-join, as one would rewrite it when the plain join is slow: the
    // years of each country's exhibitions first, then each visit checked against them once.
    {
        Workload x{"W5b", "W5 as a semi-join (years per country first)", {}};
        x.run[Query] = [this] { return std::uint64_t(query_int(w5b_semi_join.caspian)); };
        x.run[Raw] = w.back().run[Raw];  // W5's raw code already works this way
        x.run[Sqlite] = [this] {
            Stmt st(sql_,
                    "SELECT count(DISTINCT v.src) FROM edge v "
                    "JOIN node p ON p.id = v.src AND p.label = 'Person' "
                    "WHERE v.type = 'VISITED' AND (v.dst, v.year) IN ("
                    "  SELECT h.src, e.year FROM edge h "
                    "  JOIN node c ON c.id = h.src AND c.label = 'Country' "
                    "  JOIN node e ON e.id = h.dst AND e.label = 'Exhibition' "
                    "  WHERE h.type = 'HOSTS')");
            st.step();
            return std::uint64_t(st.int_at(0));
        };
        w.push_back(std::move(x));
    }

    // W6: edges by type, and the ten nodes of highest degree (ties by key).
    {
        Workload x{"W6", "edges per type; top 10 nodes by degree", {}};
        x.run[Query] = [this] {
            std::uint64_t types = 0, top = 0;
            {
                auto r = cq(w6_types.caspian);
                while (r.next())
                    types += fnv(r.row()[0].as_string()) * std::uint64_t(r.row()[1].as_int());
            }
            auto r = cq(w6_top.caspian);
            while (r.next())
                top =
                    mix(mix(top, fnv(r.row()[0].as_string())), std::uint64_t(r.row()[1].as_int()));
            return mix(types, top);
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            std::uint64_t types = 0, top = 0;
            for (const auto& [id, name] : r.names<NameKind::Type>())  // statistics: no scan
                types += fnv(name) * r.type_stats(id).edges;
            std::vector<std::uint64_t> degree;
            for (MDB_dbi dbi : {txn.tables().out_adj, txn.tables().in_adj}) {
                caspian::storage::Cursor c(txn, dbi);
                MDB_val k, v;
                for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
                    const auto key = caspian::storage::as_view(k);
                    const std::uint64_t node = caspian::graph::adj_chunk_node(key).value;
                    if (node >= degree.size()) degree.resize(std::max(node + 1, degree.size() * 2));
                    degree[node] += caspian::graph::adj_chunk_count(caspian::storage::as_view(v));
                }
            }
            std::vector<std::uint64_t> d(degree);
            const std::size_t n = std::min<std::size_t>(10, d.size());
            std::nth_element(d.begin(), d.begin() + std::ptrdiff_t(n) - 1, d.end(),
                             std::greater<>());
            const std::uint64_t cut = std::max<std::uint64_t>(1, n > 0 ? d[n - 1] : 1);
            std::vector<std::pair<std::uint64_t, std::string>> best;  // (degree, key)
            const auto key = need_name<NameKind::Property>(r, "key");
            for (std::uint64_t id = 0; id < degree.size(); ++id) {
                if (degree[id] < cut) continue;
                const auto node = r.node(NodeId(id));
                const Value* kv = node ? prop(node->properties, key) : nullptr;
                best.emplace_back(degree[id], kv != nullptr ? kv->as_string() : "");
            }
            std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
            for (std::size_t i = 0; i < best.size() && i < 10; ++i)
                top = mix(mix(top, fnv(best[i].second)), best[i].first);
            return mix(types, top);
        };
        x.run[Sqlite] = [this] {
            std::uint64_t types = 0, top = 0;
            Stmt t(sql_, "SELECT type, count(*) FROM edge GROUP BY type");
            while (t.step())
                types += fnv(t.text_at(0)) * std::uint64_t(t.int_at(1));
            Stmt d(sql_,
                   "SELECT n.key, t.d FROM (SELECT id, sum(c) AS d FROM ("
                   "  SELECT src AS id, count(*) AS c FROM edge GROUP BY src UNION ALL "
                   "  SELECT dst, count(*) FROM edge GROUP BY dst) GROUP BY id) t "
                   "JOIN node n ON n.id = t.id ORDER BY t.d DESC, n.key LIMIT 10");
            while (d.step())
                top = mix(mix(top, fnv(d.text_at(0))), std::uint64_t(d.int_at(1)));
            return mix(types, top);
        };
        w.push_back(std::move(x));
    }

    // W7: unweighted shortest path (either direction, any type, at most 6 edges), 100 pairs.
    // Check: sum over pairs of (pair index + 1) * length, 0 for no path within the bound.
    {
        Workload x{"W7", "shortest path (<= 6 hops) between " + few + " pairs", {}};
        x.run[Query] = [this] {
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < pairs_w7_.size(); ++i) {
                sum += (i + 1) *
                       std::uint64_t(query_int(w7_shortest.caspian, {{"a", pairs_w7_[i].first},
                                                                     {"b", pairs_w7_[i].second}}));
            }
            return sum;
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < pairs_w7_.size(); ++i) {
                const auto a = r.find_key(pairs_w7_[i].first);
                const auto b = r.find_key(pairs_w7_[i].second);
                if (!a || !b) continue;
                // bfs_length works on raw ids, shared with the SQLite column.
                const auto len =
                    bfs_length(a->value, b->value, w7_max_hops, [&](std::uint64_t u, auto&& f) {
                        for (Direction d : {Direction::Out, Direction::In}) {
                            r.adjacency(NodeId(u), d, std::nullopt, [&](const AdjEntry& e) {
                                f(e.neighbour.value);
                                return true;
                            });
                        }
                    });
                sum += (i + 1) * std::uint64_t(len);
            }
            return sum;
        };
        // A recursive CTE cannot keep a visited set across levels and re-expands every node it
        // has seen at each depth (hopeless with hub countries), so this is BFS in the host
        // program with one prepared adjacency query per node, as an application would do it.
        x.run[Sqlite] = [this] {
            Stmt id(sql_, "SELECT id FROM node WHERE key = ?1");
            Stmt adj(sql_,
                     "SELECT dst FROM edge WHERE src = ?1 UNION ALL "
                     "SELECT src FROM edge WHERE dst = ?1");
            auto find = [&](const std::string& k) -> std::optional<std::uint64_t> {
                id.reset().bind(1, k);
                if (!id.step()) return std::nullopt;
                return std::uint64_t(id.int_at(0));
            };
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < pairs_w7_.size(); ++i) {
                const auto a = find(pairs_w7_[i].first);
                const auto b = find(pairs_w7_[i].second);
                if (!a || !b) continue;
                const auto len = bfs_length(*a, *b, w7_max_hops, [&](std::uint64_t u, auto&& f) {
                    adj.reset().bind(1, std::int64_t(u));
                    while (adj.step())
                        f(std::uint64_t(adj.int_at(0)));
                });
                sum += (i + 1) * std::uint64_t(len);
            }
            return sum;
        };
        w.push_back(std::move(x));
    }

    // W8: a scan of every node with a property filter and an aggregate.
    {
        Workload x{"W8", "full node scan with a property filter", {}};
        x.run[Query] = [this] {
            caspian::Result r = cq(w8_scan.caspian);
            std::uint64_t h = 0;
            while (r.next())
                h = mix(std::uint64_t(r.row()[0].as_int()), std::uint64_t(r.row()[1].as_int()));
            return h;
        };
        x.run[Raw] = [this] {
            caspian::storage::ReadTxn txn(*env_);
            GraphReader r(txn);
            const auto score = r.find_name<NameKind::Property>("score");
            const auto born = r.find_name<NameKind::Property>("born");
            const auto followers = r.find_name<NameKind::Property>("followers");
            const caspian::Date cut = caspian::make_date(1980, 1, 1);
            std::uint64_t count = 0;
            std::int64_t sum = 0;
            caspian::storage::Cursor c(txn, txn.tables().nodes);
            MDB_val k, v;
            if (!score || !born) return mix(0, 0);
            using caspian::storage::find_node_property;
            // Only the properties tested, each decoded on its own (as careful storage-API code
            // would), and followers only for the rows that pass.
            for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
                const std::string_view rec = caspian::storage::as_view(v);
                const auto s = find_node_property(rec, score->value);
                if (!s || s->kind() != caspian::ValueKind::Float || !(s->as_float() > 0.9))
                    continue;
                const auto b = find_node_property(rec, born->value);
                if (!b || b->kind() != caspian::ValueKind::Date || b->as_date() < cut) continue;
                ++count;
                if (!followers) continue;
                if (const auto f = find_node_property(rec, followers->value);
                    f && f->kind() == caspian::ValueKind::Int)
                    sum += f->as_int();
            }
            return mix(count, std::uint64_t(sum));
        };
        x.run[Sqlite] = [this] {
            Stmt st(sql_,
                    "SELECT count(*), coalesce(sum(followers), 0) FROM node "
                    "WHERE score > 0.9 AND born >= '1980-01-01'");
            st.step();
            return mix(std::uint64_t(st.int_at(0)), std::uint64_t(st.int_at(1)));
        };
        w.push_back(std::move(x));
    }
    return w;
}

Outcome Bench::measure(Sys sys, const std::function<std::uint64_t()>& fn) {
    Outcome out;
    out.ran = true;
    double total = 0;
    for (int i = 0; i < opt_.repeat && (i == 0 || total < opt_.budget * 1000); ++i) {
        statements_.clear();  // a prepared run pays for preparing once
        prepared_ = sys == Prepared;
        reset_hwm();
        const std::uint64_t rss = status_kb("VmRSS");
        const std::uint64_t file_before = status_kb("RssFile");
        dog_.arm(opt_.timeout, sys == Sqlite ? sql_ : nullptr);
        const auto t0 = Clock::now();
        std::uint64_t v = 0;
        try {
            v = fn();
        } catch (const std::exception& e) {
            dog_.disarm();
            out.failure = dog_.fired.load() ? "timeout" : std::string("error: ") + e.what();
            return out;
        }
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        dog_.disarm();
        const std::uint64_t hwm = status_kb("VmHWM");
        const std::uint64_t growth = hwm > rss ? hwm - rss : 0;
        const std::uint64_t file_after = status_kb("RssFile");
        const std::uint64_t file_growth =
            std::min(growth, file_after > file_before ? file_after - file_before : 0);
        if (growth >= out.hwm_growth_kb) {
            out.hwm_growth_kb = growth;
            out.file_growth_kb = file_growth;
        }
        total += ms;
        out.ms.push_back(ms);
        if (out.check && *out.check != v) {
            out.failure = "nondeterministic check value";
            return out;
        }
        out.check = v;
    }
    return out;
}

// Best (least) median of SQLite and Kùzu, the other engines, with its name; 0 when neither ran.
std::pair<double, const char*> best_other(const double (&med)[sys_count]) {
    std::pair<double, const char*> best{0, ""};
    for (Sys s : {Sqlite, Kuzu}) {
        if (med[s] > 0 && (best.first == 0 || med[s] < best.first)) best = {med[s], sys_names[s]};
    }
    return best;
}

std::string vs_best(double mine, const std::pair<double, const char*>& best) {
    if (mine <= 0 || best.first <= 0) return "—";
    return fmt_ratio(mine, best.first) + " " + best.second;
}

void Bench::print_table(
    const std::vector<std::pair<Workload, std::array<Outcome, sys_count>>>& rows) {
    const bool kuzu = !opt_.kuzu.empty();
    std::printf(
        "\n### caspian vs SQLite%s: %llu nodes, %llu edges (data %s, seed %llu; SQLite %s%s%s)\n\n",
        kuzu ? " vs Kùzu" : "", static_cast<unsigned long long>(nodes_),
        static_cast<unsigned long long>(edges_), opt_.data.c_str(),
        static_cast<unsigned long long>(opt_.seed), sqlite3_libversion(), kuzu ? ", Kùzu " : "",
        kuzu ? kuzu_version_.c_str() : "");
    std::printf(
        "Medians of up to %d runs (runs in parentheses), caspian on %u threads (0: the "
        "machine's cores). query: Database::query, parsed and planned at every call; prepared: "
        "Database::prepare once per run; kuzu: its Node.js "
        "API, statements prepared once per run, default threads. vs best: caspian's time over "
        "the faster of SQLite and Kùzu.\n\n",
        opt_.repeat, opt_.threads);
    std::printf(
        "| workload | caspian query | caspian prepared | caspian raw | sqlite | kuzu | query/raw | "
        "prepared/raw | query vs best | prepared vs best | check |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    auto ratio = [](double a, double b) { return a > 0 && b > 0 ? fmt_ratio(a, b) : "—"; };
    if (loaded_) {
        double med[sys_count] = {};
        for (int s = 0; s < sys_count; ++s)
            med[s] = load_[s].ms;
        const std::string k = kuzu_loaded_ ? fmt_ms(load_[Kuzu].ms) : "—";
        std::printf("| W1 bulk import | %s | — | — | %s | %s | — | — | %s | — | %s |\n",
                    fmt_ms(load_[Query].ms).c_str(), fmt_ms(load_[Sqlite].ms).c_str(), k.c_str(),
                    vs_best(med[Query], best_other(med)).c_str(),
                    counts_agree_ ? "counts agree" : "DISAGREE");
    }
    for (const auto& [w, o] : rows) {
        std::string cell[sys_count];
        double med[sys_count] = {};
        for (int s = 0; s < sys_count; ++s) {
            if (!o[s].ran)
                cell[s] = "—";
            else if (!o[s].failure.empty())
                cell[s] = o[s].failure;
            else {
                med[s] = median(o[s].ms);
                cell[s] = fmt_ms(med[s]) + " (" + std::to_string(o[s].ms.size()) + ")";
            }
        }
        std::string check = "?";
        std::optional<std::uint64_t> ref;
        bool agree = true;
        for (int s = 0; s < sys_count; ++s) {
            if (!o[s].check) continue;
            if (ref && *ref != *o[s].check) agree = false;
            ref = ref ? ref : o[s].check;
        }
        if (ref) {
            char b[40];
            std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(*ref));
            check = agree ? b : "DISAGREE";
        }
        const auto best = best_other(med);
        std::printf("| %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", w.id.c_str(),
                    w.what.c_str(), cell[Query].c_str(), cell[Prepared].c_str(), cell[Raw].c_str(),
                    cell[Sqlite].c_str(), cell[Kuzu].c_str(), ratio(med[Query], med[Raw]).c_str(),
                    ratio(med[Prepared], med[Raw]).c_str(), vs_best(med[Query], best).c_str(),
                    vs_best(med[Prepared], best).c_str(), check.c_str());
    }
    if (loaded_) {
        std::printf("\n| W1 | time | peak RSS (VmHWM) | bytes on disk |\n|---|---:|---:|---:|\n");
        for (Sys s : {Query, Sqlite, Kuzu}) {
            if (s == Kuzu && !kuzu_loaded_) continue;
            std::printf("| %s | %s | %s | %.1f MiB |\n",
                        s == Query ? "caspian import" : sys_names[s], fmt_ms(load_[s].ms).c_str(),
                        hwm_works_ ? fmt_mib(load_[s].hwm_kb).c_str() : "n/a",
                        double(load_[s].disk) / (1 << 20));
        }
    }
    if (hwm_works_) {
        std::printf(
            "\nPeak memory growth per workload (VmHWM during the run minus VmRSS before "
            "it; a lower bound, see bench/README.md; in brackets the part that is the database "
            "file's pages mapped in, page cache rather than heap; Kùzu's in its own process, "
            "whose buffer pool is heap):\n\n"
            "| workload | caspian query | caspian prepared | caspian raw | sqlite | kuzu |\n"
            "|---|---:|---:|---:|---:|---:|\n");
        for (const auto& [w, o] : rows) {
            std::string cell[sys_count];
            for (int s = 0; s < sys_count; ++s)
                cell[s] = !o[s].ran                  ? "—"
                          : o[s].file_growth_kb == 0 ? fmt_mib(o[s].hwm_growth_kb)
                                                     : fmt_mib(o[s].hwm_growth_kb) + " (" +
                                                           fmt_mib(o[s].file_growth_kb) + " file)";
            std::printf("| %s | %s | %s | %s | %s | %s |\n", w.id.c_str(), cell[Query].c_str(),
                        cell[Prepared].c_str(), cell[Raw].c_str(), cell[Sqlite].c_str(),
                        cell[Kuzu].c_str());
        }
    }
    std::fflush(stdout);
}

std::vector<caspian::bench::WorkloadSpec> Bench::specs() const {
    auto all = caspian::bench::workload_specs(keys_w2_, keys_w3_, keys_w4_, pairs_w7_);
    std::erase_if(all, [&](const auto& w) {
        return !opt_.only.empty() &&
               std::find(opt_.only.begin(), opt_.only.end(), w.id) == opt_.only.end();
    });
    return all;
}

// Kùzu loads the same CSV files and runs the same statements (in its dialect) and parameters in
// bench/kuzu/run.mjs, in a child process, so its memory is measured apart from ours.
void Bench::run_kuzu(std::vector<std::pair<Workload, std::array<Outcome, sys_count>>>& rows) {
    caspian::bench::KuzuOptions k;
    k.script = opt_.kuzu;
    k.workloads = opt_.work / "workloads.json";
    k.data = opt_.data;
    k.db = opt_.work / "kuzu.db";
    k.repeat = opt_.repeat;
    k.budget = opt_.budget;
    k.timeout = opt_.timeout;
    k.skip_load = !loaded_;
    {
        std::ofstream out(k.workloads);
        out << caspian::bench::workloads_json(specs(), opt_.seed);
        if (!out.flush()) throw std::runtime_error("cannot write " + k.workloads.string());
    }
    const auto r = caspian::bench::run_kuzu(k);
    kuzu_version_ = r.version;
    if (r.loaded) {
        kuzu_loaded_ = true;
        load_[Kuzu] = {r.load_ms, r.hwm_kb, r.disk};
    }
    if (r.nodes != nodes_ || r.edges != edges_) {
        std::fprintf(
            stderr, "W1: Kùzu holds %llu nodes and %llu edges, caspian %llu and %llu\n",
            static_cast<unsigned long long>(r.nodes), static_cast<unsigned long long>(r.edges),
            static_cast<unsigned long long>(nodes_), static_cast<unsigned long long>(edges_));
        counts_agree_ = false;
    }
    for (auto& [w, o] : rows) {
        const auto it = r.runs.find(w.id);
        if (it == r.runs.end()) continue;
        Outcome& out = o[Kuzu];
        out.ran = true;
        out.ms = it->second.ms;
        out.check = it->second.check;
        out.hwm_growth_kb = it->second.growth_kb;
        out.failure = it->second.failure;
    }
}

int Bench::main() {
    for (const auto& e : fs::directory_iterator(opt_.data)) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() != ".csv") continue;
        if (name.rfind("nodes", 0) == 0)
            node_files_.push_back(e.path());
        else if (name.rfind("edges", 0) == 0)
            edge_files_.push_back(e.path());
    }
    if (node_files_.empty()) usage("no nodes*.csv in " + opt_.data.string());
    std::sort(node_files_.begin(), node_files_.end());
    std::sort(edge_files_.begin(), edge_files_.end());
    fs::create_directories(opt_.work);
    caspian_dir_ = opt_.work / "caspian";
    sqlite_file_ = opt_.work / "sqlite.db";
    hwm_works_ = reset_hwm();

    if (!opt_.skip_load || !fs::exists(caspian_dir_ / "data.mdb") || !fs::exists(sqlite_file_)) {
        load();
    }
    open();
    sample();
    if (opt_.print_workloads) {
        std::fputs(caspian::bench::workloads_json(specs(), opt_.seed).c_str(), stdout);
        return 0;
    }

    std::vector<std::pair<Workload, std::array<Outcome, sys_count>>> rows;
    bool failed = false;
    for (auto& w : workloads()) {
        if (!opt_.only.empty() &&
            std::find(opt_.only.begin(), opt_.only.end(), w.id) == opt_.only.end())
            continue;
        std::array<Outcome, sys_count> o;
        for (int s = 0; s < sys_count; ++s) {
            if (s == Kuzu) continue;  // all of Kùzu's runs come after
            std::fprintf(stderr, "%s: %s ...", w.id.c_str(), sys_names[s]);
            o[s] = measure(Sys(s), w.run[s == Prepared ? Query : s]);
            if (o[s].failure.empty()) {
                std::fprintf(stderr, " %s, check %016llx\n", fmt_ms(median(o[s].ms)).c_str(),
                             static_cast<unsigned long long>(*o[s].check));
            } else {
                std::fprintf(stderr, " %s\n", o[s].failure.c_str());
            }
        }
        rows.emplace_back(std::move(w), std::move(o));
    }
    if (!opt_.kuzu.empty()) run_kuzu(rows);
    if (!counts_agree_) failed = true;
    for (const auto& [w, o] : rows) {
        std::optional<std::uint64_t> ref;
        bool agree = true;
        for (int s = 0; s < sys_count; ++s) {
            const Outcome& x = o[s];
            // Failures were reported as they happened (Kùzu's by run.mjs).
            if (!x.failure.empty() && (opt_.strict || x.failure.rfind("nondeterministic", 0) == 0))
                failed = true;
            if (!x.check) continue;
            if (ref && *ref != *x.check) agree = false;
            ref = ref ? ref : x.check;
        }
        if (agree) continue;
        failed = true;
        std::string all;
        for (int s = 0; s < sys_count; ++s) {
            all += std::string(s == 0 ? "" : ", ") + sys_names[s] + " " +
                   (o[s].check ? std::to_string(*o[s].check) : "-");
        }
        std::fprintf(stderr, "%s: the systems disagree: %s\n", w.id.c_str(), all.c_str());
    }
    print_table(rows);
    if (sql_ != nullptr) sqlite3_close(sql_);
    if (failed) {
        std::fprintf(stderr, "caspian-bench: FAILED (see above)\n");
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Bench bench(parse(argc, argv));
        return bench.main();
    } catch (const caspian::Error& e) {
        std::fprintf(stderr, "caspian-bench: %s error: %s\n", caspian::to_string(e.kind()),
                     e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "caspian-bench: %s\n", e.what());
    }
    return 1;
}
