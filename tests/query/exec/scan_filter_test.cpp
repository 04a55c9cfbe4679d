// The scan-and-filter fast path (issue #8): in a read-only statement AllNodesScan hands each
// record to the property reads (query/exec/scan.cpp, context.cpp), Filter compares `n.p <op> x`
// on it without eval (filter.cpp) and Aggregate without grouping keys skips the group probe
// (aggregate.cpp). In a write transaction none of that runs, so the same text there is the
// plain plan: both must give the same rows, and W8's count and sum a brute-force answer.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

// Read-only (fast path) and inside a write transaction that is rolled back (plain path).
std::pair<std::vector<std::string>, std::vector<std::string>> both(Database& db,
                                                                   const std::string& text) {
    auto fast = sorted_lines(db.query(text));
    WriteTransaction txn = db.begin_write();
    auto plain = sorted_lines(txn.query(text));
    return {fast, plain};
}

// Mixed kinds per property (float, int, string, date, list, missing), random labels,
// self-loops and parallel edges.
void load_random_graph(Database& db, std::uint32_t seed, int nodes, int edges) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return int(rng() % std::uint32_t(n)); };
    db.update([&](WriteTransaction& txn) {
        std::vector<NodeId> ids;
        for (int i = 0; i < nodes; ++i) {
            Properties props;
            switch (pick(6)) {
                case 0:
                    break;  // no score
                case 1:
                    props.emplace_back("score", Value(std::int64_t(pick(3))));
                    break;
                case 2:
                    props.emplace_back("score", Value(std::string(pick(2) ? "0.95" : "high")));
                    break;
                case 3:
                    props.emplace_back("score", Value(List{Value(1.0)}));
                    break;
                default:
                    props.emplace_back("score", Value(double(pick(1000)) / 1000.0));
            }
            if (pick(5) != 0) {
                if (pick(6) == 0) {
                    props.emplace_back("born", Value(std::string("1985-01-01")));
                } else {
                    props.emplace_back(
                        "born", Value(make_date(1950 + pick(60), 1 + pick(12), 1 + pick(28))));
                }
            }
            if (pick(4) != 0) {
                props.emplace_back("followers", pick(5) == 0 ? Value(double(pick(100)) + 0.5)
                                                             : Value(std::int64_t(pick(1000))));
            }
            std::vector<std::string> labels;
            if (pick(2) == 0) labels.push_back("A");
            if (pick(3) == 0) labels.push_back("B");
            ids.push_back(txn.create_node(labels, props));
        }
        for (int i = 0; i < edges; ++i) {
            const NodeId a = ids[std::size_t(pick(nodes))];
            const NodeId b = pick(8) == 0 ? a : ids[std::size_t(pick(nodes))];  // self-loops
            Properties props;
            if (pick(2)) props.emplace_back("w", Value(std::int64_t(pick(5))));
            txn.create_edge(a, pick(2) ? "R" : "S", b, props);
            if (pick(6) == 0) txn.create_edge(a, "R", b);  // a parallel edge
        }
    });
}

const std::vector<std::string> statements = {
    "MATCH (n) WHERE n.score > 0.9 AND n.born >= date('1980-01-01') "
    "RETURN count(*), sum(n.followers)",
    "MATCH (n) WHERE n.score > 0.5 RETURN n.score, n.born, n.followers",
    "MATCH (n) WHERE n.score >= 1 RETURN id(n), n.score",
    "MATCH (n) WHERE n.score < 0.2 RETURN id(n)",
    "MATCH (n) WHERE n.score <= 0 RETURN id(n)",
    "MATCH (n) WHERE n.score = 1 RETURN id(n)",
    "MATCH (n) WHERE n.score <> 1 RETURN id(n)",
    "MATCH (n) WHERE n.score = 'high' RETURN id(n)",
    "MATCH (n) WHERE n.score > '0.5' RETURN id(n)",
    "MATCH (n) WHERE n.score = [1.0] RETURN id(n)",
    "MATCH (n) WHERE n.score = null RETURN id(n)",
    "MATCH (n) WHERE n.missing <> 1 RETURN id(n)",
    "MATCH (n) WHERE n.nothing_stored > 1 RETURN id(n)",
    "MATCH (n) WHERE n.born < date('1970-06-01') AND n.followers > 500 RETURN id(n)",
    "MATCH (n) WHERE n.born >= '1980-01-01' RETURN id(n)",
    "MATCH (n) WHERE 0.9 < n.score RETURN count(*)",
    "MATCH (n) WHERE n.score > n.followers RETURN id(n)",
    "MATCH (n:A) WHERE n.score > 0.3 RETURN count(*), sum(n.followers), avg(n.score)",
    "MATCH (n) WHERE n.score > 0.3 RETURN labels(n) AS l, count(*), sum(n.followers) "
    "ORDER BY l",
    "MATCH (n) WHERE n.followers > 10 RETURN count(*), min(n.followers), max(n.born)",
    "MATCH (n)-[r]->(m) WHERE m.score > 0.5 AND n.followers > 100 RETURN id(n), id(r), id(m)",
    "MATCH (n)-[r]-(m) WHERE n.score > 0.5 RETURN count(*), count(DISTINCT m)",
    "MATCH (n) WHERE n.score > 0.9 WITH n MATCH (n)-->(m) WHERE m.born > date('1990-01-01') "
    "RETURN id(n), id(m)",
    "MATCH (n) OPTIONAL MATCH (n)-[:R]->(m) WHERE m.score > 0.5 RETURN id(n), id(m)",
    "MATCH (n) WITH n, {score: n.score} AS m WHERE m.score > 0.5 RETURN id(n)",
    "MATCH (n) WHERE n.score > 2 RETURN count(*), sum(n.followers)",
    "MATCH (n) RETURN count(*)",
};

class ScanFilterMatchesPlainPlan : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ScanFilterMatchesPlainPlan, SameRowsReadOnlyAndInAWriteTransaction) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_random_graph(db, GetParam(), /*nodes=*/80, /*edges=*/200);
    for (const std::string& text : statements) {
        const auto [fast, plain] = both(db, text);
        EXPECT_EQ(fast, plain) << "seed " << GetParam() << ": " << text;
    }
}

TEST_P(ScanFilterMatchesPlainPlan, W8MatchesABruteForceCount) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_random_graph(db, GetParam(), /*nodes=*/120, /*edges=*/10);
    // Brute force over the properties as stored: numbers > 0.9, dates >= 1980-01-01.
    std::int64_t count = 0, sum = 0;
    bool float_sum = false;
    double fsum = 0;
    Result all = db.query("MATCH (n) RETURN n.score, n.born, n.followers");
    while (all.next()) {
        const Value& s = all.row()[0];
        const Value& b = all.row()[1];
        const Value& f = all.row()[2];
        const bool big = (s.kind() == ValueKind::Float && s.as_float() > 0.9) ||
                         (s.kind() == ValueKind::Int && s.as_int() > 0);
        if (!big || b.kind() != ValueKind::Date || b.as_date() < make_date(1980, 1, 1)) continue;
        ++count;
        if (f.kind() == ValueKind::Int) {
            sum += f.as_int();
            fsum += double(f.as_int());
        } else if (f.kind() == ValueKind::Float) {
            float_sum = true;
            fsum += f.as_float();
        }
    }
    Result r = db.query(statements[0]);
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.row()[0].as_int(), count) << "seed " << GetParam();
    if (float_sum) {
        EXPECT_DOUBLE_EQ(r.row()[1].as_float(), fsum) << "seed " << GetParam();
    } else {
        EXPECT_EQ(r.row()[1].as_int(), sum) << "seed " << GetParam();
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ScanFilterMatchesPlainPlan,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(20, 5)));

TEST(ScanFilter, ExplainShowsTheFilterOnTheScanAndOneGroup) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_random_graph(db, 1, 10, 5);
    auto plan = [&](const std::string& text) {
        std::string out;
        Result r = db.query("EXPLAIN " + text);
        while (r.next())
            out += r.row()[0].as_string() + "\n";
        return out;
    };
    EXPECT_EQ(plan("MATCH (n) WHERE n.score > 0.9 AND n.born >= date('1980-01-01') AND "
                   "n.score <> n.x RETURN count(*), sum(n.followers)"),
              "Produce (count(*), sum(n.followers))  est. 1\n"
              "  Project (count(*), sum(n.followers))  est. 1\n"
              "    Aggregate (aggregates: count(*), sum(n.followers))  est. 1\n"
              "      Filter (n.score > 0.9 AND n.born >= date('1980-01-01') AND n.score <> n.x; "
              "n.score, n.born, n.score on the scanned records)  est. 1\n"
              "        AllNodesScan (n)  est. 10\n");
    // Not over a whole-node scan, or no comparison of a property: a plain Filter.
    EXPECT_NE(
        plan("MATCH (n:A) WHERE n.score > 0.9 RETURN n").find("    Filter (n.score > 0.9)  est. "),
        std::string::npos);
    EXPECT_NE(plan("MATCH (n) WHERE n.score IS NULL RETURN n")
                  .find("    Filter (n.score IS NULL)  est. "),
              std::string::npos);
}

TEST(ScanFilter, TypeErrorsStillPointAtTheCondition) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE ({score: 1})").all();
    try {
        db.query("MATCH (n) WHERE n.score > 0 AND n.score RETURN n").all();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
        ASSERT_TRUE(e.where());
        EXPECT_EQ(e.where()->offset, 32u);
    }
}

}  // namespace
}  // namespace caspian
