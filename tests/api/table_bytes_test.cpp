// stats(db, /*scan_tables=*/true) (issue #20): the bytes of keys and values per table, which
// caspian stats --tables prints, against what the layouts of docs/storage-format.md give.
#include <caspian/database.hpp>
#include <caspian/maintenance.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace caspian {
namespace {

const TableStats& table(const StoreStats& s, const std::string& name) {
    for (const TableStats& t : s.tables) {
        if (t.name == name) return t;
    }
    throw std::runtime_error("no table " + name);
}

TEST(TableBytes, ScanCountsKeysOnceAndEveryDuplicate) {
    caspian::testing::TempDir dir;
    Database db = Database::open(dir.sub("db"));
    // Three nodes; node 1 has four out-edges (duplicates of one key), node 2 one.
    db.update([](WriteTransaction& txn) {
        const NodeId a = txn.create_node({"City"}, {{"key", "AB"}});
        const NodeId b = txn.create_node({"City"}, {{"key", "CDE"}});
        const NodeId c = txn.create_node({"Town"}, {});
        for (int i = 0; i < 4; ++i)
            txn.create_edge(a, "ROAD", i % 2 == 0 ? b : c, {});
        txn.create_edge(b, "ROAD", c, {});
    });
    const StoreStats plain = stats(db);
    EXPECT_EQ(table(plain, "out_adj").value_bytes, 0U);  // no scan, no byte figures
    const StoreStats s = stats(db, /*scan_tables=*/true);
    EXPECT_EQ(table(s, "out_edges").value_bytes, 0U);   // format 6: packed chunks instead
    EXPECT_EQ(table(s, "out_adj").key_bytes, 2 * 22U);  // one chunk per node: node + first entry
    // The counts (4 and 1), then per entry after a chunk's first its type, neighbour and edge
    // deltas, one byte each here.
    EXPECT_EQ(table(s, "out_adj").value_bytes, 1 + 3 * 3U + 1);
    EXPECT_EQ(table(s, "in_adj").key_bytes, 2 * 22U);
    EXPECT_EQ(table(s, "nodes").key_bytes, 3 * 8U);  // no duplicates: every key
    EXPECT_EQ(table(s, "edges").key_bytes, 8U);      // edges 1-5 share a block (format version 5)
    // The block's version and slot bitmap, a one-byte length per record, and the records: an
    // edge record without properties is its version, type, source and target as one-byte
    // varints, and the property count.
    EXPECT_EQ(table(s, "edges").value_bytes, 1 + 4 + 5 * 1U + 5 * 5U);
    EXPECT_EQ(table(s, "key_index").key_bytes, 2U + 3U);
    EXPECT_EQ(table(s, "key_index").value_bytes, 2 * 8U);
    EXPECT_EQ(table(s, "label_index").key_bytes, 2 * 4U);    // City and Town: u32 keys
    EXPECT_EQ(table(s, "label_index").value_bytes, 3 * 8U);  // one node id per labelled node
    for (const TableStats& t : s.tables)
        EXPECT_EQ(t.entries, table(plain, t.name).entries) << t.name;
}

}  // namespace
}  // namespace caspian
