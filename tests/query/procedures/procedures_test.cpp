// Tests of CALL ... YIELD (query/exec/call.cpp) and the procedures of query/procedures/ through
// Database::query: results against hand-computed values, YIELD aliases and WHERE, the errors
// of unknown procedures and fields and of badly typed arguments. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace caspian {
namespace {

using caspian::testing::TempDir;

class Procedures : public ::testing::Test {
protected:
    std::vector<std::vector<Value>> all(const std::string& text) { return db_.query(text).all(); }

    void run(const std::string& text) { db_.query(text).all(); }

    // name -> the number in the second column, for `RETURN n.name, x` queries.
    std::map<std::string, double> by_name(const std::string& text) {
        std::map<std::string, double> out;
        for (const auto& row : all(text)) {
            EXPECT_EQ(row.size(), 2u) << text;
            const Value& x = row.at(1);
            out[row.at(0).as_string()] =
                x.kind() == ValueKind::Int ? static_cast<double>(x.as_int()) : x.as_float();
        }
        return out;
    }

    Error error_of(const std::string& text) {
        try {
            db_.query(text).all();
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "no error from: " << text;
        return Error(ErrorKind::Internal, "none");
    }

    // b, c and d point at a, a points at b.
    void star() {
        run("CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}), (d:P {name: 'd'}), "
            "(b)-[:L]->(a), (c)-[:L]->(a), (d)-[:L]->(a), (a)-[:L]->(b)");
    }

    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
};

TEST_F(Procedures, PageRankMatchesTheHandComputedFixedPoint) {
    star();
    // c and d have no in-edges: (1 - d)/N = 0.0375. a = 0.0375 + 0.85 (b + c + d) and
    // b = 0.0375 + 0.85 a give a = 0.133125 / 0.2775.
    const double a = 0.133125 / 0.2775;
    const auto scores = by_name(
        "CALL algo.pagerank({iterations: 500, tolerance: 1e-12}) YIELD node, score "
        "RETURN node.name, score");
    ASSERT_EQ(scores.size(), 4u);
    EXPECT_NEAR(scores.at("a"), a, 1e-9);
    EXPECT_NEAR(scores.at("b"), 0.0375 + 0.85 * a, 1e-9);
    EXPECT_NEAR(scores.at("c"), 0.0375, 1e-9);
    EXPECT_NEAR(scores.at("d"), 0.0375, 1e-9);
    double sum = 0;
    for (const auto& [name, score] : scores)
        sum += score;
    EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST_F(Procedures, PageRankTopNodeByOrderByLimit) {
    star();
    const auto rows =
        all("CALL algo.pagerank({}) YIELD node, score RETURN node.name, score ORDER BY score DESC "
            "LIMIT 1");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].at(0).as_string(), "a");
    EXPECT_GT(rows[0].at(1).as_float(), 0.4);
}

TEST_F(Procedures, PageRankUnknownTypeMatchesNoEdge) {
    star();
    // No edge has type NOPE: every node is dangling, so all score 1/4 (not the star's scores).
    const auto scores =
        by_name("CALL algo.pagerank({types: ['NOPE']}) YIELD node, score RETURN node.name, score");
    ASSERT_EQ(scores.size(), 4u);
    for (const auto& [name, score] : scores)
        EXPECT_NEAR(score, 0.25, 1e-12) << name;
}

TEST_F(Procedures, UnknownLabelProjectsNoNode) {
    star();
    EXPECT_TRUE(all("CALL algo.wcc({labels: ['Nope']}) YIELD node RETURN node").empty());
    EXPECT_EQ(all("CALL algo.wcc({labels: ['Nope', 'P']}) YIELD node RETURN node").size(), 4u);
}

TEST_F(Procedures, WeakComponentsAreCounted) {
    run("CREATE (:N {name: 'a'})-[:R]->(:N {name: 'b'})<-[:R]-(:N {name: 'c'}), "
        "(:N {name: 'd'})-[:R]->(:N {name: 'e'}), (:N {name: 'f'})");
    const auto rows = all("CALL algo.wcc() YIELD component RETURN count(DISTINCT component) AS n");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].at(0).as_int(), 3);
    const auto comps =
        by_name("CALL algo.wcc({}) YIELD node, component RETURN node.name, component");
    EXPECT_EQ(comps.at("a"), comps.at("c"));
    EXPECT_EQ(comps.at("d"), comps.at("e"));
    EXPECT_NE(comps.at("a"), comps.at("d"));
    EXPECT_NE(comps.at("f"), comps.at("a"));
}

TEST_F(Procedures, YieldAliasAndWhereFilterRows) {
    star();
    const auto rows =
        all("CALL algo.degree({direction: 'in'}) YIELD node AS n, score AS indegree "
            "WHERE indegree >= 1 RETURN n.name, indegree ORDER BY n.name");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at(0).as_string(), "a");
    EXPECT_EQ(rows[0].at(1).as_float(), 3.0);
    EXPECT_EQ(rows[1].at(0).as_string(), "b");
    EXPECT_EQ(rows[1].at(1).as_float(), 1.0);
}

TEST_F(Procedures, CallRunsOncePerInputRow) {
    run("CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'})-[:R]->(c:N {name: 'c'})");
    const auto rows =
        all("MATCH (s:N) CALL algo.bfs(s, {direction: 'out'}) YIELD node, depth "
            "RETURN s.name + node.name + toString(depth) AS x ORDER BY x");
    std::vector<std::string> got;
    for (const auto& r : rows)
        got.push_back(r.at(0).as_string());
    EXPECT_EQ(got, (std::vector<std::string>{"aa0", "ab1", "ac2", "bb0", "bc1", "cc0"}));
}

TEST_F(Procedures, KHopExcludesTheSourceAndStopsAtK) {
    run("CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'})-[:R]->(c:N {name: 'c'})");
    const auto depths = by_name(
        "MATCH (s:N {name: 'a'}) CALL algo.khop(s, 1, {}) YIELD node, depth "
        "RETURN node.name, depth");
    EXPECT_EQ(depths, (std::map<std::string, double>{{"b", 1}}));
}

TEST_F(Procedures, TrianglesAndCoefficient) {
    run("CREATE (a:N {name: 'a'})-[:R]->(b:N {name: 'b'})-[:R]->(c:N {name: 'c'})-[:R]->(a), "
        "(c)-[:R]->(:N {name: 'd'})");
    const auto coeff =
        by_name("CALL algo.triangles() YIELD node, coefficient RETURN node.name, coefficient");
    EXPECT_DOUBLE_EQ(coeff.at("a"), 1.0);
    EXPECT_NEAR(coeff.at("c"), 1.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(coeff.at("d"), 0.0);
}

TEST_F(Procedures, DbLabelsAndTypesListTheCatalog) {
    run("CREATE (:Country)-[:EXPORTS]->(:City)");
    std::vector<std::string> labels;
    for (const auto& r : all("CALL db.labels() YIELD label RETURN label"))
        labels.push_back(r.at(0).as_string());
    EXPECT_EQ(labels, (std::vector<std::string>{"City", "Country"}));
    const auto types = all("CALL db.types() YIELD type RETURN type");
    ASSERT_EQ(types.size(), 1u);
    EXPECT_EQ(types[0].at(0).as_string(), "EXPORTS");
}

TEST_F(Procedures, ProcedureNamesIgnoreCase) {
    run("CREATE (:X)");
    EXPECT_EQ(all("CALL DB.Labels() YIELD label RETURN label").size(), 1u);
}

TEST_F(Procedures, UnknownProcedureIsSemantic) {
    const Error e = error_of("CALL algo.nope() YIELD x RETURN x");
    EXPECT_EQ(e.kind(), ErrorKind::Semantic);
    EXPECT_NE(std::string(e.what()).find("unknown procedure"), std::string::npos) << e.what();
}

TEST_F(Procedures, UnknownYieldFieldIsSemantic) {
    const Error e = error_of("CALL algo.pagerank({}) YIELD node, rank RETURN rank");
    EXPECT_EQ(e.kind(), ErrorKind::Semantic);
    EXPECT_NE(std::string(e.what()).find("rank"), std::string::npos) << e.what();
}

TEST_F(Procedures, BadConfigValueKindIsType) {
    star();
    EXPECT_EQ(error_of("CALL algo.pagerank({damping: 'high'}) YIELD node RETURN node").kind(),
              ErrorKind::Type);
    EXPECT_EQ(error_of("CALL algo.pagerank({iterations: 2.5}) YIELD node RETURN node").kind(),
              ErrorKind::Type);
    EXPECT_EQ(error_of("CALL algo.wcc({labels: [1]}) YIELD node RETURN node").kind(),
              ErrorKind::Type);
    EXPECT_EQ(error_of("CALL algo.wcc(42) YIELD node RETURN node").kind(), ErrorKind::Type);
    EXPECT_EQ(error_of("CALL algo.bfs('a') YIELD node RETURN node").kind(), ErrorKind::Type);
}

TEST_F(Procedures, UnknownConfigKeyIsSemantic) {
    const Error e = error_of("CALL algo.pagerank({dampening: 0.5}) YIELD node RETURN node");
    EXPECT_EQ(e.kind(), ErrorKind::Semantic);
    EXPECT_NE(std::string(e.what()).find("dampening"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace caspian
