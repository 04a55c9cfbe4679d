// The Aggregate operator's group arena (query/exec/aggregate.cpp, issue #8): its inline
// count/sum/avg/min/max states (query/functions/aggregates.hpp) must give what make_aggregator's
// Aggregators give (results and errors; both now share the state, so this guards the two entry
// points), and grouped queries must give, group by group in first-seen order, what a naive
// grouping of the same input rows with those Aggregators gives.
#include <caspian/database.hpp>

#include "query/functions/aggregates.hpp"
#include "query/functions/functions.hpp"
#include "query/functions/value_ops.hpp"
#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::Rng;
using caspian::testing::TempDir;
using query::Aggregator;
using query::InlineKind;
using query::InlineState;

Value random_value(Rng& rng, bool numbers_only) {
    constexpr std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2 + 1;
    switch (rng.below(numbers_only ? 5 : 9)) {
        case 0:
            return Value{};
        case 1:
            return Value(std::int64_t(rng.below(7)) - 3);
        case 2:
            return Value(rng.below(4) / 2.0 - 0.5);
        case 3:
            return Value(rng.below(8) == 0 ? -big : big);  // a few of these overflow a sum
        case 4:
            return Value(std::int64_t(rng.below(3)));
        case 5:
            return Value(std::string(1, char('a' + rng.below(3))));
        case 6:
            return Value(rng.below(2) == 0);
        case 7:
            return Value(List{Value(std::int64_t(rng.below(2))), Value(1.0)});
        default:
            return Value(std::numeric_limits<double>::quiet_NaN());
    }
}

// "ok: <literal>" or "error: <kind> <message>".
std::string outcome_of(const std::function<Value()>& run) {
    try {
        return "ok: " + to_literal(run());
    } catch (const Error& e) {
        return "error: " + std::to_string(int(e.kind())) + " " + e.what();
    }
}

class InlineStates : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(InlineStates, MatchTheAggregators) {
    struct Case {
        const char* name;
        InlineKind kind;
    };
    const Case cases[] = {{"count", InlineKind::Count},
                          {"sum", InlineKind::Sum},
                          {"avg", InlineKind::Avg},
                          {"min", InlineKind::Min},
                          {"max", InlineKind::Max}};
    Rng rng{GetParam()};
    const bool numbers_only = GetParam() % 2 == 0;
    for (int len : {0, 1, 2, 5, 20}) {
        std::vector<Value> values;
        for (int i = 0; i < len; ++i)
            values.push_back(random_value(rng, numbers_only));
        for (const Case& c : cases) {
            const std::string inline_outcome = outcome_of([&] {
                InlineState state;
                for (const Value& v : values)
                    state.add(c.kind, v);
                return state.take_result(c.kind);
            });
            const std::string reference = outcome_of([&] {
                std::unique_ptr<Aggregator> agg = query::make_aggregator(c.name);
                for (const Value& v : values)
                    agg->add(v);
                return agg->result();
            });
            EXPECT_EQ(inline_outcome, reference)
                << "seed " << GetParam() << " " << c.name << " of " << to_literal(Value(values));
        }
        InlineState star;
        std::unique_ptr<Aggregator> count_star = query::make_count_star();
        for (const Value& v : values) {
            star.add(InlineKind::CountStar, v);
            count_star->add(v);
        }
        EXPECT_EQ(to_literal(star.take_result(InlineKind::CountStar)),
                  to_literal(count_star->result()));
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, InlineStates, ::testing::Range<std::uint32_t>(0, 200));

using Rows = std::vector<std::vector<Value>>;

Rows run(Transaction& txn, const std::string& text) {
    Result r = txn.query(text);
    Rows out;
    while (r.next())
        out.push_back(r.row());
    return out;
}

std::vector<std::string> literals(const Rows& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) {
        std::string line;
        for (const Value& v : row)
            line += to_literal(v) + " | ";
        out.push_back(line);
    }
    return out;
}

struct Agg {
    std::string function;  // as make_aggregator takes it; "*" for count(*)
    bool distinct = false;
};

// The naive grouping: the first `keys` columns of each raw row are the key, column keys + i
// the argument of aggs[i]; groups in first-seen order, keyed by their first row's values.
Rows reference(const Rows& raw, std::size_t keys, const std::vector<Agg>& aggs) {
    std::vector<std::vector<Value>> group_keys;
    std::vector<std::vector<std::unique_ptr<Aggregator>>> states;
    auto fresh = [&] {
        std::vector<std::unique_ptr<Aggregator>> s;
        for (const Agg& a : aggs) {
            s.push_back(a.function == "*" ? query::make_count_star()
                                          : query::make_aggregator(a.function, a.distinct));
        }
        return s;
    };
    for (const auto& row : raw) {
        std::size_t g = 0;
        for (; g < group_keys.size(); ++g) {
            bool same = true;
            for (std::size_t k = 0; k < keys; ++k)
                same = same && query::equivalent(group_keys[g][k], row[k]);
            if (same) break;
        }
        if (g == group_keys.size()) {
            group_keys.emplace_back(row.begin(), row.begin() + std::ptrdiff_t(keys));
            states.push_back(fresh());
        }
        for (std::size_t i = 0; i < aggs.size(); ++i)
            states[g][i]->add(row[keys + i]);
    }
    if (keys == 0 && group_keys.empty()) {
        group_keys.emplace_back();
        states.push_back(fresh());
    }
    Rows out;
    for (std::size_t g = 0; g < group_keys.size(); ++g) {
        std::vector<Value> row = group_keys[g];
        for (const auto& s : states[g])
            row.push_back(s->result());
        out.push_back(std::move(row));
    }
    return out;
}

// Nodes :R with a key g of every kind (1 and 1.0 fall in one group; lists; missing = null),
// numbers v and strings s, some missing; edges between random nodes, self-loops and
// parallel ones included.
void load(WriteTransaction& txn, std::uint32_t seed, int nodes, int edges, int key_range) {
    Rng rng{seed};
    std::vector<NodeId> ids;
    for (int i = 0; i < nodes; ++i) {
        Properties props{{"i", Value(std::int64_t(i))}};
        const int k = rng.below(key_range);
        switch (rng.below(6)) {
            case 0:
                break;  // no g: null key
            case 1:
                props.push_back({"g", Value(double(k))});
                break;
            case 2:
                props.push_back({"g", Value("k" + std::to_string(k))});
                break;
            case 3:
                props.push_back({"g", Value(List{Value(std::int64_t(k % 3)), Value(1.0)})});
                break;
            default:
                props.push_back({"g", Value(std::int64_t(k))});
        }
        if (rng.below(5) != 0) {
            props.push_back({"v", rng.below(3) == 0 ? Value(rng.below(9) / 4.0)
                                                    : Value(std::int64_t(rng.below(9)) - 4)});
        }
        if (rng.below(4) != 0) props.push_back({"s", Value("s" + std::to_string(rng.below(5)))});
        ids.push_back(txn.create_node({"R"}, props));
    }
    for (int e = 0; e < edges && nodes > 0; ++e) {
        const NodeId a = ids[std::size_t(rng.below(nodes))];
        const NodeId b = rng.below(6) == 0 ? a : ids[std::size_t(rng.below(nodes))];
        txn.create_edge(a, "T", b);
    }
}

struct Shape {
    std::string match;                   // MATCH ... up to RETURN
    std::vector<std::string> key_exprs;  // grouping expressions
};

const std::vector<Agg> all_aggs = {
    {"*"},       {"count"},       {"sum"},       {"avg"},       {"min"},           {"max"},
    {"collect"}, {"count", true}, {"sum", true}, {"min", true}, {"collect", true}, {"avg", true},
    {"stDev"},   {"max"},         {"min"},
};
const std::vector<std::string> agg_args = {"*",   "n.v", "n.v", "n.v", "n.s", "n.v", "n.s", "n.v",
                                           "n.v", "n.s", "n.g", "n.v", "n.v", "n.g", "m"};

std::size_t expect_same_as_reference(Transaction& txn, const Shape& shape,
                                     const std::string& where) {
    std::string raw_text = shape.match + " RETURN ";
    std::string grouped_text = shape.match + " RETURN ";
    std::size_t col = 0;
    for (const std::string& k : shape.key_exprs) {
        raw_text += k + " AS c" + std::to_string(col) + ", ";
        grouped_text += k + " AS c" + std::to_string(col) + ", ";
        ++col;
    }
    for (std::size_t i = 0; i < all_aggs.size(); ++i) {
        const Agg& a = all_aggs[i];
        raw_text += (a.function == "*" ? "null" : agg_args[i]) + " AS c" + std::to_string(col) +
                    (i + 1 < all_aggs.size() ? ", " : "");
        grouped_text += (a.function == "*" ? std::string("count(*)")
                                           : a.function + "(" + (a.distinct ? "DISTINCT " : "") +
                                                 agg_args[i] + ")") +
                        " AS c" + std::to_string(col) + (i + 1 < all_aggs.size() ? ", " : "");
        ++col;
    }
    const Rows expected = reference(run(txn, raw_text), shape.key_exprs.size(), all_aggs);
    const Rows got = run(txn, grouped_text);
    EXPECT_EQ(literals(got), literals(expected)) << where << ": " << grouped_text;
    return got.size();
}

class GroupedAggregation : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(GroupedAggregation, MatchesANaiveGrouping) {
    const std::uint32_t seed = GetParam();
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    const int nodes = seed % 5 == 0 ? 0 : 1 + int(seed * 13 % 120);
    const int key_range = seed % 3 == 0 ? 1 : 2 + int(seed % 40);  // one group .. many
    db.update([&](WriteTransaction& txn) { load(txn, seed, nodes, nodes * 2, key_range); });
    ReadTransaction txn = db.begin_read();
    const std::string where = "seed " + std::to_string(seed);
    const std::vector<Shape> shapes = {
        {"MATCH (n:R) OPTIONAL MATCH (n)-->(m)", {"n.g"}},
        {"MATCH (n:R) OPTIONAL MATCH (n)-->(m)", {}},
        {"MATCH (n:R) OPTIONAL MATCH (n)-->(m)", {"n.g", "n.s"}},
        {"MATCH (n:R)--(m)", {"m"}},  // nodes as keys
        {"MATCH (n:R)--(m)", {"m", "n.i % 2"}},
        {"MATCH (n:R)--(m)", {"n.i"}},                                    // a group per node
        {"MATCH (n:R) WHERE n.i < 0 OPTIONAL MATCH (n)-->(m)", {"n.g"}},  // no rows
        {"MATCH (n:R) WHERE n.i < 0 OPTIONAL MATCH (n)-->(m)", {}},
    };
    std::size_t groups = 0;
    for (const Shape& s : shapes)
        groups += expect_same_as_reference(txn, s, where);
    EXPECT_GT(groups, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, GroupedAggregation,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(30, 6)));

// The input slots read above the Aggregate survive in each group (n in n.i + count(*)), and an
// enclosing Apply's seed slots survive too.
TEST(GroupedAggregation, KeepsTheSlotsReadAboveIt) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.update([&](WriteTransaction& txn) { load(txn, 3, 40, 80, 5); });
    ReadTransaction txn = db.begin_read();
    const std::string text = "MATCH (n:R) RETURN n.g AS g, n.i * 1000 + count(*) AS x";
    std::string plan;
    for (const auto& row : run(txn, "EXPLAIN " + text))
        plan += to_literal(row[0]) + "\n";
    EXPECT_NE(plan.find("Aggregate (group by: n.g AS g; aggregates: count(*); carries: n)"),
              std::string::npos)
        << plan;
    // Reference: the first row of each group (LabelScan order) gives n.i.
    const Rows raw = run(txn, "MATCH (n:R) RETURN n.g, n.i");
    std::vector<std::vector<Value>> firsts;
    std::vector<std::int64_t> counts;
    for (const auto& row : raw) {
        std::size_t g = 0;
        while (g < firsts.size() && !query::equivalent(firsts[g][0], row[0]))
            ++g;
        if (g == firsts.size()) {
            firsts.push_back(row);
            counts.push_back(0);
        }
        ++counts[g];
    }
    Rows expected;
    for (std::size_t g = 0; g < firsts.size(); ++g)
        expected.push_back({firsts[g][0], Value(firsts[g][1].as_int() * 1000 + counts[g])});
    EXPECT_EQ(literals(run(txn, text)), literals(expected));
}

}  // namespace
}  // namespace caspian
