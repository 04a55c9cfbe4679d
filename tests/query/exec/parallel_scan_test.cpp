// The parallel aggregate of issue #20 (query/exec/parallel_aggregate.cpp): an aggregate over a
// whole-node or label scan run by 2 or 4 workers gives the serial plan's rows, in its order, on
// random graphs; a writer that commits before the workers start changes nothing of the answer.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::Rng;
using caspian::testing::TempDir;

// Every aggregate runs in parallel on these graphs, however small.
Database open_with(const std::filesystem::path& path, unsigned threads) {
    OpenOptions options;
    options.threads = threads;
    options.parallel_min_nodes = 0;
    return Database::open(path, options);
}

// Mixed kinds, and often missing: int, float, string, date, bool.
Value random_value(Rng& rng) {
    switch (rng.below(7)) {
        case 0:
            return Value(std::int64_t(rng.below(2001)) - 1000);
        case 1:
            return Value(double(rng.below(100000)) / 7.0 - 5000.0);
        case 2:
            return Value(std::string(rng.below(2) ? "b" : "ab"));
        case 3:
            return Value(make_date(1975 + rng.below(10), 1 + unsigned(rng.below(12)), 1));
        case 4:
            return Value(rng.below(2) == 0);
        default:
            return Value();  // not stored
    }
}

// nodes nodes with p (mixed), i (int or missing), f (float or missing), g (a small group key
// or missing), b (bool or missing); some deleted so that ids have gaps.
void load(Database& db, std::uint64_t seed, int nodes) {
    Rng rng{seed};
    db.update([&](WriteTransaction& txn) {
        std::vector<NodeId> ids;
        for (int i = 0; i < nodes; ++i) {
            Properties props;
            if (Value p = random_value(rng); !p.is_null()) props.emplace_back("p", std::move(p));
            if (rng.below(5) != 0)
                props.emplace_back("i", Value(std::int64_t(rng.below(201)) - 100));
            if (rng.below(4) != 0) props.emplace_back("f", Value(double(rng.below(1000)) / 3.0));
            if (rng.below(6) != 0) props.emplace_back("g", Value(std::int64_t(rng.below(4))));
            if (rng.below(3) != 0) props.emplace_back("b", Value(rng.below(2) == 0));
            ids.push_back(txn.create_node(
                rng.below(3) == 0 ? std::vector<std::string>{"A"} : std::vector<std::string>{},
                props));
        }
        for (NodeId id : ids) {
            if (rng.below(10) == 0) txn.delete_node(id);
        }
    });
}

// The rows in order (the parallel operator keeps the serial order of groups), or the error.
struct Answer {
    std::vector<std::vector<Value>> rows;
    std::string error;
};

Answer answer(Database& db, const std::string& text) {
    Answer a;
    try {
        Result r = db.query(text);
        while (r.next())
            a.rows.push_back(r.row());
    } catch (const Error& e) {
        a.error = e.what();
    }
    return a;
}

// Floats may differ in the last bits from the serial plan (another order of additions); every
// other value, and every row's place, must be equal.
void expect_same(const Answer& serial, const Answer& parallel, const std::string& what) {
    ASSERT_EQ(serial.error, parallel.error) << what;
    ASSERT_EQ(serial.rows.size(), parallel.rows.size()) << what;
    for (std::size_t r = 0; r < serial.rows.size(); ++r) {
        ASSERT_EQ(serial.rows[r].size(), parallel.rows[r].size()) << what;
        for (std::size_t c = 0; c < serial.rows[r].size(); ++c) {
            const Value& s = serial.rows[r][c];
            const Value& p = parallel.rows[r][c];
            if (s.kind() == ValueKind::Float && p.kind() == ValueKind::Float) {
                EXPECT_NEAR(s.as_float(), p.as_float(), 1e-9 * (1 + std::fabs(s.as_float())))
                    << what << " row " << r << " column " << c;
            } else {
                EXPECT_EQ(to_literal(s), to_literal(p)) << what << " row " << r << " column " << c;
            }
        }
    }
}

// Every value as its literal (floats to the bit: to_literal prints them round-trip).
std::vector<std::string> literals(const Answer& a) {
    std::vector<std::string> out{a.error};
    for (const auto& row : a.rows) {
        for (const Value& v : row)
            out.push_back(to_literal(v));
    }
    return out;
}

const std::vector<std::string> conditions = {
    "",
    "WHERE n.i > 0",
    "WHERE n.p > 0",  // null for strings, dates, bools: dropped
    "WHERE n.b",      // true, false or null (missing)
    "WHERE n.b = false OR n.i < -50",
    "WHERE n.p >= date('1980-01-01')",
    "WHERE n.f > 100.5 AND n.i <> 3",
    "WHERE false",  // no rows: count 0, sums 0, the rest null
};

const std::vector<std::string> returns = {
    "RETURN count(*), count(n.p), sum(n.i), min(n.i), max(n.i)",
    "RETURN sum(n.f), avg(n.f), avg(n.i), min(n.p), max(n.p)",  // min/max across kinds
    "RETURN n.g AS g, count(*), sum(n.i), max(n.f)",            // small groups, null one too
    "RETURN n.g AS g, n.b AS b, count(n.f), min(n.p)",
    "RETURN sum(n.p)",  // a type error whenever a string or date passes: the serial one
};

class ParallelAggregateMatchesSerial : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ParallelAggregateMatchesSerial, SameRowsInSameOrder) {
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        Database db = open_with(path, 1);
        load(db, GetParam(), 150 + int(GetParam() % 4) * 60);
    }
    Database serial = open_with(path, 1);
    Database two = open_with(path, 2);
    Database four = open_with(path, 4);
    for (const char* label : {"(n)", "(n:A)"}) {
        for (const std::string& where : conditions) {
            for (const std::string& ret : returns) {
                const std::string text = std::string("MATCH ") + label + " " + where + " " + ret;
                const std::string what = "seed " + std::to_string(GetParam()) + ": " + text;
                const Answer s = answer(serial, text);
                const Answer p2 = answer(two, text);
                const Answer p4 = answer(four, text);
                expect_same(s, p2, what + " (2 threads)");
                expect_same(s, p4, what + " (4 threads)");
                // Morsels do not depend on the thread count: 2 and 4 agree to the bit.
                EXPECT_EQ(literals(p2), literals(p4)) << what;
            }
        }
    }
    // A projection between the scan and the aggregate.
    const std::string text =
        "MATCH (n) WITH n.i * 2 AS x, n.f AS f WHERE x > 10 RETURN sum(x), "
        "count(*), max(f)";
    expect_same(answer(serial, text), answer(two, text), text);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ParallelAggregateMatchesSerial,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(12, 3)));

std::string plan_text(Database& db, const std::string& text) {
    std::string out;
    Result r = db.query(text);
    while (r.next())
        out += r.row()[0].as_string() + "\n";
    return out;
}

TEST(ParallelAggregate, ExplainAndProfileShowTheWorkers) {
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        Database db = open_with(path, 1);
        load(db, 7, 200);
    }
    const std::string statement = "MATCH (n) WHERE n.i > 0 RETURN count(*), sum(n.i)";
    Database two = open_with(path, 2);
    EXPECT_NE(plan_text(two, "EXPLAIN " + statement).find("[parallel, 2 workers]"),
              std::string::npos);
    const std::string profile = plan_text(two, "PROFILE " + statement);
    EXPECT_NE(profile.find("[parallel, 2 workers]"), std::string::npos) << profile;
    // The workers' rows add up: the scan yields every node that passes its record filter
    // (PROFILE runs it as the plain run does) once.
    const Answer count = answer(two, "MATCH (n) WHERE n.i > 0 RETURN count(*)");
    ASSERT_EQ(count.rows.size(), 1U);
    const std::string rows = "[rows=" + std::to_string(count.rows[0][0].as_int()) + ",";
    const auto scan = profile.find("AllNodesScan (n)");
    ASSERT_NE(scan, std::string::npos) << profile;
    EXPECT_NE(profile.find(rows, scan), std::string::npos) << profile;

    Database one = open_with(path, 1);
    EXPECT_EQ(plan_text(one, "EXPLAIN " + statement).find("parallel"), std::string::npos);
    // Below the size threshold, and for a statement that is no whole-graph aggregate: serial.
    OpenOptions options;
    options.threads = 2;
    options.parallel_min_nodes = 100000;
    Database big_threshold = Database::open(path, options);
    EXPECT_EQ(plan_text(big_threshold, "EXPLAIN " + statement).find("parallel"), std::string::npos);
    EXPECT_EQ(plan_text(two, "EXPLAIN MATCH (n) RETURN collect(n.i)").find("parallel"),
              std::string::npos);
}

// A read transaction begun before a write commits sees the old snapshot; the workers' own
// transactions would see the new one, so the statement runs serially on the old one.
TEST(ParallelAggregate, WriteBetweenSnapshotsDoesNotMixAnswers) {
    TempDir dir;
    Database db = open_with(dir.path() / "db", 2);
    load(db, 3, 300);
    const std::string text = "MATCH (n) RETURN count(*), sum(n.i), max(n.f)";
    const Answer before = answer(db, text);
    ASSERT_TRUE(before.error.empty()) << before.error;
    ReadTransaction read = db.begin_read();
    // Changes every node the old snapshot has (new nodes alone would lie past its last id).
    db.query("MATCH (n) SET n.i = 7, n.f = 1.5").all();
    db.update([](WriteTransaction& txn) {
        for (int i = 0; i < 50; ++i)
            txn.create_node({}, {{"i", Value(std::int64_t(1000))}, {"f", Value(5000.0)}});
    });
    Answer old;
    Result r = read.query(text);
    while (r.next())
        old.rows.push_back(r.row());
    expect_same(before, old, "the old snapshot");
    const Answer after = answer(db, text);
    ASSERT_EQ(after.rows.size(), 1U);
    const std::int64_t n = before.rows[0][0].as_int();
    EXPECT_EQ(after.rows[0][0].as_int(), n + 50);
    EXPECT_EQ(after.rows[0][1].as_int(), 7 * n + 50 * 1000);
}

}  // namespace
}  // namespace caspian
