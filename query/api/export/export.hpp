// What the export files of query/api/export/ share: output files, the node table the one-file
// formats draw from, plain value text, and one entry point per format. Internal to the API.
#pragma once

#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace caspian::detail {

// A file opened for writing (truncated); throws Error{Usage} when it cannot be.
std::ofstream open_out(const std::filesystem::path& path);
// Closes out; throws as check_out when a write failed.
void close_out(std::ofstream& out, const std::filesystem::path& path);
// Throws Error{Storage} with the reason once a write to out failed (a full disk): called per
// row, so that an export stops at the first failed write instead of producing the rest.
void check_out(const std::ofstream& out, const std::filesystem::path& path);
// Creates dir and its parents; throws Error{Usage} when it is not a directory afterwards.
void make_export_dir(const std::filesystem::path& dir);

// The ids of txn's nodes in id order.
std::vector<NodeId> node_ids(const ReadTransaction& txn);

// Every node of a transaction in id order, and where each id sits: the one-file formats
// resolve edge ends through it.
struct NodeTable {
    std::vector<Node> nodes;
    std::unordered_map<std::uint64_t, std::size_t> index;
};
NodeTable load_nodes(const ReadTransaction& txn);

// How scalar_text writes a double: in XML Schema's xsd:double form (NaN, INF, -INF) or as
// float_literal (NaN, Infinity, -Infinity; the CSV import reads it back).
enum class FloatText { Xsd, Cypher };
// A scalar as plain text (CSV fields, GraphML data, DOT labels, N-Triples literals): every
// temporal kind in its ISO 8601 form (toString's, which the import reads back), doubles as
// `floats` says, JSON for what has no plain form (lists, maps).
std::string scalar_text(const Value& v, FloatText floats = FloatText::Xsd);

// CSV text: a field in double quotes ('"' doubled); quoted only when it holds ',', '"' or a line
// end; a property value in the import's form (strings and lists always quoted, list elements
// joined by ';'). Lists must hold scalars (export_csv checks the column type first).
// The CSV header type of a scalar kind ("int", "date"), nullptr for the kinds without one.
const char* csv_type(ValueKind k);
std::string csv_quote(std::string_view s);
std::string csv_maybe_quote(std::string_view s);
std::string csv_field(const Value& v);

// CSV and JSON Lines: two files (nodes and edges) in directory dir.
ExportReport export_csv(const Database& db, const std::filesystem::path& dir);
ExportReport export_jsonl(const Database& db, const std::filesystem::path& dir);
// neo4j-admin's import layout: one nodes file per label set, one relationships file per type.
ExportReport export_neo4j_csv(const Database& db, const std::filesystem::path& dir);
// Kùzu: CSV files per label set and per edge type and end pair, and schema.cypher to load them.
ExportReport export_kuzu(const Database& db, const std::filesystem::path& dir);
// A file name part: the letters, digits, '_' and '-' of s (others as '_'), at most 40 bytes.
std::string file_part(const std::string& s);
// APOC's JSON Lines: one file, nodes first.
ExportReport export_apoc_jsonl(const Database& db, const std::filesystem::path& path);
// The temporal value whose ISO 8601 text (temporal_to_iso) is exactly s, else null: how an APOC
// JSON Lines string is read back, and what the export refuses to write as a string.
Value apoc_temporal(std::string_view s);

// The one-file formats: each writes the whole graph of txn to out and counts edges into report.
// write_rdf throws Error{Usage} for a base that is not an absolute IRI (rdf::Vocabulary) and
// counts the triples it writes into report.
enum class RdfSyntax { NTriples, Turtle };
void write_rdf(const ReadTransaction& txn, const NodeTable& table, std::string_view base,
               RdfSyntax syntax, RdfVersion version, std::ostream& out, ExportReport& report);
void write_graphml(const ReadTransaction& txn, const NodeTable& table, std::ostream& out,
                   ExportReport& report);
void write_dot(const ReadTransaction& txn, const NodeTable& table, std::ostream& out,
               ExportReport& report);

}  // namespace caspian::detail
