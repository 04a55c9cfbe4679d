// The record filter of issue #20 (query/exec/record_filter.cpp): a whole-node scan tests a
// Filter's `n.p <op> value` conditions on the stored record and builds rows only for the nodes
// that pass. Differential: the same statements, read-only (record filter) and inside a write
// transaction (plain plan, no records kept), give the same rows as a multiset.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

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
        const std::string text = "MATCH (n) WHERE " + where + " RETURN id(n), n.p, n.q";
        const auto fast = sorted_lines(db.query(text, params));
        WriteTransaction txn = db.begin_write();
        const auto plain = sorted_lines(txn.query(text, params));
        EXPECT_EQ(fast, plain) << "seed " << GetParam() << ": " << text;
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

}  // namespace
}  // namespace caspian
