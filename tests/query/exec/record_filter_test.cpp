// The record filter of issue #20 (query/exec/record_filter.cpp): a whole-node scan tests a
// Filter's `n.p <op> value` conditions on the stored record and builds rows only for the nodes
// that pass; an Expand does the same with `r.p <op> value` on its edges' records. Differential:
// the same statements, read-only (record filter) and inside a write transaction (plain plan, no
// records kept), give the same rows as a multiset.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::explain_lines;
using caspian::testing::Rng;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

// A property of every kind the comparisons meet: int, float, string, date, datetime, bool,
// list, or missing.
Value random_value(Rng& rng) {
    switch (rng.next() % 8) {
        case 0:
            return Value(std::int64_t(rng.next() % 7) - 3);
        case 1:
            return Value(double(rng.next() % 70) / 10.0 - 3.0);
        case 2:
            return Value(std::string(rng.next() % 2 ? "b" : "ab"));
        case 3:
            return Value(make_date(1975 + int(rng.next() % 10), 1 + unsigned(rng.next() % 12), 1));
        case 4:
            return Value(rng.next() % 2 == 0);
        case 5:
            return Value(List{Value(std::int64_t(rng.next() % 3))});
        case 6:
            return Value(std::int64_t(rng.next() % 3));
        default:
            return Value();  // not stored
    }
}

void load(Database& db, std::uint64_t seed, int nodes) {
    Rng rng{seed};
    db.update([&](WriteTransaction& txn) {
        for (int i = 0; i < nodes; ++i) {
            Properties props;
            for (const char* key : {"p", "q", "r"}) {
                Value v = random_value(rng);
                if (!v.is_null()) props.emplace_back(key, std::move(v));
            }
            txn.create_node(
                rng.next() % 3 == 0 ? std::vector<std::string>{"A"} : std::vector<std::string>{},
                props);
        }
    });
}

const std::vector<std::string> operands = {
    "0",    "1",   "-1.5", "0.0", "2.5", "'ab'", "'b'", "date('1980-06-01')",
    "true", "[1]", "null", "$x",
};
const std::vector<std::string> ops = {"=", "<>", "<", "<=", ">", ">="};

// Rows, or the error's text: a missing parameter fails both plans alike.
std::vector<std::string> rows_or_error(const std::function<Result()>& run) {
    try {
        return sorted_lines(run());
    } catch (const Error& e) {
        return {std::string("error: ") + e.what()};
    }
}

// text read-only (the record filters run) and in a write transaction (the plain plan).
void expect_same_as_plain(Database& db, const std::string& text, const Params& params,
                          std::uint32_t seed) {
    const auto fast = rows_or_error([&] { return db.query(text, params); });
    WriteTransaction txn = db.begin_write();
    const auto plain = rows_or_error([&] { return txn.query(text, params); });
    EXPECT_EQ(fast, plain) << "seed " << seed << ": " << text;
}

class RecordFilterMatchesPlainPlan : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(RecordFilterMatchesPlainPlan, SameRowsOnRandomGraphs) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load(db, GetParam(), 60);
    Rng rng{GetParam() * 7919u + 1};
    const Params params = {{"x", Value(std::int64_t(1))}};
    auto pick = [&](const std::vector<std::string>& from) {
        return from[std::size_t(rng.next() % from.size())];
    };
    for (int i = 0; i < 60; ++i) {
        // One to three conditions on p, q, r, sometimes one that is no record test.
        std::string where = "n.p " + pick(ops) + " " + pick(operands);
        if (rng.next() % 2) where += " AND n.q " + pick(ops) + " " + pick(operands);
        if (rng.next() % 3 == 0) where += " AND n.r " + pick(ops) + " " + pick(operands);
        if (rng.next() % 4 == 0) where += " AND n.p <> n.q";
        expect_same_as_plain(db, "MATCH (n) WHERE " + where + " RETURN id(n), n.p, n.q", params,
                             GetParam());
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RecordFilterMatchesPlainPlan,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(20, 5)));

// Known answers, so that a record filter that drops too much or too little fails here even if
// the plain plan changed with it: int/float compare numerically, other kinds or null never.
TEST(RecordFilter, NumericComparisonsAndNulls) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE ({p: 1}), ({p: 1.0}), ({p: 2.5}), ({p: '1'}), ({p: [1]}), ({q: 1})").all();
    auto count = [&](const std::string& where) {
        Result r = db.query("MATCH (n) WHERE " + where + " RETURN count(*)");
        EXPECT_TRUE(r.next());
        return r.row()[0].as_int();
    };
    EXPECT_EQ(count("n.p = 1"), 2);
    EXPECT_EQ(count("n.p >= 1"), 3);
    EXPECT_EQ(count("n.p <> 1"), 3);  // 2.5, '1' and [1]: the missing one is null
    EXPECT_EQ(count("n.p < 2"), 2);
    EXPECT_EQ(count("n.p = null"), 0);
    EXPECT_EQ(count("n.p > '0'"), 1);
    EXPECT_EQ(count("n.p >= 1 AND n.p < 2.5"), 2);
}

// Edges: a multigraph (parallel edges, self-loops, two types) whose edge properties are of
// every kind above, NaN included, or missing.
Value random_edge_value(Rng& rng) {
    if (rng.next() % 9 == 0) return Value(std::nan(""));
    return random_value(rng);
}

void load_multigraph(Database& db, std::uint64_t seed, int nodes, int edges) {
    Rng rng{seed};
    db.update([&](WriteTransaction& txn) {
        std::vector<NodeId> ids;
        for (int i = 0; i < nodes; ++i) {
            ids.push_back(txn.create_node(
                rng.next() % 2 == 0 ? std::vector<std::string>{"A"} : std::vector<std::string>{},
                {{"k", Value(std::int64_t(i))}}));
        }
        for (int i = 0; i < edges; ++i) {
            Properties props;
            for (const char* key : {"p", "q"}) {
                Value v = random_edge_value(rng);
                if (!v.is_null()) props.emplace_back(key, std::move(v));
            }
            const NodeId src = ids[std::size_t(rng.below(nodes))];
            // One edge in eight a self-loop; the few nodes make parallel edges common.
            const NodeId dst = rng.next() % 8 == 0 ? src : ids[std::size_t(rng.below(nodes))];
            txn.create_edge(src, rng.next() % 3 == 0 ? "U" : "T", dst, props);
        }
    });
}

class EdgeRecordFilterMatchesPlainPlan : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(EdgeRecordFilterMatchesPlainPlan, SameRowsOnRandomMultigraphs) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_multigraph(db, GetParam(), 12, 90);
    Rng rng{GetParam() * 104729u + 3};
    const Params params = {{"x", Value(std::int64_t(1))}, {"nan", Value(std::nan(""))}};
    auto pick = [&](const std::vector<std::string>& from) {
        return from[std::size_t(rng.next() % from.size())];
    };
    std::vector<std::string> edge_operands = operands;
    edge_operands.push_back("$nan");
    edge_operands.push_back("$missing");
    const std::vector<std::string> patterns = {
        "(a)-[e:T]->(b)",          "(a)-[e]-(b)",
        "(a:A)<-[e:T|U]-(b)",      "(a)-[e]->(a)",
        "(a)-[e:T]->(b)-[f]->(c)", "(a)-[f:U]-(b)-[e:T]-(c)",
        "(a:A)-[e]->(b:A)",
    };
    for (int i = 0; i < 60; ++i) {
        // One to three conditions on e's properties, sometimes on f's and b's too.
        std::string where = "e.p " + pick(ops) + " " + pick(edge_operands);
        if (rng.next() % 2) where += " AND e.q " + pick(ops) + " " + pick(edge_operands);
        if (rng.next() % 4 == 0) where += " AND e.p <> e.q";
        const std::string pattern = pick(patterns);
        if (pattern.find("f") != std::string::npos && rng.next() % 2) {
            where += " AND f.q " + pick(ops) + " " + pick(edge_operands);
        }
        if (rng.next() % 4 == 0) where += " AND b.k " + pick(ops) + " " + pick(operands);
        expect_same_as_plain(
            db, "MATCH " + pattern + " WHERE " + where + " RETURN id(a), id(e), id(b), e.p, e.q",
            params, GetParam());
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, EdgeRecordFilterMatchesPlainPlan,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(20, 5)));

// Known answers for edges, and proof that the Expand drops them itself: PROFILE counts the
// rows the Expand yields, which are only the edges whose record passes.
TEST(EdgeRecordFilter, ComparesOnTheRecordAndTheExpandYieldsOnlyPassingEdges) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query(
          "CREATE (a {k: 0}), (b {k: 1}), (a)-[:T {p: 1}]->(b), (a)-[:T {p: 1.0}]->(b), "
          "(a)-[:T {p: 2.5}]->(b), (a)-[:T {p: '1'}]->(b), (a)-[:T {p: [1]}]->(b), "
          "(a)-[:T {q: 1}]->(b), (b)-[:T {p: 1}]->(b)")
        .all();
    auto count = [&](const std::string& where, const Params& params = {}) {
        Result r =
            db.query("MATCH (n {k: 0})-[e:T]->(m) WHERE " + where + " RETURN count(*)", params);
        EXPECT_TRUE(r.next());
        return r.row()[0].as_int();
    };
    EXPECT_EQ(count("e.p = 1"), 2);
    EXPECT_EQ(count("e.p >= 1"), 3);
    EXPECT_EQ(count("e.p <> 1"), 3);  // 2.5, '1' and [1]: the missing one is null
    EXPECT_EQ(count("e.p < $y", {{"y", Value(std::int64_t(2))}}), 2);
    EXPECT_EQ(count("e.p = null"), 0);
    EXPECT_EQ(count("e.p > '0'"), 1);
    EXPECT_EQ(count("e.p >= 1 AND e.p < 2.5"), 2);
    EXPECT_EQ(count("e.q = 1 AND e.p IS NULL"), 1);

    Result profile = db.query("PROFILE MATCH (n {k: 0})-[e:T]->(m) WHERE e.p = 1 RETURN e.p");
    std::string expand_line;
    while (profile.next()) {
        const std::string line = profile.row()[0].as_string();
        if (line.find("Expand") != std::string::npos) expand_line = line;
    }
    EXPECT_NE(expand_line.find("[rows=2,"), std::string::npos) << expand_line;
}

TEST(EdgeRecordFilter, ExplainShowsTheComparisonsOnTheExpandedEdges) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (:P)-[:V {year: 2000}]->(:C)").all();
    const std::string plan =
        explain_lines(db,
                      "MATCH (p:P)-[v:V]->(c) WHERE v.year = $y AND v.w > 1 AND v.year <> p.year "
                      "RETURN count(*)");
    EXPECT_NE(plan.find("Filter (v.year = $y AND v.w > 1 AND v.year <> p.year; v.year, v.w on "
                        "the expanded edges\\' records)"),
              std::string::npos)
        << plan;
    // Only operands fixed for the statement are compared on the records.
    EXPECT_NE(explain_lines(db, "MATCH (p:P)-[v:V]->(c) WHERE v.year = p.year RETURN count(*)")
                  .find("Filter (v.year = p.year)  est."),
              std::string::npos);
}

}  // namespace
}  // namespace caspian
