// Tests of storage/edge_block.cpp (format version 5): the pinned bytes of a block, lookups by
// slot, edits, and bad bytes that must be Error{Corrupt}, never a crash.
#include "storage/edge_block.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace caspian::storage {
namespace {

using namespace std::string_literals;

TEST(EdgeBlock, BytesArePinned) {
    EdgeBlock block;
    block.set(31, "\x02zz"s);
    block.set(1, "\x02\x07"s);
    // Version, BE u32 bitmap (slots 1 and 31), lengths in slot order, records in slot order.
    EXPECT_EQ(block.encode(), "\x05\x80\x00\x00\x02\x02\x03\x02\x07\x02zz"s);
}

TEST(EdgeBlock, KeysAndSlotsSplitIdsIn32s) {
    EXPECT_EQ(edge_block_first(1), 0u);
    EXPECT_EQ(edge_block_first(31), 0u);
    EXPECT_EQ(edge_block_first(32), 32u);
    EXPECT_EQ(edge_block_slot(33), 1u);
    EXPECT_EQ(edge_block_slot(63), 31u);
}

TEST(EdgeBlock, FindsEachRecordAndNoOther) {
    std::mt19937 rng(4);
    for (int round = 0; round < 50; ++round) {
        EdgeBlock block;
        std::string expected[edge_block_slots];
        for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
            if (rng() % 3 == 0) continue;
            expected[slot] = "\x02" + std::string(rng() % 200, char('a' + slot));
            block.set(slot, expected[slot]);
        }
        if (block.empty()) continue;
        const std::string bytes = block.encode();
        ASSERT_TRUE(is_edge_block(bytes));
        for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
            const auto found = find_in_edge_block(bytes, slot);
            if (expected[slot].empty()) {
                EXPECT_FALSE(found.has_value()) << "slot " << slot;
            } else {
                EXPECT_EQ(found, expected[slot]) << "slot " << slot;
            }
        }
        EXPECT_EQ(EdgeBlock(bytes).encode(), bytes);  // decoding and encoding round trip
    }
}

TEST(EdgeBlock, EraseEmptiesASlotAndTheLastErasureTheBlock) {
    EdgeBlock block;
    block.set(3, "\x02\x01"s);
    block.set(4, "\x02\x02"s);
    EXPECT_TRUE(block.erase(3));
    EXPECT_FALSE(block.erase(3));
    EXPECT_FALSE(find_in_edge_block(block.encode(), 3).has_value());
    EXPECT_EQ(find_in_edge_block(block.encode(), 4), "\x02\x02"s);
    block.set(4, "\x02\x03\x04"s);  // a rewrite replaces the record
    EXPECT_EQ(find_in_edge_block(block.encode(), 4), "\x02\x03\x04"s);
    EXPECT_TRUE(block.erase(4));
    EXPECT_TRUE(block.empty());
}

TEST(EdgeBlock, BadBytesAreCorrupt) {
    EdgeBlock block;
    block.set(0, "\x02\x01\x02"s);
    block.set(9, "\x02\x05"s);
    const std::string bytes = block.encode();
    const auto corrupt = [](const std::string& b, const char* what) {
        try {
            (void)decode_edge_block(b);
            ADD_FAILURE() << what << ": no error";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Corrupt) << what;
        }
    };
    for (std::size_t n = 0; n < bytes.size(); ++n)
        corrupt(bytes.substr(0, n), "cut");
    corrupt(bytes + "x", "extended");
    corrupt("\x02\x01\x02"s, "a record, not a block");
    corrupt("\x05\x00\x00\x00\x00"s, "no record");
    std::string zero_length = bytes;
    zero_length[5] = 0;
    corrupt(zero_length, "a record of no bytes");
    // Any flipped byte decodes or is corrupt: never a crash.
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (const char x : {'\x00', '\x7f', '\x80', '\xff'}) {
            std::string b = bytes;
            b[i] = x;
            try {
                (void)decode_edge_block(b);
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
            }
        }
    }
}

TEST(EdgeBlock, AnEmptyRecordOrABadSlotIsRefused) {
    EdgeBlock block;
    EXPECT_THROW(block.set(32, "\x02"s), Error);
    EXPECT_THROW(block.set(0, ""), Error);
    EXPECT_FALSE(block.erase(40));
}

}  // namespace
}  // namespace caspian::storage
