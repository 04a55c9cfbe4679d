// Durations in property indexes (issue #16, format version 2): key order, seeks, uniqueness,
// the upgrade of a version 1 database by its first write, and what `check` sees before and
// after it. Links only caspian_graph.
#include "graph/constraints.hpp"
#include "graph/integrity_check.hpp"
#include "support/format_version.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

std::string ordered(const Duration& d) {
    std::string out;
    EXPECT_TRUE(storage::encode_ordered(out, Value(d)));
    return out;
}

TEST(DurationKeys, ByteOrderIsComponentOrder) {
    const std::uint32_t seed = 16;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int64_t> small(-3, 3);
    std::vector<Duration> ds = {{INT64_MIN, 0, 0, 0}, {INT64_MAX, 0, 0, 0}, {0, 0, 0, 999'999'999}};
    for (int i = 0; i < 300; ++i) {
        ds.push_back({small(rng), small(rng), small(rng) * 1'000'000'000'000,
                      std::int32_t(std::uniform_int_distribution<int>(0, 2)(rng) * 400'000'000)});
    }
    for (const Duration& a : ds) {
        for (const Duration& b : {ds[0], ds[7], ds[100], ds[250]}) {
            const int bytes = ordered(a).compare(ordered(b));
            const auto want = a <=> b;
            EXPECT_EQ(bytes < 0, want < 0)
                << "seed " << seed << ": " << to_iso(a) << " " << to_iso(b);
            EXPECT_EQ(bytes == 0, want == 0) << "seed " << seed << ": " << to_iso(a);
        }
    }
    // Equal keys only for equal components: a month is not thirty days.
    EXPECT_NE(ordered({1, 0, 0, 0}), ordered({0, 30, 0, 0}));
}

class DurationIndex : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId trip_{0};
    PropertyId length_{0};
    const Duration week_{0, 7, 0, 0};

    // Three :Trip nodes (P7D, P1M, PT1.5S) and an index on :Trip(length).
    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        trip_ = g.intern<NameKind::Label>("Trip");
        length_ = g.intern<NameKind::Property>("length");
        g.create_node({trip_}, {{length_, Value(week_)}});
        g.create_node({trip_}, {{length_, Value(Duration{1, 0, 0, 0})}});
        g.create_node({trip_}, {{length_, Value(Duration{0, 0, 1, 500'000'000})}});
        g.create_index(trip_, length_);
        txn.commit();
    }

    std::vector<std::uint64_t> seek(const std::optional<Value>& lo,
                                    const std::optional<Value>& hi) {
        storage::ReadTxn txn(*env_);
        std::vector<std::uint64_t> ids;
        GraphReader(txn).index_scan(trip_, length_, lo, hi, [&](NodeId id) {
            ids.push_back(id.value);
            return true;
        });
        return ids;
    }

    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }

    // What a version 1 database holds: no duration entries, version 1 in meta.
    void make_version_1() {
        storage::WriteTxn txn(*env_);
        GraphReader r(txn);
        for (std::uint64_t id : {1, 2, 3}) {
            const Value v = *find_property(r.node(NodeId(id))->properties, length_);
            const std::uint64_t native = id;
            txn.del(txn.tables().prop_index, *index_key(trip_, length_, v),
                    std::string_view(reinterpret_cast<const char*>(&native), sizeof native));
        }
        caspian::testing::set_stored_format_version(txn, 1);
        txn.commit();
    }
};

TEST_F(DurationIndex, SeeksFindEqualDurationsInOrder) {
    EXPECT_EQ(seek(Value(week_), Value(week_)), std::vector<std::uint64_t>{1});
    EXPECT_TRUE(seek(Value(Duration{0, 30, 0, 0}), Value(Duration{0, 30, 0, 0})).empty());
    // From P7D up, within durations: months, days, seconds order (PT1.5S < P7D < P1M).
    EXPECT_EQ(seek(Value(week_), std::nullopt), (std::vector<std::uint64_t>{1, 2}));
    EXPECT_TRUE(problems().empty()) << problems().front();
}

TEST_F(DurationIndex, UniquenessUsesTheIndex) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    create_unique_constraint(g, "one_length", trip_, length_, false);
    try {
        g.create_node({trip_}, {{length_, Value(week_)}});
        ADD_FAILURE() << "a second P7D was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Constraint) << e.what();
    }
    g.create_node({trip_}, {{length_, Value(Duration{0, 30, 0, 0})}});  // not equal to P1M
}

TEST_F(DurationIndex, VersionOneScansTheLabelUntilTheFirstWriteUpgradesIt) {
    make_version_1();
    {
        storage::ReadTxn txn(*env_);
        EXPECT_EQ(GraphReader(txn).stored_format_version(), 1u);
    }
    // Before the upgrade a duration seek visits the label (the caller re-checks), and check
    // expects no duration entries.
    EXPECT_EQ(seek(Value(week_), Value(week_)), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_TRUE(problems().empty()) << problems().front();
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        txn.commit();
    }
    {
        storage::ReadTxn txn(*env_);
        EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    }
    EXPECT_EQ(seek(Value(week_), Value(week_)), std::vector<std::uint64_t>{1});
    EXPECT_TRUE(problems().empty()) << problems().front();
}

TEST_F(DurationIndex, CheckReportsAMissingDurationEntry) {
    make_version_1();
    {  // back to version 2 without the entries: what a broken upgrade would leave
        storage::WriteTxn txn(*env_);
        caspian::testing::set_stored_format_version(txn, storage::format_version);
        txn.commit();
    }
    const auto found = problems();
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(
        std::count(found.begin(), found.end(), "property index :Trip(length): node 1 is missing"),
        1);
    EXPECT_EQ(found[3], "property index :Trip(length): 0 entries for 3 indexed values");
}

}  // namespace
}  // namespace caspian::graph
