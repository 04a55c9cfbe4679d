// Edge blocks (format version 5): | 05 | BE u32 slot bitmap | varint length per record |
// the records, in slot order |. The lengths come first so a lookup reads 32 bytes at most
// before it jumps to its record.
#include "storage/edge_block.hpp"

#include "storage/bytes.hpp"
#include "storage/codec.hpp"

#include <caspian/error.hpp>

#include <bit>

namespace caspian::storage {
namespace {

[[noreturn]] void bad_block(const std::string& what) {
    throw Error(ErrorKind::Corrupt, "edge block: " + what);
}

}  // namespace

EdgeBlockView decode_edge_block(std::string_view block) {
    if (!is_edge_block(block)) bad_block("wrong version byte");
    Reader in(block.substr(1));
    const std::string_view bitmap = in.bytes(4);
    EdgeBlockView view;
    view.present = read_be32(bitmap.data());
    if (view.present == 0) bad_block("no record");
    std::array<std::uint64_t, edge_block_slots> lengths{};
    std::uint64_t total = 0;
    for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
        if ((view.present >> slot & 1U) == 0) continue;
        lengths[slot] = in.varint();
        if (lengths[slot] == 0 || lengths[slot] > block.size()) bad_block("bad record length");
        total += lengths[slot];
    }
    if (total != in.remaining()) bad_block("the lengths do not add up to the records' bytes");
    for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
        if ((view.present >> slot & 1U) != 0) view.records[slot] = in.bytes(lengths[slot]);
    }
    return view;
}

std::optional<std::string_view> find_in_edge_block(std::string_view block, unsigned slot) {
    const EdgeBlockView view = decode_edge_block(block);
    if (slot >= edge_block_slots || (view.present >> slot & 1U) == 0) return std::nullopt;
    return view.records[slot];
}

EdgeBlock::EdgeBlock(std::string_view block) {
    const EdgeBlockView view = decode_edge_block(block);
    present_ = view.present;
    for (unsigned slot = 0; slot < edge_block_slots; ++slot)
        records_[slot] = view.records[slot];
}

void EdgeBlock::set(unsigned slot, std::string_view record) {
    if (slot >= edge_block_slots || record.empty()) {
        throw Error(ErrorKind::Internal, "edge block: bad slot or empty record");
    }
    present_ |= 1U << slot;
    records_[slot] = record;
}

bool EdgeBlock::erase(unsigned slot) {
    if (slot >= edge_block_slots || (present_ >> slot & 1U) == 0) return false;
    present_ &= ~(1U << slot);
    records_[slot].clear();
    return true;
}

std::string EdgeBlock::encode() const {
    std::string out;
    std::size_t bytes = 0;
    for (const std::string& r : records_)
        bytes += r.size();
    out.reserve(5 + 3 * std::size_t(std::popcount(present_)) + bytes);
    out.push_back(char(edge_block_version));
    append_be32(out, present_);
    for (const std::string& r : records_) {
        if (!r.empty()) append_varint(out, r.size());
    }
    for (const std::string& r : records_)
        out += r;
    return out;
}

}  // namespace caspian::storage
