// Several processes on one database (issue #9): a writer beside reader processes and reader
// threads, each read checking the batch invariant; two writer processes at once; a writer that
// waits for another process's write lock; reader slots left by killed processes.
#include "reliability/batch_model.hpp"
#include "reliability/process.hpp"
#include "support/temp_dir.hpp"

#include "storage/env.hpp"

#include <gtest/gtest.h>

#include <lmdb.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

namespace {

using namespace caspian;
using namespace caspian::reliability;
using caspian::testing::Child;
using caspian::testing::ChildOptions;
using caspian::testing::TempDir;
namespace ct = caspian::testing;
using namespace std::chrono_literals;

constexpr int n = default_nodes_per_batch;

std::set<std::int64_t> acknowledged(const Child& child) {
    std::set<std::int64_t> acks;
    for (const auto& line : child.lines()) {
        if (line.starts_with("committed ")) acks.insert(std::stoll(line.substr(10)));
    }
    return acks;
}

// Runs the writer program to completion; fails the test unless it exits 0.
void run_writer(const std::vector<std::string>& args, const TempDir& dir) {
    std::vector<std::string> argv{CASPIAN_WRITER};
    argv.insert(argv.end(), args.begin(), args.end());
    Child child(argv, ChildOptions{.stderr_file = dir.sub("setup.txt")});
    const int status = child.wait();
    ASSERT_TRUE(ct::exited_with(status, 0)) << ct::describe(status) << ": " << child.stderr_text();
}

// The process ids holding reader slots of the database, from LMDB's reader table.
std::set<long> reader_pids(const storage::Env& env) {
    std::set<long> pids;
    mdb_reader_list(
        env.get(),
        [](const char* line, void* ctx) {
            long pid = 0;
            if (std::sscanf(line, "%ld", &pid) == 1) static_cast<std::set<long>*>(ctx)->insert(pid);
            return 0;
        },
        &pids);
    return pids;
}

TEST(Concurrency, ReadersSeeWholeBatchesWhileAWriterRuns) {
    const int seconds = ct::scaled("CASPIAN_CONCURRENCY_SECONDS", 3, 3);
    const int reader_processes = 3, reader_threads = 2;
    TempDir dir;
    const auto db = dir.sub("db").string();
    run_writer({"batches", db, "--count", "5"}, dir);

    Child writer({CASPIAN_WRITER, "batches", db, "--seconds", std::to_string(seconds)},
                 ChildOptions{.stderr_file = dir.sub("writer.txt")});
    std::vector<std::unique_ptr<Child>> readers;
    for (int i = 0; i < reader_processes; ++i) {
        readers.push_back(std::make_unique<Child>(
            std::vector<std::string>{CASPIAN_WRITER, "read", db},
            ChildOptions{.stderr_file = dir.sub("reader" + std::to_string(i) + ".txt"),
                         .pipe_stdin = true}));
    }
    // Reader threads in this process share one Database, as an embedding program would.
    Database database = Database::open(db, OpenOptions{.read_only = true});
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> thread_reads{0}, thread_violations{0};
    std::mutex first_mutex;
    std::string first_violation;
    std::vector<std::thread> threads;
    for (int t = 0; t < reader_threads; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937_64 rng(t);
            while (!stop) {
                ReadTransaction txn = database.begin_read();
                if (auto problem = snapshot_problem(txn, n, rng)) {
                    std::lock_guard lock(first_mutex);
                    if (first_violation.empty()) first_violation = *problem;
                    ++thread_violations;
                }
                ++thread_reads;
            }
        });
    }
    const int writer_status = writer.wait();
    stop = true;
    for (auto& t : threads)
        t.join();
    std::uint64_t process_reads = 0, process_violations = 0, counters_seen = 0;
    for (auto& r : readers) {
        r->close_stdin();
        const int status = r->wait();
        unsigned long reads = 0, violations = 0, counters = 0;
        const std::string line = r->wait_for_line("reads ", 1s);
        ASSERT_EQ(std::sscanf(line.c_str(), "reads %lu violations %lu counters %lu", &reads,
                              &violations, &counters),
                  3)
            << "reader said '" << line << "', " << ct::describe(status) << ": " << r->stderr_text();
        EXPECT_GT(reads, 0u);
        EXPECT_EQ(violations, 0u) << r->stderr_text();
        process_reads += reads;
        process_violations += violations;
        counters_seen = std::max<std::uint64_t>(counters_seen, counters);
    }
    const auto written = acknowledged(writer).size();
    const Inventory inv = take_inventory(database.begin_read(), n);
    std::cout << "concurrency: 1 writer process (" << written << " batches in " << seconds
              << " s), " << reader_processes << " reader processes (" << process_reads << " reads, "
              << process_violations << " violations, up to " << counters_seen
              << " different snapshots each), " << reader_threads << " reader threads ("
              << thread_reads << " reads, " << thread_violations << " violations); final "
              << inv.counter << " batches, " << inv.problems.size() << " problems" << std::endl;
    EXPECT_TRUE(ct::exited_with(writer_status, 0)) << writer.stderr_text();
    EXPECT_EQ(thread_violations, 0u) << first_violation;
    EXPECT_GT(thread_reads, 0u);
    EXPECT_GT(written, 0u);
    // Readers ran while batches were being committed, not before or after all of them.
    EXPECT_GT(counters_seen, 1u);
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_EQ(inv.counter, static_cast<std::int64_t>(5 + written));
}

TEST(Concurrency, TwoWriterProcessesSerialise) {
    const int count = ct::scaled("CASPIAN_TWO_WRITERS_BATCHES", 40, 20);
    TempDir dir;
    const auto db = dir.sub("db").string();
    run_writer({"batches", db, "--count", "1", "--tag", "setup"}, dir);
    Child a({CASPIAN_WRITER, "batches", db, "--count", std::to_string(count), "--tag", "A"},
            ChildOptions{.stderr_file = dir.sub("a.txt")});
    Child b({CASPIAN_WRITER, "batches", db, "--count", std::to_string(count), "--tag", "B"},
            ChildOptions{.stderr_file = dir.sub("b.txt")});
    const int status_a = a.wait(), status_b = b.wait();
    ASSERT_TRUE(ct::exited_with(status_a, 0)) << ct::describe(status_a) << a.stderr_text();
    ASSERT_TRUE(ct::exited_with(status_b, 0)) << ct::describe(status_b) << b.stderr_text();

    const auto acks_a = acknowledged(a), acks_b = acknowledged(b);
    Database database = Database::open(db, OpenOptions{.read_only = true});
    const Inventory inv = take_inventory(database.begin_read(), n);
    int wrong_owner = 0, switches = 0;
    std::string last;
    for (const auto& [batch, writer] : inv.writer) {
        const bool by_a = acks_a.contains(batch), by_b = acks_b.contains(batch);
        if ((writer == "A" && !by_a) || (writer == "B" && !by_b) || (by_a && by_b)) ++wrong_owner;
        if (writer != "setup" && !last.empty() && writer != last) ++switches;
        if (writer != "setup") last = writer;
    }
    std::cout << "two writers: A " << acks_a.size() << " batches, B " << acks_b.size()
              << " batches, 0 failed, " << wrong_owner << " batches attributed wrongly, "
              << switches << " switches between the writers, final counter " << inv.counter
              << std::endl;
    EXPECT_EQ(acks_a.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(acks_b.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(wrong_owner, 0);
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_EQ(inv.counter, 1 + 2 * count);
    EXPECT_EQ(inv.complete.size(), static_cast<std::size_t>(1 + 2 * count));
}

TEST(Concurrency, SecondWriterWaitsForAnotherProcesssWriteLock) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    run_writer({"batches", db, "--count", "1"}, dir);
    Child holder({CASPIAN_WRITER, "hold-write", db, "--tag", "holder"},
                 ChildOptions{.stderr_file = dir.sub("holder.txt"), .pipe_stdin = true});
    ASSERT_EQ(holder.wait_for_line("holding", 30s), "holding") << holder.stderr_text();

    const auto start = Child::clock::now();
    Child second({CASPIAN_WRITER, "batches", db, "--count", "1", "--tag", "second"},
                 ChildOptions{.stderr_file = dir.sub("second.txt")});
    // Readers are not blocked by the held write lock.
    Child reader({CASPIAN_BINARY, "query", "--read-only", db, "MATCH (c:Counter) RETURN c.batches",
                  "--format", "csv"},
                 ChildOptions{.stderr_file = dir.sub("reader.txt")});
    const int reader_status = reader.wait();
    EXPECT_TRUE(ct::exited_with(reader_status, 0)) << reader.stderr_text();
    ASSERT_GE(reader.lines().size(), 2u);
    EXPECT_EQ(reader.lines()[1], "1");
    // However long it is given, the second writer must not commit while the lock is held.
    second.pump_for(500ms);
    EXPECT_TRUE(second.lines().empty()) << "committed while another process held the lock";
    EXPECT_FALSE(second.has_exited()) << "gave up instead of waiting: " << second.stderr_text();

    holder.send_line("go");
    EXPECT_EQ(holder.wait_for_line("committed", 30s), "committed 2") << holder.stderr_text();
    const int second_status = second.wait();
    const auto waited =
        std::chrono::duration_cast<std::chrono::milliseconds>(Child::clock::now() - start);
    EXPECT_TRUE(ct::exited_with(second_status, 0)) << second.stderr_text();
    EXPECT_EQ(acknowledged(second), std::set<std::int64_t>{3});
    Database database = Database::open(db, OpenOptions{.read_only = true});
    const Inventory inv = take_inventory(database.begin_read(), n);
    std::cout << "lock: a second writer process waited " << waited.count()
              << " ms while another process held the write lock (a reader was not blocked), "
              << "then committed; final counter " << inv.counter << std::endl;
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_EQ(inv.counter, 3);
}

TEST(Concurrency, WriterKilledHoldingTheLockDoesNotBlockTheNext) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    run_writer({"batches", db, "--count", "1"}, dir);
    // This process keeps the database open, so the next writer finds the dead writer's lock in
    // the lock file as it was (a robust mutex) instead of a freshly reset one.
    Database database = Database::open(db);
    Child holder({CASPIAN_WRITER, "hold-write", db, "--tag", "holder"},
                 ChildOptions{.stderr_file = dir.sub("holder.txt"), .pipe_stdin = true});
    ASSERT_EQ(holder.wait_for_line("holding", 30s), "holding") << holder.stderr_text();
    holder.signal(SIGKILL);
    holder.wait();
    const auto start = Child::clock::now();
    Child next({CASPIAN_WRITER, "batches", db, "--count", "1", "--tag", "next"},
               ChildOptions{.stderr_file = dir.sub("next.txt")});
    const std::string line = next.wait_for_line("committed", 60s);
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(Child::clock::now() - start);
    std::cout << "dead lock holder: the next writer " << (line.empty() ? "DID NOT COMMIT" : line)
              << " " << took.count() << " ms after the holder was killed" << std::endl;
    EXPECT_EQ(line, "committed 2") << next.stderr_text();
    const Inventory inv = take_inventory(database.begin_read(), n);
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_EQ(inv.counter, 2);
    EXPECT_EQ(inv.writer.at(2), "next");
}

TEST(Concurrency, OpeningTheDatabaseClearsReaderSlotsOfKilledProcesses) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    run_writer({"batches", db, "--count", "2"}, dir);
    // This process keeps the database open, so LMDB does not reset the reader table when the
    // next process opens it: only an explicit check can free the slot.
    Database database = Database::open(db);
    auto env = storage::Env::open(db, {});
    Child stale({CASPIAN_WRITER, "hold-read", db},
                ChildOptions{.stderr_file = dir.sub("stale.txt"), .pipe_stdin = true});
    ASSERT_EQ(stale.wait_for_line("reading", 30s), "reading 2") << stale.stderr_text();
    stale.signal(SIGKILL);
    stale.wait();
    ASSERT_TRUE(reader_pids(*env).contains(stale.pid())) << "the killed reader left no slot";

    Child opener({CASPIAN_BINARY, "query", "--read-only", db, "RETURN 1"},
                 ChildOptions{.stderr_file = dir.sub("opener.txt")});
    const int status = opener.wait();
    EXPECT_TRUE(ct::exited_with(status, 0)) << opener.stderr_text();
    const bool cleared = !reader_pids(*env).contains(stale.pid());
    std::cout << "stale reader at open: slot of killed process " << stale.pid() << " "
              << (cleared ? "cleared" : "STILL THERE") << " after another process opened the "
              << "database" << std::endl;
    EXPECT_TRUE(cleared);
}

TEST(Concurrency, KilledReaderDoesNotPinPagesOfARunningWriter) {
    const int rewrites = ct::scaled("CASPIAN_STALE_REWRITES", 300, 150);
    struct Outcome {
        std::uint64_t used = 0;
        bool slot_before = false, slot_after = false;
    };
    // scenario: 0 no reader, 1 a live reader holding a snapshot, 2 that reader killed.
    auto run = [&](int scenario) {
        Outcome out;
        TempDir dir;
        const auto db = dir.sub("db").string();
        run_writer({"batches", db, "--count", "4", "--pad", "512"}, dir);
        Database database = Database::open(db);  // keeps the reader table from being reset
        auto env = storage::Env::open(db, {});
        // The writer opens first, so only its write transactions can clear the slot.
        Child churn({CASPIAN_WRITER, "churn", db, "--count", std::to_string(rewrites), "--wait"},
                    ChildOptions{.stderr_file = dir.sub("churn.txt"), .pipe_stdin = true});
        EXPECT_EQ(churn.wait_for_line("ready", 30s), "ready") << churn.stderr_text();
        std::unique_ptr<Child> reader;
        if (scenario > 0) {
            reader = std::make_unique<Child>(
                std::vector<std::string>{CASPIAN_WRITER, "hold-read", db},
                ChildOptions{.stderr_file = dir.sub("reader.txt"), .pipe_stdin = true});
            EXPECT_EQ(reader->wait_for_line("reading", 30s), "reading 4");
            if (scenario == 2) {
                reader->signal(SIGKILL);
                reader->wait();
            }
            out.slot_before = reader_pids(*env).contains(reader->pid());
        }
        churn.send_line("go");
        const std::string used = churn.wait_for_line("used ", 120s);
        const int status = churn.wait();
        EXPECT_TRUE(ct::exited_with(status, 0)) << churn.stderr_text();
        if (!used.empty()) out.used = std::stoull(used.substr(5));
        if (reader) out.slot_after = reader_pids(*env).contains(reader->pid());
        return out;
    };
    const Outcome none = run(0), live = run(1), killed = run(2);
    std::cout << "stale reader: pages in use after " << rewrites << " rewrites: no reader "
              << none.used / 1024 << " KiB, live reader " << live.used / 1024
              << " KiB, killed reader " << killed.used / 1024 << " KiB; killed reader's slot "
              << (killed.slot_before ? "present" : "absent") << " before, "
              << (killed.slot_after ? "STILL PRESENT" : "cleared") << " after the writes"
              << std::endl;
    EXPECT_TRUE(live.slot_before && live.slot_after);
    EXPECT_TRUE(killed.slot_before) << "the killed reader left no slot: nothing was tested";
    EXPECT_FALSE(killed.slot_after);
    // A live snapshot makes the file grow (so the measure can tell); a dead one must not.
    EXPECT_GT(live.used, 2 * none.used);
    EXPECT_LE(killed.used, none.used + none.used / 4 + 65536);
}

}  // namespace
