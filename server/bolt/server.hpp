// The Bolt listener of `caspian serve`: accepts connections (standalone asio) and serves each on
// its own thread with a Session, up to a connection limit; optional TLS (OpenSSL).
#pragma once

#include "server/bolt/session.hpp"
#include "server/service.hpp"

#include <caspian/database.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace caspian::server::bolt {

struct TlsFiles {
    std::string certificate;  // PEM, the chain
    std::string private_key;  // PEM
};

struct BoltOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 7687;  // 0: a free port, which describe() names
    std::size_t max_connections = 100;
    std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};  // 0: none
    std::optional<TlsFiles> tls;
    SessionOptions session;
    std::function<void(const std::string&)> log;  // one line, no newline; none: silent
};

// Starts listening and serving on its own threads. Throws Error{Usage} when the address cannot
// be bound or the TLS files cannot be read. stop() (or the destructor) closes the listener and
// every connection, rolling their transactions back, and returns when all threads have ended.
// db must outlive the service.
std::unique_ptr<Service> start_bolt(Database& db, const BoltOptions& options);

// "HOST:PORT", "[::1]:PORT" or ":PORT" (host 127.0.0.1) into its parts; Error{Usage} otherwise.
struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};
HostPort parse_host_port(const std::string& text);

// True for an address that only this machine reaches (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& host);

}  // namespace caspian::server::bolt
