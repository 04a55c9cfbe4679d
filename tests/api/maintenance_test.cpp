// Tests of include/caspian/maintenance.hpp (query/api/maintenance.cpp): stats' counts and
// per-table figures, check on a sound and on a damaged database, and backup's copy and its
// refusals, without spawning the binary.
#include <caspian/database.hpp>
#include <caspian/maintenance.hpp>

#include "storage/env.hpp"
#include "support/error_kind.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::kind_of;
using caspian::testing::TempDir;

class Maintenance : public ::testing::Test {
protected:
    TempDir dir_;
    fs::path path_ = dir_.sub("db");

    // Two countries and a visit: nodes 1 and 2, edge 1 from node 1.
    void load(Database& db) {
        db.update([](WriteTransaction& txn) {
            const NodeId by = txn.create_node({"Country"}, {{"key", "BY"}, {"name", "Belarus"}});
            const NodeId az = txn.create_node({"Country"}, {{"key", "AZ"}});
            txn.create_edge(by, "VISITED", az, {{"days", 2}});
        });
    }
};

TEST_F(Maintenance, StatsCountsAndListsEveryTable) {
    Database db = Database::open(path_);
    load(db);
    const StoreStats s = stats(db);
    EXPECT_EQ(s.counts.nodes, 2U);
    EXPECT_EQ(s.counts.edges, 1U);
    EXPECT_GT(s.page_size, 0U);
    EXPECT_GT(s.used_bytes, 0U);
    EXPECT_GE(s.map_size, s.used_bytes);
    EXPECT_EQ(s.file_bytes, fs::file_size(path_ / "data.mdb"));
    EXPECT_DOUBLE_EQ(s.bytes_per_edge, double(s.used_bytes));
    std::vector<std::string> names;
    for (const TableStats& t : s.tables) {
        names.push_back(t.name);
        EXPECT_EQ(t.bytes, (t.branch_pages + t.leaf_pages + t.overflow_pages) * s.page_size)
            << t.name;
    }
    EXPECT_EQ(names, (std::vector<std::string>{
                         "meta", "names", "ids", "nodes", "edges", "out_edges", "in_edges",
                         "out_adj", "in_adj", "label_index", "key_index", "prop_index",
                         "index_list", "stats", "fulltext", "name_index", "vector"}));
    auto entries = [&](const std::string& name) {
        for (const TableStats& t : s.tables) {
            if (t.name == name) return t.entries;
        }
        return std::uint64_t{999};
    };
    EXPECT_EQ(entries("nodes"), 2U);
    EXPECT_EQ(entries("edges"), 1U);
    EXPECT_EQ(entries("out_edges"), 0U);
    EXPECT_EQ(entries("out_adj"), 1U);  // one chunk
    EXPECT_EQ(entries("key_index"), 2U);
    EXPECT_EQ(entries("label_index"), 2U);  // one label, two duplicates
}

TEST_F(Maintenance, CheckPassesASoundDatabase) {
    Database db = Database::open(path_);
    load(db);
    const CheckReport r = check(db);
    EXPECT_TRUE(r.is_sound()) << (r.problems.empty() ? "" : r.problems.front());
    EXPECT_EQ(r.nodes, 2U);
    EXPECT_EQ(r.edges, 1U);
}

TEST_F(Maintenance, CheckReportsAMissingAdjacencyAndKeyEntry) {
    {
        Database db = Database::open(path_);
        load(db);
    }
    {
        // Damage behind the engine's back: the out-entry of edge 1 and the key 'AZ'.
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        std::string chunk;  // the one out-chunk, of node 1
        {
            storage::Cursor c(txn, env->tables().out_adj);
            MDB_val k, v;
            ASSERT_TRUE(c.move(MDB_FIRST, &k, &v));
            chunk = std::string(storage::as_view(k));
        }
        ASSERT_TRUE(txn.del(env->tables().out_adj, chunk));
        ASSERT_TRUE(txn.del(env->tables().key_index, "AZ"));
        txn.commit();
    }
    Database db = Database::open(path_);
    const CheckReport r = check(db);
    EXPECT_EQ(r.problems, (std::vector<std::string>{
                              "node 2: key 'AZ' is missing from the key index",
                              "edge 1 (1)->(2): no out-entry at its source",
                          }));
}

TEST_F(Maintenance, BackupIsACompactedWorkingCopy) {
    Database db = Database::open(path_);
    load(db);
    const fs::path dest = dir_.sub("copy");
    backup(db, dest);
    OpenOptions existing;
    existing.create = false;
    Database copy = Database::open(dest, existing);
    EXPECT_EQ(copy.begin_read().counts().nodes, 2U);
    EXPECT_EQ(copy.begin_read().find_node("AZ"), NodeId{2});
    EXPECT_TRUE(check(copy).is_sound());
}

TEST_F(Maintenance, BackupRefusesADestinationThatIsNotEmpty) {
    Database db = Database::open(path_);
    const fs::path dest = dir_.sub("full");
    fs::create_directories(dest);
    std::ofstream(dest / "x") << "x";
    EXPECT_EQ(kind_of([&] { backup(db, dest); }), ErrorKind::Usage);
    std::ofstream(dir_.path() / "file") << "x";
    EXPECT_EQ(kind_of([&] { backup(db, dir_.path() / "file"); }), ErrorKind::Usage);
}

}  // namespace
}  // namespace caspian
