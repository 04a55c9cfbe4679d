// The Bolt listener (server/bolt/server.hpp) over real sockets: port 0, the connection limit,
// the idle timeout, stop() rolling back open transactions; the address parser; the auth file.
#include "server/auth.hpp"
#include "server/bolt/packstream.hpp"
#include "server/bolt/server.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>
#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace caspian;
using namespace caspian::server::bolt;

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return fd;
}

// True when the server closed fd within a few seconds (recv returns 0 or fails).
bool closed_by_server(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) return false;
    char c = 0;
    return ::recv(fd, &c, 1, 0) <= 0;
}

void send_all(int fd, const std::string& bytes) {
    ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
}

std::string message(std::uint8_t tag, const std::vector<Value>& fields) {
    std::string m, out;
    Packer p(m, Dialect{});
    p.struct_header(fields.size(), tag);
    for (const Value& f : fields)
        p.value(f);
    append_chunked(out, m);
    return out;
}

std::string read_some(int fd, std::size_t n) {
    std::string s(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::recv(fd, s.data() + got, n - got, 0);
        if (r <= 0) break;
        got += static_cast<std::size_t>(r);
    }
    s.resize(got);
    return s;
}

// One whole message from the server (its bytes).
std::string receive(int fd) {
    return read_chunked(
        [fd](char* b, std::size_t n) {
            const std::string got = read_some(fd, n);
            if (got.size() != n) throw ConnectionClosed("closed");
            std::copy_n(got.data(), n, b);
        },
        1 << 20);
}

// Handshake for 5.4, HELLO and LOGON; returns after their two SUCCESS messages arrived.
void open_session(int fd) {
    send_all(fd, std::string("\x60\x60\xB0\x17\0\0\x04\x05", 8) + std::string(12, '\0'));
    ASSERT_EQ(read_some(fd, 4), std::string("\0\0\x04\x05", 4));
    send_all(fd, message(0x01, {Value(Map{})}) + message(0x6A, {Value(Map{})}));
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(decode_message(receive(fd), Dialect{}).tag, 0x70);
}

class BoltServer : public ::testing::Test {
protected:
    caspian::testing::TempDir dir;
    Database db = Database::open(dir.path() / "db");
    BoltOptions options() {
        BoltOptions o;
        o.port = 0;
        return o;
    }
};

TEST_F(BoltServer, PortZeroPicksAFreePortAndDescribesIt) {
    const auto service = start_bolt(db, options());
    const std::string url = service->describe();
    EXPECT_EQ(url.rfind("bolt://127.0.0.1:", 0), 0u) << url;
    EXPECT_NE(url, "bolt://127.0.0.1:0");
}

TEST_F(BoltServer, ConnectionsPastTheLimitAreClosed) {
    BoltOptions o = options();
    o.max_connections = 1;
    const auto service = start_bolt(db, o);
    const auto port = static_cast<std::uint16_t>(std::stoi(service->describe().substr(17)));
    const int first = connect_to(port);
    open_session(first);  // served: it holds the one place
    const int second = connect_to(port);
    EXPECT_TRUE(closed_by_server(second));
    ::close(second);
    ::close(first);
}

TEST_F(BoltServer, IdleConnectionsAreClosed) {
    BoltOptions o = options();
    o.idle_timeout = std::chrono::milliseconds(200);
    const auto service = start_bolt(db, o);
    const auto port = static_cast<std::uint16_t>(std::stoi(service->describe().substr(17)));
    const int fd = connect_to(port);
    EXPECT_TRUE(closed_by_server(fd));
    ::close(fd);
}

TEST_F(BoltServer, StopRollsBackOpenTransactions) {
    const auto service = start_bolt(db, options());
    const auto port = static_cast<std::uint16_t>(std::stoi(service->describe().substr(17)));
    const int fd = connect_to(port);
    open_session(fd);
    send_all(fd, message(0x11, {Value(Map{})}) +
                     message(0x10, {Value("CREATE (:Open)"), Value(Map{}), Value(Map{})}));
    // BEGIN and RUN answered: the write transaction is open on the server.
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(decode_message(receive(fd), Dialect{}).tag, 0x70);
    service->stop();
    EXPECT_TRUE(closed_by_server(fd));
    ::close(fd);
    EXPECT_EQ(db.query("MATCH (n:Open) RETURN count(n)").all().at(0).at(0), Value(0));
    db.query("CREATE (:After)");  // and the writer is free
}

TEST(BoltAddress, ParsesHostAndPort) {
    EXPECT_EQ(parse_host_port("127.0.0.1:7687").port, 7687);
    EXPECT_EQ(parse_host_port(":0").host, "127.0.0.1");
    EXPECT_EQ(parse_host_port("[::1]:7687").host, "::1");
    EXPECT_THROW(parse_host_port("127.0.0.1"), Error);
    EXPECT_THROW(parse_host_port("127.0.0.1:70000"), Error);
    EXPECT_THROW(parse_host_port("host:x"), Error);
    EXPECT_TRUE(is_loopback("127.0.0.1"));
    EXPECT_TRUE(is_loopback("::1"));
    EXPECT_FALSE(is_loopback("0.0.0.0"));
    EXPECT_FALSE(is_loopback("192.168.1.1"));
}

TEST(AuthFile, HashesAreSaltedAndCheckable) {
    const std::string a = caspian::server::hash_password("pw");
    EXPECT_NE(a, caspian::server::hash_password("pw"));  // a fresh salt each time
    EXPECT_TRUE(caspian::server::verify_password(a, "pw"));
    EXPECT_FALSE(caspian::server::verify_password(a, "pW"));
    EXPECT_FALSE(caspian::server::verify_password("garbage", "pw"));
}

TEST(AuthFile, SetPasswordReplacesAUsersLine) {
    caspian::testing::TempDir dir;
    const auto file = dir.path() / "users";
    caspian::server::set_password(file, "alice", "one");
    caspian::server::set_password(file, "bob", "two");
    caspian::server::set_password(file, "alice", "three");
    const auto users = caspian::server::AuthFile::load(file);
    EXPECT_TRUE(users.check("alice", "three"));
    EXPECT_FALSE(users.check("alice", "one"));
    EXPECT_TRUE(users.check("bob", "two"));
    EXPECT_FALSE(users.check("carol", "two"));
    EXPECT_THROW(caspian::server::set_password(file, "a:b", "x"), Error);
    caspian::testing::write(file, "alice:nonsense\n");
    try {
        (void)caspian::server::AuthFile::load(file);
        FAIL() << "a malformed auth file was read";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("users:1:"), std::string::npos) << e.what();
    }
}

// The HTTP service's Authorization header: "Basic " + base64("user:password"), checked
// against the same file as Bolt's logins.
TEST(AuthFile, BasicAuthorizationHeadersAreChecked) {
    caspian::testing::TempDir dir;
    const auto file = dir.path() / "users";
    caspian::server::set_password(file, "alice", "s3cret:x");
    const auto users = caspian::server::AuthFile::load(file);
    EXPECT_TRUE(users.check_basic("Basic YWxpY2U6czNjcmV0Ong="));  // alice:s3cret:x
    EXPECT_FALSE(users.check_basic("Basic YWxpY2U6czNjcmV0"));     // alice:s3cret
    EXPECT_FALSE(users.check_basic("Basic Ym9iOnMzY3JldDp4"));     // bob:s3cret:x
    EXPECT_FALSE(users.check_basic("Bearer YWxpY2U6czNjcmV0Ong="));
    EXPECT_FALSE(users.check_basic("Basic not base64!"));
    EXPECT_FALSE(users.check_basic("Basic YWxpY2U="));  // alice, no colon
    EXPECT_FALSE(users.check_basic(""));
}

}  // namespace
