// Bulk import from CSV, JSON Lines, N-Triples, Turtle and GraphML files and export to CSV, JSON
// Lines, N-Triples, Turtle, GraphML and Graphviz DOT, behind `caspian import` and `caspian
// export` (docs/import-export.md).
// Standard library only; implementation: query/api/import/ and query/api/export/.
//
// Threading: import_files runs one write transaction (other writers of the Database wait);
// export_graph one read transaction. Call each from one thread at a time per Database.
#pragma once

#include <caspian/database.hpp>
#include <caspian/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian {

// A row that cannot be imported: the file, the 1-based line where the row starts (0 when
// unknown), and why; column is the 1-based column of an RDF or GraphML syntax error, else 0.
struct BadRow {
    std::string file;
    std::size_t line = 0;
    ErrorKind kind = ErrorKind::Constraint;
    std::string message;
    std::size_t column = 0;
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
    // Files ending in .jsonl or .ndjson are JSON Lines, and so are files ending in .json or
    // without extension whose first byte other than white space is '{'; the others are CSV
    // (docs/import-export.md).
    std::vector<std::filesystem::path> node_files;
    std::vector<std::filesystem::path> edge_files;
    // N-Triples (.nt) or Turtle files, read through the reverse of the RDF export's mapping
    // with IRIs under rdf_base (docs/import-export.md, "RDF"); after the node and edge files.
    std::vector<std::filesystem::path> rdf_files;
    std::string rdf_base = "http://caspian.local/";  // as default_export_base
    // GraphML files (caspian's export, networkx's write_graphml): typed <key> declarations,
    // labels from a `labels` node key, edge types from a `type` (else `label`) edge key.
    std::vector<std::filesystem::path> graphml_files;
    // APOC JSON Lines (apoc.export.json.all): node and relationship objects in one file, read
    // after node_files for its nodes and after edge_files for its relationships. Its ids share
    // the node files' id space; a string property (but `key`) that is exactly the ISO 8601 text
    // of a temporal value becomes that value, as APOC writes temporals as strings.
    std::vector<std::filesystem::path> apoc_files;
    bool skip_bad_rows = false;
    char delimiter = ',';  // between the fields of a CSV file; never '"', CR or LF
    // Threads of the import. With more than one, a worker reads, checks and types each CSV
    // file's next rows while the caller's thread writes the rows before them; the database and
    // the errors are the same either way. 0: the machine's cores; 1: all on the caller's thread.
    unsigned threads = 0;
    // Called now and then with the bytes read so far and the total of all files.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ImportReport {
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::uint64_t skipped = 0;
    std::vector<BadRow> bad_rows;  // the first 100 skipped rows
    // What was imported but may not be what was meant ("FILE: no :LABEL column: its nodes get
    // no label"), one line each.
    std::vector<std::string> warnings;
};

// Imports nodes, then edges, in one write transaction: either every row that is kept is
// written, or nothing. Files are read through a fixed buffer and written by the graph layer's
// bulk loader (docs/cli.md, "import"): memory is bounded by its batch except for the map from
// import ids to node ids, which grows with the node rows; adjacency batches are spilled to
// temporary files under TMPDIR (64 bytes per edge) until the end. Edge endpoints name ids of
// the node files or keys of existing nodes.
// Throws ImportError for a bad row (unless skip_bad_rows), Error{Usage} for a file that cannot
// be read, a header that cannot be used or a bad delimiter, Error{Storage} when LMDB fails.
ImportReport import_files(Database& db, const ImportOptions& options);

enum class ExportFormat { Csv, Jsonl, NTriples, Turtle, GraphML, Dot, Neo4jCsv, ApocJsonl, Kuzu };

// How N-Triples and Turtle exports say an edge's properties: RDF 1.1 classic reification (a
// blank node of rdf:type rdf:Statement with rdf:subject, rdf:predicate and rdf:object), which
// every RDF 1.1 tool reads (serd, raptor, rdflib) and import_files reads back; or an RDF 1.2
// triple term (_:eN rdf:reifies <<( S P O )>>), which RDF 1.2 stores (Oxigraph) read.
enum class RdfVersion { Rdf11, Rdf12 };

// The default IRI base of N-Triples and Turtle exports.
inline constexpr std::string_view default_export_base = "http://caspian.local/";

struct ExportReport {
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::uint64_t triples = 0;  // N-Triples and Turtle: the triples written
    std::vector<std::filesystem::path> files;
    // The shell command that loads the files into another system (Neo4jCsv: `neo4j-admin
    // database import full ...`), or empty.
    std::string load_command;
};

// Writes the whole graph, as of one read transaction, into directory out (created): CSV as
// nodes.csv and edges.csv in the import format (ids are node ids), JSON Lines as nodes.jsonl
// and edges.jsonl. Either reads back with import_files into an empty database as the same
// graph. Throws Error{Usage} when out cannot be created or opened, Error{Storage} at the first
// write that fails (a full disk; the files are left incomplete); Error{Type}, before anything
// is written, for a value CSV cannot hold (a nested list, a string list element holding ';', a
// list of just "") or JSON Lines cannot hold (NaN, an infinity).
//
// Neo4jCsv writes neo4j-admin's import layout into directory out (docs/import-export.md):
// nodes-N[-LABELS].csv per label set (`:ID`, `:LABEL`, typed columns such as `n:long`,
// `tags:string[]` with ';' between elements) and relationships-N-TYPE.csv per type
// (`:START_ID`, `:END_ID`, `:TYPE`), which import_files also reads back; report.load_command is
// the neo4j-admin command line. Before writing anything it throws Error{Type} naming the label
// set or type and the property for what the layout cannot hold without loss: a list of
// mixed kinds or of lists, a string list element holding ';', a one-element list of "", two
// kinds under one property name in one file, a property name holding ':', a label holding ';'.
//
// ApocJsonl writes one file, out, in apoc.export.json.all's JSON Lines format: nodes
// {"type":"node","id":"ID","labels":[..],"properties":{..}} then relationships
// {"type":"relationship","id":"ID","label":"T","start":{"id":..,"labels":..},"end":..,..};
// temporal values as ISO 8601 strings. It throws Error{Type} before writing for a NaN or an
// infinity, and for a string (but `key`) that would read back as a temporal value.
//
// Kuzu writes, into directory out, CSV files in Kùzu's dialect (nodes-N-TABLE.csv per label set,
// rels-N-TYPE.csv per type and pair of end tables; lists as [a,b]) and schema.cypher, the
// CREATE NODE TABLE, CREATE REL TABLE and COPY statements that load them into Kùzu (0.11); a
// node table has caspian_id (the node id, its primary key) and caspian_labels (a STRING[]).
// Before writing anything it throws Error{Type} for what Kùzu would read back changed or not
// at all: datetimes and times, a negative duration or one finer than microseconds, NaN and
// infinities, empty strings, string list elements holding , [ ] { } quotes or outer spaces, a
// list of mixed kinds or holding null, two kinds under one property of one table, names that
// differ only in case (Kùzu's names are case-insensitive).
//
// NTriples, Turtle, GraphML and Dot write one file, out itself (its parent directories are
// created): N-Triples or Turtle with IRIs under base_iri (nodes BASE node/KEY or BASE
// node/id/ID, labels as rdf:type BASE label/L, properties BASE property/NAME with xsd-typed
// literals, lists as rdf:List, edges BASE type/T, edge properties on a reifier _:eN as
// rdf_version says; a node without labels and properties as `<node> rdf:type rdfs:Resource`);
// GraphML with a <key> per
// property name (attr.type long/double/boolean/string; caspian.kind for temporal kinds, lists
// and names of several kinds, whose values are tagged JSON), node ids n<ID>, edge ids e<ID>, a
// `labels` node key and a `type` edge key; Graphviz DOT as a digraph labelled by key, name or
// id. base_iri and rdf_version are used by NTriples and Turtle only; a '/' is added to
// base_iri unless it ends in '/', '#' or ':'. Throws Error{Usage} for a base_iri that is not a
// usable IRI, Error{Type} for a list holding null in an RDF export and for NaN or an infinity in
// a GraphML list (the file is removed).
ExportReport export_graph(const Database& db, ExportFormat format, const std::filesystem::path& out,
                          std::string_view base_iri = default_export_base,
                          RdfVersion rdf_version = RdfVersion::Rdf11);

// Graphviz DOT text as export_graph(Dot) writes it, for drawing other graphs the same way (the
// CLI's `--format dot`): a DOT double-quoted string ('"' and '\' escaped, newlines as \n, CRs
// dropped; text past 1000 bytes cut and ended with U+2026, as graphviz draws no longer labels), and
// a node's label (its key, else its name, else its id; floats as xsd:double).
[[nodiscard]] std::string dot_quote(std::string_view s);
[[nodiscard]] std::string dot_label(const Node& n);

}  // namespace caspian
