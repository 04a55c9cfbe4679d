// Fault injection at the LMDB layer (issue #9): every LMDB call of a representative write, in
// turn, fails with EIO, ENOSPC, MDB_MAP_FULL and MDB_READERS_FULL. Each failure must end the
// write with a clear Error (or, for MDB_MAP_FULL, a retry after growing the map), leave the
// database byte for byte as it was, and leave the process able to run the write again.
#include "reliability/dump.hpp"
#include "storage/fault.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"
#include "support/totals.hpp"

#include <caspian/database.hpp>
#include <caspian/tools.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <functional>
#include <iostream>
#include <limits>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct Totals {
    std::uint64_t injected = 0;
    std::uint64_t changed = 0;
    std::uint64_t stuck = 0;
    std::uint64_t unclear = 0;
    std::uint64_t absorbed = 0;
};

Totals& totals() {
    return testing::totals<Totals>();
}

// The summary line, printed once after every test of this file ran.
void print(std::ostream& out, const Totals& t) {
    out << "faults: " << t.injected << " injected, " << t.changed << " left the database changed, "
        << t.stuck << " processes unable to go on, " << t.unclear << " unclear errors ("
        << t.absorbed << " absorbed: map grown and the write rerun, or an optional call skipped)\n";
}
const auto* const summary = testing::print_totals_after_tests<Totals>(print);

using Write = std::function<void(Database&, const fs::path& scratch)>;

void seed(Database& db) {
    db.query(
          "CREATE (a:P {key: 'p1', n: 1})-[:K {w: 1}]->(b:P {key: 'p2', n: 2}), "
          "(b)-[:K {w: 2}]->(c:Q {key: 'q1', name: 'x'}), (c)-[:L]->(a)")
        .all();
    db.query("CREATE INDEX ON :P(n)").all();
}

struct Case {
    const char* name;
    Write write;
};

const int codes[] = {EIO, ENOSPC, MDB_MAP_FULL, MDB_READERS_FULL};

// Commits without fsync: the commit path is the same, and hundreds of databases are written.
const OpenOptions fast{.sync = SyncMode::None};

// Runs c.write against a fresh copy of the seeded database with a failure at every LMDB call
// index and with every code, checking the three promises of the issue.
void run_case(const Case& c) {
    TempDir dir;
    const fs::path scratch = dir.sub("scratch");
    fs::create_directories(scratch);

    // The template and the expected result of one clean run.
    const fs::path tmpl = dir.sub("template");
    {
        auto db = Database::open(tmpl, fast);
        seed(db);
    }
    std::string after;
    std::uint64_t calls = 0;
    {
        const fs::path clean = dir.sub("clean");
        fs::create_directories(clean);
        fs::copy_file(tmpl / "data.mdb", clean / "data.mdb");
        auto db = Database::open(clean, fast);
        storage::fault::arm(std::numeric_limits<std::uint64_t>::max(), 0);
        c.write(db, scratch);
        calls = storage::fault::disarm();
        after = testing::dump_tables(clean);
    }
    ASSERT_GT(calls, 0u) << c.name;

    std::uint64_t round = 0;
    for (int code : codes) {
        for (std::uint64_t i = 0; i < calls; ++i) {
            const fs::path path = dir.sub("run" + std::to_string(round++));
            fs::create_directories(path);
            fs::copy_file(tmpl / "data.mdb", path / "data.mdb");
            auto db = Database::open(path, fast);
            const std::string before = testing::dump_tables(path);
            bool failed = false;
            std::string message;
            storage::fault::arm(i, code);
            try {
                c.write(db, scratch);
            } catch (const Error& e) {
                failed = true;
                message = e.what();
            } catch (const std::exception& e) {
                failed = true;
                message = std::string("not a caspian::Error: ") + e.what();
                ++totals().unclear;
            }
            storage::fault::disarm();
            const std::string where = std::string(c.name) + ", call " + std::to_string(i) + " (" +
                                      storage::fault::fired_at() + ") failing with " +
                                      mdb_strerror(code);
            if (!storage::fault::fired()) continue;  // this run made fewer calls
            ++totals().injected;
            const std::string now = testing::dump_tables(path);
            if (failed) {
                // A clear message names the LMDB call and its error text.
                const bool clear = message.find(mdb_strerror(code)) != std::string::npos;
                if (!clear) ++totals().unclear;
                EXPECT_TRUE(clear) << where << ": unclear message: " << message;
                if (now != before) ++totals().changed;
                EXPECT_EQ(now, before) << where << ": the failed write changed the database";
            } else {
                // Absorbed: a full map is grown and the write run again; a failed optional call
                // (the import's map-size estimate) is skipped. Either way the write must be whole.
                ++totals().absorbed;
                if (now != after) ++totals().changed;
                EXPECT_EQ(now, after) << where << ": the retried write differs from a clean one";
                continue;
            }
            // The process goes on: the same write now succeeds and gives the clean result.
            try {
                c.write(db, scratch);
                EXPECT_EQ(testing::dump_tables(path), after) << where << ": the rerun differs";
            } catch (const std::exception& e) {
                ++totals().stuck;
                ADD_FAILURE() << where << ": the next write failed: " << e.what();
            }
        }
    }
}

TEST(FaultInjection, CreateNodesAndEdgesLeaveNothingOnFailure) {
    run_case({"CREATE", [](Database& db, const fs::path&) {
                  db.query(
                        "MATCH (a:P {key: 'p1'}) CREATE (a)-[:K {w: 9}]->(:P:R {key: 'p9', "
                        "n: 9, tags: ['a', 'b']})-[:L]->(:Q {name: 'new'})")
                      .all();
              }});
}

TEST(FaultInjection, MergeLeavesNothingOnFailure) {
    run_case({"MERGE", [](Database& db, const fs::path&) {
                  db.query(
                        "MATCH (b:P {key: 'p2'}) MERGE (a:P {key: 'm1'}) ON CREATE SET a.n = 5 "
                        "MERGE (a)-[:K]->(b)")
                      .all();
              }});
}

TEST(FaultInjection, SetLeavesNothingOnFailure) {
    run_case({"SET", [](Database& db, const fs::path&) {
                  db.query("MATCH (a:P) SET a.n = a.n + 10, a:Seen REMOVE a.key").all();
              }});
}

TEST(FaultInjection, DetachDeleteLeavesNothingOnFailure) {
    run_case({"DETACH DELETE", [](Database& db, const fs::path&) {
                  db.query("MATCH (b:P {key: 'p2'}) DETACH DELETE b").all();
              }});
}

TEST(FaultInjection, CreateIndexLeavesNothingOnFailure) {
    run_case({"CREATE INDEX",
              [](Database& db, const fs::path&) { db.query("CREATE INDEX ON :Q(name)").all(); }});
}

TEST(FaultInjection, ApiUpdateLeavesNothingOnFailure) {
    run_case({"Database::update", [](Database& db, const fs::path&) {
                  db.update([](WriteTransaction& txn) {
                      const NodeId a = txn.create_node({"P"}, {{"key", Value("u1")}});
                      const NodeId b = *txn.find_node("p1");
                      txn.create_edge(a, "K", b, {{"w", Value(std::int64_t{3})}});
                      txn.set_property(b, "n", Value(std::int64_t{7}));
                  });
              }});
}

TEST(FaultInjection, ImportLeavesNothingOnFailure) {
    run_case({"import", [](Database& db, const fs::path& scratch) {
                  testing::write(scratch / "nodes.csv",
                                 "key:ID,:LABEL,n:int\nk1,P;R,1\nk2,P,2\nk3,Q,3\n");
                  testing::write(scratch / "edges.jsonl",
                                 "{\"src\": \"k1\", \"dst\": \"k2\", \"type\": \"K\"}\n"
                                 "{\"src\": \"k3\", \"dst\": \"p1\", \"type\": \"L\", "
                                 "\"properties\": {\"w\": 4}}\n");
                  ImportOptions options;
                  options.node_files = {scratch / "nodes.csv"};
                  options.edge_files = {scratch / "edges.jsonl"};
                  import_files(db, options);
              }});
}

}  // namespace
}  // namespace caspian
