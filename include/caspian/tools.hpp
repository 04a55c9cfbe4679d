// Tools over a whole database, behind the `caspian` command (issue #5): JSON rendering of
// values, splitting of statement scripts, statistics, the integrity check, backup, bulk import
// and export. Standard library only; implementation: query/api/tools.cpp.
//
// Threading: each function uses its own transactions; call them from one thread at a time per
// Database, like a write transaction.
#pragma once

#include <caspian/database.hpp>
#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian {

// --- JSON -------------------------------------------------------------------------------------

// A value as JSON text (compact): nodes as {"_id":7,"_labels":[..],..properties}, edges as
// {"_id":9,"_type":"T","_src":3,"_dst":7,..properties}, paths as {"_nodes":[..],"_edges":[..]},
// floats always with a '.' or an exponent (2.0, never 2; NaN and infinities as null), dates
// and datetimes as ISO 8601 strings, maps as objects in entry order.
[[nodiscard]] std::string to_json(const Value& v);
// A JSON string literal (quotes included) with the escapes JSON requires.
[[nodiscard]] std::string json_quote(std::string_view s);
// The value of JSON text: numbers without '.' or exponent are integers, objects are maps (entries
// sorted by name), arrays lists; nullopt when the text is not valid JSON (or an integer does not
// fit in 64 bits).
[[nodiscard]] std::optional<Value> from_json(std::string_view text);
// A float as JSON would show it: shortest round-trip digits, with '.0' added when needed.
[[nodiscard]] std::string float_text(double d);

// --- Scripts ----------------------------------------------------------------------------------

// One statement of a script: bytes [offset, offset + length) of the script text, without the
// terminating ';'.
struct StatementSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
};

struct SplitScript {
    std::vector<StatementSpan> statements;  // terminated by ';', only non-blank ones
    // The text after the last ';' when it holds more than blanks and comments (a statement
    // still being typed), else empty; `open_token` is true when it stops inside a string,
    // quoted name or block comment.
    std::optional<StatementSpan> rest;
    bool open_token = false;
};

// Splits on ';' outside strings ('..' and ".." with backslash escapes), backtick-quoted names,
// `//` line comments and `/* */` block comments. Never throws.
[[nodiscard]] SplitScript split_statements(std::string_view script);

// --- Maintenance ------------------------------------------------------------------------------

// One table's B-tree as LMDB counts it (mdb_stat); docs/storage-format.md lists the tables.
// Pages of the sub-databases LMDB makes for a key with more than a page of duplicates are not
// counted here (LMDB keeps their counts in the sub-database); their entries are.
struct TableStats {
    std::string name;
    std::uint64_t entries = 0;  // key/value pairs, each duplicate counted
    std::uint32_t depth = 0;
    std::uint64_t branch_pages = 0;
    std::uint64_t leaf_pages = 0;
    std::uint64_t overflow_pages = 0;
    std::uint64_t bytes = 0;  // (branch + leaf + overflow pages) x page size
};

struct StoreStats {
    Counts counts;
    std::uint64_t file_bytes = 0;  // size of data.mdb on disk
    std::uint64_t used_bytes = 0;  // pages in use (last page written)
    std::uint64_t map_size = 0;    // current map size (virtual)
    std::uint64_t page_size = 0;
    double bytes_per_edge = 0;       // used_bytes / edges; 0 without edges
    std::vector<TableStats> tables;  // every table, in storage-format order
};

// Counts, sizes and per-table B-tree figures.
// Throws Error{Storage} when LMDB fails.
[[nodiscard]] StoreStats stats(const Database& db);

struct CheckReport {
    std::uint64_t nodes = 0;  // records examined
    std::uint64_t edges = 0;
    std::vector<std::string> problems;  // one line each, empty when the database is sound
    [[nodiscard]] bool is_sound() const noexcept { return problems.empty(); }
};

// Verifies in one read transaction: every edge's endpoints exist and both adjacency entries
// (out at the source, in at the target) exist; every adjacency entry names an existing edge
// that matches it; dictionary ids resolve; every label is in the label index and every index
// entry names a node with that label; every node's key is in the key index and every key index
// entry names a node with that key; the stored counts match. Corrupt records are problems, not
// exceptions. Throws Error{Storage} only when LMDB itself fails.
[[nodiscard]] CheckReport check(const Database& db);

// A consistent, compacted copy of the database (LMDB's copy with compaction) into directory
// dest, which is created and must not hold a database already. Readers and writers may go on
// meanwhile. Throws Error{Usage} for an unusable dest, Error{Storage} when the copy fails.
void backup(const Database& db, const std::filesystem::path& dest);

// --- Import and export ------------------------------------------------------------------------

// A row that cannot be imported: the file, the 1-based line where the row starts, and why.
struct BadRow {
    std::string file;
    std::size_t line = 0;
    ErrorKind kind = ErrorKind::Constraint;
    std::string message;
};

// Thrown by import_files for the first bad row (without skip_bad_rows). The message is
// BadRow::message; the database is left unchanged.
class ImportError : public Error {
public:
    explicit ImportError(BadRow row) : Error(row.kind, row.message), row_(std::move(row)) {}
    [[nodiscard]] const BadRow& row() const noexcept { return row_; }

private:
    BadRow row_;
};

struct ImportOptions {
    // Files ending in .jsonl or .ndjson are JSON Lines, others CSV (docs/import-export.md).
    std::vector<std::filesystem::path> node_files;
    std::vector<std::filesystem::path> edge_files;
    bool skip_bad_rows = false;
    // Called now and then with the bytes read so far and the total of all files.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ImportReport {
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::uint64_t skipped = 0;
    std::vector<BadRow> bad_rows;  // the first 100 skipped rows
};

// Imports nodes, then edges, in one write transaction: either every row that is kept is
// written, or nothing. Files are read through a fixed buffer and written by the graph layer's
// bulk loader (docs/cli.md, "import"): memory is bounded by its batch except for the map from
// import ids to node ids, which grows with the node rows; adjacency batches are spilled to
// temporary files under TMPDIR (64 bytes per edge) until the end. Edge endpoints name ids of
// the node files or keys of existing nodes.
// Throws ImportError for a bad row (unless skip_bad_rows), Error{Usage} for a file that cannot
// be read or a header that cannot be used, Error{Storage} when LMDB fails.
ImportReport import_files(Database& db, const ImportOptions& options);

enum class ExportFormat { Csv, Jsonl, NTriples, GraphML, Dot };

// Graphviz DOT, as the Dot export writes it (and `--format dot` of query results):
// a double-quoted string with '"' and '\' escaped, newlines as \n and CRs dropped.
[[nodiscard]] std::string dot_quote(std::string_view s);
// The label of a node: its key, else its name, else its id.
[[nodiscard]] std::string dot_label(const Node& n);

// The default IRI base of N-Triples exports.
inline constexpr std::string_view default_export_base = "http://caspian.local/";

struct ExportReport {
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::vector<std::filesystem::path> files;
};

// Writes the whole graph, as of one read transaction, into directory out (created): CSV as
// nodes.csv and edges.csv in the import format (ids are node ids), JSON Lines as nodes.jsonl
// and edges.jsonl. Either reads back with import_files into an empty database as the same
// graph. Throws Error{Usage} when out cannot be written; Error{Type} for a value CSV cannot
// hold (a nested list).
//
// NTriples, GraphML and Dot write one file, out itself (its parent directories are created):
// N-Triples with IRIs under base_iri (nodes BASE node/KEY or BASE node/id/ID, labels as
// rdf:type BASE label/L, properties BASE property/NAME with xsd-typed literals, one triple per
// list element, edges BASE type/T; edge properties are not written); GraphML with a <key> per
// property name (attr.type long/double/boolean/string), node ids n<ID>, edge ids e<ID>, a
// `labels` node key and a `type` edge key; Graphviz DOT as a digraph labelled by key, name or
// id. base_iri is used by NTriples only; a '/' is added unless it ends in '/', '#' or ':'.
// Throws Error{Usage} for a base_iri that is not a usable IRI.
ExportReport export_graph(const Database& db, ExportFormat format, const std::filesystem::path& out,
                          std::string_view base_iri = default_export_base);

}  // namespace caspian
