// Edge records packed in blocks of consecutive ids (format version 5, issue #20): one `edges`
// entry per 32 ids, so LMDB's key, node header and slot are paid once per block, not per edge.
// Layout: docs/storage-format.md. Decoding checks every bound: bad bytes are Error{Corrupt}.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caspian::storage {

// The first byte of a block; edge records (versions 1 and 2) never start with it, which tells a
// block from the one-record entries of format versions 1 to 4.
inline constexpr std::uint8_t edge_block_version = 5;
inline constexpr std::uint64_t edge_block_slots = 32;

// The key of the block holding edge id (its first id) and the id's slot in it.
inline std::uint64_t edge_block_first(std::uint64_t id) {
    return id - id % edge_block_slots;
}
inline unsigned edge_block_slot(std::uint64_t id) {
    return unsigned(id % edge_block_slots);
}

inline bool is_edge_block(std::string_view value) {
    return !value.empty() && static_cast<std::uint8_t>(value[0]) == edge_block_version;
}

// The records of a block by slot (empty views for empty slots), viewing block's bytes; the
// bitmap of the slots present. Throws Error{Corrupt} for bytes that are not a block.
struct EdgeBlockView {
    std::uint32_t present = 0;
    std::array<std::string_view, edge_block_slots> records{};
};
EdgeBlockView decode_edge_block(std::string_view block);
// One slot's record, nullopt when the slot is empty.
std::optional<std::string_view> find_in_edge_block(std::string_view block, unsigned slot);

// A block being edited: the records are copied, so the bytes it was read from may go.
class EdgeBlock {
public:
    EdgeBlock() = default;
    explicit EdgeBlock(std::string_view block);
    void set(unsigned slot, std::string_view record);
    // Returns false when the slot was empty.
    bool erase(unsigned slot);
    [[nodiscard]] bool empty() const noexcept { return present_ == 0; }
    [[nodiscard]] std::string encode() const;

private:
    std::uint32_t present_ = 0;
    std::array<std::string, edge_block_slots> records_{};
};

}  // namespace caspian::storage
