// `caspian export DB --format csv|jsonl --out DIR`: the whole graph in the import formats.
#include "cli/commands.hpp"

#include <caspian/tools.hpp>

#include <iostream>
#include <memory>

namespace caspian::cli {

namespace {

struct ExportArgs {
    DbOptions db;
    std::string format = "csv";
    std::string out;
};

int run_export(const ExportArgs& args) {
    Database db = open_database(args.db, /*create=*/false);
    const ExportFormat format = args.format == "jsonl" ? ExportFormat::Jsonl : ExportFormat::Csv;
    const ExportReport report = export_graph(db, format, args.out);
    std::cerr << "exported " << report.nodes << " nodes and " << report.edges << " edges to";
    for (const auto& f : report.files)
        std::cerr << " " << f.string();
    std::cerr << "\n";
    return exit_ok;
}

}  // namespace

void add_export_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "write the whole graph as CSV or JSON Lines");
    add_db_options(*cmd, args->db);
    cmd->add_option("--format,-f", args->format, "csv (nodes.csv, edges.csv) or jsonl")
        ->check(CLI::IsMember({"csv", "jsonl"}))
        ->capture_default_str();
    cmd->add_option("--out,-o", args->out, "directory to write the files into")->required();
    cmd->callback([args, &selected] { selected = [args] { return run_export(*args); }; });
}

}  // namespace caspian::cli
