// CALL { } IN TRANSACTIONS below the scenarios (issue #16): the storage step that commits a
// batch and goes on writing keeps the writer lock, readers see each committed batch, and a batch
// that fills a tiny map runs again alone on a grown one.
#include <caspian/database.hpp>

#include "storage/env.hpp"
#include "storage/writer_lock.hpp"
#include "support/error_kind.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace caspian {
namespace {

using caspian::testing::TempDir;

std::optional<std::string> read_meta(storage::Env& env, const std::string& key) {
    storage::ReadTxn txn(env);
    auto v = txn.get(env.tables().meta, key);
    if (!v) return std::nullopt;
    return std::string(*v);
}

// Whether a writer of another thread gives up within its 200 ms wait.
bool other_thread_writer_is_refused(storage::Env& env) {
    bool refused = false;
    std::thread other([&] {
        storage::WriterWait wait;
        wait.timeout = std::chrono::milliseconds(200);
        try {
            storage::WriteTxn txn(env, wait);
        } catch (const Error& e) {
            refused = e.kind() == ErrorKind::Resource;
        }
    });
    other.join();
    return refused;
}

TEST(InTransactionsStorage, CommitAndContinueKeepsTheWriterLock) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    storage::WriteTxn txn(*env);
    txn.put(env->tables().meta, "batch-1", "a");
    const std::uint64_t first = txn.snapshot_id();
    txn.commit_and_continue();
    ASSERT_TRUE(txn.is_open());
    EXPECT_GT(txn.snapshot_id(), first);  // a new transaction: caches keyed by it see that
    EXPECT_TRUE(other_thread_writer_is_refused(*env));
    txn.put(env->tables().meta, "batch-2", "b");
    txn.commit_and_continue();
    EXPECT_TRUE(other_thread_writer_is_refused(*env));
    txn.commit();
    EXPECT_FALSE(other_thread_writer_is_refused(*env));
}

TEST(InTransactionsStorage, AnotherProcessSeesTheWriterLockHeldBetweenBatches) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    storage::WriteTxn txn(*env);
    txn.put(env->tables().meta, "batch-1", "a");
    txn.commit_and_continue();
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
        // A record lock of the parent shows only to another process.
        int code = 2;
        try {
            storage::WriterFileLock lock(dir.sub("db") / "lock.mdb");
            code = lock.holder() == std::int64_t(getppid()) ? 0 : 1;
        } catch (...) {
        }
        _exit(code);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the writer lock was not held between the batches";
    txn.commit();
}

TEST(InTransactionsStorage, ReadersSeeCommittedBatchesOnly) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    storage::WriteTxn txn(*env);
    txn.put(env->tables().meta, "batch-1", "a");
    txn.commit_and_continue();
    txn.put(env->tables().meta, "batch-2", "b");
    EXPECT_EQ(read_meta(*env, "batch-1"), "a");
    EXPECT_EQ(read_meta(*env, "batch-2"), std::nullopt);
    txn.abort();  // the batch in progress is rolled back, the committed one stays
    EXPECT_EQ(read_meta(*env, "batch-1"), "a");
    EXPECT_EQ(read_meta(*env, "batch-2"), std::nullopt);
}

TEST(InTransactionsStorage, RollbackAndContinueGrowsTheMapAndKeepsTheLock) {
    TempDir dir;
    storage::EnvOptions options;
    options.map_size = 256 * 1024;
    auto env = storage::Env::open(dir.sub("db"), options);
    const std::uint64_t before = env->map_size();
    storage::WriteTxn txn(*env);
    txn.put(env->tables().meta, "committed", "yes");
    txn.commit_and_continue();
    const std::string value(1000, 'x');
    bool full = false;
    for (int i = 0; i < 100000 && !full; ++i) {
        try {
            txn.put(env->tables().meta, "k" + std::to_string(i), value);
        } catch (const storage::MapFull&) {
            full = true;
        }
    }
    ASSERT_TRUE(full) << "the map never filled";
    txn.rollback_and_continue();
    EXPECT_GT(env->map_size(), before);
    EXPECT_TRUE(other_thread_writer_is_refused(*env));
    txn.put(env->tables().meta, "after", "grown");
    txn.commit();
    EXPECT_EQ(read_meta(*env, "committed"), "yes");
    EXPECT_EQ(read_meta(*env, "after"), "grown");
    EXPECT_EQ(read_meta(*env, "k0"), std::nullopt);  // the full batch was rolled back
}

// A batch that fills the map runs again on a grown one, and only that batch: each row's node
// exists once.
TEST(InTransactionsQuery, ABatchThatFillsATinyMapRunsAgainAlone) {
    TempDir dir;
    OpenOptions options;
    options.map_size = 256 * 1024;
    Database db = Database::open(dir.sub("db"), options);
    Result r = db.query(
        "UNWIND range(1, 3000) AS i CALL (i) { CREATE (:Item {i: i, pad: $pad}) } "
        "IN TRANSACTIONS OF 400 ROWS",
        {{"pad", Value(std::string(200, 'p'))}});
    r.all();
    EXPECT_EQ(r.update_counts().nodes_created, 3000);
    Result check =
        db.query("MATCH (n:Item) RETURN count(n), count(DISTINCT n.i), min(n.i), max(n.i)");
    ASSERT_TRUE(check.next());
    EXPECT_EQ(check.row()[0], Value(std::int64_t{3000}));
    EXPECT_EQ(check.row()[1], Value(std::int64_t{3000}));
    EXPECT_EQ(check.row()[2], Value(std::int64_t{1}));
    EXPECT_EQ(check.row()[3], Value(std::int64_t{3000}));
}

TEST(InTransactionsQuery, ParameterSetsTheBatchSize) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    const std::string statement =
        "UNWIND range(1, 5) AS i CALL (i) { CREATE (:Item {v: 10 / (i - 4)}) } "
        "IN TRANSACTIONS OF $n ROWS";
    const std::string message = caspian::testing::message_of([&] {
        db.query(statement, {{"n", Value(std::int64_t{2})}}).all();
    });
    EXPECT_NE(message.find("batch 2 (rows 3\u20134) failed: division by zero"), std::string::npos)
        << message;
    Result count = db.query("MATCH (n:Item) RETURN count(n)");
    ASSERT_TRUE(count.next());
    EXPECT_EQ(count.row()[0], Value(std::int64_t{2}));  // batch 1 stays, batch 2 rolled back
}

TEST(InTransactionsQuery, RefusedInsideUpdate) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    Error error(ErrorKind::Internal, "");
    try {
        db.update([](WriteTransaction& txn) {
            txn.query("UNWIND [1] AS i CALL (i) { CREATE (:Item) } IN TRANSACTIONS").all();
        });
    } catch (const Error& e) {
        error = e;
    }
    EXPECT_EQ(error.kind(), ErrorKind::Semantic) << error.what();
    EXPECT_EQ(error.error_class(), ErrorClass::SemanticError);
    EXPECT_EQ(error.detail(), "ImplicitTransactionRequired");
    Result count = db.query("MATCH (n:Item) RETURN count(n)");
    ASSERT_TRUE(count.next());
    EXPECT_EQ(count.row()[0], Value(std::int64_t{0}));
}

}  // namespace
}  // namespace caspian
