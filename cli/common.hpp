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
};

// Adds DB (positional, required unless optional_db), --read-only, --map-size, the
// statement limits --max-rows, --max-memory and --timeout, and --busy-timeout.
void add_db_options(CLI::App& app, DbOptions& options, bool optional_db = false);

// "64M" -> 67108864 (K, M, G, T with optional "B" or "iB"; powers of 1024). Throws
// Error{Usage} for anything else.
std::uint64_t parse_size(std::string_view text);

// Opens the database; create=false requires it to exist. Throws Error{Usage} when the path is
// unusable (exit 2).
Database open_database(const DbOptions& options, bool create);

// "2.5" seconds -> 2500 ms. Throws Error{Usage} for a negative or non-finite number.
std::chrono::milliseconds timeout_from_seconds(double seconds);

// "name=VALUE" with VALUE JSON or else a string. Throws Error{Usage} without '='.
std::pair<std::string, Value> parse_param(std::string_view text);
Params parse_params(const std::vector<std::string>& texts);

// Prints `caspian: <kind> error: <what>` to stderr.
void print_error(const Error& e);

// For a command whose failure writes nothing (query, import): when DB was absent or an empty
// directory, a failure removes the database the command created, so that the path is left as
// it was (#15). Construct it before the Database (it acts after the Database is closed); call
// keep() once the command succeeded.
class FreshDatabaseGuard {
public:
    explicit FreshDatabaseGuard(const std::string& path);
    FreshDatabaseGuard(const FreshDatabaseGuard&) = delete;
    FreshDatabaseGuard& operator=(const FreshDatabaseGuard&) = delete;
    ~FreshDatabaseGuard();
    void keep() noexcept { keep_ = true; }

private:
    std::filesystem::path path_;
    bool absent_ = false;
    bool empty_dir_ = false;
    bool keep_ = false;
};

}  // namespace caspian::cli
