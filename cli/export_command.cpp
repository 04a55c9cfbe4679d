// `caspian export DB --format csv|jsonl|ntriples|graphml|dot --out PATH`: the whole graph in the
// import formats (a directory) or as N-Triples, GraphML or Graphviz DOT (a file).
#include "cli/commands.hpp"

#include <caspian/import_export.hpp>

#include <iostream>
#include <memory>

namespace caspian::cli {

namespace {

struct ExportArgs {
    DbOptions db;
    std::string format = "csv";
    std::string out;
    std::string base{default_export_base};
};

ExportFormat parse_format(const std::string& f) {
    if (f == "jsonl") return ExportFormat::Jsonl;
    if (f == "ntriples") return ExportFormat::NTriples;
    if (f == "graphml") return ExportFormat::GraphML;
    if (f == "dot") return ExportFormat::Dot;
    return ExportFormat::Csv;
}

int run_export(const ExportArgs& args) {
    Database db = open_database(args.db, /*create=*/false);
    const ExportReport report = export_graph(db, parse_format(args.format), args.out, args.base);
    std::cerr << "exported " << report.nodes << " nodes and " << report.edges << " edges to";
    for (const auto& f : report.files)
        std::cerr << " " << f.string();
    std::cerr << "\n";
    return exit_ok;
}

}  // namespace

void add_export_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand(
        "export", "write the whole graph as CSV, JSON Lines, N-Triples, GraphML or DOT");
    add_db_options(*cmd, args->db);
    cmd->add_option("--format,-f", args->format,
                    "csv (nodes.csv, edges.csv), jsonl, ntriples, graphml or dot")
        ->check(CLI::IsMember({"csv", "jsonl", "ntriples", "graphml", "dot"}))
        ->capture_default_str();
    cmd->add_option("--out,-o", args->out,
                    "directory for csv and jsonl; the file to write for ntriples, graphml, dot")
        ->required();
    cmd->add_option("--base", args->base, "IRI base of N-Triples node, label and type IRIs")
        ->capture_default_str();
    cmd->callback([args, &selected] { selected = [args] { return run_export(*args); }; });
}

}  // namespace caspian::cli
