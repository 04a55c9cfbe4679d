// The HTTP service of `caspian serve`: Neo4j's Query API (POST /db/{name}/query/v2) and the web
// explorer at GET / from assets compiled into the binary. No request path reaches the file system.
#pragma once

#include "server/service.hpp"

#include <caspian/database.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace caspian::server {

struct HttpOptions {
    std::string host = "127.0.0.1";  // loopback unless asked otherwise
    std::uint16_t port = 7474;       // 0: a free port, which describe() names
    // Bodies past this get 413 before any statement runs.
    std::size_t max_body_bytes = 1 << 20;
    // Each statement's bounds (QueryOptions); unset: the database's.
    std::optional<std::chrono::milliseconds> statement_timeout = {};
    std::optional<std::uint64_t> max_memory_bytes = {};
    // An explicit transaction (POST /db/{name}/query/v2/tx) idle for longer is rolled back.
    std::chrono::milliseconds transaction_timeout{30'000};
    // The name in /db/{name}/...: besides "caspian", the database directory's name when empty.
    std::string database_name;
    // Called with the Authorization header of each API request (empty when absent); false
    // answers 401. Unset: every request is allowed, which start_http permits on loopback only.
    std::function<bool(const std::string& authorization)> authorize = {};
};

// Binds host:port and serves on threads of its own until stop() (or destruction). db must
// outlive the service. Throws Error{Usage} when the address cannot be bound, or when host is not
// a loopback address and no authorize hook is set.
std::unique_ptr<Service> start_http(Database& db, const HttpOptions& options);

}  // namespace caspian::server
