// The official JavaScript driver (npm neo4j-driver 5.x, installed by this test into the build
// tree) against `caspian serve` on the example graph: tests/server/bolt_conformance.mjs. Without
// node, npm or the registry the tests skip, except under CI, where they fail.
#include "support/files.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::run_binary;
using caspian::testing::RunOptions;

bool have(const std::string& program) {
    return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// `caspian serve` as a child: its pid and the port it printed.
struct Server {
    pid_t pid = -1;
    int port = 0;
    std::string err_file;

    Server(const std::string& db, const fs::path& scratch,
           const std::vector<std::string>& more = {}) {
        const std::string out = (scratch / "serve.out").string();
        err_file = (scratch / "serve.err").string();
        std::vector<std::string> args = {CASPIAN_BINARY, "serve", db, "--bolt", "127.0.0.1:0"};
        args.insert(args.end(), more.begin(), more.end());
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        // Under ASan, freed memory waits in a quarantine (256 MB by default), which would read
        // as growth of the server's peak memory: keep it small for the streaming check.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string asan_options = (asan != nullptr ? std::string(asan) + ":" : "") +
                                         "quarantine_size_mb=4:thread_local_quarantine_size_kb=64";
        ::setenv("ASAN_OPTIONS", asan_options.c_str(), 1);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        // The startup line: "caspian serve: bolt://127.0.0.1:PORT, database PATH".
        const std::regex line(R"(caspian serve: bolt(\+s)?://127\.0\.0\.1:(\d+), database )");
        for (int i = 0; i < 600 && pid > 0 && port == 0; ++i) {
            std::smatch m;
            const std::string text = caspian::testing::slurp(out);
            if (std::regex_search(text, m, line)) {
                port = std::stoi(m[2]);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    // SIGTERM, then the exit status (or -signal).
    int stop(int signal = SIGTERM) {
        if (pid <= 0) return 0;
        ::kill(pid, signal);
        int status = 0;
        ::waitpid(pid, &status, 0);
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    ~Server() { stop(SIGKILL); }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
};

class BoltDriver : public ::testing::Test {
protected:
    caspian::testing::TempDir dir;
    std::string db = (dir.path() / "db").string();
    fs::path npm_dir = CASPIAN_NPM_DIR;

    void SetUp() override {
        const bool ci = std::getenv("CI") != nullptr;
        if (!have("node") || !have("npm")) {
            if (ci) FAIL() << "node and npm are needed under CI";
            GTEST_SKIP() << "no node or npm";
        }
        if (!fs::exists(npm_dir / "node_modules" / "neo4j-driver")) {
            fs::create_directories(npm_dir);
            RunOptions options;
            options.timeout_seconds = 300;
            const Outcome o = run_binary("npm",
                                         {"install", "--prefix", npm_dir.string(), "--no-audit",
                                          "--no-fund", "neo4j-driver@5"},
                                         dir.path(), options);
            if (o.code != 0) {
                if (ci) FAIL() << "npm install neo4j-driver failed: " << o.err;
                GTEST_SKIP() << "npm cannot install neo4j-driver (no registry?): " << o.err;
            }
        }
        // ESM resolves imports next to the script: it runs from the npm directory.
        fs::copy_file(CASPIAN_SOURCE_DIR "/tests/server/bolt_conformance.mjs",
                      npm_dir / "bolt_conformance.mjs", fs::copy_options::overwrite_existing);
        const Outcome load =
            run_binary(CASPIAN_BINARY,
                       {"run", db, CASPIAN_SOURCE_DIR "/examples/azerbaijan-visit.cq"}, dir.path());
        ASSERT_EQ(load.code, 0) << load.err;
    }

    Outcome node(const std::string& mode, const Server& server) {
        RunOptions options;
        options.timeout_seconds = 120;
        return run_binary("node",
                          {(npm_dir / "bolt_conformance.mjs").string(), mode,
                           std::to_string(server.port), std::to_string(server.pid)},
                          dir.path(), options);
    }
    std::string query(const std::string& text) {
        return run_binary(CASPIAN_BINARY, {"query", db, text, "--format", "csv"}, dir.path()).out;
    }
};

TEST_F(BoltDriver, ConformanceSuitePasses) {
    Server server(db, dir.path(), {"--write-wait", "1"});
    ASSERT_GT(server.port, 0) << caspian::testing::slurp(server.err_file);
    const Outcome o = node("all", server);
    EXPECT_EQ(o.code, 0) << o.out << o.err << caspian::testing::slurp(server.err_file);
    EXPECT_NE(o.out.find("ok 50 concurrent sessions"), std::string::npos) << o.out;
    // A clean shutdown: SIGTERM ends it with status 0 and says so.
    EXPECT_EQ(server.stop(), 0);
    EXPECT_NE(caspian::testing::slurp(server.err_file).find("stopped"), std::string::npos);
}

TEST_F(BoltDriver, AServerKilledMidTransactionRestartsWithNothingPartial) {
    {
        Server server(db, dir.path());
        ASSERT_GT(server.port, 0) << caspian::testing::slurp(server.err_file);
        const Outcome o = node("kill", server);
        ASSERT_EQ(o.code, 0) << o.out << o.err;
        EXPECT_EQ(server.stop(), -SIGKILL);
    }
    Server again(db, dir.path());
    ASSERT_GT(again.port, 0) << caspian::testing::slurp(again.err_file);
    EXPECT_EQ(again.stop(), 0);
    EXPECT_EQ(query("MATCH (p:Partial) RETURN count(p) AS n"), "n\r\n0\r\n");
    EXPECT_EQ(run_binary(CASPIAN_BINARY, {"check", db}, dir.path()).code, 0);
}

// Usage errors, before anything is opened or listened on (no node needed).
TEST(ServeCli, UsageErrorsExitTwo) {
    caspian::testing::TempDir dir;
    const std::string db = (dir.path() / "db").string();
    const auto serve = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"serve", db});
        return run_binary(CASPIAN_BINARY, args, dir.path());
    };
    const Outcome open = serve({"--bolt", "0.0.0.0:0"});
    EXPECT_EQ(open.code, 2);
    EXPECT_NE(open.err.find("needs --auth-file"), std::string::npos) << open.err;
    const Outcome address = serve({"--bolt", "127.0.0.1"});
    EXPECT_EQ(address.code, 2);
    EXPECT_NE(address.err.find("invalid address '127.0.0.1': no port"), std::string::npos)
        << address.err;
    const Outcome tls = serve({"--tls-cert", "cert.pem"});
    EXPECT_EQ(tls.code, 2);
    EXPECT_NE(tls.err.find("--tls-cert and --tls-key go together"), std::string::npos) << tls.err;
    const Outcome missing = serve({"--auth-file", "nope"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("cannot read the auth file 'nope'"), std::string::npos)
        << missing.err;
    // HTTP off loopback needs the auth file as Bolt does.
    const Outcome http = serve({"--http", "0.0.0.0:0"});
    EXPECT_EQ(http.code, 2);
    EXPECT_NE(http.err.find("listening on '0.0.0.0'"), std::string::npos) << http.err;
    EXPECT_FALSE(fs::exists(db));  // nothing was created
    const Outcome empty =
        run_binary(CASPIAN_BINARY, {"passwd", db, "bob"}, dir.path(), RunOptions{.input = "\n"});
    EXPECT_EQ(empty.code, 2);
    EXPECT_NE(empty.err.find("the password is empty"), std::string::npos) << empty.err;
}

TEST_F(BoltDriver, PasswdUsersLogInAndOthersAreRefused) {
    const Outcome p = run_binary(CASPIAN_BINARY, {"passwd", db, "alice"}, dir.path(),
                                 RunOptions{.input = "secret\n"});
    ASSERT_EQ(p.code, 0) << p.err;
    const std::string users = caspian::testing::slurp(fs::path(db) / "users");
    EXPECT_EQ(users.rfind("alice:pbkdf2-sha256:", 0), 0u) << users;
    EXPECT_EQ(users.find("secret"), std::string::npos);
    Server server(db, dir.path());  // DB/users is the default auth file
    ASSERT_GT(server.port, 0) << caspian::testing::slurp(server.err_file);
    const Outcome o = node("auth", server);
    EXPECT_EQ(o.code, 0) << o.out << o.err;
}

TEST_F(BoltDriver, TlsCarriesBolt) {
    if (!have("openssl")) GTEST_SKIP() << "no openssl command";
    const std::string cert = (dir.path() / "cert.pem").string();
    const std::string key = (dir.path() / "key.pem").string();
    const Outcome gen = run_binary("openssl",
                                   {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"},
                                   dir.path());
    ASSERT_EQ(gen.code, 0) << gen.err;
    const std::string users = (dir.path() / "users").string();
    ASSERT_EQ(run_binary(CASPIAN_BINARY, {"passwd", db, "alice", "--auth-file", users}, dir.path(),
                         RunOptions{.input = "secret\n"})
                  .code,
              0);
    Server server(db, dir.path(), {"--tls-cert", cert, "--tls-key", key, "--auth-file", users});
    ASSERT_GT(server.port, 0) << caspian::testing::slurp(server.err_file);
    const Outcome o = node("tls", server);
    EXPECT_EQ(o.code, 0) << o.out << o.err << caspian::testing::slurp(server.err_file);
}

}  // namespace
