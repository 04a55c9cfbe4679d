// `caspian run DB FILE...`: batch files of statements separated by ';'.
#include "cli/commands.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/tools.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace caspian::cli {

int run_script(Session& session, std::string_view script, std::string_view source_name,
               const ScriptOptions& options) {
    const SplitScript split = split_statements(script);
    std::vector<StatementSpan> statements = split.statements;
    if (split.rest) statements.push_back(*split.rest);
    static const Params no_params;
    const Params& params = options.params != nullptr ? *options.params : no_params;
    int failed = 0;
    for (const StatementSpan& s : statements) {
        const std::string_view text = script.substr(s.offset, s.length);
        try {
            // The bounds are each statement's, not the whole file's.
            QueryOptions query_options;
            query_options.max_memory_bytes = options.max_memory_bytes;
            query_options.timeout = options.timeout;
            Result result = session.execute(text, params, query_options);
            print_notifications(result, std::cerr, script, source_name, s.offset);
            print_result(result, std::cout, std::cerr, options.print);
        } catch (const Error& e) {
            std::cout.flush();
            // Positions in the file: the statement's offset plus the span within it; an error
            // without a span points at the statement.
            SourceSpan where{s.offset, 0};
            if (auto w = e.where()) where = SourceSpan{s.offset + w->offset, w->length};
            std::cerr << render_error(Error(e.kind(), e.what(), where), script, source_name)
                      << "\n";
            ++failed;
            if (!options.continue_on_error) break;
        }
    }
    return failed;
}

namespace {

struct RunArgs {
    DbOptions db;
    std::vector<std::string> files;
    std::string format = "table";
    std::vector<std::string> params;
    bool continue_on_error = false;
    bool single_transaction = false;
    bool timing = false;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

int run_files(const RunArgs& args) {
    const Params params = parse_params(args.params);
    std::vector<std::string> texts;
    for (const auto& f : args.files)
        texts.push_back(read_text(f));
    Database db = open_database(args.db, /*create=*/true);
    ScriptOptions options;
    options.print = PrintOptions{*parse_format(args.format), args.timing};
    options.continue_on_error = args.continue_on_error;
    options.params = &params;
    std::optional<WriteTransaction> txn;
    if (args.single_transaction) txn.emplace(db.begin_write());
    int failed = 0;
    {
        Session session(db, txn ? &*txn : nullptr);
        for (std::size_t i = 0; i < texts.size(); ++i) {
            failed += run_script(session, texts[i], args.files[i], options);
            if (failed > 0 && !args.continue_on_error) break;
        }
        if (session.in_transaction()) {
            // A BEGIN without its COMMIT: keep nothing rather than guess.
            std::cerr << "caspian: the last BEGIN has no COMMIT: its transaction was rolled "
                         "back\n";
            ++failed;
        }
    }
    if (txn) {
        if (failed > 0) {
            std::cerr << "caspian: rolled back: nothing of the run was kept\n";
            return exit_error;
        }
        txn->commit();
    }
    return failed == 0 ? exit_ok : exit_error;
}

}  // namespace

void add_run_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<RunArgs>();
    auto* cmd = app.add_subcommand("run", "run the statements of batch files");
    add_db_options(*cmd, args->db);
    cmd->add_option("FILE", args->files, "files of statements separated by ';'")->required();
    add_format_option(*cmd, args->format);
    cmd->add_option("--param,-p", args->params,
                    "a parameter as name=VALUE: VALUE is JSON, or else a string (repeatable)");
    cmd->add_flag("--continue-on-error", args->continue_on_error,
                  "report a failing statement and go on with the next");
    cmd->add_flag("--single-transaction", args->single_transaction,
                  "run every statement in one transaction, kept only if all succeed");
    cmd->add_flag("--timing", args->timing, "print the row count and time for every format");
    cmd->callback([args, &selected] { selected = [args] { return run_files(*args); }; });
}

}  // namespace caspian::cli
