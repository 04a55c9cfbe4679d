// The subcommands: each adds its options to the app and sets `selected` to run it.
#pragma once

#include "cli/common.hpp"
#include "cli/format.hpp"

#include <caspian/session.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace caspian::cli {

void add_query_command(CLI::App& app, Command& selected);
void add_run_command(CLI::App& app, Command& selected);
void add_shell_command(CLI::App& app, Command& selected);
void add_stats_command(CLI::App& app, Command& selected);
void add_check_command(CLI::App& app, Command& selected);
void add_backup_command(CLI::App& app, Command& selected);
void add_import_command(CLI::App& app, Command& selected);
void add_export_command(CLI::App& app, Command& selected);
void add_serve_command(CLI::App& app, Command& selected);
void add_passwd_command(CLI::App& app, Command& selected);

// How `caspian run` shows which statement printed what (docs/cli.md, "run"): under `frame`, in
// csv a `# statement N (FILE:LINE)` line heads each statement's CSV document and a blank line
// separates them; in json the output is one array of
// {"statement":N,"source":"FILE:LINE","columns":[..],"rows":[..]}; in jsonl a line
// {"statement":N,"source":"FILE:LINE","columns":[..]} heads the statement's row lines. Only
// statements with columns get a frame, except under `echo`, which frames (or, for tables,
// prints before its result) every statement's text.
struct Framing {
    bool frame = false;
    bool echo = false;
    std::size_t next = 1;    // the number of the next statement, counted across files
    std::size_t framed = 0;  // frames begun so far
};

struct ScriptOptions {
    PrintOptions print;
    bool continue_on_error = false;
    Framing* framing = nullptr;  // none: results back to back (the shell's :read)
    const Params* params = nullptr;
    std::optional<std::uint64_t> max_memory_bytes;  // unset: the database's (--max-memory)
    // Each statement's own timeout (QueryOptions::timeout); unset: the database's.
    std::optional<std::chrono::milliseconds> timeout;
};

// Runs the statements of script (split on ';' outside strings and comments; a last statement
// without ';' counts), printing each result. Errors go to stderr as
// `<source_name>:<line>:<column>: ...` with positions in script. Returns the number of failed
// statements; stops at the first unless continue_on_error, saying so when statements remain.
// The statements run in session: each in its own transaction unless a BEGIN opened one.
int run_script(Session& session, std::string_view script, std::string_view source_name,
               const ScriptOptions& options);

// Adds --format to app, stored as a name and checked by CLI11.
void add_format_option(CLI::App& app, std::string& format);

}  // namespace caspian::cli
