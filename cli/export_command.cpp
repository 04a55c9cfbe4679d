// `caspian export DB --out PATH [--format csv|jsonl|ntriples|turtle|graphml|dot|neo4j-csv|
// apoc-jsonl|kuzu]`: the whole graph in the import formats (a directory) or as N-Triples, Turtle,
// GraphML, Graphviz DOT or APOC JSON Lines (a file). The format may be left to the --out
// extension; an existing target is only replaced with --force.
#include "cli/commands.hpp"

#include <caspian/import_export.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace caspian::cli {

namespace {

namespace fs = std::filesystem;

struct ExportArgs {
    DbOptions db;
    std::string format;  // empty: from the extension of out
    std::string out;
    std::string base{default_export_base};
    std::string rdf_version = "1.1";
    bool force = false;
};

struct FormatName {
    const char* name;
    const char* extension;
    ExportFormat format;
};

// csv and jsonl write a directory (nodes.* and edges.*), neo4j-csv and kuzu one of their own
// files, the others one file.
constexpr FormatName formats[] = {
    {"csv", ".csv", ExportFormat::Csv},
    {"jsonl", ".jsonl", ExportFormat::Jsonl},
    {"ntriples", ".nt", ExportFormat::NTriples},
    {"turtle", ".ttl", ExportFormat::Turtle},
    {"graphml", ".graphml", ExportFormat::GraphML},
    {"dot", ".dot", ExportFormat::Dot},
    {"neo4j-csv", "", ExportFormat::Neo4jCsv},    // a directory, never implied by an extension
    {"apoc-jsonl", "", ExportFormat::ApocJsonl},  // one file; .jsonl means caspian's own
    {"kuzu", "", ExportFormat::Kuzu},             // a directory with schema.cypher
};

bool writes_directory(ExportFormat f) {
    return f == ExportFormat::Csv || f == ExportFormat::Jsonl || f == ExportFormat::Neo4jCsv ||
           f == ExportFormat::Kuzu;
}

std::optional<FormatName> by_extension(const fs::path& out) {
    const std::string ext = out.extension().string();
    for (const FormatName& f : formats) {
        if (*f.extension != '\0' && ext == f.extension) return f;
    }
    return std::nullopt;
}

// --format, or else the extension of --out; a directory (or a path without extension) is csv.
// A --format that contradicts the extension is refused: `--out x.jsonl` never gets CSV.
FormatName choose_format(const ExportArgs& args) {
    const fs::path out(args.out);
    const std::optional<FormatName> implied = by_extension(out);
    if (!args.format.empty()) {
        for (const FormatName& f : formats) {
            if (args.format != f.name) continue;
            if (implied && implied->format != f.format) {
                throw Error(ErrorKind::Usage, "--out '" + args.out + "' names a " + implied->name +
                                                  " target but --format is " + f.name +
                                                  ": change one of them");
            }
            return f;
        }
    }
    if (implied) return *implied;
    std::error_code ec;
    if (!out.has_extension() || fs::is_directory(out, ec)) return formats[0];
    throw Error(ErrorKind::Usage,
                "cannot tell the export format from '" + args.out +
                    "': give --format, or end --out in .csv, .jsonl, .nt, .ttl, .graphml or .dot");
}

// Without --force an existing file is never replaced: the files a directory export writes into
// out, or out itself. Devices and pipes (/dev/stdout, a FIFO) are written to, not replaced.
void refuse_existing(const fs::path& out, const FormatName& f) {
    std::error_code ec;
    if (writes_directory(f.format)) {
        if (fs::exists(out, ec) && !fs::is_directory(out, ec)) {
            throw Error(ErrorKind::Usage, "'" + out.string() + "' is a file, and a " + f.name +
                                              " export writes a directory");
        }
        if (f.format == ExportFormat::Neo4jCsv || f.format == ExportFormat::Kuzu) {
            // Its files are named by label set and type: any earlier one would be mixed in.
            for (const auto& entry : fs::directory_iterator(out, ec)) {
                const std::string name = entry.path().filename().string();
                if (name.starts_with("nodes-") || name.starts_with("relationships-") ||
                    name.starts_with("rels-") || name == "schema.cypher") {
                    throw Error(ErrorKind::Usage, "'" + entry.path().string() +
                                                      "' exists: give --force to overwrite it");
                }
            }
            return;
        }
        for (const char* part : {"nodes", "edges"}) {
            const fs::path file = out / (std::string(part) + f.extension);
            if (fs::is_regular_file(file, ec)) {
                throw Error(ErrorKind::Usage,
                            "'" + file.string() + "' exists: give --force to overwrite it");
            }
        }
        return;
    }
    if (fs::is_directory(out, ec)) {
        throw Error(ErrorKind::Usage, "'" + out.string() + "' is a directory, and a " + f.name +
                                          " export writes one file");
    }
    if (fs::is_regular_file(out, ec)) {
        throw Error(ErrorKind::Usage,
                    "'" + out.string() + "' exists: give --force to overwrite it");
    }
}

int run_export(const ExportArgs& args) {
    const FormatName f = choose_format(args);
    if (!args.force) refuse_existing(args.out, f);
    Database db = open_database(args.db, /*create=*/false);
    const ExportReport report =
        export_graph(db, f.format, args.out, args.base,
                     args.rdf_version == "1.2" ? RdfVersion::Rdf12 : RdfVersion::Rdf11);
    std::cerr << "exported " << report.nodes << " nodes and " << report.edges << " edges";
    if (f.format == ExportFormat::NTriples || f.format == ExportFormat::Turtle) {
        std::cerr << " (" << report.triples << " triples)";
    }
    // A directory of many files (neo4j-csv, kuzu) is named with their count, not file by file.
    if (report.files.size() > 2) {
        std::cerr << " to " << report.files.size() << " files in " << args.out << "\n";
    } else {
        std::cerr << " to";
        for (const auto& file : report.files)
            std::cerr << " " << file.string();
        std::cerr << "\n";
    }
    if (!report.load_command.empty()) std::cout << report.load_command << "\n";
    return exit_ok;
}

}  // namespace

void add_export_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand(
        "export", "write the whole graph as CSV, JSON Lines, N-Triples, Turtle, GraphML or DOT");
    add_db_options(*cmd, args->db);
    add_read_only_option(*cmd, args->db);
    set_example(*cmd, "caspian export ./db --out graph.graphml");
    cmd->add_option("--format,-f", args->format,
                    "csv (nodes.csv, edges.csv), jsonl, ntriples, turtle, graphml, dot, "
                    "neo4j-csv (a directory for neo4j-admin; prints its import command), "
                    "apoc-jsonl (a file) or kuzu (a directory with schema.cypher); default: from "
                    "the --out extension (.csv, .jsonl, .nt, "
                    ".ttl, .graphml, .dot), csv for a directory")
        ->transform(CLI::IsMember({"csv", "jsonl", "ntriples", "turtle", "graphml", "dot",
                                   "neo4j-csv", "apoc-jsonl", "kuzu"},
                                  CLI::ignore_case));
    cmd->add_option("--out,-o", args->out,
                    "directory for csv and jsonl; the file to write for the other formats")
        ->required();
    cmd->add_flag("--force", args->force, "overwrite the files of an existing target");
    cmd->add_option("--base", args->base, "IRI base of RDF node, label, property and type IRIs")
        ->capture_default_str();
    cmd->add_option("--rdf-version", args->rdf_version,
                    "RDF edge properties: 1.1 (rdf:Statement reification, read by RDF 1.1 "
                    "tools and caspian import) or 1.2 (rdf:reifies triple terms)")
        ->check(CLI::IsMember({"1.1", "1.2"}))
        ->capture_default_str();
    cmd->callback([args, &selected] { selected = [args] { return run_export(*args); }; });
}

}  // namespace caspian::cli
