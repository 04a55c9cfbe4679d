// Result formatters: aligned table, vertical records (one value per line), CSV (RFC 4180), JSON
// (array of row objects), JSON Lines and Graphviz DOT. CSV and JSON Lines stream row by row; the
// table, vertical and DOT buffer the result.
#pragma once

#include <caspian/result.hpp>
#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace caspian::cli {

enum class Format { Table, Vertical, Csv, Json, Jsonl, Dot };

// nullopt for a name other than table, vertical, csv, json, jsonl, dot.
std::optional<Format> parse_format(std::string_view name);
const char* format_name(Format f);

// Text primitives of the output modes, named for the CLI's formatters; each calls the public one
// that the engine uses too (DOT text: dot_quote and dot_label of <caspian/import_export.hpp>).
// A float as Cypher writes it (to_literal): shortest round-trip digits, '.0' added when needed;
// NaN, Infinity, -Infinity.
std::string float_text(double d);
// A JSON string literal (quotes included), as to_json writes a string.
std::string json_quote(std::string_view s);

// One cell as each format shows it.
std::string table_cell(const Value& v);
std::string csv_cell(const Value& v);

struct PrintOptions {
    Format format = Format::Table;
    // The "(N rows, T ms)" line on stderr: always for tables, for other formats when timing.
    bool timing = false;
    // Tables and vertical records: at most this many columns per line, long cells cut with "…"
    // (0: no limit).
    std::size_t max_width = 0;
    // Whether the table's "(N rows)" line shows the time when timing is false (the shell's
    // ":timing off" clears it).
    bool table_time = true;
    // EXPLAIN and PROFILE (is_explain): a table prints the plan's lines as plain text.
    bool plain_text = false;
};

// text from its first token on: without the blanks and the complete comments before it.
std::string_view skip_leading_comments(std::string_view text);

// Whether statement starts with EXPLAIN or PROFILE (after blanks and comments).
bool is_explain(std::string_view statement);

// Reads result to the end, writing rows to out as they come (the table once complete), then the
// summary to err. Throws what Result::next throws; rows printed before stay printed. Throws
// OutputError (cli/output.hpp) as soon as out fails, so that a lost output stops the statement.
std::uint64_t print_result(Result& result, std::ostream& out, std::ostream& err,
                           const PrintOptions& options);

// Writes result's notifications to err as warnings with their position in source (offset: where
// the statement starts in it).
void print_notifications(const Result& result, std::ostream& err, std::string_view source,
                         std::string_view source_name, std::size_t offset = 0);

}  // namespace caspian::cli
