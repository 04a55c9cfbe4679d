// The packed adjacency chunk codec (graph/adj_chunk.hpp): random chunks round-trip through
// encode_adj_chunk and decode_adj_chunk into a buffer, the count byte matches, and damaged bytes
// are Error{Corrupt}, never a read past the value.
#include "graph/adj_chunk.hpp"
#include "support/error_kind.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::kind_of;

// 1 to adj_chunk_max distinct ascending entries: small and 48-bit ids, repeated types and
// neighbours (parallel edges), edge ids going down as well as up.
std::vector<AdjEntry> random_entries(std::mt19937_64& rng) {
    const std::size_t n = std::uniform_int_distribution<std::size_t>(1, adj_chunk_max)(rng);
    const std::uint64_t id_max = std::bernoulli_distribution(0.3)(rng) ? max_adj_id : 300;
    std::uniform_int_distribution<std::uint32_t> type(0, 3);
    std::uniform_int_distribution<std::uint64_t> id(0, id_max);
    std::set<std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>> set;
    while (set.size() < n) {
        const std::uint32_t t = std::bernoulli_distribution(0.05)(rng) ? 0xFFFF'FFFFu : type(rng);
        set.emplace(t, id(rng) % 8, id(rng));
        set.emplace(t, id(rng), id(rng));
        while (set.size() > n)
            set.erase(std::next(set.begin(), std::ptrdiff_t(rng() % set.size())));
    }
    std::vector<AdjEntry> out;
    for (const auto& [t, nb, e] : set)
        out.push_back({TypeId(t), NodeId{nb}, EdgeId{e}});
    return out;
}

TEST(AdjChunk, RandomChunksRoundTripThroughTheBuffer) {
    for (std::uint64_t seed = 0; seed < 500; ++seed) {
        std::mt19937_64 rng(seed);
        const std::vector<AdjEntry> entries = random_entries(rng);
        const NodeId node{rng() % (max_adj_id + 1)};
        const std::string key = adj_chunk_key(node, entries[0]);
        const std::string value = encode_adj_chunk(entries);
        EXPECT_EQ(adj_chunk_node(key), node) << "seed " << seed;
        EXPECT_EQ(adj_chunk_count(value), entries.size()) << "seed " << seed;
        AdjChunkBuffer buffer;
        ASSERT_EQ(decode_adj_chunk(key, value, buffer), entries.size()) << "seed " << seed;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            EXPECT_TRUE(adj_equal(buffer[i], entries[i])) << "seed " << seed << " entry " << i;
        }
        std::vector<AdjEntry> appended{{TypeId(9), NodeId{9}, EdgeId{9}}};
        decode_adj_chunk(key, value, appended);
        ASSERT_EQ(appended.size(), entries.size() + 1) << "seed " << seed;
        EXPECT_TRUE(std::equal(entries.begin(), entries.end(), appended.begin() + 1, adj_equal))
            << "seed " << seed;
    }
}

TEST(AdjChunk, BadCountBytesAreCorrupt) {
    for (const std::string& value : {std::string(), std::string(1, '\0'), std::string(1, char(65)),
                                     std::string("\x81\x00", 2)}) {
        EXPECT_EQ(kind_of([&] { (void)adj_chunk_count(value); }), ErrorKind::Corrupt);
    }
    EXPECT_EQ(adj_chunk_count(std::string(1, char(64))), 64u);
}

// Every truncation, a trailing byte, a count one too high or too low, and every single-byte
// change: either Error{Corrupt} or ascending entries within 48 bits, never a crash (ASan runs it).
TEST(AdjChunk, DamagedChunksAreCorruptOrStillValid) {
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
        std::mt19937_64 rng(seed);
        const std::vector<AdjEntry> entries = random_entries(rng);
        const std::string key = adj_chunk_key(NodeId{7}, entries[0]);
        const std::string value = encode_adj_chunk(entries);
        AdjChunkBuffer buffer;
        auto decode = [&](const std::string& k, const std::string& v) {
            return kind_of([&] { (void)decode_adj_chunk(k, v, buffer); });
        };
        for (std::size_t cut = 0; cut < value.size(); ++cut)
            EXPECT_EQ(decode(key, value.substr(0, cut)), ErrorKind::Corrupt) << seed << " " << cut;
        EXPECT_EQ(decode(key, value + '\x01'), ErrorKind::Corrupt) << seed;
        EXPECT_EQ(decode(key.substr(1), value), ErrorKind::Corrupt) << seed;
        EXPECT_EQ(decode(key + 'x', value), ErrorKind::Corrupt) << seed;
        std::string more = value;
        more[0] = char(entries.size() + 1);
        EXPECT_EQ(decode(key, more), ErrorKind::Corrupt) << seed;
        if (entries.size() > 1) {
            std::string fewer = value;
            fewer[0] = char(entries.size() - 1);
            EXPECT_EQ(decode(key, fewer), ErrorKind::Corrupt) << seed;
        }
        for (std::size_t at = 0; at < value.size(); ++at) {
            std::string damaged = value;
            damaged[at] = char(rng());
            std::size_t n = 0;
            try {
                n = decode_adj_chunk(key, damaged, buffer);
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::Corrupt) << seed << " " << at;
                continue;
            }
            ASSERT_GE(n, 1u);
            ASSERT_LE(n, adj_chunk_max);
            for (std::size_t i = 0; i < n; ++i) {
                EXPECT_LE(buffer[i].neighbour.value, max_adj_id);
                EXPECT_LE(buffer[i].edge.value, max_adj_id);
                if (i > 0) {
                    EXPECT_TRUE(adj_less(buffer[i - 1], buffer[i])) << seed << " " << at;
                }
            }
        }
    }
}

TEST(AdjChunk, EntriesOutOfOrderAreCorrupt) {
    const AdjEntry a{TypeId(2), NodeId{5}, EdgeId{9}};
    const std::string key = adj_chunk_key(NodeId{1}, a);
    AdjChunkBuffer buffer;
    // count 2, then a zero type delta, zero neighbour delta and edge delta 0 or -1 (zigzag 0, 1).
    for (const char zz : {'\0', '\x01'}) {
        const std::string value{'\x02', '\0', '\0', zz};
        EXPECT_EQ(kind_of([&] { (void)decode_adj_chunk(key, value, buffer); }), ErrorKind::Corrupt)
            << int(zz);
    }
    const std::string ok{'\x02', '\0', '\0', '\x02'};  // edge delta +1
    ASSERT_EQ(decode_adj_chunk(key, ok, buffer), 2u);
    EXPECT_TRUE(adj_equal(buffer[1], {TypeId(2), NodeId{5}, EdgeId{10}}));
}

}  // namespace
}  // namespace caspian::graph
