// One Bolt connection: the handshake, the messages of Bolt 4.4 and 5.0-5.4 and the per-connection
// state machine, over a Transport. It runs on one thread for its whole life, so that the LMDB
// transactions it opens stay on the thread that began them; results stream with back-pressure
// (PULL n reads n rows from the Result, and a slow reader blocks the write).
#pragma once

#include <caspian/database.hpp>
#include <caspian/result.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::server::bolt {

// The peer closed the connection, it timed out, or the server is stopping.
class ConnectionClosed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A connection's bytes. Both calls block; both throw ConnectionClosed when the connection ends.
class Transport {
public:
    virtual ~Transport() = default;
    virtual void read_exact(char* buffer, std::size_t size) = 0;
    virtual void write_all(std::string_view bytes) = 0;
};

// Checks a user's password (the auth file, server/bolt/auth.hpp); true when it matches.
using Authenticator = std::function<bool(const std::string& user, const std::string& password)>;

// What all sessions of one server share.
struct SessionShared {
    std::atomic<std::uint64_t> next_connection{1};
    std::atomic<std::uint64_t> commits{0};  // the bookmark after each commit: "caspian:N"
};

struct SessionOptions {
    std::size_t max_message_bytes = 16 << 20;
    Authenticator authenticate;  // none: every login is accepted
    // How long a failed login waits before its FAILURE, slowing down password guessing.
    std::chrono::milliseconds failed_login_delay{1000};
    std::string address;  // host:port that ROUTE answers with
    // Statement bounds (QueryOptions); unset: the database's.
    std::optional<std::chrono::milliseconds> statement_timeout;
    std::optional<std::uint64_t> max_memory_bytes;
};

// A negotiated Bolt version.
struct Version {
    int major = 0;
    int minor = 0;
    friend constexpr auto operator<=>(Version, Version) = default;
};

// The version to speak for the four proposals of a handshake (each 4 bytes: reserved, range,
// minor, major): the first proposal that names 5.0-5.4 or 4.4, directly or within its range.
// nullopt when none does.
std::optional<Version> negotiate(const unsigned char proposals[16]) noexcept;

// The Neo4j status code for a caspian error ("Neo.ClientError.Statement.SyntaxError").
std::string status_code(const Error& e);

class Session {
public:
    Session(Database& db, Transport& transport, SessionShared& shared, SessionOptions options);
    ~Session();  // rolls back an open transaction
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Serves the connection until GOODBYE, a protocol error or the end of the connection.
    // Throws nothing but bad_alloc; whatever happens, an open transaction is rolled back.
    void run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace caspian::server::bolt
