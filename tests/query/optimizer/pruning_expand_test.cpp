// The pruning var-length expand (query/plan/pruning.cpp, query/exec/pruning_expand.cpp): chosen
// where only distinct end nodes matter, and giving the rows of the plain VarExpand (and of a
// brute-force enumeration of trails) on random small multigraphs with self-loops and parallel
// edges. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::explain_lines;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

std::vector<std::string> rows(Database& db, const std::string& text, const Params& params = {}) {
    return sorted_lines(db.query(text, params));
}

bool prunes(Database& db, const std::string& text) {
    return explain_lines(db, text).find("PruningVarExpand") != std::string::npos;
}

struct Edge {
    int src;
    int dst;
    int type;  // 0: A, 1: B
};

struct Graph {
    int nodes = 0;
    std::vector<Edge> edges;
};

// 3..7 nodes and up to 10 edges of types A and B, with self-loops and parallel edges (some
// reversed) on purpose.
Graph random_graph(std::uint32_t seed) {
    std::mt19937 rng(seed);
    Graph g;
    g.nodes = 3 + int(rng() % 5);
    const int edges = 1 + int(rng() % 10);
    for (int i = 0; i < edges; ++i) {
        Edge e{int(rng() % std::uint32_t(g.nodes)), int(rng() % std::uint32_t(g.nodes)),
               int(rng() % 2)};
        const auto roll = rng() % 6;
        if (roll == 0) e.dst = e.src;
        if (roll == 1 && !g.edges.empty()) e = g.edges.back();
        if (roll == 2 && !g.edges.empty()) e = {g.edges.back().dst, g.edges.back().src, e.type};
        g.edges.push_back(e);
    }
    return g;
}

void load(Database& db, const Graph& g) {
    db.query("UNWIND range(0, $n - 1) AS i CREATE (:N {i: i, key: 'k' + i})",
             {{"n", Value(g.nodes)}})
        .all();
    for (const Edge& e : g.edges) {
        const std::string type = e.type == 0 ? "A" : "B";
        db.query("MATCH (a:N {i: $a}), (b:N {i: $b}) CREATE (a)-[:" + type + "]->(b)",
                 {{"a", Value(e.src)}, {"b", Value(e.dst)}})
            .all();
    }
}

struct Shape {
    std::string left, right;  // "-", "<-"; "-", "->"
    int dir;                  // 1: ->, -1: <-, 0: undirected
    std::string types;        // "", ":A", ":A|B", ":C"
    std::string range;        // "*1..2" and the like
    std::int64_t min, max;    // max < 0: unbounded

    std::string rel() const { return left + "[" + types + range + "]" + right; }
};

// Distinct (start, end) pairs of trails (no edge twice) of min..max edges, by enumeration.
std::set<std::pair<int, int>> brute_force(const Graph& g, const Shape& s) {
    std::set<std::pair<int, int>> out;
    std::vector<bool> used(g.edges.size(), false);
    auto allowed = [&](const Edge& e) {
        if (s.types == ":C") return false;
        if (s.types == ":A") return e.type == 0;
        return true;
    };
    // A pattern none of whose types is stored still matches the zero-length trail (openCypher).
    std::function<void(int, int, std::int64_t)> walk = [&](int start, int at, std::int64_t len) {
        if (len >= s.min) out.insert({start, at});
        if (s.max >= 0 && len >= s.max) return;
        for (std::size_t i = 0; i < g.edges.size(); ++i) {
            const Edge& e = g.edges[i];
            if (used[i] || !allowed(e)) continue;
            std::vector<int> next;
            if (s.dir >= 0 && e.src == at) next.push_back(e.dst);
            if (s.dir <= 0 && e.dst == at && !(s.dir == 0 && e.src == at)) next.push_back(e.src);
            for (int v : next) {
                used[i] = true;
                walk(start, v, len + 1);
                used[i] = false;
            }
        }
    };
    for (int n = 0; n < g.nodes; ++n)
        walk(n, n, 0);
    return out;
}

std::vector<Shape> shapes() {
    const std::vector<std::pair<std::string, std::string>> dirs = {
        {"-", "->"}, {"<-", "-"}, {"-", "-"}};
    const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> ranges = {
        {"*0..1", 0, 1}, {"*0..2", 0, 2}, {"*0..3", 0, 3}, {"*0..", 0, -1},
        {"*0", 0, 0},    {"*1", 1, 1},    {"*..2", 1, 2},  {"*1..3", 1, 3},
        {"*1..4", 1, 4}, {"*", 1, -1},    {"*1..0", 1, 0}};
    std::vector<Shape> out;
    for (const auto& [left, right] : dirs) {
        const int dir = right == "->" ? 1 : left == "<-" ? -1 : 0;
        for (const char* types : {"", ":A", ":A|B", ":C"}) {
            for (const auto& [range, min, max] : ranges)
                out.push_back({left, right, dir, types, range, min, max});
        }
    }
    return out;
}

class PruningMatchesPlain : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(PruningMatchesPlain, OnRandomMultigraphs) {
    const std::uint32_t seed = GetParam();
    const Graph g = random_graph(seed);
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load(db, g);
    for (const Shape& s : shapes()) {
        // The plain plan and the brute force enumerate every trail: long ones on the denser
        // graphs cost minutes under sanitizers, and the smaller graphs cover those ranges.
        if ((s.max < 0 || s.max > 3) && g.edges.size() > 7) continue;
        const std::string pattern = "(n:N)" + s.rel() + "(m)";
        SCOPED_TRACE("seed " + std::to_string(seed) + " pattern " + pattern);
        // The path variable reads the relationship list: those plans keep the plain VarExpand.
        const std::string plain = "MATCH p = " + pattern + " ";
        const std::string pruned = "MATCH " + pattern + " ";
        const std::vector<std::string> tails = {
            "RETURN DISTINCT n.i, m.i",
            "RETURN n.i, count(DISTINCT m) AS c",
            "WITH n, collect(DISTINCT m.i) AS xs UNWIND xs AS x RETURN n.i, x",
            "WITH DISTINCT m RETURN m.i",
        };
        for (const std::string& tail : tails) {
            // The plan shape does not depend on the graph: checked on the first seeds only.
            if (seed < 2) {
                ASSERT_TRUE(prunes(db, pruned + tail)) << tail << "\n"
                                                       << explain_lines(db, pruned + tail);
                ASSERT_FALSE(prunes(db, plain + tail)) << tail;
            }
            EXPECT_EQ(rows(db, pruned + tail), rows(db, plain + tail)) << tail;
        }
        // The benchmark's W4 shape, from a key: the end nodes of one start are distinct, so
        // its DISTINCT aggregates of m run without a set; the path variable keeps the plain
        // plan, whose trails repeat end nodes.
        for (const char* key : {"k0", "k1", "k9"}) {
            for (const char* tail : {
                     "WHERE m <> n RETURN count(DISTINCT m)",
                     "RETURN count(DISTINCT m), size(collect(DISTINCT m)), count(DISTINCT m.i)",
                     "WHERE m.i > 1 RETURN n.i, count(DISTINCT m), min(DISTINCT m.i)",
                 }) {
                const std::string w4 = "(n {key: $key})" + s.rel() + "(m) ";
                EXPECT_EQ(rows(db, "MATCH " + w4 + tail, {{"key", Value(key)}}),
                          rows(db, "MATCH p = " + w4 + tail, {{"key", Value(key)}}))
                    << key << " " << tail;
            }
        }
        // Against the brute force.
        std::vector<std::string> expected;
        for (const auto& [a, b] : brute_force(g, s)) {
            expected.push_back(std::to_string(a) + "|" + std::to_string(b) + "|");
        }
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(rows(db, pruned + "RETURN DISTINCT n.i, m.i"), expected);
        // Relationships bound earlier in the same MATCH stay out of the search.
        const std::string two = "(a:N)-[r:A]->(n)" + s.rel() + "(m) ";
        const std::string tail = "RETURN DISTINCT a.i, n.i, m.i";
        if (seed < 2) {
            ASSERT_TRUE(prunes(db, "MATCH " + two + tail))
                << explain_lines(db, "MATCH " + two + tail);
        }
        EXPECT_EQ(rows(db, "MATCH " + two + tail), rows(db, "MATCH p = " + two + tail));
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, PruningMatchesPlain,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(24, 3)));

// DISTINCT over nodes and relationships keys on their ids (query/functions/id_set.hpp): the same
// answers as DISTINCT over the ids as integers, which take the general Value path.
class DistinctEntitiesMatchIds : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(DistinctEntitiesMatchIds, OnRandomMultigraphs) {
    const std::uint32_t seed = GetParam();
    const Graph g = random_graph(seed);
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load(db, g);
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"MATCH (a)-[r]-(b) RETURN a.i, count(DISTINCT r), count(DISTINCT b)",
         "MATCH (a)-[r]-(b) RETURN a.i, count(DISTINCT id(r)), count(DISTINCT id(b))"},
        {"MATCH (a)-[r]-(b) RETURN count(DISTINCT a), count(DISTINCT r), count(DISTINCT b)",
         "MATCH (a)-[r]-(b) RETURN count(DISTINCT id(a)), count(DISTINCT id(r)), "
         "count(DISTINCT id(b))"},
        {"MATCH (a)-[r]->(b) WITH DISTINCT r RETURN id(r)",
         "MATCH (a)-[r]->(b) WITH DISTINCT id(r) AS x RETURN x"},
        {"MATCH (a)-[*0..2]-(b) WITH DISTINCT b RETURN b.i",
         "MATCH (a)-[*0..2]-(b) WITH DISTINCT b.i AS x RETURN x"},
        {"MATCH (a)-[r]-(b) WITH DISTINCT a, b RETURN a.i, b.i",
         "MATCH (a)-[r]-(b) WITH DISTINCT a.i AS x, b.i AS y RETURN x, y"},
        {"MATCH (a)-[r]-(b) UNWIND [a, r, b, null, a.i] AS x WITH DISTINCT x "
         "RETURN count(*), count(x)",
         "MATCH (a)-[r]-(b) UNWIND ['n' + id(a), 'r' + id(r), 'n' + id(b), null, a.i] AS x "
         "WITH DISTINCT x RETURN count(*), count(x)"},
        {"MATCH (a)-[r]-(b) RETURN size(collect(DISTINCT a)), size(collect(DISTINCT r))",
         "MATCH (a)-[r]-(b) RETURN size(collect(DISTINCT id(a))), "
         "size(collect(DISTINCT id(r)))"},
    };
    for (const auto& [entities, ids] : pairs) {
        const std::vector<std::string> expected = rows(db, ids);
        ASSERT_FALSE(expected.empty()) << ids;
        EXPECT_EQ(rows(db, entities), expected) << entities;
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DistinctEntitiesMatchIds,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(16, 4)));

TEST(PruningVarExpand, ExplainShowsItWhereOnlyDistinctEndsMatter) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load(db, random_graph(1));
    const std::string w4 =
        "MATCH (n {key: 'k0'})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)";
    // One start node (a key lookup): its end nodes are distinct, count(DISTINCT m) keeps no set;
    // with `m <> n` the count is an EndCount (count_distinct_ends_test.cpp), so m.i > 0 here.
    const std::string text = explain_lines(db, w4);
    EXPECT_NE(text.find("DistinctEndCount (n)-[_"), std::string::npos) << text;
    const std::string filtered = explain_lines(
        db, "MATCH (n {key: 'k0'})-[*1..2]-(m) WHERE m.i > 0 RETURN count(DISTINCT m)");
    EXPECT_NE(filtered.find("PruningVarExpand (n)-[_"), std::string::npos) << filtered;
    EXPECT_NE(filtered.find("*1..2]-(m)"), std::string::npos) << filtered;
    EXPECT_NE(filtered.find("Aggregate (aggregates: count(DISTINCT m)) (DISTINCT m needs no set)"),
              std::string::npos)
        << filtered;
    // From many start nodes the ends repeat: the set is the Filter's, which passes each m once.
    const std::string many = "MATCH (n:N)-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)";
    EXPECT_TRUE(prunes(db, many)) << explain_lines(db, many);
    EXPECT_NE(explain_lines(db, many).find("Filter (m <> n; once per m)"), std::string::npos)
        << explain_lines(db, many);
    for (const char* q : {
             "MATCH (n {key: 'k0'})-[*1..2]-(m) RETURN count(DISTINCT m.i)",
             "UNWIND ['k0', 'k1'] AS k MATCH (n {key: k})-[*1..2]-(m) RETURN count(DISTINCT m)",
         }) {
        EXPECT_TRUE(prunes(db, q)) << q << "\n" << explain_lines(db, q);
        EXPECT_EQ(explain_lines(db, q).find("needs no set"), std::string::npos) << q;
    }
    for (const char* q : {
             "MATCH (n:N)-[*]->(m) RETURN DISTINCT m",
             "MATCH (n:N)-[:A*0..2]-(m) RETURN n, collect(DISTINCT m.i)",
             "MATCH (n:N)-[*1..3]-(m) WHERE m.i > 1 RETURN count(DISTINCT m), sum(DISTINCT m.i)",
         }) {
        EXPECT_TRUE(prunes(db, q)) << q << "\n" << explain_lines(db, q);
    }
}

TEST(PruningVarExpand, IsNotUsedWhenRowsOrTheRelationshipListMatter) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load(db, random_graph(1));
    for (const char* q : {
             "MATCH (n:N)-[*1..2]-(m) RETURN count(*)",
             "MATCH (n:N)-[*1..2]-(m) RETURN m",
             "MATCH (n:N)-[*1..2]-(m) RETURN count(DISTINCT m), count(m)",
             "MATCH (n:N)-[*2..3]-(m) RETURN DISTINCT m",
             "MATCH (n:N)-[r*1..2]-(m) RETURN DISTINCT m, size(r)",
             "MATCH (n:N)-[r*1..2]-(m) WHERE size(r) > 1 RETURN DISTINCT m",
             "MATCH (n:N)-[*1..2 {w: 1}]-(m) RETURN DISTINCT m",
             "MATCH (n:N)-[*1..2]-(m) WITH m LIMIT 2 RETURN DISTINCT m",
             "MATCH p = (n:N)-[*1..2]-(m) RETURN DISTINCT m",
         }) {
        const std::string text = explain_lines(db, q);
        EXPECT_EQ(text.find("PruningVarExpand"), std::string::npos) << q << "\n" << text;
        EXPECT_NE(text.find("VarExpand"), std::string::npos) << q << "\n" << text;
    }
    // Both ends bound: the step checks a given end node (VarExpandInto).
    const std::string into = "MATCH (n:N), (m:N) MATCH (n)-[*1..2]-(m) RETURN DISTINCT m";
    EXPECT_EQ(explain_lines(db, into).find("PruningVarExpand"), std::string::npos)
        << explain_lines(db, into);
}

}  // namespace
}  // namespace caspian
