// The Bolt session (server/bolt/session.hpp) driven over a socketpair: version negotiation, the
// state machine (FAILURE -> IGNORED -> RESET), PULL n streaming, transactions, rollback on a
// dropped connection, logins and the Neo4j status codes.
#include "server/bolt/packstream.hpp"
#include "server/bolt/session.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>

namespace {

using namespace caspian;
using namespace caspian::server::bolt;

constexpr std::uint8_t HELLO = 0x01, GOODBYE = 0x02, RESET = 0x0F, RUN = 0x10, BEGIN = 0x11,
                       COMMIT = 0x12, ROLLBACK = 0x13, PULL = 0x3F, DISCARD = 0x2F, ROUTE = 0x66,
                       LOGON = 0x6A, SUCCESS = 0x70, RECORD = 0x71, IGNORED = 0x7E, FAILURE = 0x7F;

void read_fd(int fd, char* buffer, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::recv(fd, buffer, size, 0);
        if (n <= 0) throw ConnectionClosed("closed");
        buffer += n;
        size -= static_cast<std::size_t>(n);
    }
}

void write_fd(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) throw ConnectionClosed("closed");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

class SocketTransport : public Transport {
public:
    explicit SocketTransport(int fd) : fd_(fd) {}
    void read_exact(char* buffer, std::size_t size) override { read_fd(fd_, buffer, size); }
    void write_all(std::string_view bytes) override { write_fd(fd_, bytes); }

private:
    int fd_;
};

Map map_of(Properties p) {
    std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return Map{std::move(p)};
}

const Value& meta(const Message& m, std::string_view name) {
    static const Value none;
    const Value* v = find_property(m.fields.at(0).as_map().entries, name);
    return v != nullptr ? *v : none;
}

// A session on its own thread, the test holding the client's end of the socketpair.
class BoltSession : public ::testing::Test {
protected:
    caspian::testing::TempDir dir;
    Database db = Database::open(dir.path() / "db");
    SessionShared shared;
    int fds[2] = {-1, -1};
    std::unique_ptr<SocketTransport> transport;
    std::thread thread;
    Dialect dialect;

    void start(SessionOptions options = {}) {
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        transport = std::make_unique<SocketTransport>(fds[1]);
        thread = std::thread([this, options] {
            Session(db, *transport, shared, options).run();
            ::shutdown(fds[1], SHUT_RDWR);
        });
    }
    void TearDown() override {
        if (fds[0] >= 0) ::shutdown(fds[0], SHUT_RDWR);
        if (thread.joinable()) thread.join();
        for (int fd : fds) {
            if (fd >= 0) ::close(fd);
        }
    }
    // The four proposals as major.minor with a range; returns the server's answer.
    std::string handshake(std::vector<std::array<int, 3>> proposals) {
        std::string h = "\x60\x60\xB0\x17";
        proposals.resize(4, {0, 0, 0});
        for (const auto& [major, minor, range] : proposals) {
            h += std::string(1, '\0') + static_cast<char>(range) + static_cast<char>(minor) +
                 static_cast<char>(major);
        }
        write_fd(fds[0], h);
        std::string answer(4, '\0');
        read_fd(fds[0], answer.data(), 4);
        return answer;
    }
    void send(std::uint8_t tag, const std::vector<Value>& fields) {
        std::string message;
        Packer p(message, dialect);
        p.struct_header(fields.size(), tag);
        for (const Value& f : fields)
            p.value(f);
        std::string chunked;
        append_chunked(chunked, message);
        write_fd(fds[0], chunked);
    }
    Message receive() {
        const std::string bytes =
            read_chunked([this](char* b, std::size_t n) { read_fd(fds[0], b, n); }, 1 << 24);
        return decode_message(bytes, dialect);
    }
    // A session on 5.4, logged in.
    void open(SessionOptions options = {}) {
        start(std::move(options));
        ASSERT_EQ(handshake({{5, 4, 4}}), std::string("\0\0\x04\x05", 4));
        send(HELLO, {Value(map_of({{"user_agent", Value("test/1")}}))});
        ASSERT_EQ(receive().tag, SUCCESS);
        send(LOGON, {Value(map_of({{"scheme", Value("none")}}))});
        ASSERT_EQ(receive().tag, SUCCESS);
    }
    Message run(const std::string& text, Properties params = {}, Properties extra = {}) {
        send(RUN, {Value(text), Value(map_of(std::move(params))), Value(map_of(std::move(extra)))});
        return receive();
    }
    // PULL n: the records, then the final message.
    std::pair<std::vector<List>, Message> pull(std::int64_t n, std::uint8_t tag = PULL) {
        send(tag, {Value(map_of({{"n", Value(n)}}))});
        std::vector<List> rows;
        for (;;) {
            Message m = receive();
            if (m.tag != RECORD) return {rows, m};
            rows.push_back(m.fields.at(0).as_list());
        }
    }
    std::int64_t count(const std::string& label) {
        return db.query("MATCH (n:" + label + ") RETURN count(n)").all().at(0).at(0).as_int();
    }
};

TEST(BoltNegotiate, PicksTheFirstSupportedProposal) {
    const auto pick = [](std::vector<int> p) {
        unsigned char b[16] = {};
        for (std::size_t i = 0; i < p.size(); ++i)
            b[i] = static_cast<unsigned char>(p[i]);
        return negotiate(b);
    };
    EXPECT_EQ(pick({0, 4, 4, 5}), (Version{5, 4}));
    EXPECT_EQ(pick({0, 8, 8, 5}), (Version{5, 4}));  // 5.8 down to 5.0 includes 5.4
    EXPECT_EQ(pick({0, 0, 8, 5, 0, 0, 4, 4}), (Version{4, 4}));
    EXPECT_EQ(pick({0, 2, 6, 4}), (Version{4, 4}));  // 4.6 .. 4.4
    EXPECT_EQ(pick({0, 0, 3, 4}), std::nullopt);     // 4.3 only
    EXPECT_EQ(pick({0, 0, 0, 3}), std::nullopt);
}

TEST(BoltStatus, CodesFollowTheErrorClass) {
    EXPECT_EQ(status_code(Error(ErrorKind::Syntax, "x")), "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(status_code(Error(ErrorKind::Type, "x")), "Neo.ClientError.Statement.TypeError");
    EXPECT_EQ(status_code(Error(ErrorKind::Semantic, ErrorClass::ParameterMissing, "", "x")),
              "Neo.ClientError.Statement.ParameterMissing");
    EXPECT_EQ(status_code(Error(ErrorKind::Constraint, "x")),
              "Neo.ClientError.Schema.ConstraintValidationFailed");
    EXPECT_EQ(status_code(Error(ErrorKind::Resource, "the database is busy: waited 5 s")),
              "Neo.TransientError.Transaction.LockAcquisitionTimeout");
}

TEST_F(BoltSession, UnsupportedVersionsGetZeroAndTheConnectionCloses) {
    start();
    EXPECT_EQ(handshake({{3, 0, 0}, {4, 1, 0}}), std::string(4, '\0'));
    char c = 0;
    EXPECT_EQ(::recv(fds[0], &c, 1, 0), 0);
}

TEST_F(BoltSession, RunBeforeLogonFailsIn5) {
    start();
    ASSERT_EQ(handshake({{5, 4, 4}}), std::string("\0\0\x04\x05", 4));
    send(HELLO, {Value(map_of({{"user_agent", Value("test/1")}}))});
    const Message hello = receive();
    ASSERT_EQ(hello.tag, SUCCESS);
    EXPECT_EQ(meta(hello, "connection_id").as_string().rfind("bolt-", 0), 0u);
    EXPECT_EQ(run("RETURN 1").tag, FAILURE);
}

TEST_F(BoltSession, ResetNeverSkipsTheLogin) {
    SessionOptions options;
    options.authenticate = [](const std::string&, const std::string&) { return false; };
    start(options);
    ASSERT_EQ(handshake({{5, 4, 4}}), std::string("\0\0\x04\x05", 4));
    send(HELLO, {Value(Map{})});
    ASSERT_EQ(receive().tag, SUCCESS);
    EXPECT_EQ(run("RETURN 1").tag, FAILURE);  // no LOGON yet
    send(RESET, {});
    EXPECT_EQ(receive().tag, SUCCESS);
    EXPECT_EQ(run("RETURN 1").tag, FAILURE);  // still not logged in
}

TEST_F(BoltSession, ResetBeforeHelloFails) {
    start();
    ASSERT_EQ(handshake({{5, 4, 4}}), std::string("\0\0\x04\x05", 4));
    send(RESET, {});
    EXPECT_EQ(receive().tag, FAILURE);
    send(RESET, {});
    EXPECT_EQ(receive().tag, FAILURE);
    EXPECT_EQ(run("RETURN 1").tag, IGNORED);
}

TEST_F(BoltSession, PullStreamsNRowsAtATime) {
    open();
    const Message r = run("UNWIND range(1, 5) AS x RETURN x");
    ASSERT_EQ(r.tag, SUCCESS);
    EXPECT_EQ(meta(r, "fields"), Value(List{Value("x")}));
    auto [first, more] = pull(2);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[1][0], Value(2));
    EXPECT_EQ(meta(more, "has_more"), Value(true));
    // The last three rows: PULL 3 of three rows ends the stream, no has_more.
    auto [rest, done] = pull(3);
    EXPECT_EQ(rest.size(), 3u);
    EXPECT_EQ(done.tag, SUCCESS);
    EXPECT_TRUE(meta(done, "has_more").is_null());
    EXPECT_EQ(meta(done, "type"), Value("r"));
}

TEST_F(BoltSession, DiscardSkipsRowsAndSummarises) {
    open();
    ASSERT_EQ(run("UNWIND range(1, 100) AS x CREATE (:D {x: x}) RETURN x").tag, SUCCESS);
    auto [rows, done] = pull(-1, DISCARD);
    EXPECT_TRUE(rows.empty());
    EXPECT_EQ(meta(done, "type"), Value("rw"));
    EXPECT_EQ(find_property(meta(done, "stats").as_map().entries, "nodes-created")->as_int(), 100);
    EXPECT_EQ(meta(done, "bookmark").kind(), ValueKind::String);
    EXPECT_EQ(count("D"), 100);
}

TEST_F(BoltSession, FailureIgnoresUntilReset) {
    open();
    const Message f = run("MATCH (a RETURN a");
    ASSERT_EQ(f.tag, FAILURE);
    EXPECT_EQ(meta(f, "code"), Value("Neo.ClientError.Statement.SyntaxError"));
    EXPECT_NE(meta(f, "message").as_string().find("(line 1, column 10 (offset: 9))"),
              std::string::npos)
        << meta(f, "message").as_string();
    EXPECT_EQ(run("RETURN 1").tag, IGNORED);
    EXPECT_EQ(pull(-1).second.tag, IGNORED);
    send(RESET, {});
    EXPECT_EQ(receive().tag, SUCCESS);
    ASSERT_EQ(run("RETURN $p AS p", {{"p", Value(7)}}).tag, SUCCESS);
    auto [rows, done] = pull(-1);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], Value(7));
}

TEST_F(BoltSession, MissingParameterHasItsCode) {
    open();
    // A reading statement streams: its error may come with RUN or with the first PULL.
    Message f = run("RETURN $nope");
    if (f.tag == SUCCESS) f = pull(-1).second;
    ASSERT_EQ(f.tag, FAILURE);
    EXPECT_EQ(meta(f, "code"), Value("Neo.ClientError.Statement.ParameterMissing"));
}

TEST_F(BoltSession, ExplicitTransactionsCommitAndRollBack) {
    open();
    send(BEGIN, {Value(Map{})});
    ASSERT_EQ(receive().tag, SUCCESS);
    const Message r = run("CREATE (:T {n: 1})");
    ASSERT_EQ(r.tag, SUCCESS);
    EXPECT_EQ(meta(r, "qid"), Value(0));
    pull(-1);
    send(ROLLBACK, {});
    ASSERT_EQ(receive().tag, SUCCESS);
    EXPECT_EQ(count("T"), 0);

    send(BEGIN, {Value(Map{})});
    ASSERT_EQ(receive().tag, SUCCESS);
    ASSERT_EQ(run("CREATE (:T {n: 2})").tag, SUCCESS);
    pull(-1);
    send(COMMIT, {});
    const Message c = receive();
    ASSERT_EQ(c.tag, SUCCESS);
    EXPECT_EQ(meta(c, "bookmark").as_string().rfind("caspian:", 0), 0u);
    EXPECT_EQ(count("T"), 1);
}

TEST_F(BoltSession, ADroppedConnectionRollsItsTransactionBack) {
    open();
    send(BEGIN, {Value(Map{})});
    ASSERT_EQ(receive().tag, SUCCESS);
    ASSERT_EQ(run("CREATE (:Gone)").tag, SUCCESS);
    pull(-1);
    ::shutdown(fds[0], SHUT_RDWR);
    thread.join();
    EXPECT_EQ(count("Gone"), 0);
    // The writer is free again: the session's write transaction is gone.
    db.query("CREATE (:After)");
    EXPECT_EQ(count("After"), 1);
}

TEST_F(BoltSession, ReadModeRefusesWrites) {
    open();
    send(BEGIN, {Value(map_of({{"mode", Value("r")}}))});
    ASSERT_EQ(receive().tag, SUCCESS);
    EXPECT_EQ(run("CREATE (:W)").tag, FAILURE);
    send(RESET, {});
    EXPECT_EQ(receive().tag, SUCCESS);
    EXPECT_EQ(count("W"), 0);
}

TEST_F(BoltSession, RouteAnswersWithThisServer) {
    SessionOptions options;
    options.address = "127.0.0.1:7687";
    open(options);
    send(ROUTE, {Value(Map{}), Value(List{}), Value(Map{})});
    const Message m = receive();
    ASSERT_EQ(m.tag, SUCCESS);
    const List& servers = find_property(meta(m, "rt").as_map().entries, "servers")->as_list();
    EXPECT_EQ(servers.size(), 3u);
    EXPECT_EQ(*find_property(servers[0].as_map().entries, "addresses"),
              Value(List{Value("127.0.0.1:7687")}));
}

TEST_F(BoltSession, WrongPasswordsAreUnauthorized) {
    SessionOptions options;
    options.failed_login_delay = std::chrono::milliseconds(1);
    options.authenticate = [](const std::string& user, const std::string& password) {
        return user == "alice" && password == "secret";
    };
    start(options);
    ASSERT_EQ(handshake({{5, 4, 4}}), std::string("\0\0\x04\x05", 4));
    send(HELLO, {Value(Map{})});
    ASSERT_EQ(receive().tag, SUCCESS);
    send(LOGON, {Value(map_of({{"scheme", Value("basic")},
                               {"principal", Value("alice")},
                               {"credentials", Value("wrong")}}))});
    const Message f = receive();
    ASSERT_EQ(f.tag, FAILURE);
    EXPECT_EQ(meta(f, "code"), Value("Neo.ClientError.Security.Unauthorized"));
    char c = 0;
    EXPECT_EQ(::recv(fds[0], &c, 1, 0), 0);  // and the connection ends
}

TEST_F(BoltSession, Bolt44TakesCredentialsInHelloAndSpeaksLegacyValues) {
    start();
    ASSERT_EQ(handshake({{4, 4, 0}}), std::string("\0\0\x04\x04", 4));
    dialect = Dialect{false, false};
    send(HELLO, {Value(map_of({{"scheme", Value("none")}}))});
    ASSERT_EQ(receive().tag, SUCCESS);
    ASSERT_EQ(run("CREATE (n:N {t: datetime('2020-01-01T00:00+01:00')}) RETURN n, n.t").tag,
              SUCCESS);
    auto [rows, done] = pull(-1);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_node().labels, std::vector<std::string>{"N"});
    EXPECT_EQ(rows[0][1].as_datetime().offset, 3600);
}

TEST_F(BoltSession, OversizedMessagesEndTheConnection) {
    SessionOptions options;
    options.max_message_bytes = 1000;
    open(options);
    const Message f = run(std::string(2000, ' ') + "RETURN 1");
    ASSERT_EQ(f.tag, FAILURE);
    EXPECT_EQ(meta(f, "code"), Value("Neo.ClientError.Request.Invalid"));
    char c = 0;
    EXPECT_EQ(::recv(fds[0], &c, 1, 0), 0);
}

TEST_F(BoltSession, GoodbyeEndsTheSession) {
    open();
    send(GOODBYE, {});
    char c = 0;
    EXPECT_EQ(::recv(fds[0], &c, 1, 0), 0);
}

}  // namespace
