// The HTTP service on cpp-httplib: the Query API routes, the explorer's built-in assets, limits
// and the authorization hook. Statements run through the public Database API only.
#include "server/http/http_service.hpp"

#include "server/http/assets.hpp"
#include "server/http/query_json.hpp"
#include "server/http/transactions.hpp"

#include <caspian/diagnostics.hpp>

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

namespace caspian::server {
namespace {

using http::JsonFlavour;

constexpr const char* json_type = "application/json";
constexpr const char* typed_type = "application/vnd.neo4j.query";

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

JsonFlavour flavour_of(const httplib::Request& req, const char* header) {
    return req.get_header_value(header).find(typed_type) != std::string::npos ? JsonFlavour::Typed
                                                                              : JsonFlavour::Plain;
}

void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view message) {
    res.status = status;
    res.set_content(http::render_error_body(code, message), json_type);
}

class HttpService final : public Service {
public:
    HttpService(Database& db, const HttpOptions& options) : db_(db), options_(options) {
        names_[0] = "caspian";
        // "./db/" names "db" too.
        const std::filesystem::path dir = db.path().lexically_normal();
        names_[1] = !options.database_name.empty() ? options.database_name
                    : dir.has_filename()           ? dir.filename().string()
                                                   : dir.parent_path().filename().string();
        transactions_ = std::make_unique<http::Transactions>(db, options.transaction_timeout);
        routes();
        int port = options.port;
        if (port == 0) {
            port = server_.bind_to_any_port(options.host);
        } else if (!server_.bind_to_port(options.host.c_str(), port)) {
            port = -1;
        }
        if (port <= 0)
            throw Error(ErrorKind::Usage, "cannot listen on " + options.host + ":" +
                                              std::to_string(options.port) +
                                              " (address in use or not available)");
        const bool v6 = options.host.find(':') != std::string::npos;
        describe_ =
            "http://" + (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(port);
        thread_ = std::thread([this] {
            server_.listen_after_bind();
            listening_done_ = true;
        });
        // stop() only reaches a server that has begun listening: wait for it to begin.
        while (!server_.is_running() && !listening_done_)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~HttpService() override { stop(); }

    std::string describe() const override { return describe_; }

    // Open transactions roll back once no request can reach them.
    void stop() override {
        server_.stop();
        if (thread_.joinable()) thread_.join();
        transactions_.reset();
    }

private:
    void routes() {
        // SO_REUSEADDR (a restart need not wait out TIME_WAIT) but not httplib's default
        // SO_REUSEPORT, with which a second server would share the port instead of failing.
        server_.set_socket_options([](int sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        server_.set_payload_max_length(options_.max_body_bytes);
        server_.set_keep_alive_timeout(1);  // so that stop() does not wait on idle clients
        for (const http::Asset& asset : http::explorer_assets()) {
            server_.Get(std::string(asset.path),
                        [&asset](const httplib::Request&, httplib::Response& res) {
                            res.set_content(asset.body.data(), asset.body.size(),
                                            std::string(asset.content_type).c_str());
                            res.set_header("Cache-Control", "no-cache");
                        });
        }
        using Req = const httplib::Request&;
        using Res = httplib::Response&;
        server_.Post(R"(/db/([^/]+)/query/v2)", [this](Req req, Res res) { run_query(req, res); });
        server_.Post(R"(/db/([^/]+)/query/v2/tx)",
                     [this](Req req, Res res) { run_in_transaction(req, res, {}, false); });
        server_.Post(R"(/db/([^/]+)/query/v2/tx/([0-9a-f]+))", [this](Req req, Res res) {
            run_in_transaction(req, res, req.matches[2].str(), false);
        });
        server_.Post(R"(/db/([^/]+)/query/v2/tx/([0-9a-f]+)/commit)", [this](Req req, Res res) {
            run_in_transaction(req, res, req.matches[2].str(), true);
        });
        server_.Delete(R"(/db/([^/]+)/query/v2/tx/([0-9a-f]+))",
                       [this](Req req, Res res) { rollback(req, res); });
        server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            if (res.status == 413)
                send_error(res, 413, "Neo.ClientError.Request.Invalid",
                           "the request body is larger than the server's limit");
            else if (res.status == 404)
                send_error(res, 404, "Neo.ClientError.Request.Invalid", "no such resource");
            else if (res.status >= 400)
                send_error(res, res.status, "Neo.ClientError.Request.Invalid",
                           "the request was refused");
        });
        server_.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
                std::string what = "unknown error";
                try {
                    std::rethrow_exception(ep);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                send_error(res, 500, "Neo.DatabaseError.General.UnknownError", what);
            });
    }

    bool authorized(const httplib::Request& req, httplib::Response& res) const {
        if (!options_.authorize || options_.authorize(req.get_header_value("Authorization")))
            return true;
        res.set_header("WWW-Authenticate", "Basic realm=\"caspian\"");
        send_error(res, 401, "Neo.ClientError.Security.Unauthorized",
                   "the client is unauthorized due to authentication failure");
        return false;
    }

    // Authorization, the database's name and the body; nullopt when res already says why not.
    std::optional<http::QueryRequest> accept(const httplib::Request& req, httplib::Response& res,
                                             bool statement_required) {
        if (!authorized(req, res)) return std::nullopt;
        const std::string name = req.matches[1];
        if (name != names_[0] && name != names_[1]) {
            send_error(res, 404, "Neo.ClientError.Database.DatabaseNotFound",
                       "no database named '" + name + "' (this server has '" + names_[0] +
                           "', also called '" + names_[1] + "')");
            return std::nullopt;
        }
        transactions_->sweep();  // an abandoned transaction must not keep the writer's lock
        try {
            return http::parse_query_request(req.body, flavour_of(req, "Content-Type"),
                                             statement_required);
        } catch (const http::RequestError& e) {
            send_error(res, 400, "Neo.ClientError.Request.Invalid", e.message);
            return std::nullopt;
        }
    }

    QueryOptions bounds() const {
        QueryOptions bounds;
        bounds.timeout = options_.statement_timeout;
        bounds.max_memory_bytes = options_.max_memory_bytes;
        return bounds;
    }

    static void answer(const httplib::Request& req, httplib::Response& res, std::string body) {
        res.status = 202;  // as Neo4j's Query API answers
        res.set_content(std::move(body),
                        flavour_of(req, "Accept") == JsonFlavour::Typed ? typed_type : json_type);
    }

    static void fail(httplib::Response& res, const Error& e, std::string_view statement) {
        const http::ErrorCode code = http::error_code(e);
        send_error(res, code.http_status, code.code, render_error(e, statement, "query"));
    }

    void run_query(const httplib::Request& req, httplib::Response& res) {
        const auto request = accept(req, res, true);
        if (!request) return;
        try {
            Result result = db_.query(request->statement, request->parameters, bounds());
            answer(req, res,
                   http::render_result(&result, request->statement, request->include_counters,
                                       flavour_of(req, "Accept")));
        } catch (const Error& e) {
            fail(res, e, request->statement);
        }
    }

    // POST .../tx (begin), .../tx/{id} (a statement), .../tx/{id}/commit: each may carry a
    // statement, which runs in the transaction on its own thread.
    void run_in_transaction(const httplib::Request& req, httplib::Response& res,
                            std::optional<std::string> id, bool commit) {
        const auto request = accept(req, res, id && !commit);
        if (!request) return;
        const JsonFlavour out = flavour_of(req, "Accept");
        try {
            if (!id) id = transactions_->begin();
            http::TransactionInfo info{*id, transactions_->expiry()};
            const auto work = [&](WriteTransaction& txn) {
                std::optional<Result> result;
                if (!request->statement.empty())
                    result.emplace(txn.query(request->statement, request->parameters, bounds()));
                return http::render_result(result ? &*result : nullptr, request->statement,
                                           request->include_counters, out,
                                           commit ? nullptr : &info);
            };
            const std::optional<std::string> body = transactions_->run(*id, work, commit);
            if (!body) {
                send_error(res, 404, "Neo.ClientError.Transaction.TransactionNotFound",
                           "no open transaction '" + *id + "' (committed, rolled back or expired)");
                return;
            }
            answer(req, res, *body);
        } catch (const Error& e) {
            fail(res, e, request->statement);
        }
    }

    void rollback(const httplib::Request& req, httplib::Response& res) {
        if (!accept(req, res, false)) return;
        if (!transactions_->rollback(req.matches[2])) {
            send_error(res, 404, "Neo.ClientError.Transaction.TransactionNotFound",
                       "no open transaction '" + std::string(req.matches[2]) + "'");
            return;
        }
        res.status = 200;
        res.set_content("{}", json_type);
    }

    Database& db_;
    HttpOptions options_;
    std::string names_[2];
    std::unique_ptr<http::Transactions> transactions_;
    httplib::Server server_;
    std::string describe_;
    std::atomic<bool> listening_done_ = false;
    std::thread thread_;
};

}  // namespace

std::unique_ptr<Service> start_http(Database& db, const HttpOptions& options) {
    if (!is_loopback(options.host) && !options.authorize)
        throw Error(ErrorKind::Usage, "listening on " + options.host +
                                          " needs authentication; without it, listen on "
                                          "127.0.0.1 (the default)");
    return std::make_unique<HttpService>(db, options);
}

}  // namespace caspian::server
