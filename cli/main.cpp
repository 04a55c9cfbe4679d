// The `caspian` command (issue #5): parses the command line with CLI11, runs the chosen
// subcommand and maps errors to exit codes. Uses only the public API.
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <caspian/diagnostics.hpp>

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

// The last resort of issue #15 (docs/durability.md): opening refuses a data file shorter than
// its pages, but one truncated by another process while we read it, or a failing disk, still
// makes a read of the map raise SIGBUS. Nothing can be resumed after it; say why and exit 3.
extern "C" void on_sigbus(int) {
    constexpr char message[] =
        "caspian: corrupt error: reading the database file failed (SIGBUS): it was truncated "
        "while open or the disk failed; run `caspian check` on it\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(3);
}

constexpr const char* subcommands[] = {"query",  "run",    "shell",  "stats", "check",
                                       "backup", "import", "export", "serve", "passwd"};

// `caspian DB` is the shell on DB when DB exists or looks like a database path (it holds a '/'
// or ends in ".db"); any other word is a mistyped command, refused before anything is created.
bool looks_like_database(const std::string& word) {
    std::error_code ec;
    if (std::filesystem::exists(word, ec)) return true;
    return word.find('/') != std::string::npos ||
           (word.size() > 3 && word.compare(word.size() - 3, 3, ".db") == 0);
}

caspian::Error unknown_command(const std::string& word) {
    std::string message = "unknown command '" + word + "'";
    const std::vector<std::string> names(std::begin(subcommands), std::end(subcommands));
    const std::optional<std::string> best = caspian::suggest_name(word, names, 2);
    if (best) {
        message += "; did you mean '" + *best + "'?";
    } else {
        message +=
            " (commands: query, run, shell, stats, check, backup, import, export, serve, "
            "passwd; a "
            "database in this directory is ./" +
            word + ")";
    }
    return caspian::Error(caspian::ErrorKind::Usage, message);
}

// CLI11's own messages in caspian's style (lower case, values quoted): "The following
// arguments were not expected: b a" becomes "unexpected arguments 'a' 'b'" (the extras in the
// order given, which CLI11's message reverses), "STATEMENT is required" "missing STATEMENT".
std::string usage_message(const CLI::App& app, const CLI::Error& e) {
    const std::string what = e.what();
    const auto after = [&what](std::string_view prefix) {
        return what.rfind(prefix, 0) == 0 ? std::optional(what.substr(prefix.size()))
                                          : std::nullopt;
    };
    if (what.rfind("The following argument", 0) == 0) {  // ExtrasError
        const std::vector<std::string> extras = app.remaining(true);
        std::string text = extras.size() == 1 ? "unexpected argument" : "unexpected arguments";
        for (const std::string& extra : extras)
            text += " '" + extra + "'";
        return text + " (see --help)";
    }
    if (what == "A subcommand is required") return "missing the command (see caspian --help)";
    if (what.ends_with(" is required") && e.get_name() == "RequiredError") {
        return "missing " + what.substr(0, what.size() - 12) + " (see --help)";
    }
    if (auto rest = after("Could not convert: ")) {
        const std::size_t eq = rest->find(" = ");
        if (eq != std::string::npos) {
            return "invalid value '" + rest->substr(eq + 3) + "' for " + rest->substr(0, eq);
        }
    }
    if (auto rest = after("The value ")) {
        const std::size_t is = rest->find(" is not an allowed value for ");
        if (is != std::string::npos) {
            return "invalid value '" + rest->substr(0, is) + "' for " + rest->substr(is + 29);
        }
    }
    // "--out: 1 required TEXT missing"
    const std::size_t colon = what.find(": ");
    if (e.get_name() == "ArgumentMismatch" && colon != std::string::npos &&
        what.ends_with(" missing")) {
        return what.substr(0, colon) + " needs a value";
    }
    std::string text = what;
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) != 0 &&
        std::islower(static_cast<unsigned char>(text[1])) != 0) {
        text[0] = static_cast<char>(text[0] | 0x20);  // ASCII upper to lower case
    }
    while (!text.empty() && (text.back() == '.' || text.back() == '\n'))
        text.pop_back();
    return text;
}

// `caspian DB` (and plain `caspian`) mean `caspian shell [DB]`.
std::vector<std::string> with_default_command(int argc, char** argv) {
    std::vector<std::string> args(argv, argv + argc);
    if (argc < 2) {
        args.push_back("shell");
        return args;
    }
    const std::string first = argv[1];
    if (first.empty() || first[0] == '-') return args;
    for (const char* name : subcommands) {
        if (first == name) return args;
    }
    if (!looks_like_database(first)) throw unknown_command(first);
    args.insert(args.begin() + 1, "shell");
    return args;
}

void print_output_error(const caspian::cli::OutputError& e) {
    std::cerr << "caspian: storage error: " << e.what() << "\n";
}

// Ends a command: what is still buffered goes out, and a failed write to standard output
// (a full disk, a closed pipe with SIGPIPE ignored) turns a success into exit 1 (#15).
int finish(int code) {
    using namespace caspian::cli;
    try {
        flush_output(std::cout);
    } catch (const OutputError& e) {
        print_output_error(e);
        return code == exit_ok ? exit_error : code;
    }
    return code;
}

int run(int argc, char** argv) {
    using namespace caspian::cli;
    CLI::App app{
        "caspian: an embedded knowledge-graph store.\n"
        "`caspian DB` is `caspian shell DB` when DB exists, holds a '/' or ends in .db: with "
        "standard input a terminal it opens the shell, otherwise it runs the statements read "
        "from standard input.",
        "caspian"};
    app.set_version_flag("--version", "caspian 0.1.0");
    // Every argument error, CLI11's own included, is a usage error in the documented form.
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        return "caspian: usage error: " + usage_message(*failed, e) + "\n";
    });
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 success, 1 query or data error, 2 usage error, 3 check found "
        "corruption. See docs/cli.md.\n");
    Command selected;
    add_query_command(app, selected);
    add_run_command(app, selected);
    add_shell_command(app, selected);
    add_stats_command(app, selected);
    add_check_command(app, selected);
    add_backup_command(app, selected);
    add_import_command(app, selected);
    add_export_command(app, selected);
    add_serve_command(app, selected);
    add_passwd_command(app, selected);

    std::vector<std::string> args;
    try {
        args = with_default_command(argc, argv);
    } catch (const caspian::Error& e) {
        print_error(e);
        return exit_usage;
    }
    std::vector<char*> raw;
    for (auto& a : args)
        raw.push_back(a.data());
    try {
        app.parse(static_cast<int>(raw.size()), raw.data());
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return finish(code == 0 ? exit_ok : exit_usage);
    }
    try {
        return finish(selected ? selected() : exit_usage);
    } catch (const OutputError& e) {
        // Reported once: the stream writes nothing more after its first failure.
        print_output_error(e);
        return exit_error;
    } catch (const caspian::Error& e) {
        std::cout.flush();
        print_error(e);
        return e.kind() == caspian::ErrorKind::Usage ? exit_usage : exit_error;
    } catch (const std::bad_alloc&) {  // outside a statement (the API maps those itself)
        std::cout.flush();
        print_error(caspian::Error(caspian::ErrorKind::Resource,
                                   "out of memory: lower --max-memory, or give caspian more"));
        return exit_error;
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "caspian: internal error: " << e.what() << "\n";
        return exit_error;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::signal(SIGBUS, on_sigbus);
    // Standard output through a buffer that remembers why a write failed (cli/output.hpp). A
    // closed pipe raises SIGPIPE, left at its default: `caspian query ... | head -1` ends
    // quietly (status 141 in the shell), as coreutils do.
    caspian::cli::FdOutputBuf out(STDOUT_FILENO);
    std::streambuf* const original = std::cout.rdbuf(&out);
    const int code = run(argc, argv);
    std::cout.rdbuf(original);
    return code;
}
