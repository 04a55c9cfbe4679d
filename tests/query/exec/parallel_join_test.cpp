// Issue #20's W5 and W5b shapes on random multigraphs through hub nodes: the parallel aggregate
// (query/exec/parallel_aggregate.cpp) over Expands and the probe side of hash joins, with
// count(DISTINCT) of the scanned node, gives the serial plan's rows with 2 and 4 workers; the
// Filter under count(DISTINCT x) that passes each x once (FilterArgs::distinct_slot, the Expand
// skipping those nodes) gives the plain plan's count.
#include <caspian/database.hpp>

#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

// Every aggregate that can runs in parallel on these graphs, however small.
Database open_with(const std::filesystem::path& path, unsigned threads) {
    OpenOptions options;
    options.threads = threads;
    options.parallel_min_nodes = 0;
    return Database::open(path, options);
}

// `hubs` :M nodes (some also :A), `as` :A and `bs` :B nodes, some deleted (gaps in the ids);
// :X edges from A nodes to hubs and :Y edges from hubs to B nodes, with repeats (parallel
// edges) and self-loops; property k from values where `=` is subtle (1 and 1.0, '1', missing,
// NaN, lists holding null).
void load_random(Database& db, std::uint32_t seed, int hubs, int as, int bs) {
    std::mt19937 rng(seed);
    const std::vector<std::string> ks = {"1", "1.0", "2",         "'1'",       "",
                                         "3", "4",   "0.0 / 0.0", "[1, null]", "2.0"};
    auto k = [&] {
        const std::string v = ks[rng() % ks.size()];
        return v.empty() ? std::string("{}") : "{k: " + v + "}";
    };
    std::string text = "CREATE ";
    std::vector<std::string> hub_names, a_names, b_names;
    auto node = [&](std::vector<std::string>& names, const std::string& name,
                    const std::string& labels) {
        if (text.size() > 7) text += ", ";
        names.push_back(name);
        text += "(" + name + labels + " " + k() + ")";
    };
    for (int i = 0; i < hubs; ++i)
        node(hub_names, "h" + std::to_string(i), i % 3 == 0 ? ":M:A" : ":M");
    for (int i = 0; i < std::max(as, bs); ++i) {
        if (i < as) node(a_names, "a" + std::to_string(i), ":A");
        if (i < bs) node(b_names, "b" + std::to_string(i), ":B");
    }
    auto edge = [&](const std::string& from, const std::string& type, const std::string& to) {
        text += ", (" + from + ")-[:" + type + " " + k() + "]->(" + to + ")";
    };
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    for (const auto& a : a_names) {
        for (int j = 0, n = int(rng() % 4); j < n; ++j)
            edge(a, "X", pick(hub_names));
    }
    for (const auto& b : b_names) {
        for (int j = 0, n = 1 + int(rng() % 2); j < n; ++j)
            edge(pick(hub_names), "Y", b);
    }
    for (const auto& h : hub_names)
        edge(h, "X", h);
    db.query(text).all();
    db.query("MATCH (n) WHERE id(n) % 17 = 5 DETACH DELETE n").all();
}

std::vector<std::string> answer(Database& db, const std::string& text) {
    std::vector<std::string> out;
    try {
        Result r = db.query(text);
        while (r.next()) {
            std::string line;
            for (const Value& v : r.row())
                line += to_literal(v) + "|";
            out.push_back(line);
        }
    } catch (const Error& e) {
        out.push_back(std::string("error: ") + e.what());
    }
    return out;
}

std::string plan_of(Database& db, const std::string& text) {
    std::string out;
    Result r = db.query("EXPLAIN " + text);
    while (r.next())
        out += r.row()[0].as_string() + "\n";
    return out;
}

class ParallelJoinMatchesSerial : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ParallelJoinMatchesSerial, SameRows) {
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        Database db = open_with(path, 1);
        load_random(db, GetParam(), 4, 300 + int(GetParam() % 3) * 100, 60);
    }
    Database serial = open_with(path, 1);
    Database two = open_with(path, 2);
    Database four = open_with(path, 4);
    const std::string w5 = "MATCH (a:A)-[r1:X]->(m:M)-[r2:Y]->(b:B) ";
    struct Case {
        std::string text;
        bool parallel;  // the plan must run in parallel
    };
    const std::vector<Case> cases = {
        // W5: a hash semi-join that drops the probe rows whose a already passed
        {w5 + "WHERE r1.k = b.k RETURN count(DISTINCT a)", true},
        {w5 + "WHERE r1.k = r2.k AND a.k <> 2 RETURN count(DISTINCT a)", true},
        {w5 + "WHERE [r1.k] = [b.k] RETURN count(DISTINCT a)", true},
        // a plain hash join: every match counts
        {w5 + "WHERE r1.k = b.k RETURN count(*), sum(id(b)), min(id(r2)), max(id(a))", true},
        {w5 + "WHERE r1.k = b.k RETURN count(DISTINCT a), count(*)", true},
        // grouped: a node's distinct count per group is no sum of morsels' (serial)
        {w5 + "WHERE r1.k = b.k RETURN b.k AS g, count(DISTINCT a)", false},
        // another node's distinct count cannot add up by morsel (serial)
        {w5 + "WHERE r1.k = b.k RETURN count(DISTINCT b)", false},
        // Expands only
        {"MATCH (a:A)-[r:X]->(m) RETURN count(DISTINCT a), count(*), min(id(r))", true},
        {"MATCH (a:A)-[r:X]->(m) WHERE r.k = m.k RETURN count(DISTINCT a), max(id(m))", true},
        {"MATCH (a)-[r]-(m) WHERE a.k = 1 RETURN count(DISTINCT a), sum(id(r))", true},
    };
    std::size_t nonzero = 0;
    for (const Case& c : cases) {
        const std::string what = "seed " + std::to_string(GetParam()) + ": " + c.text;
        const std::string plan = plan_of(two, c.text);
        if (c.parallel) {
            EXPECT_NE(plan.find("[parallel, 2 workers]"), std::string::npos) << what << plan;
        } else {
            EXPECT_EQ(plan.find("parallel"), std::string::npos) << what << plan;
        }
        const auto want = answer(serial, c.text);
        EXPECT_EQ(answer(two, c.text), want) << what << plan;
        EXPECT_EQ(answer(four, c.text), want) << what << plan;
        nonzero += !want.empty() && want[0].rfind("0|", 0) != 0 ? 1 : 0;
    }
    EXPECT_GT(nonzero, cases.size() / 2);
    // The hash join is what the join cases test.
    EXPECT_NE(plan_of(two, cases[0].text).find("HashSemiJoin"), std::string::npos);
    EXPECT_NE(plan_of(two, cases[3].text).find("HashJoin"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ParallelJoinMatchesSerial,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(8, 2)));

// The plain plan of `... RETURN count(DISTINCT x)`: with count(*) beside it the aggregate reads
// more than x's set, so no Filter below it drops rows untested.
class FilterOncePerValueMatchesPlain : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(FilterOncePerValueMatchesPlain, SameCount) {
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        Database db = open_with(path, 1);
        load_random(db, GetParam(), 4, 200 + int(GetParam() % 3) * 100, 60);
    }
    Database serial = open_with(path, 1);
    Database two = open_with(path, 2);
    const std::vector<std::string> cases = {
        // W5b: the years per hub first, then each visit checked against them
        "MATCH (m:M)-[:Y]->(b:B) WITH m, collect(DISTINCT b.k) AS ks "
        "MATCH (a:A)-[r:X]->(m) WHERE r.k IN ks RETURN count(DISTINCT a)",
        "MATCH (m:M)-[:Y]->(b:B) WITH m, collect(b.k) AS ks "
        "MATCH (a)-[r:X]->(m) WHERE a:A AND (r.k IN ks OR a.k = 2) RETURN count(DISTINCT a)",
        // the Expand binding the counted node skips those that passed
        "MATCH (a:A)-[r:X]->(m) WHERE r.k = 1 OR m.k = 2 RETURN count(DISTINCT m)",
        // the counted node bound below the Expand: the Filter alone drops rows
        "MATCH (a:A)-[r:X]->(m:M) WHERE r.k = 1 OR a.k = 2 RETURN count(DISTINCT a)",
        "MATCH (a:A)-[r:X]->(m:M) WHERE r.k = 1 OR a.k = 2 RETURN [x IN collect(DISTINCT a) | "
        "id(x)]",
        // values that are no nodes, by equivalence: 1 and 1.0, nulls, lists holding null
        "MATCH (a:A)-[r:X]->(m) WITH r.k AS k, a WHERE a.k <> 3 RETURN count(DISTINCT k)",
        "UNWIND [1, 1.0, null, 2, 'a', [null], [null], 2.0, 0.0 / 0.0] AS x MATCH (a:A) "
        "WHERE a.k = x OR x IS NULL OR x = 'a' RETURN count(DISTINCT x)",
        // OPTIONAL MATCH: a null a passes the Filter too
        "MATCH (m:M) OPTIONAL MATCH (m)<-[r:X]-(a:A) WITH m, a, r WHERE r.k <> 2 OR a IS NULL "
        "RETURN count(DISTINCT a)",
    };
    std::size_t nonzero = 0;
    for (const std::string& text : cases) {
        const std::string what = "seed " + std::to_string(GetParam()) + ": " + text;
        const std::string plain = text + ", count(*) >= 0 AS plain";
        EXPECT_NE(plan_of(serial, text).find("; once per "), std::string::npos)
            << what << plan_of(serial, text);
        EXPECT_EQ(plan_of(serial, plain).find("; once per "), std::string::npos) << what;
        auto want = answer(serial, plain);
        for (std::string& line : want)
            line = line.substr(0, line.rfind("true|"));
        EXPECT_EQ(answer(serial, text), want) << what << plan_of(serial, text);
        EXPECT_EQ(answer(two, text), want) << what << plan_of(two, text);
        nonzero += !want.empty() && want[0].rfind("0|", 0) != 0 ? 1 : 0;
    }
    EXPECT_GT(nonzero, cases.size() / 2);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FilterOncePerValueMatchesPlain,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(8, 2)));

}  // namespace
}  // namespace caspian
