// Crash safety (issue #9): writers are killed with SIGKILL at random moments, many times; the
// database must then pass `caspian check`, hold every acknowledged batch complete, and no batch
// in part. Writers alternate between the helper program (the embedding API) and the CLI
// (`caspian run` of batch statements, `caspian query` in a loop); a reader process checks the
// invariant in every read transaction meanwhile.
#include "reliability/batch_model.hpp"
#include "reliability/process.hpp"
#include "support/temp_dir.hpp"

#include "storage/env.hpp"

#include <caspian/tools.hpp>

#include <gtest/gtest.h>

#include <lmdb.h>

#include <fstream>
#include <iostream>
#include <random>
#include <set>

namespace {

using namespace caspian;
using namespace caspian::reliability;
using caspian::testing::Child;
using caspian::testing::ChildOptions;
using caspian::testing::TempDir;
namespace ct = caspian::testing;
using namespace std::chrono_literals;

constexpr int n = default_nodes_per_batch;

// One batch as a statement, the same shape write_batch() gives; returns its batch number.
std::string batch_statement() {
    std::string s =
        "MERGE (c:Counter {key: 'counter'}) ON CREATE SET c.batches = 0 "
        "SET c.batches = c.batches + 1 WITH c.batches AS b CREATE ";
    for (int i = 0; i < n; ++i) {
        const std::string idx = std::to_string(i);
        s += "(n" + idx + ":Item {key: 'b' + toString(b) + '-" + idx + "', batch: b, idx: " + idx +
             ", writer: 'cli', pad: 'xxxxxxxxxxxxxxxx'}), ";
    }
    for (int i = 0; i < n; ++i) {
        s += "(n" + std::to_string(i) + ")-[:NEXT {batch: b}]->(n" + std::to_string((i + 1) % n) +
             ")" + (i + 1 < n ? ", " : " ");
    }
    return s + "RETURN b";
}

// Acknowledged batch numbers in a writer's output: "committed K" (writer program) or a CSV row
// holding K alone (the CLI prints a write statement's rows only after its commit returned).
std::set<std::int64_t> acknowledged(const std::vector<std::string>& lines) {
    std::set<std::int64_t> acks;
    for (std::string line : lines) {
        if (line.starts_with("committed ")) line = line.substr(10);
        if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
            acks.insert(std::stoll(line));
        }
    }
    return acks;
}

TEST(Crash, InterruptedCreationIsFinishedAtNextOpen) {
    // A creator killed between LMDB's env creation and caspian's first commit leaves an LMDB
    // environment with no tables. Recreate exactly that state, then open it.
    TempDir dir;
    const auto db = dir.sub("db");
    std::filesystem::create_directory(db);
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_open(env, db.c_str(), 0, 0644), MDB_SUCCESS);
    mdb_env_close(env);
    ASSERT_TRUE(std::filesystem::exists(db / "data.mdb"));

    Database opened = Database::open(db);
    opened.update([](WriteTransaction& txn) { write_batch(txn, "test", n, "x"); });
    EXPECT_TRUE(check(opened).is_sound());
    EXPECT_EQ(batch_counter(opened.begin_read()), 1);
}

TEST(Crash, EmptyLmdbEnvironmentIsNotOpenedReadOnly) {
    TempDir dir;
    const auto db = dir.sub("db");
    std::filesystem::create_directory(db);
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_open(env, db.c_str(), 0, 0644), MDB_SUCCESS);
    mdb_env_close(env);
    try {
        (void)Database::open(db, OpenOptions{.read_only = true});
        FAIL() << "a database whose creation never finished opened read-only";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("open it read-write"), std::string::npos) << e.what();
    }
}

TEST(Crash, KilledWritersLoseNoAcknowledgedBatchAndLeaveNoPartialOne) {
    const int kills = ct::scaled("CASPIAN_CRASH_KILLS", 50, 20);
    const int max_delay_ms = ct::scaled("CASPIAN_CRASH_MAX_DELAY_MS", 120, 400);
    const unsigned seed = static_cast<unsigned>(ct::scaled("CASPIAN_CRASH_SEED", 9, 9));
    std::mt19937 rng(seed);
    TempDir dir;
    const auto db = dir.sub("db").string();
    const auto script = dir.sub("batches.cq");
    {
        std::ofstream out(script);
        for (int i = 0; i < 500; ++i)
            out << batch_statement() << ";\n";
    }
    const ChildOptions logged{.stderr_file = dir.sub("stderr.txt")};

    std::set<std::int64_t> acked;
    // acked_beside_reader: rounds that committed while the reader kept the database open, so
    // that a killed writer's lock was recovered from the lock file rather than reset.
    int killed = 0, ended = 0, killed_after_ack = 0, acked_beside_reader = 0;
    int from_first_ack_rounds = 0;
    int by_kind[3] = {0, 0, 0};
    std::vector<std::string> failures;
    std::unique_ptr<Child> reader;
    for (int round = 0; round < kills; ++round) {
        // Every fifth kill comes within 4 ms of the start, during process start-up and open
        // (the very first one during the database's creation).
        const int delay = round % 5 == 0 ? static_cast<int>(rng() % 5)
                                         : 5 + static_cast<int>(rng() % max_delay_ms);
        const int kind = round % 2 == 0 ? 0 : (round % 4 == 1 ? 1 : 2);
        ++by_kind[kind];
        // Half of the other kills of the program and of `caspian run` count the delay from the
        // first acknowledgement rather than from the start, so that they land among commits
        // however slow start-up is on a loaded machine.
        const bool from_first_ack = round % 5 != 0 && kind != 2 && rng() % 2 == 0;
        from_first_ack_rounds += from_first_ack ? 1 : 0;
        auto deadline = Child::clock::now() + std::chrono::milliseconds(delay);
        auto await_first_ack = [&](Child& child) {
            if (!from_first_ack) return;
            child.wait_for_line("", 30s);
            deadline = Child::clock::now() + std::chrono::milliseconds(delay);
        };
        std::size_t acks_before = acked.size();
        auto finish = [&](Child& child, bool kill) {
            if (kill) child.signal(SIGKILL);
            const int status = child.wait();
            for (auto k : acknowledged(child.lines()))
                acked.insert(k);
            if (ct::killed_by(status, SIGKILL)) {
                ++killed;
            } else if (ct::exited_with(status, 0)) {
                ++ended;
            } else {
                failures.push_back("round " + std::to_string(round) + ": writer ended with " +
                                   ct::describe(status) + ": " + child.stderr_text());
            }
            return ct::exited_with(status, 0);
        };
        if (kind == 0) {
            Child child({CASPIAN_WRITER, "batches", db, "--tag", "program", "--map-size", "262144"},
                        logged);
            await_first_ack(child);
            child.pump_until(deadline);
            finish(child, true);
        } else if (kind == 1) {
            Child child({CASPIAN_BINARY, "run", db, script.string(), "--format", "csv",
                         "--map-size", "256K"},
                        logged);
            await_first_ack(child);
            child.pump_until(deadline);
            finish(child, true);
        } else {
            // One process per statement until the deadline, the last one killed.
            for (;;) {
                Child child({CASPIAN_BINARY, "query", db, batch_statement(), "--format", "csv"},
                            logged);
                child.pump_until(deadline);
                if (!child.is_eof() || Child::clock::now() >= deadline) {
                    finish(child, !child.is_eof());
                    break;
                }
                if (!finish(child, false)) break;
            }
        }
        if (acked.size() > acks_before) {
            ++killed_after_ack;
            if (reader) ++acked_beside_reader;
        }
        if (!reader && !acked.empty()) {
            reader = std::make_unique<Child>(
                std::vector<std::string>{CASPIAN_WRITER, "read", db},
                ChildOptions{.stderr_file = dir.sub("reader.txt"), .pipe_stdin = true});
        }
    }
    ASSERT_TRUE(failures.empty()) << failures.front();
    std::string reader_summary = "no reader";
    if (reader) {
        reader->close_stdin();
        const int status = reader->wait();
        const std::string line = reader->wait_for_line("reads ", 1s);
        reader_summary = "reader: " + line;
        EXPECT_TRUE(ct::exited_with(status, 0))
            << ct::describe(status) << ": " << reader->stderr_text();
        EXPECT_NE(line.find(" violations 0 "), std::string::npos) << line;
    }

    Child checker({CASPIAN_BINARY, "check", db}, logged);
    const int check_status = checker.wait();
    EXPECT_TRUE(ct::exited_with(check_status, 0))
        << "caspian check: " << ct::describe(check_status) << "\n"
        << checker.stderr_text();

    Database database = Database::open(db, OpenOptions{.read_only = true});
    const CheckReport report = check(database);
    const Inventory inv = take_inventory(database.begin_read(), n);
    std::set<std::int64_t> lost;
    for (auto k : acked) {
        if (!inv.complete.contains(k)) lost.insert(k);
    }
    const auto unacked = inv.complete.size() - (acked.size() - lost.size());
    std::cout << "crash: " << killed << " kills in " << kills << " rounds (" << by_kind[0]
              << " writer program, " << by_kind[1] << " caspian run, " << by_kind[2]
              << " caspian query loops, which completed " << ended << " queries before the kill; "
              << from_first_ack_rounds << " kills timed from the first acknowledgement; "
              << killed_after_ack << " rounds acknowledged batches, " << acked_beside_reader
              << " of them beside a reader; seed " << seed << "), " << acked.size()
              << " acknowledged batches, " << lost.size() << " committed transactions lost, "
              << inv.partial.size() << " partial, " << unacked
              << " committed but unacknowledged, counter " << inv.counter << " = "
              << inv.complete.size() << " complete batches, check "
              << (report.is_sound() ? "clean" : "FOUND PROBLEMS") << "; " << reader_summary
              << std::endl;
    EXPECT_TRUE(report.is_sound()) << report.problems.front();
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_TRUE(lost.empty()) << "acknowledged batch " << *lost.begin() << " is not complete";
    EXPECT_TRUE(inv.partial.empty());
    EXPECT_EQ(inv.counter, static_cast<std::int64_t>(inv.complete.size()));
    EXPECT_GE(killed, kills / 2) << "most writers ended before they were killed";
    EXPECT_GT(killed_after_ack, 0) << "no writer got to commit before its kill";
    EXPECT_GT(acked_beside_reader, from_first_ack_rounds / 2)
        << "writers stopped committing beside the reader";
}

}  // namespace
