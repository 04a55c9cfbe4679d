// Issue #22, readers never wait: while a shell in another process holds a write transaction,
// read statements, stats, export, backup and check complete and see only committed data; a
// second writer gives up after --busy-timeout, or says it waits and completes after the commit.
#include "reliability/process.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
namespace ct = caspian::testing;
using ct::Child;
using ct::ChildOptions;
using ct::Outcome;
using ct::TempDir;
using namespace std::chrono_literals;

const std::string binary = CASPIAN_BINARY;
constexpr int reads = 1000;

// Runs the binary to its end; a reader that waited for the writer would hang until the
// timeout (exit 124) instead of failing an assertion.
Outcome caspian(const std::vector<std::string>& args, const fs::path& scratch) {
    ct::RunOptions options;
    options.timeout_seconds = 120;
    return ct::run_binary(binary, args, scratch, options);
}

// CSV ends its lines with CRLF (RFC 4180); the tests compare them without the CR.
std::string without_cr(std::string text) {
    std::erase(text, '\r');
    return text;
}

std::size_t count_lines(const std::string& csv, const std::string& line) {
    const std::string text = without_cr(csv);
    std::size_t n = 0, start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
        if (text.compare(start, nl - start, line) == 0) ++n;
    }
    return n;
}

long long ms_since(Child::clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Child::clock::now() - start)
        .count();
}

// What the reading commands printed, and how long each took (reported, never asserted).
struct Reads {
    Outcome run, stats, exported, backup, backup_count, check;
    std::string graphml;
    long long run_ms = 0, stats_ms = 0, export_ms = 0, backup_ms = 0, check_ms = 0;
};

// One `run` of 1,000 read statements, then stats, export, backup and check; round names the
// files and the backup so that the unloaded and the loaded rounds do not meet.
Reads read_everything(const std::string& db, const TempDir& dir, const std::string& round) {
    std::string statements;
    for (int i = 0; i < reads; ++i)
        statements += "MATCH (n) RETURN n.key AS key ORDER BY key;\n";
    const fs::path file = dir.sub(round + "_reads.cq");
    ct::write(file, statements);
    Reads r;
    auto start = Child::clock::now();
    r.run = caspian({"run", db, file.string(), "--format", "csv"}, dir.path());
    r.run_ms = ms_since(start);
    start = Child::clock::now();
    r.stats = caspian({"stats", db}, dir.path());
    r.stats_ms = ms_since(start);
    const fs::path graphml = dir.sub(round + ".graphml");
    start = Child::clock::now();
    r.exported =
        caspian({"export", db, "--format", "graphml", "--out", graphml.string()}, dir.path());
    r.export_ms = ms_since(start);
    r.graphml = ct::slurp(graphml);
    const fs::path copy = dir.sub(round + "_backup");
    start = Child::clock::now();
    r.backup = caspian({"backup", db, copy.string()}, dir.path());
    r.backup_ms = ms_since(start);
    r.backup_count = caspian({"query", "--read-only", copy.string(),
                              "MATCH (n) RETURN count(n) AS n", "--format", "csv"},
                             dir.path());
    start = Child::clock::now();
    r.check = caspian({"check", db}, dir.path());
    r.check_ms = ms_since(start);
    return r;
}

// Only the two committed nodes, never the held one.
void expect_committed_only(const Reads& r) {
    EXPECT_EQ(r.run.code, 0) << r.run.err;
    EXPECT_EQ(count_lines(r.run.out, "c1"), std::size_t{reads});
    EXPECT_EQ(count_lines(r.run.out, "c2"), std::size_t{reads});
    EXPECT_EQ(count_lines(r.run.out, "h"), 0u);
    EXPECT_EQ(r.stats.code, 0) << r.stats.err;
    EXPECT_NE(r.stats.out.find(":Country"), std::string::npos) << r.stats.out;
    EXPECT_EQ(r.stats.out.find(":Hold"), std::string::npos) << r.stats.out;
    EXPECT_EQ(r.exported.code, 0) << r.exported.err;
    EXPECT_NE(r.graphml.find("c2"), std::string::npos) << r.graphml;
    EXPECT_EQ(r.graphml.find("Hold"), std::string::npos) << r.graphml;
    EXPECT_EQ(r.backup.code, 0) << r.backup.err;
    EXPECT_EQ(without_cr(r.backup_count.out), "n\n2\n") << r.backup_count.err;
    EXPECT_EQ(r.check.code, 0) << r.check.err;
    EXPECT_NE(r.check.out.find("ok: 2 nodes"), std::string::npos) << r.check.out;
}

// A shell in its own process that has run BEGIN and a CREATE and keeps the transaction open
// until it is sent COMMIT.
class HeldWriter {
public:
    HeldWriter(const std::string& db, const TempDir& dir)
        : shell_({binary, "shell", db},
                 ChildOptions{.stderr_file = dir.sub("holder.txt"), .pipe_stdin = true}) {
        shell_.send_line("BEGIN;");
        shell_.send_line("CREATE (:Hold {key: 'h'});");
        shell_.send_line("RETURN 'holding' AS state;");
    }
    // True once the shell has run the CREATE inside its transaction.
    bool is_holding() { return !shell_.wait_for_line("| holding", 60s).empty(); }
    void commit() {
        shell_.send_line("COMMIT;");
        shell_.close_stdin();
    }
    Child& child() { return shell_; }

private:
    Child shell_;
};

std::string make_database(const TempDir& dir) {
    const std::string db = dir.sub("db").string();
    const Outcome made =
        caspian({"query", db, "CREATE (:Country {key: 'c1'}), (:Country {key: 'c2'})"}, dir.path());
    EXPECT_EQ(made.code, 0) << made.err;
    return db;
}

TEST(ReadersNeverWait, ReadsStatsExportBackupAndCheckCompleteWhileAnotherProcessWrites) {
    TempDir dir;
    const std::string db = make_database(dir);
    const Reads unloaded = read_everything(db, dir, "unloaded");
    expect_committed_only(unloaded);

    HeldWriter writer(db, dir);
    ASSERT_TRUE(writer.is_holding()) << writer.child().stderr_text();
    const Reads loaded = read_everything(db, dir, "loaded");
    expect_committed_only(loaded);
    // The writer held its transaction all along: a writer with a timeout still finds it busy.
    const Outcome busy =
        caspian({"query", db, "CREATE (:Late {key: 'late'})", "--busy-timeout", "1"}, dir.path());
    EXPECT_EQ(busy.code, 1) << busy.err;
    EXPECT_NE(busy.err.find("the database is busy: another writer (pid " +
                            std::to_string(writer.child().pid()) + ")"),
              std::string::npos)
        << busy.err;
    EXPECT_NE(busy.err.find("nothing was written"), std::string::npos) << busy.err;

    writer.commit();
    EXPECT_TRUE(ct::exited_with(writer.child().wait(), 0)) << writer.child().stderr_text();
    const Outcome after = caspian({"query", "--read-only", db,
                                   "MATCH (n) RETURN n.key AS key ORDER BY key", "--format", "csv"},
                                  dir.path());
    EXPECT_EQ(without_cr(after.out), "key\nc1\nc2\nh\n") << after.err;  // 'late' was not written
    std::cout << "while another process held a write transaction (unloaded in brackets): " << reads
              << " reads in one run " << loaded.run_ms << " ms (" << unloaded.run_ms << "), stats "
              << loaded.stats_ms << " ms (" << unloaded.stats_ms << "), export " << loaded.export_ms
              << " ms (" << unloaded.export_ms << "), backup " << loaded.backup_ms << " ms ("
              << unloaded.backup_ms << "), check " << loaded.check_ms << " ms ("
              << unloaded.check_ms << ")" << std::endl;
}

TEST(ReadersNeverWait, SecondWriterSaysItWaitsAndCompletesAfterTheCommit) {
    TempDir dir;
    const std::string db = make_database(dir);
    HeldWriter writer(db, dir);
    ASSERT_TRUE(writer.is_holding()) << writer.child().stderr_text();

    const fs::path err = dir.sub("second.txt");
    Child second({binary, "query", db, "CREATE (:After {key: 'after'})"},
                 ChildOptions{.stderr_file = err});
    const std::string message =
        "waiting for another writer (pid " + std::to_string(writer.child().pid()) + ")";
    const auto start = Child::clock::now();
    while (second.stderr_text().find(message) == std::string::npos && !second.has_exited() &&
           Child::clock::now() - start < 60s) {
        second.pump_for(20ms);
    }
    const long long said_after = ms_since(start);
    EXPECT_NE(second.stderr_text().find(message), std::string::npos) << second.stderr_text();
    EXPECT_FALSE(second.has_exited()) << "did not wait: " << second.stderr_text();

    writer.commit();
    EXPECT_TRUE(ct::exited_with(second.wait(), 0)) << second.stderr_text();
    EXPECT_TRUE(ct::exited_with(writer.child().wait(), 0)) << writer.child().stderr_text();
    const Outcome after = caspian({"query", "--read-only", db,
                                   "MATCH (n) RETURN n.key AS key ORDER BY key", "--format", "csv"},
                                  dir.path());
    EXPECT_EQ(without_cr(after.out), "key\nafter\nc1\nc2\nh\n") << after.err;
    std::cout << "the second writer said it waits " << said_after
              << " ms after it started, then committed after the first" << std::endl;
}

TEST(ReadersNeverWait, TheApiOpensAndReadsWhileAnotherProcessWritesAndItsWritesTimeOut) {
    TempDir dir;
    const std::string db = make_database(dir);
    HeldWriter writer(db, dir);
    ASSERT_TRUE(writer.is_holding()) << writer.child().stderr_text();

    std::int64_t told = -1;
    OpenOptions options;
    options.busy_timeout = 1200ms;
    options.on_busy = [&told](std::int64_t pid) { told = pid; };
    Database database = Database::open(db, options);
    EXPECT_EQ(database.begin_read().counts().nodes, 2u);
    const auto rows = database.query("MATCH (n:Hold) RETURN count(n)").all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].at(0), Value(std::int64_t{0}));
    try {
        database.query("CREATE (:Late {key: 'late'})");
        ADD_FAILURE() << "a write did not wait for the other process's writer";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Resource) << e.what();
        EXPECT_NE(std::string(e.what()).find("busy timeout of 1.2 s"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(told, writer.child().pid());  // on_busy ran once the wait passed 1 s

    writer.commit();
    EXPECT_TRUE(ct::exited_with(writer.child().wait(), 0)) << writer.child().stderr_text();
    EXPECT_EQ(database.begin_read().counts().nodes, 3u);
    database.query("CREATE (:After {key: 'after'})");  // the lock is free again
    EXPECT_EQ(database.begin_read().counts().nodes, 4u);
}

}  // namespace
}  // namespace caspian
