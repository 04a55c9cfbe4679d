// Database options, parameters and error printing shared by the commands.
#include "cli/common.hpp"

#include <caspian/tools.hpp>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <iostream>

namespace caspian::cli {

void add_db_options(CLI::App& app, DbOptions& options, bool optional_db) {
    auto* db = app.add_option("DB", options.path, "database directory");
    if (!optional_db) db->required();
}

void add_read_only_option(CLI::App& app, DbOptions& options) {
    app.add_flag("--read-only", options.read_only, "open the database read-only");
}

namespace {

// A number of seconds: non-negative and finite ("" when it is one, else the message).
std::string check_seconds(const std::string& text) {
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(seconds >= 0) || seconds > 1e9) {
        return "expected seconds (e.g. 1 or 2.5; 0 for none), got '" + text + "'";
    }
    return "";
}

}  // namespace

void add_write_options(CLI::App& app, DbOptions& options) {
    app.add_option("--map-size", options.map_size,
                   "initial map size, e.g. 64M or 1G (it still grows as needed)");
    app.add_option("--busy-timeout", options.busy_timeout_seconds,
                   "seconds a write may wait for another process's writer before it fails "
                   "(default: as long as it takes)")
        ->check(CLI::Validator(check_seconds, "SECONDS"));
}

void add_limit_options(CLI::App& app, DbOptions& options) {
    app.add_option("--max-rows", options.max_rows,
                   "rows a statement may hold in memory at once (sorting, grouping, paths); "
                   "0 for no limit")
        ->default_val(default_max_rows_in_memory);
    app.add_option("--max-memory", options.max_memory,
                   "bytes a statement may hold (values and rows), e.g. 512M or 4G; 0 for no "
                   "limit (default: half the machine's memory)");
    app.add_option("--timeout", options.timeout_seconds,
                   "seconds a statement may run (e.g. 2.5); 0 for no limit")
        ->check(CLI::Validator(check_seconds, "SECONDS"))
        ->default_val(0);
}

void add_threads_option(CLI::App& app, DbOptions& options) {
    app.add_option("--threads", options.threads,
                   "worker threads of an aggregate over every node or a whole label "
                   "(count, sum, avg, min, max); 1 runs every statement on one thread; "
                   "0: the machine's cores")
        ->check(CLI::Range(0U, 1024U))
        ->default_val(0);
}

void set_example(CLI::App& app, const std::string& example) {
    app.footer("Example:\n  " + example + "\n\nSee docs/cli.md.");
}

std::chrono::milliseconds timeout_from_seconds(double seconds) {
    if (!(seconds >= 0) || seconds > 1e9) {
        throw Error(ErrorKind::Usage,
                    "invalid timeout '" + std::to_string(seconds) + "': give seconds, 0 for none");
    }
    auto ms = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0 + 0.5));
    if (seconds > 0 && ms.count() == 0) ms = std::chrono::milliseconds(1);
    return ms;
}

std::uint64_t parse_size(std::string_view text) {
    std::uint64_t n = 0;
    const char* b = text.data();
    const char* e = b + text.size();
    auto [p, ec] = std::from_chars(b, e, n);
    if (ec != std::errc{} || p == b) {
        throw Error(ErrorKind::Usage, "invalid size '" + std::string(text) + "' (try 64M or 1G)");
    }
    std::string unit(p, e);
    for (auto& c : unit)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() == 3 && unit.compare(1, 2, "IB") == 0) unit.resize(1);
    if (unit.size() == 2 && unit[1] == 'B') unit.resize(1);
    int shift = 0;
    if (unit.empty() || unit == "B") {
        shift = 0;
    } else if (unit == "K") {
        shift = 10;
    } else if (unit == "M") {
        shift = 20;
    } else if (unit == "G") {
        shift = 30;
    } else if (unit == "T") {
        shift = 40;
    } else {
        throw Error(ErrorKind::Usage, "invalid size '" + std::string(text) + "' (try 64M or 1G)");
    }
    if (shift > 0 && n > (UINT64_MAX >> shift)) {
        throw Error(ErrorKind::Usage, "size '" + std::string(text) + "' is too large");
    }
    return n << shift;
}

bool is_fresh_database(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return !ec;
    return std::filesystem::is_directory(path, ec) && std::filesystem::is_empty(path, ec) && !ec;
}

void announce_created(const std::filesystem::path& path) {
    std::cerr << "created new database " << path.string() << "\n";
}

Database open_database(const DbOptions& options, bool create, bool announce) {
    OpenOptions open;
    open.read_only = options.read_only;
    open.create = create && !options.read_only;
    if (!options.map_size.empty()) open.map_size = parse_size(options.map_size);
    open.max_rows_in_memory = options.max_rows;
    if (!options.max_memory.empty()) open.max_memory_bytes = parse_size(options.max_memory);
    open.statement_timeout = timeout_from_seconds(options.timeout_seconds);
    open.threads = options.threads;
    if (options.busy_timeout_seconds) {
        open.busy_timeout = timeout_from_seconds(*options.busy_timeout_seconds);
    }
    open.on_busy = [](std::int64_t pid) {
        std::cerr << "caspian: waiting for another writer"
                  << (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string()) << "…"
                  << std::endl;
    };
    const std::filesystem::path path(options.path);
    const bool fresh = open.create && is_fresh_database(path);
    if (fresh) {
        // A mistyped parent is a mistake, not a request for new directories.
        const std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
        std::error_code ec;
        if (!std::filesystem::is_directory(parent, ec)) {
            throw Error(ErrorKind::Usage, "cannot create database '" + options.path +
                                              "': directory '" + parent.string() +
                                              "' does not exist");
        }
    }
    Database db = Database::open(path, open);
    if (fresh && announce) announce_created(path);
    return db;
}

bool plans_as_read(const Database& db, std::string_view statement, const Params& params) {
    try {
        ReadTransaction txn = db.begin_read();
        Result planned = txn.query(statement, params);
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool script_only_reads(const Database& db, std::string_view script, const Params& params) {
    const SplitScript split = split_statements(script);
    std::vector<StatementSpan> statements = split.statements;
    if (split.rest) statements.push_back(*split.rest);
    for (const StatementSpan& s : statements) {
        if (!plans_as_read(db, script.substr(s.offset, s.length), params)) return false;
    }
    return true;
}

void say_none_created(const std::string& path, const std::string& what) {
    std::cerr << "caspian: no database at '" << path << "': " << what
              << " read an empty graph, and none was created (a statement that writes "
                 "creates it)\n";
}

FreshDatabaseGuard::FreshDatabaseGuard(const std::string& path) : path_(path) {
    std::error_code ec;
    absent_ = !std::filesystem::exists(path_, ec) && !ec;
    empty_dir_ = !absent_ && std::filesystem::is_directory(path_, ec) &&
                 std::filesystem::is_empty(path_, ec) && !ec;
}

FreshDatabaseGuard::~FreshDatabaseGuard() {
    if (keep_ || (!absent_ && !empty_dir_)) return;
    std::error_code ec;
    if (absent_) {
        std::filesystem::remove_all(path_, ec);
        return;
    }
    for (const char* file : {"data.mdb", "lock.mdb"})
        std::filesystem::remove(path_ / file, ec);
}

void FreshDatabaseGuard::keep() {
    if (keep_) return;
    keep_ = true;
    // Only now is the database kept: a failed command never says it made one.
    std::error_code ec;
    if ((absent_ || empty_dir_) && std::filesystem::exists(path_ / "data.mdb", ec)) {
        announce_created(path_);
    }
}

std::pair<std::string, Value> parse_param(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw Error(ErrorKind::Usage, "--param takes name=VALUE, got '" + std::string(text) + "'");
    }
    std::string name(text.substr(0, eq));
    if (!name.empty() && name[0] == '$') name.erase(0, 1);
    const std::string_view raw = text.substr(eq + 1);
    auto value = from_json(raw);
    return {name, value ? std::move(*value) : Value(std::string(raw))};
}

Params parse_params(const std::vector<std::string>& texts) {
    Params params;
    for (const auto& t : texts)
        params.push_back(parse_param(t));
    return params;
}

void print_error(const Error& e) {
    std::cerr << "caspian: " << to_string(e.kind()) << " error: " << e.what() << "\n";
}

}  // namespace caspian::cli
