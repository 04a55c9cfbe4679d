// `caspian query DB STATEMENT`: one statement, its result in the chosen format.
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <caspian/diagnostics.hpp>

#include <iostream>
#include <memory>
#include <string_view>

namespace caspian::cli {

void add_format_option(CLI::App& app, std::string& format) {
    app.add_option("--format,-f", format, "output format: table, csv, json, jsonl or dot")
        ->transform(CLI::IsMember({"table", "csv", "json", "jsonl", "dot"}, CLI::ignore_case))
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
    Database db = open_database(args.db, /*create=*/true, /*announce=*/false);
    PrintOptions print{*parse_format(args.format), args.timing};
    print.plain_text = is_explain(args.statement);
    // A statement that only reads never creates a database: it reads the empty graph, and the
    // database opened for it is removed again (a mistyped path stays a mistake, said aloud).
    const bool reads_nothing = fresh.is_fresh() && plans_as_read(db, args.statement, params);
    try {
        Result result = db.query(args.statement, params);
        print_notifications(result, std::cerr, args.statement, "query");
        print_result(result, std::cout, std::cerr, print);
        if (reads_nothing) {
            say_none_created(args.db.path, "the statement");
            return exit_ok;
        }
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
    add_read_only_option(*cmd, args->db);
    add_write_options(*cmd, args->db);
    add_limit_options(*cmd, args->db);
    add_threads_option(*cmd, args->db);
    set_example(*cmd, "caspian query ./db \"MATCH (c:Country) RETURN c.name\" --format csv");
    cmd->add_option("STATEMENT", args->statement, "the statement")->required();
    add_format_option(*cmd, args->format);
    cmd->add_option("--param,-p", args->params,
                    "a parameter as name=VALUE: VALUE is JSON, or else a string (repeatable)");
    cmd->add_flag("--timing", args->timing, "print the row count and time for every format");
    cmd->callback([args, &selected] { selected = [args] { return run_query(*args); }; });
}

}  // namespace caspian::cli
