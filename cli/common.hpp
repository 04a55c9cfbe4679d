// What every command shares: database options, parameters, error printing and exit codes.
// Uses only the public API (include/caspian/).
#pragma once

#include <caspian/database.hpp>
#include <caspian/error.hpp>
#include <caspian/result.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::cli {

// Exit codes (docs/cli.md): 0 ok; 1 query, data or storage error; 2 usage; 3 check failed.
inline constexpr int exit_ok = 0;
inline constexpr int exit_error = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_corrupt = 3;

// The command chosen on the command line, run after parsing.
using Command = std::function<int()>;

// Options of every command that opens a database.
struct DbOptions {
    std::string path;
    bool read_only = false;
    std::string map_size;  // "64M", "1G", bytes; empty for the default
    std::uint64_t max_rows = default_max_rows_in_memory;  // OpenOptions::max_rows_in_memory
    std::string max_memory;      // "512M", "0" for none; empty: default_max_memory_bytes()
    double timeout_seconds = 0;  // OpenOptions::statement_timeout; 0: none
    std::optional<double> busy_timeout_seconds;  // OpenOptions::busy_timeout; none: forever
    unsigned threads = 0;                        // OpenOptions::threads; 0: the machine's cores
};

// Adds DB (positional, required unless optional_db). Each command adds only the options below
// that mean something for it, so that its --help lists only those.
void add_db_options(CLI::App& app, DbOptions& options, bool optional_db = false);
// --read-only.
void add_read_only_option(CLI::App& app, DbOptions& options);
// --map-size and --busy-timeout, for the commands that write.
void add_write_options(CLI::App& app, DbOptions& options);
// The statement limits --max-rows, --max-memory and --timeout.
void add_limit_options(CLI::App& app, DbOptions& options);
// --threads: the workers of whole-graph aggregates (issue #20), for the commands that query.
void add_threads_option(CLI::App& app, DbOptions& options);

// Ends the command's --help with one example command line.
void set_example(CLI::App& app, const std::string& example);

// "64M" -> 67108864 (K, M, G, T with optional "B" or "iB"; powers of 1024). Throws
// Error{Usage} for anything else.
std::uint64_t parse_size(std::string_view text);

// True when path is absent or an empty directory: opening it to write creates a database.
bool is_fresh_database(const std::filesystem::path& path);

// Opens the database; create=false requires it to exist. With create (and not read-only) a
// fresh path gets a new database, said on stderr as `created new database PATH` unless
// announce is false (a FreshDatabaseGuard says it once the command succeeded). Throws
// Error{Usage} when the path is unusable or its parent directory does not exist (exit 2).
Database open_database(const DbOptions& options, bool create, bool announce = true);

// "2.5" seconds -> 2500 ms. Throws Error{Usage} for a negative or non-finite number.
std::chrono::milliseconds timeout_from_seconds(double seconds);

// "name=VALUE" with VALUE JSON or else a string. Throws Error{Usage} without '='.
std::pair<std::string, Value> parse_param(std::string_view text);
Params parse_params(const std::vector<std::string>& texts);

// Prints `caspian: <kind> error: <what>` to stderr.
void print_error(const Error& e);

// True when statement plans as a read (the planner refuses a write in a read transaction
// before running anything); false for a write, BEGIN, and any error (the real run reports it).
// Read-only statements never create a database: query, run and shell ask it on a fresh path.
bool plans_as_read(const Database& db, std::string_view statement, const Params& params);

// True when every statement of script (split at ';' as `run` does) plans as a read.
bool script_only_reads(const Database& db, std::string_view script, const Params& params);

// `caspian: no database at 'PATH': WHAT read an empty graph, and none was created (...)`.
void say_none_created(const std::string& path, const std::string& what);

// For a command whose failure writes nothing (query, import): when DB was absent or an empty
// directory, a failure removes the database the command created, so that the path is left as
// it was (#15). Construct it before the Database (it acts after the Database is closed); call
// keep() once the command succeeded: it says `created new database PATH` when it made one.
class FreshDatabaseGuard {
public:
    explicit FreshDatabaseGuard(const std::string& path);
    FreshDatabaseGuard(const FreshDatabaseGuard&) = delete;
    FreshDatabaseGuard& operator=(const FreshDatabaseGuard&) = delete;
    ~FreshDatabaseGuard();
    void keep();
    // The path was absent or an empty directory when the guard was made.
    bool is_fresh() const noexcept { return absent_ || empty_dir_; }

private:
    std::filesystem::path path_;
    bool absent_ = false;
    bool empty_dir_ = false;
    bool keep_ = false;
};

}  // namespace caspian::cli
