// `caspian import DB --nodes FILE... --edges FILE... --rdf FILE... --graphml FILE...`: bulk
// import of CSV, JSON Lines, N-Triples, Turtle and GraphML.
#include "cli/commands.hpp"

#include <caspian/import_export.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <unistd.h>

namespace caspian::cli {

namespace {

struct ImportArgs {
    DbOptions db;
    std::vector<std::string> nodes;
    std::vector<std::string> edges;
    std::vector<std::string> rdf;
    std::vector<std::string> graphml;
    std::string base{default_export_base};
    std::vector<std::string> apoc;
    bool skip_bad_rows = false;
    std::string delimiter = ",";
};

// One character; `\t` or `tab` for a tab.
char delimiter_of(const std::string& text) {
    if (text == "\\t" || text == "tab" || text == "\t") return '\t';
    if (text.size() != 1 || text == "\"" || text == "\n" || text == "\r") {
        throw Error(ErrorKind::Usage,
                    "--delimiter takes one character other than a quote or a "
                    "line end (\\t or tab for a tab), not '" +
                        text + "'");
    }
    return text[0];
}

void print_bad_row(const BadRow& row, const char* suffix) {
    std::cerr << row.file;
    if (row.line > 0) std::cerr << ":" << row.line;
    if (row.column > 0) std::cerr << ":" << row.column;
    std::cerr << ": " << to_string(row.kind) << " error: " << row.message << suffix << "\n";
}

int run_import(const ImportArgs& args) {
    const char delimiter = delimiter_of(args.delimiter);
    if (args.nodes.empty() && args.edges.empty() && args.rdf.empty() && args.graphml.empty() &&
        args.apoc.empty()) {
        throw Error(ErrorKind::Usage,
                    "nothing to import: give --nodes, --edges, --rdf, --graphml "
                    "or --apoc-jsonl files");
    }
    for (const auto* files : {&args.nodes, &args.edges, &args.rdf, &args.graphml, &args.apoc}) {
        for (const auto& f : *files) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(f, ec)) {
                throw Error(ErrorKind::Usage, "cannot read '" + f + "': no such file");
            }
        }
    }
    FreshDatabaseGuard fresh(args.db.path);
    Database db = open_database(args.db, /*create=*/true, /*announce=*/false);
    ImportOptions options;
    options.node_files.assign(args.nodes.begin(), args.nodes.end());
    options.edge_files.assign(args.edges.begin(), args.edges.end());
    options.rdf_files.assign(args.rdf.begin(), args.rdf.end());
    options.rdf_base = args.base;
    options.graphml_files.assign(args.graphml.begin(), args.graphml.end());
    options.apoc_files.assign(args.apoc.begin(), args.apoc.end());
    options.skip_bad_rows = args.skip_bad_rows;
    options.delimiter = delimiter;
    const bool bar = ::isatty(STDERR_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    if (bar) {
        options.progress = [start](std::uint64_t done, std::uint64_t total) {
            const int pct = total == 0 ? 100 : static_cast<int>(done * 100 / total);
            const int filled = pct / 5;
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            char rate[32];
            std::snprintf(rate, sizeof rate, "%.1f MiB/s",
                          s > 0 ? static_cast<double>(done) / s / (1 << 20) : 0.0);
            std::cerr << "\rimporting [" << std::string(filled, '#')
                      << std::string(20 - filled, ' ') << "] " << pct << "% " << rate << std::flush;
        };
    }
    ImportReport report;
    try {
        report = import_files(db, options);
    } catch (const ImportError& e) {
        if (bar) std::cerr << "\n";
        print_bad_row(e.row(), "");
        // A header error stops any import; --skip-bad-rows only helps with rows.
        const bool header =
            (e.row().line == 1 && e.kind() == ErrorKind::Usage) || e.row().column > 0;
        std::cerr << "caspian: import stopped, nothing was written"
                  << (header ? "\n" : " (--skip-bad-rows goes on)\n");
        return exit_error;
    }
    fresh.keep();
    if (bar) std::cerr << "\n";
    for (const auto& w : report.warnings)
        std::cerr << "warning: " << w << "\n";
    for (const auto& row : report.bad_rows)
        print_bad_row(row, " (skipped)");
    if (report.skipped > report.bad_rows.size()) {
        std::cerr << "... and " << report.skipped - report.bad_rows.size()
                  << " more rows skipped\n";
    }
    std::cerr << "imported " << report.nodes << " nodes and " << report.edges << " edges";
    if (args.skip_bad_rows) std::cerr << ", skipped " << report.skipped << " bad rows";
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char timing[96];
    std::snprintf(timing, sizeof timing, " in %.2f s (%.0f rows/s)", s,
                  s > 0 ? static_cast<double>(report.nodes + report.edges) / s : 0.0);
    std::cerr << timing << "\n";
    return exit_ok;
}

}  // namespace

void add_import_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<ImportArgs>();
    auto* cmd = app.add_subcommand(
        "import",
        "bulk import of nodes and edges from CSV (neo4j-admin headers), JSON Lines, "
        "N-Triples, Turtle or GraphML");
    add_db_options(*cmd, args->db);
    add_write_options(*cmd, args->db);
    set_example(*cmd, "caspian import ./db --nodes countries.csv --edges borders.csv");
    cmd->add_option("--nodes", args->nodes,
                    "node files: CSV, or JSON Lines (.jsonl, .ndjson, or a .json or unsuffixed "
                    "file that starts with '{')");
    cmd->add_option("--edges", args->edges, "edge files, as --nodes");
    cmd->add_option("--rdf", args->rdf,
                    "N-Triples (.nt) or Turtle files, as `caspian export` writes them with "
                    "--rdf-version 1.1 (docs/import-export.md)");
    cmd->add_option("--base", args->base,
                    "the IRI base of the --rdf files' node, label, "
                    "property and type IRIs")
        ->capture_default_str();
    cmd->add_option("--graphml", args->graphml,
                    "GraphML files: caspian's export, networkx's or igraph's write_graphml");
    cmd->add_option("--apoc-jsonl", args->apoc,
                    "APOC JSON Lines files (apoc.export.json.all): nodes and relationships");
    cmd->add_option("--delimiter,-d", args->delimiter,
                    "the CSV field separator: one character, \\t or tab for a tab")
        ->capture_default_str();
    cmd->add_flag("--skip-bad-rows", args->skip_bad_rows,
                  "skip rows that cannot be imported and report how many");
    cmd->callback([args, &selected] { selected = [args] { return run_import(*args); }; });
}

}  // namespace caspian::cli
