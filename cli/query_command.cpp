// `caspian query DB STATEMENT`: one statement, its result in the chosen format.
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <caspian/diagnostics.hpp>

#include <iostream>
#include <memory>

namespace caspian::cli {

void add_format_option(CLI::App& app, std::string& format) {
    app.add_option("--format,-f", format, "output format: table, csv, json, jsonl or dot")
        ->check(CLI::IsMember({"table", "csv", "json", "jsonl", "dot"}))
        ->capture_default_str();
}

namespace {

struct QueryArgs {
    DbOptions db;
    std::string statement;
    std::string format = "table";
    std::vector<std::string> params;
    bool timing = false;
};

int run_query(const QueryArgs& args) {
    const Params params = parse_params(args.params);
    FreshDatabaseGuard fresh(args.db.path);
    Database db = open_database(args.db, /*create=*/true);
    PrintOptions print{*parse_format(args.format), args.timing};
    try {
        Result result = db.query(args.statement, params);
        print_notifications(result, std::cerr, args.statement, "query");
        print_result(result, std::cout, std::cerr, print);
        fresh.keep();
    } catch (const OutputError&) {
        fresh.keep();  // the statement may have committed before its output failed
        throw;
    } catch (const Error& e) {
        std::cout.flush();
        std::cerr << render_error(e, args.statement, "query") << "\n";
        return exit_error;
    }
    return exit_ok;
}

}  // namespace

void add_query_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<QueryArgs>();
    auto* cmd = app.add_subcommand("query", "run one statement and print its result");
    add_db_options(*cmd, args->db);
    cmd->add_option("STATEMENT", args->statement, "the statement")->required();
    add_format_option(*cmd, args->format);
    cmd->add_option("--param,-p", args->params,
                    "a parameter as name=VALUE: VALUE is JSON, or else a string (repeatable)");
    cmd->add_flag("--timing", args->timing, "print the row count and time for every format");
    cmd->callback([args, &selected] { selected = [args] { return run_query(*args); }; });
}

}  // namespace caspian::cli
