// `caspian shell [DB]` (and `caspian DB`): the REPL on a terminal, with libedit line editing,
// history and completion; statements from standard input otherwise. Never holds a write
// transaction across user input: each statement is its own transaction.
#include "cli/commands.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/tools.hpp>

#include <editline/readline.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include <strings.h>
#include <unistd.h>

namespace caspian::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* keywords[] = {
    "MATCH",    "OPTIONAL", "WHERE",    "RETURN", "WITH",    "UNWIND", "CREATE", "MERGE",   "SET",
    "DELETE",   "DETACH",   "REMOVE",   "ORDER",  "BY",      "SKIP",   "LIMIT",  "UNION",   "ALL",
    "DISTINCT", "AS",       "AND",      "OR",     "NOT",     "XOR",    "IN",     "IS",      "NULL",
    "TRUE",     "FALSE",    "ASC",      "DESC",   "EXPLAIN", "CASE",   "WHEN",   "THEN",    "ELSE",
    "END",      "count",    "CONTAINS", "STARTS", "ENDS",    "BEGIN",  "COMMIT", "ROLLBACK"};

constexpr const char* help_text =
    "Statements end with ';' and may span lines. Meta-commands:\n"
    "  :help                 this text\n"
    "  :schema               labels and edge types with counts, property names\n"
    "  :format table|csv|json|jsonl|dot\n"
    "  :timing on|off        row count and time after every result\n"
    "  :param name value     bind $name (value is JSON, or else a string); :param name unbinds\n"
    "  :params               list the bound parameters\n"
    "  :read FILE            run the statements of FILE, stopping at the first error\n"
    "  :read --keep-going FILE  the same, going on after errors\n"
    "  :max-memory SIZE      memory budget of each statement (64M, 2G; 0 for none); alone:\n"
    "                        show it. Default: --max-memory, else half the machine's memory\n"
    "  :timeout SECONDS      stop each statement after SECONDS (0: none); alone, show it\n"
    "  :quit                 leave (also Ctrl-D)\n"
    "Ctrl-C discards the statement being typed, or cancels the one running.\n";

std::atomic<bool> interrupted{false};

extern "C" void on_sigint(int) {
    interrupted = true;
}

// Candidates for tab completion; refreshed by the shell, read by the libedit callback.
std::vector<std::string> completion_words;

char* complete_word(const char* text, int state) {
    static std::size_t index = 0;
    if (state == 0) index = 0;
    const std::size_t len = std::strlen(text);
    while (index < completion_words.size()) {
        const std::string& w = completion_words[index++];
        if (w.size() >= len && strncasecmp(w.c_str(), text, len) == 0) return strdup(w.c_str());
    }
    return nullptr;
}

char** complete(const char* text, int, int) {
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, complete_word);
}

struct Schema {
    Counts counts;
    std::set<std::string> properties;  // from a sample of nodes and edges
};

Schema read_schema(const Database& db) {
    Schema s;
    ReadTransaction txn = db.begin_read();
    s.counts = txn.counts();
    int budget = 1000;  // a sample: the public API keeps no list of property names
    txn.scan_nodes([&](NodeId id) {
        if (auto n = txn.node(id)) {
            for (const auto& [name, v] : n->properties)
                s.properties.insert(name);
        }
        for (const auto& e : txn.edges(id, Direction::Out)) {
            for (const auto& [name, v] : e.properties)
                s.properties.insert(name);
        }
        return --budget > 0;
    });
    return s;
}

class Shell {
public:
    Shell(Database& db, bool interactive, std::chrono::milliseconds timeout)
        : db_(db), session_(db), interactive_(interactive), timeout_(timeout) {}

    // Returns the exit code.
    int run() {
        if (interactive_) setup_terminal();
        std::string line;
        while (!quit_) {
            if (!read_line(line)) break;
            feed(line);
            if (!interactive_ && failed_ > 0) break;
        }
        if (!quit_ && !buffer_.empty() && (interactive_ ? false : failed_ == 0)) {
            // Input ended in the middle of a statement without ';': run it as it is.
            buffer_ += ";";
            execute_complete();
        }
        if (interactive_) {
            std::cout << "\n";
            if (!history_path_.empty()) write_history(history_path_.c_str());
        }
        return failed_ > 0 && !interactive_ ? exit_error : exit_ok;
    }

private:
    void setup_terminal() {
        if (const char* home = std::getenv("HOME")) {
            history_path_ = (fs::path(home) / ".caspian_history").string();
            read_history(history_path_.c_str());
        }
        rl_attempted_completion_function = complete;
        static char breaks[] = " \t\n\"\\'`@$><=;|&{(,:.[])-+*/%";
        rl_basic_word_break_characters = breaks;
        rl_completer_word_break_characters = breaks;
        refresh_completion();
        struct sigaction sa {};
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;  // no SA_RESTART: a read in progress returns
        sigaction(SIGINT, &sa, nullptr);
        std::cout << "caspian 0.1.0 — statements end with ';', :help lists the commands\n";
    }

    void refresh_completion() {
        completion_words.assign(std::begin(keywords), std::end(keywords));
        try {
            const Schema s = read_schema(db_);
            for (const auto& [l, n] : s.counts.labels)
                completion_words.push_back(l);
            for (const auto& [t, n] : s.counts.edge_types)
                completion_words.push_back(t);
            completion_words.insert(completion_words.end(), s.properties.begin(),
                                    s.properties.end());
        } catch (const Error&) {
            // Completion is a convenience: a database that cannot be read completes keywords.
        }
    }

    bool read_line(std::string& line) {
        if (!interactive_) {
            if (!std::getline(std::cin, line)) return false;
            return true;
        }
        for (;;) {
            interrupted = false;
            std::cout.flush();
            char* raw = readline(buffer_.empty() ? "caspian> " : "    ...> ");
            if (interrupted) {
                // Ctrl-C: discard the statement being typed, stay in the shell.
                std::free(raw);
                buffer_.clear();
                std::cout << "^C\n";
                continue;
            }
            if (raw == nullptr) return false;
            line = raw;
            std::free(raw);
            if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
            return true;
        }
    }

    void feed(const std::string& line) {
        if (buffer_.empty()) {
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string::npos) {
                if (!interactive_) script_ += line + "\n";
                return;
            }
            if (line[first] == ':') {
                if (!interactive_) script_ += line + "\n";
                meta(line.substr(first + 1));
                return;
            }
            buffer_start_ = script_.size();
        }
        buffer_ += line + "\n";
        if (!interactive_) script_ += line + "\n";
        execute_complete();
    }

    // Runs every ';'-terminated statement in the buffer, keeping the rest.
    void execute_complete() {
        const SplitScript split = split_statements(buffer_);
        if (split.statements.empty()) {
            if (!split.rest && !split.open_token) buffer_.clear();
            return;
        }
        for (const StatementSpan& s : split.statements) {
            if (!execute(s)) {
                buffer_.clear();
                return;
            }
        }
        const std::size_t cut = split.statements.back().offset + split.statements.back().length;
        const std::size_t semicolon = buffer_.find(';', cut);
        std::string rest = semicolon == std::string::npos ? "" : buffer_.substr(semicolon + 1);
        if (rest.find_first_not_of(" \t\r\n") == std::string::npos) rest.clear();
        buffer_start_ += buffer_.size() - rest.size();
        buffer_ = std::move(rest);
    }

    bool execute(const StatementSpan& s) {
        const std::string_view text = std::string_view(buffer_).substr(s.offset, s.length);
        try {
            // Ctrl-C while the statement runs sets `interrupted`: the engine stops at its next
            // row and a write is rolled back.
            interrupted = false;
            QueryOptions options;
            options.cancel = interactive_ ? &interrupted : nullptr;
            options.max_memory_bytes = max_memory_;
            options.timeout = timeout_;
            Result result = session_.execute(text, params_, options);
            print_result(result, std::cout, std::cerr, PrintOptions{format_, timing_});
            if (interactive_) refresh_completion();
            return true;
        } catch (const Error& e) {
            std::cout.flush();
            SourceSpan where{s.offset, 0};
            if (auto w = e.where()) where = SourceSpan{s.offset + w->offset, w->length};
            if (interactive_) {
                std::cerr << render_error(Error(e.kind(), e.what(), where), buffer_, "query")
                          << "\n";
            } else {
                where.offset += buffer_start_;
                std::cerr << render_error(Error(e.kind(), e.what(), where), script_, "stdin")
                          << "\n";
            }
            ++failed_;
            return false;
        }
    }

    void meta(const std::string& command) {
        std::istringstream in(command);
        std::string name;
        in >> name;
        std::string arg;
        std::getline(in >> std::ws, arg);
        while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t' || arg.back() == '\r')) {
            arg.pop_back();
        }
        if (name == "quit" || name == "exit" || name == "q") {
            quit_ = true;
        } else if (name == "help" || name == "h") {
            std::cout << help_text;
        } else if (name == "schema") {
            schema();
        } else if (name == "format") {
            if (auto f = parse_format(arg)) {
                format_ = *f;
            } else if (arg.empty()) {
                std::cout << "format " << format_name(format_) << "\n";
            } else {
                meta_error("unknown format '" + arg + "' (table, csv, json, jsonl or dot)");
            }
        } else if (name == "timing") {
            if (arg == "on" || arg == "off") {
                timing_ = arg == "on";
            } else {
                meta_error(":timing takes on or off");
            }
        } else if (name == "param") {
            param(arg);
        } else if (name == "params") {
            for (const auto& [n, v] : params_)
                std::cout << "$" << n << " = " << to_literal(v) << "\n";
        } else if (name == "read") {
            read_file(arg);
        } else if (name == "max-memory") {
            max_memory(arg);
        } else if (name == "timeout") {
            set_timeout(arg);
        } else {
            meta_error("unknown command ':" + name + "'; :help lists the commands");
        }
    }

    // :max-memory SIZE sets the budget of the statements that follow; :max-memory shows it.
    void max_memory(const std::string& arg) {
        if (arg.empty()) {
            if (!max_memory_) {
                std::cout << "max-memory: the database's (--max-memory, else half the memory)\n";
            } else if (*max_memory_ == 0) {
                std::cout << "max-memory 0 (none)\n";
            } else {
                std::cout << "max-memory " << *max_memory_ << " bytes\n";
            }
            return;
        }
        try {
            max_memory_ = parse_size(arg);
        } catch (const Error& e) {
            meta_error(std::string(":max-memory: ") + e.what());
        }
    }

    void meta_error(const std::string& what) {
        std::cerr << "shell: usage error: " << what << "\n";
        if (!interactive_) ++failed_;
    }

    void param(const std::string& arg) {
        const auto space = arg.find_first_of(" \t");
        std::string name = arg.substr(0, space);
        if (!name.empty() && name[0] == '$') name.erase(0, 1);
        if (name.empty()) {
            meta_error(":param takes a name and a value");
            return;
        }
        auto it = std::find_if(params_.begin(), params_.end(),
                               [&](const auto& p) { return p.first == name; });
        if (space == std::string::npos) {
            if (it != params_.end()) params_.erase(it);
            return;
        }
        const std::string raw = arg.substr(arg.find_first_not_of(" \t", space));
        auto value = from_json(raw);
        Value v = value ? std::move(*value) : Value(raw);
        if (it != params_.end()) {
            it->second = std::move(v);
        } else {
            params_.emplace_back(name, std::move(v));
        }
    }

    // `:timeout 2.5` bounds every later statement (0: none); `:timeout` shows the bound.
    void set_timeout(const std::string& arg) {
        if (arg.empty()) {
            std::cout << "timeout "
                      << (timeout_.count() == 0 ? std::string("none") : seconds(timeout_)) << "\n";
            return;
        }
        try {
            std::size_t used = 0;
            const double value = std::stod(arg, &used);
            if (used != arg.size()) throw std::invalid_argument(arg);
            timeout_ = timeout_from_seconds(value);
        } catch (const std::exception&) {
            meta_error(":timeout takes seconds (e.g. 2.5), 0 for none; got '" + arg + "'");
        }
    }

    static std::string seconds(std::chrono::milliseconds t) {
        std::ostringstream out;
        out << double(t.count()) / 1000 << " s";
        return out.str();
    }

    // `:read [--keep-going] FILE` follows `caspian run`'s rule: the first error stops the file.
    void read_file(std::string path) {
        const bool keep_going = path.starts_with("--keep-going ");
        if (keep_going) path = path.substr(path.find_first_not_of(' ', 13));
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            meta_error("cannot read '" + path + "'");
            return;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        ScriptOptions options;
        options.print = PrintOptions{format_, timing_};
        options.params = &params_;
        options.max_memory_bytes = max_memory_;
        options.continue_on_error = keep_going;
        options.timeout = timeout_;
        failed_ += run_script(session_, ss.str(), path, options);
        if (interactive_) failed_ = 0;
    }

    void schema() {
        const Schema s = read_schema(db_);
        std::cout << "nodes " << s.counts.nodes << ", edges " << s.counts.edges << "\n";
        std::cout << "labels:\n";
        for (const auto& [l, n] : s.counts.labels)
            std::cout << "  :" << l << "  " << n << "\n";
        std::cout << "edge types:\n";
        for (const auto& [t, n] : s.counts.edge_types)
            std::cout << "  :" << t << "  " << n << "\n";
        std::cout << "properties:\n";
        for (const auto& p : s.properties)
            std::cout << "  " << p << "\n";
    }

    Database& db_;
    std::optional<std::uint64_t> max_memory_;  // :max-memory; unset: the database's
    Session session_;  // BEGIN ... COMMIT spans statements; an open one rolls back at exit
    bool interactive_;
    bool quit_ = false;
    int failed_ = 0;
    Format format_ = Format::Table;
    bool timing_ = false;
    std::chrono::milliseconds timeout_;  // each statement's; starts as --timeout
    Params params_;
    std::string buffer_;            // the statement being typed
    std::string script_;            // all of standard input so far (non-interactive)
    std::size_t buffer_start_ = 0;  // where buffer_ begins in script_
    std::string history_path_;
};

// A database directory made for this session and removed when it ends.
class TempDatabaseDir {
public:
    TempDatabaseDir() {
        std::string pattern = (fs::temp_directory_path() / "caspian-shell-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw Error(ErrorKind::Usage, "cannot create a temporary database directory");
        }
        path_ = pattern;
    }
    ~TempDatabaseDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDatabaseDir(const TempDatabaseDir&) = delete;
    TempDatabaseDir& operator=(const TempDatabaseDir&) = delete;
    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

int run_shell(DbOptions options) {
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    std::unique_ptr<TempDatabaseDir> temp;
    if (options.path.empty()) {
        temp = std::make_unique<TempDatabaseDir>();
        options.path = temp->path().string();
        options.read_only = false;
        std::cerr << "caspian: using a temporary database at " << options.path
                  << "; it is removed on exit\n";
    }
    int code = exit_ok;
    {
        Database db = open_database(options, /*create=*/true, /*announce=*/temp == nullptr);
        code = Shell(db, interactive, timeout_from_seconds(options.timeout_seconds)).run();
    }
    return code;
}

}  // namespace

void add_shell_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<DbOptions>();
    auto* cmd = app.add_subcommand(
        "shell",
        "interactive shell (statements from standard input when it is not a terminal); without "
        "DB a temporary database removed on exit");
    add_db_options(*cmd, *args, /*optional_db=*/true);
    add_read_only_option(*cmd, *args);
    add_map_size_option(*cmd, *args);
    add_limit_options(*cmd, *args);
    set_example(*cmd, "caspian shell ./db");
    cmd->callback([args, &selected] { selected = [args] { return run_shell(*args); }; });
}

}  // namespace caspian::cli
