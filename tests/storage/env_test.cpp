// Tests of storage/env.cpp: opening and refusing directories, format version, transactions'
// commit/rollback/snapshot rules, and map growth. Links only caspian_storage.
#include "storage/env.hpp"
#include "storage/bytes.hpp"
#include "support/error_kind.hpp"
#include "support/format_version.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace caspian::storage {
namespace {

using caspian::testing::kind_of;
using caspian::testing::message_of;
using caspian::testing::TempDir;

std::optional<std::string> read(Env& env, std::string_view key) {
    ReadTxn txn(env);
    auto v = txn.get(env.tables().key_index, key);
    return v ? std::optional<std::string>(*v) : std::nullopt;
}

void write(Env& env, std::string_view key, std::string_view value) {
    WriteTxn txn(env);
    txn.put(env.tables().key_index, key, value);
    txn.commit();
}

// A directory holding an LMDB environment written by another program: raw mdb_* calls.
void write_foreign_env(const std::filesystem::path& dir, const char* table) {
    std::filesystem::create_directories(dir);
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_set_maxdbs(env, 4), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), MDB_SUCCESS);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), MDB_SUCCESS);
    MDB_dbi dbi;
    ASSERT_EQ(mdb_dbi_open(txn, table, MDB_CREATE, &dbi), MDB_SUCCESS);
    MDB_val k = as_val("hello"), v = as_val("world");
    ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
    mdb_env_close(env);
}

TEST(Env, CreatesDirectoryOnFirstOpen) {
    TempDir dir;
    auto env = Env::open(dir.sub("a/b/db"), {});
    EXPECT_TRUE(std::filesystem::exists(dir.sub("a/b/db") / "data.mdb"));
    EXPECT_FALSE(env->is_read_only());
}

TEST(Env, OpensAnEmptyExistingDirectory) {
    TempDir dir;
    EXPECT_NO_THROW(Env::open(dir.path(), {}));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "data.mdb"));
}

TEST(Env, SecondOpenInProcessSharesTheEnvironment) {
    TempDir dir;
    auto a = Env::open(dir.sub("db"), {});
    auto b = Env::open(dir.sub("db"), {});
    EXPECT_EQ(a.get(), b.get());
}

TEST(Env, RefusesWritableOpenWhileOpenReadOnly) {
    TempDir dir;
    Env::open(dir.sub("db"), {});
    auto ro = Env::open(dir.sub("db"), {.read_only = true});
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("db"), {}); }), ErrorKind::Usage);
}

TEST(Env, RejectsDirectoryHoldingOtherFiles) {
    TempDir dir;
    std::ofstream(dir.path() / "notes.txt") << "not a database\n";
    const std::string message = message_of([&] { Env::open(dir.path(), {}); });
    EXPECT_EQ(kind_of([&] { Env::open(dir.path(), {}); }), ErrorKind::Usage);
    EXPECT_NE(message.find("not a caspian database"), std::string::npos) << message;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data.mdb"));
}

TEST(Env, RejectsPlainFile) {
    TempDir dir;
    std::ofstream(dir.sub("file")) << "x";
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("file"), {}); }), ErrorKind::Usage);
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("file"), {.read_only = true}); }), ErrorKind::Usage);
}

TEST(Env, RejectsForeignLmdbEnvironmentWithoutMetaTable) {
    TempDir dir;
    write_foreign_env(dir.sub("db"), "things");
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("db"), {}); }), ErrorKind::Usage);
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("db"), {.read_only = true}); }), ErrorKind::Usage);
}

TEST(Env, RejectsForeignLmdbEnvironmentWithoutFormatMarker) {
    TempDir dir;
    write_foreign_env(dir.sub("db"), "meta");
    const std::string message = message_of([&] { Env::open(dir.sub("db"), {}); });
    EXPECT_NE(message.find("not a caspian database"), std::string::npos) << message;
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("db"), {}); }), ErrorKind::Usage);
}

TEST(Env, RejectsNewerFormatVersion) {
    TempDir dir;
    {
        auto env = Env::open(dir.sub("db"), {});
        WriteTxn txn(*env);
        caspian::testing::set_stored_format_version(txn, format_version + 1);
        txn.commit();
    }
    const std::string message = message_of([&] { Env::open(dir.sub("db"), {}); });
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("db"), {.read_only = true}); }), ErrorKind::Usage);
}

TEST(Env, ReadOnlyOpenOfMissingDirectoryIsUsage) {
    TempDir dir;
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("missing"), {.read_only = true}); }),
              ErrorKind::Usage);
    EXPECT_FALSE(std::filesystem::exists(dir.sub("missing")));
}

TEST(Env, OpenWithoutCreateOfMissingDirectoryIsUsage) {
    TempDir dir;
    EXPECT_EQ(kind_of([&] { Env::open(dir.sub("missing"), {.create = false}); }), ErrorKind::Usage);
    EXPECT_FALSE(std::filesystem::exists(dir.sub("missing")));
}

TEST(Env, ReadOnlyEnvironmentRefusesWriteTxn) {
    TempDir dir;
    { write(*Env::open(dir.sub("db"), {}), "k", "v"); }
    auto env = Env::open(dir.sub("db"), {.read_only = true});
    EXPECT_TRUE(env->is_read_only());
    EXPECT_THROW(WriteTxn txn(*env), Error);
    EXPECT_EQ(read(*env, "k"), "v");
}

TEST(WriteTxn, CommittedDataSurvivesReopen) {
    TempDir dir;
    { write(*Env::open(dir.sub("db"), {}), "Belarus", "Minsk"); }
    auto env = Env::open(dir.sub("db"), {});
    EXPECT_EQ(read(*env, "Belarus"), "Minsk");
}

TEST(WriteTxn, RollsBackWithoutCommit) {
    TempDir dir;
    {
        auto env = Env::open(dir.sub("db"), {});
        WriteTxn txn(*env);
        txn.put(env->tables().key_index, "Azerbaijan", "Baku");
        EXPECT_EQ(txn.get(env->tables().key_index, "Azerbaijan"), "Baku");
    }
    auto env = Env::open(dir.sub("db"), {});
    EXPECT_EQ(read(*env, "Azerbaijan"), std::nullopt);
}

TEST(WriteTxn, AbortDiscardsAndFreesTheWriterLock) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {});
    WriteTxn txn(*env);
    txn.put(env->tables().key_index, "a", "1");
    txn.abort();
    EXPECT_FALSE(txn.is_open());
    write(*env, "b", "2");  // would deadlock if abort kept the writer lock
    EXPECT_EQ(read(*env, "a"), std::nullopt);
    EXPECT_EQ(read(*env, "b"), "2");
}

TEST(WriteTxn, DelReportsWhetherTheKeyExisted) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {});
    WriteTxn txn(*env);
    txn.put(env->tables().key_index, "a", "1");
    EXPECT_TRUE(txn.del(env->tables().key_index, "a"));
    EXPECT_FALSE(txn.del(env->tables().key_index, "a"));
}

TEST(ReadTxn, KeepsItsSnapshotWhileAWriterCommits) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {});
    write(*env, "k", "old");
    ReadTxn before(*env);
    write(*env, "k", "new");
    write(*env, "added", "x");
    EXPECT_EQ(before.get(env->tables().key_index, "k"), "old");
    EXPECT_EQ(before.get(env->tables().key_index, "added"), std::nullopt);
    ReadTxn after(*env);
    EXPECT_EQ(after.get(env->tables().key_index, "k"), "new");
    EXPECT_EQ(after.get(env->tables().key_index, "added"), "x");
}

TEST(Cursor, CountsDuplicatesOfAKey) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {});
    WriteTxn txn(*env);
    const std::uint64_t node = 7;
    const std::string key(reinterpret_cast<const char*>(&node), sizeof node);
    for (std::uint64_t edge = 1; edge <= 5; ++edge) {
        std::string entry;
        append_be32(entry, 1);
        append_be64(entry, 9);
        append_be64(entry, edge);
        txn.put(env->tables().out_edges, key, entry);
    }
    Cursor c(txn, env->tables().out_edges);
    MDB_val k = as_val(key), v;
    ASSERT_TRUE(c.move(MDB_SET_KEY, &k, &v));
    EXPECT_EQ(c.count_dups(), 5u);
    EXPECT_EQ(v.mv_size, 20u);
}

TEST(Check, MapsLmdbCodesToErrors) {
    EXPECT_NO_THROW(check(MDB_SUCCESS, "x"));
    EXPECT_THROW(check(MDB_MAP_FULL, "mdb_put"), MapFull);
    try {
        check(MDB_CORRUPTED, "mdb_get");
        ADD_FAILURE() << "no throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find("mdb_get"), std::string::npos) << e.what();
    }
}

// ~200 bytes of value per key: fills a small map quickly.
void write_batch(Env& env, int first, int count) {
    WriteTxn txn(env);
    for (int i = first; i < first + count; ++i) {
        txn.put(env.tables().key_index, "key" + std::to_string(i),
                std::string(200, char('a' + i % 26)));
    }
    txn.commit();
}

TEST(Env, GrowsMapAtBeginWriteWhenMoreThanHalfIsUsed) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {.map_size = 256 * 1024});
    const std::uint64_t initial = env->map_size();
    int written = 0;
    bool grew = false;
    while (!grew && written < 10'000) {
        const std::uint64_t used = env->used_bytes(), size = env->map_size();
        {
            WriteTxn txn(*env);
            if (used * 2 > size) {
                EXPECT_GE(env->map_size(), used * 4) << "after " << written << " keys";
                grew = true;
            } else {
                EXPECT_EQ(env->map_size(), size) << "grew early after " << written << " keys";
            }
        }
        write_batch(*env, written, 20);
        written += 20;
    }
    EXPECT_TRUE(grew);
    EXPECT_GT(env->map_size(), initial);
    for (int i = 0; i < written; i += 97) {
        EXPECT_EQ(read(*env, "key" + std::to_string(i)), std::string(200, char('a' + i % 26)));
    }
}

TEST(Env, TooBigATransactionThrowsMapFullAndKeepsCommittedData) {
    TempDir dir;
    auto env = Env::open(dir.sub("db"), {.map_size = 256 * 1024});
    write(*env, "kept", "yes");
    EXPECT_THROW(write_batch(*env, 0, 5000), MapFull);  // ~1 MB into a 256 KiB map
    EXPECT_EQ(read(*env, "kept"), "yes");
    EXPECT_EQ(read(*env, "key0"), std::nullopt);
    env->grow_map(4 << 20);
    EXPECT_GE(env->map_size(), std::uint64_t{4} << 20);
    write_batch(*env, 0, 5000);
    EXPECT_EQ(read(*env, "key4999"), std::string(200, char('a' + 4999 % 26)));
}

TEST(Env, GrownMapDataSurvivesReopenWithASmallerMapOption) {
    TempDir dir;
    {
        auto env = Env::open(dir.sub("db"), {.map_size = 256 * 1024});
        env->grow_map(8 << 20);
        write_batch(*env, 0, 10'000);  // ~2 MB
    }
    auto env = Env::open(dir.sub("db"), {.map_size = 256 * 1024});
    EXPECT_GE(env->map_size(), env->used_bytes());
    EXPECT_EQ(read(*env, "key9999"), std::string(200, char('a' + 9999 % 26)));
    write_batch(*env, 10'000, 100);  // grows at begin: the file is fuller than half the map
    EXPECT_EQ(read(*env, "key10099"), std::string(200, char('a' + 10099 % 26)));
}

}  // namespace
}  // namespace caspian::storage
