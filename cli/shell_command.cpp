// `caspian shell [DB]` (and `caspian DB`): the REPL on a terminal, with libedit line editing,
// history and completion; statements from standard input otherwise. Never holds a write
// transaction across user input: each statement is its own transaction.
#include "cli/commands.hpp"
#include "cli/shell_completion.hpp"
#include "cli/shell_schema.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/tools.hpp>

#include <editline/readline.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <clocale>
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
#include <sys/ioctl.h>
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
    "  :schema               labels and relationship types: counts, properties and their kinds\n"
    "  :format table|vertical|csv|json|jsonl|dot\n"
    "  :maxwidth N           cut table lines to N columns (0: no limit; default: the terminal)\n"
    "  :timing on|off        row count and time after every result (off: tables show the count)\n"
    "  :param name => expr   bind $name to a Cypher expression's value (also :param name expr;\n"
    "                        a JSON value works too); :param {a: 1, b: 'x'} binds several;\n"
    "                        :param name unbinds\n"
    "  :params               list the bound parameters (also :param alone)\n"
    "  :read FILE            run the statements of FILE, stopping at the first error\n"
    "  :read --keep-going FILE  the same, going on after errors\n"
    "  :max-memory SIZE      memory budget of each statement (64M, 2G; 0 for none); alone:\n"
    "                        show it. Default: --max-memory, else half the machine's memory\n"
    "  :timeout SECONDS      stop each statement after SECONDS (0: none); alone, show it\n"
    "  :quit                 leave (also Ctrl-D, exit, quit, .quit or \\q)\n"
    "A meta-command without its argument shows its setting.\n"
    "Ctrl-C discards the statement being typed, or cancels the one running.\n";

constexpr const char* meta_commands[] = {"help",    "schema",     "format", "maxwidth",
                                         "timing",  "param",      "params", "read",
                                         "timeout", "max-memory", "quit"};

std::atomic<bool> interrupted{false};

extern "C" void on_sigint(int) {
    interrupted = true;
}

// What completion offers; refreshed by the shell after each statement, read by the libedit
// callback (which has no user data pointer).
CompletionNames completion_names;
bool completion_at_statement_start = true;  // no unfinished statement precedes the line

// libedit's attempted-completion hook: matches[0] replaces the word libedit cut at its break
// characters (text, at start), matches[1..] are listed on a second Tab.
char** complete(const char* text, int start, int end) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    const std::string_view line(rl_line_buffer, static_cast<std::size_t>(end));
    const CompletionContext context =
        completion_context(line, static_cast<std::size_t>(start), completion_at_statement_start);
    std::string word = text;
    std::size_t cut = 0;  // what of each candidate precedes libedit's word (file paths)
    if (context == CompletionContext::FileName) {
        const std::size_t arg = read_argument_start(line);
        word = std::string(line.substr(arg));
        cut = static_cast<std::size_t>(start) - arg;
    }
    const std::vector<std::string> matches = completion_candidates(context, word, completion_names);
    if (matches.empty()) return nullptr;
    const std::string replacement = completion_replacement(word, matches);
    // A directory goes on being typed; anything else complete ends with a space.
    rl_completion_append_character =
        matches.size() == 1 && !replacement.empty() && replacement.back() == '/' ? '\0' : ' ';
    auto* array = static_cast<char**>(std::malloc((matches.size() + 2) * sizeof(char*)));
    if (array == nullptr) return nullptr;
    array[0] = strdup(replacement.substr(std::min(cut, replacement.size())).c_str());
    for (std::size_t i = 0; i < matches.size(); ++i) {
        array[i + 1] = strdup(matches[i].substr(std::min(cut, matches[i].size())).c_str());
    }
    array[matches.size() + 1] = nullptr;
    return array;
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

// What the banner says of the database.
struct ShellBanner {
    std::string path;  // empty: a temporary database
    bool read_only = false;
    bool created = false;  // made by this session
};

// The width of the terminal on standard output, or 0 when it is not a terminal.
std::size_t terminal_width() {
    struct winsize size {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
    return size.ws_col;
}

// "exit", "quit", ".quit", "\q" (with or without ';'): what people type to leave other shells.
bool is_quit_word(std::string_view line) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) return false;
    line.remove_prefix(first);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == ';' ||
                             line.back() == '\r')) {
        line.remove_suffix(1);
    }
    for (const char* word : {"exit", "quit", ".quit", ".exit", "\\q"}) {
        if (line.size() == std::strlen(word) && strncasecmp(line.data(), word, line.size()) == 0) {
            return true;
        }
    }
    return false;
}

class Shell {
public:
    // fresh: the guard of a database this session opened on a fresh path, kept at the first
    // statement that writes (null otherwise).
    Shell(Database& db, bool interactive, std::chrono::milliseconds timeout, ShellBanner banner,
          FreshDatabaseGuard* fresh)
        : db_(db),
          session_(db),
          interactive_(interactive),
          timeout_(timeout),
          banner_(std::move(banner)),
          fresh_(fresh) {}

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
        if (fresh_ != nullptr) say_none_created(banner_.path, "the session");
        return failed_ > 0 && !interactive_ ? exit_error : exit_ok;
    }

private:
    void setup_terminal() {
        // libedit reads multibyte input only under a UTF-8 character type: take the user's,
        // else C.UTF-8 (terminals are UTF-8 nearly everywhere now).
        const char* ctype = std::setlocale(LC_CTYPE, "");
        if (ctype == nullptr || std::strstr(ctype, "UTF-8") == nullptr) {
            std::setlocale(LC_CTYPE, "C.UTF-8");
        }
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
        std::cout << "caspian 0.1.0 — "
                  << (banner_.path.empty() ? "a temporary database" : banner_.path) << " ("
                  << (banner_.read_only ? "read-only" : "read-write")
                  << (banner_.created ? ", new" : "") << ")\n"
                  << "Statements end with ';'. :help lists the commands, :quit leaves.\n";
    }

    void refresh_completion() {
        CompletionNames names;
        names.keywords.assign(std::begin(keywords), std::end(keywords));
        names.meta_commands.assign(std::begin(meta_commands), std::end(meta_commands));
        try {
            const Schema s = read_schema(db_);
            for (const auto& [l, n] : s.counts.labels)
                names.labels.push_back(l);
            for (const auto& [t, n] : s.counts.edge_types)
                names.types.push_back(t);
            names.properties.assign(s.properties.begin(), s.properties.end());
        } catch (const Error&) {
            // Completion is a convenience: a database that cannot be read completes keywords.
        }
        completion_names = std::move(names);
    }

    bool read_line(std::string& line) {
        if (!interactive_) {
            if (!std::getline(std::cin, line)) return false;
            return true;
        }
        for (;;) {
            interrupted = false;
            std::cout.flush();
            completion_at_statement_start = buffer_.empty();
            errno = 0;
            char* raw = readline(buffer_.empty() ? "caspian> " : "    ...> ");
            // A read that a signal cut short is not the end of input: only Ctrl-D (or a closed
            // terminal) leaves the shell.
            if (interrupted || (raw == nullptr && errno == EINTR)) {
                // Ctrl-C: discard the statement being typed, stay in the shell.
                std::free(raw);
                buffer_.clear();
                history_entry_.clear();
                std::cout << "\ninterrupted\n";
                continue;
            }
            if (raw == nullptr) return false;
            line = raw;
            std::free(raw);
            return true;
        }
    }

    void feed(const std::string& line) {
        remember(line);
        if (buffer_.empty()) {
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string::npos) {
                if (!interactive_) script_ += line + "\n";
                return;
            }
            if (line[first] == ':') {
                if (!interactive_) script_ += line + "\n";
                commit_history();
                meta(line.substr(first + 1));
                return;
            }
            if (is_quit_word(line)) {
                commit_history();
                quit_ = true;
                return;
            }
            buffer_start_ = script_.size();
        }
        buffer_ += line + "\n";
        if (!interactive_) script_ += line + "\n";
        execute_complete();
        if (buffer_.empty()) commit_history();
    }

    // History keeps one entry per statement (its lines joined by spaces), not one per line.
    void remember(const std::string& line) {
        if (!interactive_) return;
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos) return;
        const auto last = line.find_last_not_of(" \t\r");
        if (!history_entry_.empty()) history_entry_ += ' ';
        history_entry_ += line.substr(first, last - first + 1);
    }

    void commit_history() {
        if (history_entry_.empty()) return;
        add_history(history_entry_.c_str());
        history_entry_.clear();
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
            const bool writes = fresh_ != nullptr && !plans_as_read(db_, text, params_);
            Result result = session_.execute(text, params_, options);
            if (writes) created();
            if (interactive_) {
                print_notifications(result, std::cerr, buffer_, "query", s.offset);
            } else {
                print_notifications(result, std::cerr, script_, "stdin", buffer_start_ + s.offset);
            }
            PrintOptions print = print_options();
            print.plain_text = is_explain(text);
            print_result(result, std::cout, std::cerr, print);
            if (interactive_) refresh_completion();
            return true;
        } catch (const Error& e) {
            std::cout.flush();
            if (interactive_ && interrupted) {
                // Ctrl-C cancelled it (a write rolled back): not an error of the statement.
                std::cout << "\ninterrupted\n";
                return false;
            }
            SourceSpan where{s.offset, 0};
            if (auto w = e.where()) where = SourceSpan{s.offset + w->offset, w->length};
            if (interactive_) {
                std::cerr << render_error(e.with_where(where), buffer_, "query") << "\n";
            } else {
                where.offset += buffer_start_;
                std::cerr << render_error(e.with_where(where), script_, "stdin") << "\n";
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
                meta_error("unknown format '" + arg +
                           "' (table, vertical, csv, json, jsonl or dot)");
            }
        } else if (name == "timing") {
            if (arg == "on" || arg == "off") {
                timing_ = arg == "on";
            } else if (arg.empty()) {
                std::cout << (!timing_   ? "timing: time after tables (the default)\n"
                              : *timing_ ? "timing on\n"
                                         : "timing off\n");
            } else {
                meta_error(":timing takes on or off");
            }
        } else if (name == "maxwidth") {
            set_max_width(arg);
        } else if (name == "param" && !arg.empty()) {
            param(arg);
        } else if (name == "params" || name == "param") {
            if (params_.empty()) std::cout << "no parameters\n";
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

    // :param name => expr (also name: expr, cypher-shell's older form) binds a Cypher
    // expression's value; :param name VALUE takes JSON, then a Cypher expression, then the text
    // as a string; :param {map} binds each key; :param name unbinds.
    void param(const std::string& arg) {
        if (arg.front() == '{') {
            const std::optional<Value> map = evaluate(arg);
            if (!map) return;
            if (map->kind() != ValueKind::Map) {
                meta_error(":param {...} takes a map, e.g. :param {country: 'BY', year: 2024}");
                return;
            }
            for (const auto& [key, value] : map->as_map().entries)
                bind(key, value);
            return;
        }
        std::size_t end = arg.front() == '$' ? 1 : 0;
        const std::size_t name_start = end;
        while (end < arg.size() &&
               (std::isalnum(static_cast<unsigned char>(arg[end])) != 0 || arg[end] == '_')) {
            ++end;
        }
        const std::string name = arg.substr(name_start, end - name_start);
        std::string rest = arg.substr(end);
        rest.erase(0, rest.find_first_not_of(" \t"));
        if (name.empty() || (!rest.empty() && end == name_start)) {
            meta_error(":param takes a name and a value, e.g. :param country => 'BY'");
            return;
        }
        if (rest.empty()) {
            std::erase_if(params_, [&](const auto& p) { return p.first == name; });
            return;
        }
        const bool expression = rest.rfind("=>", 0) == 0 || rest.front() == ':';
        if (expression) {
            rest.erase(0, rest.front() == ':' ? 1 : 2);
            rest.erase(0, rest.find_first_not_of(" \t"));
            if (rest.empty()) {
                meta_error(":param " + name + " => takes an expression");
                return;
            }
            if (auto value = evaluate(rest)) bind(name, std::move(*value));
            return;
        }
        if (auto json = from_json(rest)) {
            bind(name, std::move(*json));
        } else if (auto value = evaluate(rest, /*report=*/false)) {
            bind(name, std::move(*value));
        } else {
            bind(name, Value(rest));
        }
    }

    // The value of a Cypher expression over the bound parameters; nullopt (reported when asked)
    // when it is not one.
    std::optional<Value> evaluate(const std::string& expression, bool report = true) {
        try {
            Result result = session_.execute("RETURN " + expression, params_);
            if (result.next() && !result.row().empty()) return result.row()[0];
        } catch (const Error& e) {
            if (report) meta_error(std::string(":param: ") + e.what());
        }
        return std::nullopt;
    }

    void bind(const std::string& name, Value value) {
        auto it = std::find_if(params_.begin(), params_.end(),
                               [&](const auto& p) { return p.first == name; });
        if (it != params_.end()) {
            it->second = std::move(value);
        } else {
            params_.emplace_back(name, std::move(value));
        }
    }

    // `:maxwidth 100` cuts table lines to 100 columns (0: no limit); alone, shows the width.
    void set_max_width(const std::string& arg) {
        if (arg.empty()) {
            if (!max_width_) {
                std::cout << "maxwidth: the terminal's (" << terminal_width() << ")\n";
            } else if (*max_width_ == 0) {
                std::cout << "maxwidth 0 (no limit)\n";
            } else {
                std::cout << "maxwidth " << *max_width_ << "\n";
            }
            return;
        }
        try {
            std::size_t used = 0;
            const unsigned long value = std::stoul(arg, &used);
            if (used != arg.size() || arg.front() == '-') throw std::invalid_argument(arg);
            max_width_ = value;
        } catch (const std::exception&) {
            meta_error(":maxwidth takes a number of columns (0: no limit); got '" + arg + "'");
        }
    }

    PrintOptions print_options() const {
        PrintOptions options;
        options.format = format_;
        options.timing = timing_.value_or(false);
        options.table_time = timing_.value_or(true);
        options.max_width = max_width_ ? *max_width_ : (interactive_ ? terminal_width() : 0);
        return options;
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
        const bool keep_going = path.starts_with("--keep-going");
        if (keep_going) path.erase(0, std::min(path.size(), path.find_first_not_of(' ', 12)));
        if (path.empty()) {
            meta_error(":read takes a file: :read FILE, or :read --keep-going FILE");
            return;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            meta_error("cannot read '" + path + "'");
            return;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        ScriptOptions options;
        options.print = print_options();
        options.params = &params_;
        options.max_memory_bytes = max_memory_;
        options.continue_on_error = keep_going;
        options.timeout = timeout_;
        const std::string script = std::move(ss).str();
        const bool writes = fresh_ != nullptr && !script_only_reads(db_, script, params_);
        failed_ += run_script(session_, script, path, options);
        if (writes) created();
        if (interactive_) failed_ = 0;
    }

    // The first statement that writes keeps the database this session opened on a fresh
    // path (read-only statements never create one), and says so.
    void created() {
        if (fresh_ == nullptr) return;
        fresh_->keep();
        fresh_ = nullptr;
    }

    void schema() {
        try {
            print_schema(session_, read_schema(db_).counts, std::cout);
        } catch (const Error& e) {
            meta_error(std::string(":schema: ") + e.what());
        }
    }

    Database& db_;
    std::optional<std::uint64_t> max_memory_;  // :max-memory; unset: the database's
    Session session_;  // BEGIN ... COMMIT spans statements; an open one rolls back at exit
    bool interactive_;
    bool quit_ = false;
    int failed_ = 0;
    Format format_ = Format::Table;
    std::optional<bool> timing_;            // :timing; unset: tables show the time
    std::optional<std::size_t> max_width_;  // :maxwidth; unset: the terminal's width
    std::chrono::milliseconds timeout_;     // each statement's; starts as --timeout
    ShellBanner banner_;
    std::string history_entry_;  // the lines of the statement being typed, for the history
    Params params_;
    std::string buffer_;            // the statement being typed
    std::string script_;            // all of standard input so far (non-interactive)
    std::size_t buffer_start_ = 0;  // where buffer_ begins in script_
    std::string history_path_;
    FreshDatabaseGuard* fresh_;  // until the first write: see created()
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
    ShellBanner banner;
    if (!temp) banner.path = options.path;
    banner.read_only = options.read_only;
    std::error_code ec;
    banner.created = !temp && !fs::exists(fs::path(options.path) / "data.mdb", ec);
    int code = exit_ok;
    {
        // Read-only statements never create a database: one opened on a fresh path is kept
        // only once a statement writes, and removed again at exit otherwise (as under `run`).
        std::optional<FreshDatabaseGuard> fresh;
        if (!temp && !options.read_only && is_fresh_database(options.path)) {
            fresh.emplace(options.path);
        }
        Database db = open_database(options, /*create=*/true, /*announce=*/false);
        code = Shell(db, interactive, timeout_from_seconds(options.timeout_seconds),
                     std::move(banner), fresh ? &*fresh : nullptr)
                   .run();
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
    add_write_options(*cmd, *args);
    add_limit_options(*cmd, *args);
    add_threads_option(*cmd, *args);
    set_example(*cmd, "caspian shell ./db");
    cmd->callback([args, &selected] { selected = [args] { return run_shell(*args); }; });
}

}  // namespace caspian::cli
