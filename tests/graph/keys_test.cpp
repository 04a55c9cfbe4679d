// Tests of graph/keys.cpp: every encoder round-trips through its decoder, and every big-endian key
// sorts bytewise in the numeric order of its fields, so the on-disk layouts cannot drift. Random
// fields come from fixed seeds, printed on failure. Links only caspian_graph.
#include "graph/keys.hpp"

#include "support/error_kind.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::kind_of;

// Random fields, with the extremes mixed in: a layout bug often shows only at 0 or the top bit.
class Fields {
public:
    explicit Fields(std::uint32_t seed) : rng_(seed) {}
    std::uint32_t u32() {
        switch (rng_() % 8) {
            case 0:
                return 0;
            case 1:
                return UINT32_MAX;
            case 2:
                return std::uint32_t(rng_() % 300);  // neighbours differing in the low byte
            default:
                return std::uint32_t(rng_());
        }
    }
    std::uint64_t u64() {
        switch (rng_() % 8) {
            case 0:
                return 0;
            case 1:
                return UINT64_MAX;
            case 2:
                return rng_() % 300;
            default:
                return rng_();
        }
    }
    std::int64_t i64() { return std::int64_t(u64()); }

private:
    std::mt19937_64 rng_;
};

constexpr int pairs_per_seed = 200;

class Keys : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(Keys, NameKeysRoundTrip) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const std::string name = "n" + std::to_string(f.u64());
        for (NameKind kind : {NameKind::Label, NameKind::Type, NameKind::Property}) {
            const std::string key = name_key(kind, name);
            const auto decoded = decode_name_key(key);  // views into key
            ASSERT_TRUE(decoded) << "seed " << GetParam();
            EXPECT_EQ(decoded->first, kind) << "seed " << GetParam();
            EXPECT_EQ(decoded->second, name) << "seed " << GetParam();
        }
    }
}

TEST_P(Keys, IdNameKeysRoundTripAndSortByIdWithinAKind) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const std::uint32_t a = f.u32(), b = f.u32();
        const std::string ka = id_name_key(NameKind::Type, a);
        EXPECT_EQ(decode_id_name_key(NameKind::Type, ka), a) << "seed " << GetParam();
        EXPECT_FALSE(decode_id_name_key(NameKind::Label, ka)) << "seed " << GetParam();
        EXPECT_EQ(a < b, ka < id_name_key(NameKind::Type, b)) << "seed " << GetParam();
        EXPECT_TRUE(ka.starts_with(name_kind_prefix(NameKind::Type))) << "seed " << GetParam();
        EXPECT_EQ(decode_name_id(encode_name_id(a)), a) << "seed " << GetParam();
    }
}

TEST_P(Keys, NativeIdsRoundTrip) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const std::uint64_t id = f.u64();
        EXPECT_EQ(read_id(id_key(id).data()), id) << "seed " << GetParam();
        EXPECT_EQ(decode_u64(id_key(id)), id) << "seed " << GetParam();
        EXPECT_EQ(decode_counter(id_key(id)), id) << "seed " << GetParam();
    }
}

TEST_P(Keys, AdjacencyEntriesRoundTripAndSortByTypeNeighbourEdge) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        // Share fields often, so that the later fields decide the order.
        // Ids are 48 bits in an entry (format version 4).
        const AdjEntry a{TypeId(f.u32() % 4), NodeId(f.u64() & max_adj_id),
                         EdgeId(f.u64() & max_adj_id)};
        const AdjEntry b{TypeId(f.u32() % 4),
                         i % 2 == 0 ? a.neighbour : NodeId(f.u64() & max_adj_id),
                         EdgeId(f.u64() & max_adj_id)};
        const std::string ea = encode_adj(a), eb = encode_adj(b);
        ASSERT_EQ(ea.size(), adj_entry_size);
        const AdjEntry back = decode_adj(ea.data());
        EXPECT_EQ(std::tie(back.type, back.neighbour, back.edge),
                  std::tie(a.type, a.neighbour, a.edge))
            << "seed " << GetParam();
        EXPECT_EQ(std::tie(a.type, a.neighbour, a.edge) < std::tie(b.type, b.neighbour, b.edge),
                  ea < eb)
            << "seed " << GetParam();
    }
}

TEST_P(Keys, IndexPrefixesRoundTripAndSortByLabelThenProperty) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const LabelId la(f.u32());
        const PropertyId pa(f.u32());
        const LabelId lb = i % 2 == 0 ? la : LabelId(f.u32());
        const PropertyId pb(f.u32());
        const std::string ka = index_prefix(la, pa);
        EXPECT_EQ(decode_index_prefix(ka), std::pair(la, pa)) << "seed " << GetParam();
        EXPECT_EQ(std::pair(la, pa) < std::pair(lb, pb), ka < index_prefix(lb, pb))
            << "seed " << GetParam();
    }
}

TEST_P(Keys, IndexKeysOfIntegersSortByValueUnderTheirPrefix) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const std::int64_t a = f.i64(), b = f.i64();
        const LabelId l(7);
        const PropertyId p(9);
        const auto ka = index_key(l, p, Value(a)), kb = index_key(l, p, Value(b));
        ASSERT_TRUE(ka && kb) << "seed " << GetParam();
        EXPECT_EQ(ka->substr(0, 8), index_prefix(l, p)) << "seed " << GetParam();
        EXPECT_EQ(a < b, *ka < *kb) << "seed " << GetParam() << ": " << a << " vs " << b;
    }
}

TEST_P(Keys, StatKeysRoundTripAndSortByIdWithinAKind) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const std::uint32_t a = f.u32(), b = f.u32();
        for (StatKind kind : {StatKind::Nodes, StatKind::Edges, StatKind::Label, StatKind::Type,
                              StatKind::Sources, StatKind::Targets}) {
            const std::string ka = stat_key(kind, a);
            EXPECT_EQ(decode_stat_key(ka), std::pair(kind, a)) << "seed " << GetParam();
            EXPECT_EQ(a < b, ka < stat_key(kind, b)) << "seed " << GetParam();
        }
    }
}

TEST_P(Keys, ConstraintRecordsRoundTrip) {
    Fields f(GetParam());
    for (int i = 0; i < pairs_per_seed; ++i) {
        const ConstraintRecord c{LabelId(f.u32()), PropertyId(f.u32()), i % 2 == 0};
        const auto back = decode_constraint(encode_constraint(c));
        ASSERT_TRUE(back) << "seed " << GetParam();
        EXPECT_EQ(std::tie(back->label, back->property, back->owns_index),
                  std::tie(c.label, c.property, c.owns_index))
            << "seed " << GetParam();
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Keys, ::testing::Range<std::uint32_t>(0, 20));

// The exact bytes of docs/storage-format.md: a change here is a format change.
TEST(KeyLayouts, MatchTheDocumentedBytes) {
    EXPECT_EQ(name_kind_prefix(NameKind::Type), "t");
    EXPECT_EQ(name_key(NameKind::Label, "Person"), "lPerson");
    EXPECT_EQ(id_name_key(NameKind::Property, 0x01020304), std::string("p\x01\x02\x03\x04", 5));
    EXPECT_EQ(stat_key(StatKind::Targets, 2), std::string("d\0\0\0\x02", 5));
    EXPECT_EQ(index_prefix(LabelId(1), PropertyId(2)), std::string("\0\0\0\x01\0\0\0\x02", 8));
    EXPECT_EQ(encode_adj({TypeId(1), NodeId(2), EdgeId(3)}), std::string("\0\0\0\x01"
                                                                         "\0\0\0\0\0\x02"
                                                                         "\0\0\0\0\0\x03",
                                                                         16));
    EXPECT_EQ(encode_adj_v3({TypeId(1), NodeId(2), EdgeId(3)}), std::string("\0\0\0\x01"
                                                                            "\0\0\0\0\0\0\0\x02"
                                                                            "\0\0\0\0\0\0\0\x03",
                                                                            20));
    EXPECT_EQ(constraint_key("c"), "constraint:c");
    EXPECT_EQ(encode_constraint({LabelId(1), PropertyId(2), true}),
              std::string("U\0\0\0\x01\0\0\0\x02\x01", 10));
    EXPECT_EQ(next_name_key(NameKind::Type), "next:name:t");
    EXPECT_EQ(next_node_key, "next:node");
    EXPECT_EQ(next_edge_key, "next:edge");
    EXPECT_EQ(schema_version_key, "schema_version");
    EXPECT_EQ(key_property, "key");
}

TEST(KeyLayouts, MalformedBytesDoNotDecode) {
    EXPECT_FALSE(decode_name_key("l"));
    EXPECT_FALSE(decode_name_key("xName"));
    EXPECT_FALSE(decode_id_name_key(NameKind::Label, std::string("l\0\0\0", 4)));
    EXPECT_FALSE(decode_stat_key(std::string("n\0\0\0\0\0", 6)));
    EXPECT_FALSE(decode_stat_key(std::string("x\0\0\0\0", 5)));
    EXPECT_FALSE(decode_constraint(std::string("U\0\0\0\x01\0\0\0\x02\x02", 10)));
    EXPECT_FALSE(decode_constraint(std::string("V\0\0\0\x01\0\0\0\x02\x01", 10)));
    EXPECT_FALSE(decode_constraint("U"));
    EXPECT_FALSE(decode_u64("1234567"));
    EXPECT_EQ(kind_of([] { (void)decode_name_id("abc"); }), ErrorKind::Corrupt);
    EXPECT_EQ(kind_of([] { (void)decode_index_prefix("1234567"); }), ErrorKind::Corrupt);
    EXPECT_EQ(kind_of([] { (void)decode_u64("123456789", "statistics entry"); }),
              ErrorKind::Corrupt);
}

TEST(KeyLayouts, AbsentOrMalformedCountersReadAsOne) {
    EXPECT_EQ(decode_counter(std::nullopt), 1u);
    EXPECT_EQ(decode_counter("short"), 1u);
}

TEST(KeyLayouts, LongIndexKeysAreCutToTheKeyLimit) {
    const auto k = index_key(LabelId(1), PropertyId(2), Value(std::string(2000, 'x')));
    ASSERT_TRUE(k);
    EXPECT_EQ(k->size(), 511u);
    EXPECT_FALSE(index_key(LabelId(1), PropertyId(2), Value()));
}

}  // namespace
}  // namespace caspian::graph
