// `caspian run DB FILE...`: batch files of statements separated by ';' (`-` is standard input),
// each result framed so that the output says which statement printed it (cli/commands.hpp).
#include "cli/commands.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/tools.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace caspian::cli {

namespace {

std::vector<StatementSpan> statements_of(std::string_view script) {
    const SplitScript split = split_statements(script);
    std::vector<StatementSpan> statements = split.statements;
    if (split.rest) statements.push_back(*split.rest);
    return statements;
}

// The statement's text without the blanks and comments before it, and the line it starts on.
std::pair<std::string_view, std::size_t> statement_start(std::string_view script,
                                                         const StatementSpan& s) {
    std::string_view text = skip_leading_comments(script.substr(s.offset, s.length));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                             text.back() == '\t')) {
        text.remove_suffix(1);
    }
    const std::size_t offset = static_cast<std::size_t>(text.data() - script.data());
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (script[i] == '\n') ++line;
    }
    return {text, line};
}

std::string json_columns(const std::vector<std::string>& columns) {
    std::string out = "[";
    for (std::size_t i = 0; i < columns.size(); ++i)
        out += (i > 0 ? "," : "") + json_quote(columns[i]);
    return out + "]";
}

// Writes the head of statement `number`'s frame; returns the text that closes it ("" if none).
std::string open_frame(Framing& framing, Format format, std::size_t number,
                       const std::vector<std::string>& columns, std::string_view text,
                       const std::string& source) {
    if (format == Format::Table) {
        if (framing.echo) std::cout << text << ";\n";
        return "";
    }
    if (!framing.frame || (columns.empty() && !framing.echo)) return "";
    ++framing.framed;
    const std::string head = "{\"statement\":" + std::to_string(number) +
                             ",\"source\":" + json_quote(source) +
                             (framing.echo ? ",\"text\":" + json_quote(text) : std::string()) +
                             ",\"columns\":" + json_columns(columns);
    switch (format) {
        case Format::Csv: {
            if (framing.framed > 1) std::cout << "\r\n";
            std::cout << "# statement " << number << " (" << source << ")\r\n";
            if (framing.echo) {
                std::string_view rest = text;
                while (!rest.empty()) {
                    const auto nl = rest.find('\n');
                    std::string_view line = rest.substr(0, nl);
                    if (line.ends_with('\r')) line.remove_suffix(1);
                    std::cout << "# " << line << "\r\n";
                    rest = nl == std::string_view::npos ? "" : rest.substr(nl + 1);
                }
            }
            return "";
        }
        case Format::Json:
            std::cout << (framing.framed > 1 ? ",\n" : "[\n") << head << ",\"rows\":";
            return "}";
        case Format::Jsonl:
            std::cout << head << "}\n";
            return "";
        default:
            return "";
    }
}

}  // namespace

int run_script(Session& session, std::string_view script, std::string_view source_name,
               const ScriptOptions& options) {
    const std::vector<StatementSpan> statements = statements_of(script);
    static const Params no_params;
    const Params& params = options.params != nullptr ? *options.params : no_params;
    int failed = 0;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const StatementSpan& s = statements[i];
        const std::string_view text = script.substr(s.offset, s.length);
        const std::size_t number = options.framing != nullptr ? options.framing->next++ : 0;
        std::string close;
        try {
            // The bounds are each statement's, not the whole file's.
            QueryOptions query_options;
            query_options.max_memory_bytes = options.max_memory_bytes;
            query_options.timeout = options.timeout;
            Result result = session.execute(text, params, query_options);
            print_notifications(result, std::cerr, script, source_name, s.offset);
            if (options.framing != nullptr) {
                const auto [shown, line] = statement_start(script, s);
                close = open_frame(*options.framing, options.print.format, number, result.columns(),
                                   shown, std::string(source_name) + ":" + std::to_string(line));
            }
            PrintOptions print = options.print;
            print.plain_text = is_explain(text);
            if (options.framing != nullptr && options.framing->frame &&
                options.print.format == Format::Json && close.empty()) {
                // No columns, no frame: its empty array stays out of the one JSON document.
                std::ostringstream unframed;
                print_result(result, unframed, std::cerr, print);
            } else {
                print_result(result, std::cout, std::cerr, print);
            }
            std::cout << close;
        } catch (const Error& e) {
            // A json frame whose rows stopped half way still closes: the output stays one
            // document (print_result opened the rows' array before reading the first row).
            if (!close.empty()) std::cout << "\n]" << close;
            std::cout.flush();
            // Positions in the file: the statement's offset plus the span within it; an error
            // without a span points at the statement.
            SourceSpan where{s.offset, 0};
            if (auto w = e.where()) where = SourceSpan{s.offset + w->offset, w->length};
            std::cerr << render_error(e.with_where(where), script, source_name) << "\n";
            ++failed;
            if (!options.continue_on_error) {
                if (i + 1 < statements.size()) {
                    std::cerr << "caspian: stopped at the first error: " << source_name << " has "
                              << statements.size() - i - 1
                              << " more statement(s), not run (--keep-going runs them)\n";
                }
                break;
            }
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
    bool keep_going = false;
    bool bail = false;
    bool echo = false;
    bool single_transaction = false;
    bool timing = false;
};

std::string read_text(const std::string& path) {
    std::ostringstream ss;
    if (path == "-") {
        ss << std::cin.rdbuf();
        return std::move(ss).str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + path + "'");
    ss << in.rdbuf();
    return std::move(ss).str();
}

int run_opened(const RunArgs& args, Database& db, const Params& params,
               const std::vector<std::string>& texts, const std::vector<std::string>& names,
               std::size_t count) {
    ScriptOptions options;
    options.print = PrintOptions{*parse_format(args.format), args.timing};
    options.continue_on_error = args.keep_going;
    options.params = &params;
    Framing framing;
    framing.echo = args.echo;
    framing.frame = count > 1 || args.echo;
    options.framing = &framing;
    std::optional<WriteTransaction> txn;
    if (args.single_transaction) txn.emplace(db.begin_write());
    int failed = 0;
    {
        Session session(db, txn ? &*txn : nullptr);
        for (std::size_t i = 0; i < texts.size(); ++i) {
            failed += run_script(session, texts[i], names[i], options);
            if (failed > 0 && !args.keep_going) {
                if (i + 1 < texts.size()) {
                    std::cerr << "caspian: stopped at the first error: the files after " << names[i]
                              << " were not run (--keep-going runs them)\n";
                }
                break;
            }
        }
        if (options.print.format == Format::Json && framing.frame) {
            std::cout << (framing.framed > 0 ? "\n]\n" : "[]\n");
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

int run_files(const RunArgs& args) {
    const Params params = parse_params(args.params);
    std::vector<std::string> texts;
    std::vector<std::string> names;
    std::size_t count = 0;
    for (const auto& f : args.files) {
        texts.push_back(read_text(f));
        names.push_back(f == "-" ? "stdin" : f);
        count += statements_of(texts.back()).size();
    }
    FreshDatabaseGuard fresh(args.db.path);
    Database db = open_database(args.db, /*create=*/true, /*announce=*/false);
    // Read-only statements never create a database (as under `query`): when every statement
    // plans as a read, they read the empty graph and the database opened for them goes again.
    bool only_reads = fresh.is_fresh() && !args.db.read_only;
    for (std::size_t i = 0; i < texts.size() && only_reads; ++i)
        only_reads = script_only_reads(db, texts[i], params);
    // Statements that commit one by one keep the database from the start (said before their
    // output); one transaction for them all keeps it only when it commits.
    if (!only_reads && !args.single_transaction) fresh.keep();
    const int code = run_opened(args, db, params, texts, names, count);
    if (!only_reads && code == exit_ok) fresh.keep();
    if (only_reads) say_none_created(args.db.path, "its statements");
    return code;
}

}  // namespace

void add_run_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<RunArgs>();
    auto* cmd = app.add_subcommand("run", "run the statements of batch files");
    add_db_options(*cmd, args->db);
    add_read_only_option(*cmd, args->db);
    add_write_options(*cmd, args->db);
    add_limit_options(*cmd, args->db);
    add_threads_option(*cmd, args->db);
    set_example(*cmd, "caspian run ./db setup.cq queries.cq --echo");
    cmd->add_option("FILE", args->files,
                    "files of statements separated by ';'; - reads standard input")
        ->required();
    add_format_option(*cmd, args->format);
    cmd->add_option("--param,-p", args->params,
                    "a parameter as name=VALUE: VALUE is JSON, or else a string (repeatable)");
    auto* keep = cmd->add_flag("--keep-going,--continue-on-error", args->keep_going,
                               "report a failing statement and go on with the next");
    cmd->add_flag("--bail", args->bail, "stop at the first error (the default)")->excludes(keep);
    cmd->add_flag("--echo", args->echo, "print each statement before its result");
    cmd->add_flag("--single-transaction", args->single_transaction,
                  "run every statement in one transaction, kept only if all succeed");
    cmd->add_flag("--timing", args->timing, "print the row count and time for every format");
    cmd->callback([args, &selected] { selected = [args] { return run_files(*args); }; });
}

}  // namespace caspian::cli
