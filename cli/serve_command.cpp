// `caspian serve DB --http HOST:PORT`: the database behind the HTTP query API and the web explorer
// (server/http/) until SIGINT or SIGTERM. The services run on their own threads.
#include "cli/commands.hpp"
#include "server/http/http_service.hpp"

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <vector>

namespace caspian::cli {
namespace {

// "127.0.0.1:7474", "[::1]:7474" or ":7474" (loopback) -> host and port; Error{Usage} otherwise.
std::pair<std::string, std::uint16_t> parse_address(const std::string& text) {
    const std::size_t colon = text.rfind(':');
    const auto bad = [&text] {
        return Error(ErrorKind::Usage, "'" + text + "' is not an address HOST:PORT");
    };
    if (colon == std::string::npos) throw bad();
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    const std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos ||
        std::stoul(port) > 65535)
        throw bad();
    return {host, static_cast<std::uint16_t>(std::stoul(port))};
}

int run_serve(const DbOptions& db_options, const std::string& http_address) {
    // Signals are taken by sigwait below: blocked here, before any service thread starts, so
    // that every thread inherits the mask. A client that hangs up must not end the process.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    server::HttpOptions http;
    std::tie(http.host, http.port) = parse_address(http_address);
    // A writer waiting behind an HTTP transaction gets a transient error rather than waiting
    // for as long as the transaction's client pleases.
    DbOptions options = db_options;
    if (!options.busy_timeout_seconds) options.busy_timeout_seconds = 10;
    FreshDatabaseGuard fresh(options.path);  // a server that cannot start leaves no database
    Database db = open_database(options, /*create=*/true, /*announce=*/false);
    std::vector<std::unique_ptr<server::Service>> services;
    services.push_back(server::start_http(db, http));
    fresh.keep();
    std::cout << "caspian serve:";
    for (std::size_t i = 0; i < services.size(); ++i)
        std::cout << (i == 0 ? " " : ", ") << services[i]->describe();
    std::cout << ", database " << db_options.path << std::endl;

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << "caspian serve: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
              << ", stopping\n";
    for (auto& service : services)
        service->stop();
    return exit_ok;
}

}  // namespace

void add_serve_command(CLI::App& app, Command& selected) {
    struct Args {
        DbOptions db;
        std::string http = "127.0.0.1:7474";
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "serve", "serve the database over HTTP (Neo4j's Query API and a web explorer)");
    add_db_options(*cmd, args->db);
    add_write_options(*cmd, args->db);
    add_limit_options(*cmd, args->db);
    set_example(*cmd, "caspian serve ./db --http 127.0.0.1:7474");
    cmd->add_option("--http", args->http, "HOST:PORT of the HTTP API and explorer (port 0: any)")
        ->capture_default_str();
    cmd->callback(
        [args, &selected] { selected = [args] { return run_serve(args->db, args->http); }; });
}

}  // namespace caspian::cli
