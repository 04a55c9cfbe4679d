// `caspian serve DB` (Bolt for the Neo4j drivers from server/bolt; the HTTP query API and the web
// explorer from server/http) and `caspian passwd DB USER`, which writes the users of its auth
// file. Parses the options, starts the services, prints the startup line and waits for SIGINT or
// SIGTERM to stop them.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "server/auth.hpp"
#include "server/bolt/server.hpp"
#include "server/http/http_service.hpp"

#include <caspian/error.hpp>

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace caspian::cli {
namespace {

struct ServeArgs {
    DbOptions db;
    // With neither, Bolt on its default address; with only --http, no Bolt.
    std::optional<std::string> bolt;
    std::optional<std::string> http;
    std::string auth_file;
    std::string tls_cert, tls_key;
    std::size_t max_connections = 100;
    double idle_timeout = 600;
    std::string max_message = "16M";
    double write_wait = 5;
};

// The auth file's place when --auth-file is not given: beside the data, in the database's
// directory.
std::filesystem::path default_auth_file(const std::string& db) {
    return std::filesystem::path(db) / "users";
}

constexpr const char* default_bolt_address = "127.0.0.1:7687";

void log_line(const std::string& line) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::cerr << "caspian serve: " << line << std::endl;
}

int run_serve(ServeArgs& args) {
    namespace bolt = server::bolt;
    if (!args.bolt && !args.http) args.bolt = default_bolt_address;
    std::optional<bolt::HostPort> bolt_address, http_address;
    if (args.bolt) bolt_address = bolt::parse_host_port(*args.bolt);
    if (args.http) http_address = bolt::parse_host_port(*args.http);
    std::shared_ptr<const server::AuthFile> users;  // shared by every connection's options
    if (args.auth_file.empty() && std::filesystem::exists(default_auth_file(args.db.path))) {
        args.auth_file = default_auth_file(args.db.path).string();
    }
    if (!args.auth_file.empty()) {
        users = std::make_shared<const server::AuthFile>(server::AuthFile::load(args.auth_file));
    }
    for (const auto& address : {bolt_address, http_address}) {
        if (address && !bolt::is_loopback(address->host) && !users) {
            throw Error(ErrorKind::Usage,
                        "listening on '" + address->host +
                            "' lets other machines in: it needs --auth-file (caspian passwd DB "
                            "USER writes one)");
        }
    }
    if (args.tls_cert.empty() != args.tls_key.empty()) {
        throw Error(ErrorKind::Usage, "--tls-cert and --tls-key go together");
    }
    if (!args.db.busy_timeout_seconds) args.db.busy_timeout_seconds = args.write_wait;
    FreshDatabaseGuard fresh(args.db.path);  // a server that cannot start leaves no database
    Database db = open_database(args.db, /*create=*/true, /*announce=*/false);

    bolt::BoltOptions options;
    if (bolt_address) {
        options.host = bolt_address->host;
        options.port = bolt_address->port;
    }
    options.max_connections = args.max_connections;
    options.idle_timeout = timeout_from_seconds(args.idle_timeout);
    if (!args.tls_cert.empty()) options.tls = bolt::TlsFiles{args.tls_cert, args.tls_key};
    options.session.max_message_bytes = parse_size(args.max_message);
    if (users) {
        options.session.authenticate = [users](const std::string& user,
                                               const std::string& password) {
            return users->check(user, password);
        };
    }
    if (args.db.timeout_seconds > 0) {
        options.session.statement_timeout = timeout_from_seconds(args.db.timeout_seconds);
    }
    options.log = log_line;

    // SIGINT and SIGTERM are taken by sigwait below: blocked before any thread starts, so that
    // every thread inherits the mask and none is interrupted by them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-write is an error of that write only

    std::vector<std::unique_ptr<server::Service>> services;
    if (bolt_address) services.push_back(bolt::start_bolt(db, options));
    if (http_address) {
        server::HttpOptions http;
        http.host = http_address->host;
        http.port = http_address->port;
        http.statement_timeout = options.session.statement_timeout;
        if (users) {
            http.authorize = [users](const std::string& authorization) {
                return users->check_basic(authorization);
            };
        }
        services.push_back(server::start_http(db, http));
    }
    fresh.keep();
    std::string line = "caspian serve:";
    for (std::size_t i = 0; i < services.size(); ++i)
        line += (i == 0 ? " " : ", ") + services[i]->describe();
    std::cout << line << ", database " << db.path().string() << "\n";
    flush_output(std::cout);

    int signal = 0;
    sigwait(&stop_signals, &signal);
    log_line(std::string("stopping (") + (signal == SIGINT ? "SIGINT" : "SIGTERM") +
             "): open transactions roll back");
    for (auto& service : services)
        service->stop();
    log_line("stopped");
    return exit_ok;
}

// The password from a terminal without echo (asked twice), or one line of standard input.
std::string read_password(const std::string& user) {
    if (::isatty(STDIN_FILENO) == 0) {
        std::string password;
        std::getline(std::cin, password);
        return password;
    }
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    const auto ask = [&](const char* prompt) {
        std::cerr << prompt << std::flush;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        std::string answer;
        std::getline(std::cin, answer);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::cerr << "\n";
        return answer;
    };
    const std::string first = ask(("password for " + user + ": ").c_str());
    if (ask("again: ") != first) throw Error(ErrorKind::Usage, "the passwords differ");
    return first;
}

}  // namespace

void add_serve_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand(
        "serve", "serve the database to the Neo4j drivers over Bolt (and HTTP) until Ctrl-C");
    add_db_options(*cmd, args->db);
    add_write_options(*cmd, args->db);
    add_limit_options(*cmd, args->db);
    set_example(*cmd, "caspian serve ./db --bolt 127.0.0.1:7687 --http 127.0.0.1:7474");
    cmd->add_option("--bolt", args->bolt,
                    std::string("HOST:PORT for Bolt; port 0 picks a free one (default ") +
                        default_bolt_address + " when --http is not given)");
    cmd->add_option("--http", args->http,
                    "HOST:PORT for the HTTP query API and the web explorer; port 0 picks a free "
                    "one");
    cmd->add_option("--auth-file", args->auth_file,
                    "users and password hashes (caspian passwd; default DB/users when it exists); "
                    "needed off loopback");
    cmd->add_option("--tls-cert", args->tls_cert, "PEM certificate chain: Bolt over TLS");
    cmd->add_option("--tls-key", args->tls_key, "PEM private key of --tls-cert");
    cmd->add_option("--max-connections", args->max_connections, "connections served at once")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--idle-timeout", args->idle_timeout,
                    "seconds a connection may stay silent before it is closed (0: never)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-message-bytes", args->max_message, "largest request message, e.g. 16M")
        ->capture_default_str();
    cmd->add_option("--write-wait", args->write_wait,
                    "seconds a write waits for the writer of another connection before a "
                    "transient error that drivers retry (unless --busy-timeout says)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cmd->callback([args, &selected] { selected = [args] { return run_serve(*args); }; });
}

void add_passwd_command(CLI::App& app, Command& selected) {
    struct Args {
        std::string db, user, auth_file;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "passwd", "set a user's password for caspian serve (read from the terminal or stdin)");
    cmd->add_option("DB", args->db, "database directory")->required();
    cmd->add_option("USER", args->user, "user name")->required();
    cmd->add_option("--auth-file", args->auth_file, "the auth file (default: DB/users)");
    set_example(*cmd, "caspian passwd ./db alice");
    cmd->callback([args, &selected] {
        selected = [args] {
            const std::filesystem::path file = args->auth_file.empty()
                                                   ? default_auth_file(args->db)
                                                   : std::filesystem::path(args->auth_file);
            server::set_password(file, args->user, read_password(args->user));
            std::cerr << "caspian: password of '" << args->user << "' set in " << file.string()
                      << "\n";
            return exit_ok;
        };
    });
}

}  // namespace caspian::cli
