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

using Lengths = std::array<std::uint64_t, edge_block_slots>;

// Reads the bitmap (returned) and each present slot's record length into lengths, checked;
// leaves in at the first record.
std::uint32_t read_header(std::string_view block, Reader& in, Lengths& lengths) {
    if (!is_edge_block(block)) bad_block("wrong version byte");
    in = Reader(block.substr(1));
    const std::uint32_t present = read_be32(in.bytes(4).data());
    if (present == 0) bad_block("no record");
    std::uint64_t total = 0;
    for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
        if ((present >> slot & 1U) == 0) continue;
        lengths[slot] = in.varint();
        if (lengths[slot] == 0 || lengths[slot] > block.size()) bad_block("bad record length");
        total += lengths[slot];
    }
    if (total != in.remaining()) bad_block("the lengths do not add up to the records' bytes");
    return present;
}

}  // namespace

EdgeBlockView decode_edge_block(std::string_view block) {
    Reader in(block);
    Lengths lengths{};
    EdgeBlockView view;
    view.present = read_header(block, in, lengths);
    for (unsigned slot = 0; slot < edge_block_slots; ++slot) {
        if ((view.present >> slot & 1U) != 0) view.records[slot] = in.bytes(lengths[slot]);
    }
    return view;
}

// One record without views of the others: the lengths before it give its offset, summed in
// the one pass that checks the header (issue #20: an Expand filtering on edge properties, and
// a join reading an edge property, look up one record per edge).
std::optional<std::string_view> find_in_edge_block(std::string_view block, unsigned slot) {
    if (!is_edge_block(block)) bad_block("wrong version byte");
    Reader in(block.substr(1));
    const std::uint32_t present = read_be32(in.bytes(4).data());
    if (present == 0) bad_block("no record");
    std::uint64_t total = 0, offset = 0, length = 0;
    for (std::uint32_t left = present; left != 0; left &= left - 1) {
        const unsigned at = unsigned(std::countr_zero(left));
        const std::uint64_t n = in.varint();
        if (n == 0 || n > block.size()) bad_block("bad record length");
        if (at < slot) offset += n;
        if (at == slot) length = n;
        total += n;
    }
    if (total != in.remaining()) bad_block("the lengths do not add up to the records' bytes");
    if (slot >= edge_block_slots || (present >> slot & 1U) == 0) return std::nullopt;
    in.bytes(offset);
    return in.bytes(length);
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
