// The estimated rows of EXPLAIN and PROFILE (query/plan/estimate.cpp, issue #20): on random
// graphs with known label counts and fan-outs, after a statistics refresh, each operator's
// estimate is within a stated factor of the rows PROFILE counts, and exact for label counts and
// counts from the store. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::Rng;
using caspian::testing::TempDir;

// One PROFILE line: the operator's name, its estimate and the rows it produced.
struct Line {
    std::string op;
    double estimated = -1;
    double actual = -1;
};

std::vector<Line> profile(Database& db, const std::string& text) {
    static const std::regex line(R"(^\s*(\S+).*  est\. ([0-9.e+-]+)  \[rows=(\d+),.*$)");
    std::vector<Line> out;
    Result r = db.query("PROFILE " + text);
    while (r.next()) {
        const std::string s = r.row()[0].as_string();
        std::smatch m;
        if (!std::regex_match(s, m, line)) {
            ADD_FAILURE() << "a PROFILE line without estimate and rows: " << s;
            continue;
        }
        out.push_back({m[1], std::strtod(m[2].str().c_str(), nullptr),
                       std::strtod(m[3].str().c_str(), nullptr)});
    }
    return out;
}

// The first line of operator op (e.g. "Expand").
Line find(const std::vector<Line>& lines, const std::string& op) {
    for (const Line& l : lines) {
        if (l.op == op) return l;
    }
    ADD_FAILURE() << "no " << op << " in the plan";
    return {};
}

// estimated and actual differ by at most factor (both at least 1 row apart from zero).
void expect_within(const Line& l, double factor, const std::string& what) {
    SCOPED_TRACE(what + ": " + l.op);
    const double est = std::max(l.estimated, 1.0);
    const double act = std::max(l.actual, 1.0);
    EXPECT_LE(est, act * factor) << "estimated " << l.estimated << ", actual " << l.actual;
    EXPECT_LE(act, est * factor) << "estimated " << l.estimated << ", actual " << l.actual;
}

// A random graph: people (A) each with 0..2k T-edges to random places (B), and a property p of
// d values on each person. The label counts are known; the fan-outs and p's spread are random.
struct Graph {
    int people = 0;
    int places = 0;
    int edges = 0;
};

Graph build(Database& db, Rng& rng, int people, int places, int k, int d) {
    List persons, links;
    Graph g{people, places, 0};
    for (int i = 0; i < people; ++i) {
        persons.push_back(Value(Map{Properties{{"key", Value("a" + std::to_string(i))},
                                               {"p", Value(std::int64_t(rng.below(d)))}}}));
        const int n = rng.below(2 * k + 1);
        for (int e = 0; e < n; ++e) {
            links.push_back(Value(List{Value("a" + std::to_string(i)),
                                       Value("b" + std::to_string(rng.below(places)))}));
        }
        g.edges += n;
    }
    db.query("UNWIND $rows AS r CREATE (:A {key: r.key, p: r.p})", {{"rows", Value(persons)}})
        .all();
    db.query("UNWIND range(0, $n - 1) AS i CREATE (:B {key: 'b' + i})",
             {{"n", Value(std::int64_t(places))}})
        .all();
    db.query("UNWIND $links AS l MATCH (a {key: l[0]}), (b {key: l[1]}) CREATE (a)-[:T]->(b)",
             {{"links", Value(links)}})
        .all();
    return g;
}

TEST(Estimates, NearTheActualRowsOnRandomGraphs) {
    const std::uint32_t runs = caspian::test::seeds(4, 2);
    for (std::uint32_t seed = 1; seed <= runs; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        TempDir dir;
        Database db = Database::open(dir.path() / "db");
        Rng rng{seed};
        const int k = 1 + rng.below(4);
        const int d = 2 + rng.below(4);
        const Graph g = build(db, rng, 200 + rng.below(200), 50 + rng.below(50), k, d);
        db.query("CALL db.stats.refresh()").all();

        // Label counts are stored: exact.
        const Line scan = find(profile(db, "MATCH (a:A) RETURN a"), "LabelScan");
        EXPECT_EQ(scan.estimated, double(g.people));
        EXPECT_EQ(scan.actual, double(g.people));
        const Line count = find(profile(db, "MATCH (b:B) RETURN count(b)"), "NodeCountFromStore");
        EXPECT_EQ(count.estimated, 1);
        EXPECT_EQ(count.actual, 1);

        // Fan-out: edges per node with such an edge. A person has none with chance 1/(2k+1),
        // so the estimate runs up to 1.5x high on average; the factor leaves room for chance.
        const std::vector<Line> walk = profile(db, "MATCH (a:A)-[:T]->(b:B) RETURN b");
        expect_within(find(walk, "Expand"), 2, "expand");
        // The target's label: every T-edge ends at a B.
        expect_within(find(walk, "Filter"), 2, "label filter");
        const std::vector<Line> back = profile(db, "MATCH (b:B)<-[:T]-(a) RETURN a");
        expect_within(find(back, "Expand"), 2, "expand backwards");

        // An equality on a property with statistics: the nodes holding it over its values.
        const std::string eq =
            "MATCH (a:A) WHERE a.p = " + std::to_string(rng.below(d)) + " RETURN a";
        expect_within(find(profile(db, eq), "Filter"), 2, "equality");

        // A count is one row, however many rows it counts.
        const std::vector<Line> counted =
            profile(db, "MATCH (a:A)-[:T]->(b) WHERE a.p = 0 RETURN count(*)");
        const Line agg = find(counted, "Aggregate");
        EXPECT_EQ(agg.estimated, 1);
        EXPECT_EQ(agg.actual, 1);
    }
}

// EXPLAIN prints the same estimates as PROFILE, without running the statement.
TEST(Estimates, ExplainShowsTheEstimateOfEachOperator) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("UNWIND range(1, 12) AS i CREATE (:A {key: 'a' + i})").all();
    std::vector<std::string> lines;
    Result r = db.query("EXPLAIN MATCH (a:A) RETURN a.key");
    while (r.next())
        lines.push_back(r.row()[0].as_string());
    EXPECT_EQ(lines,
              (std::vector<std::string>{"Produce (a.key)  est. 12", "  Project (a.key)  est. 12",
                                        "    LabelScan (a:A)  est. 12"}));
}

}  // namespace
}  // namespace caspian
