// libFuzzer target: stored bytes through the decoders of storage/codec.hpp (values, node and
// edge records, the ordered index encoding) and storage/edge_block.hpp (edge blocks). Bad bytes
// must be Error{Corrupt}; bytes that decode must encode and decode again to the same record.
#include "storage/codec.hpp"
#include "storage/edge_block.hpp"

#include <caspian/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool ok) {
    if (!ok) std::abort();  // a finding: decode -> encode -> decode is not stable
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    using namespace caspian::storage;
    try {
        const NodeRecord node = decode_node(bytes);
        const std::string once = encode_node(node);
        require(encode_node(decode_node(once)) == once);
    } catch (const caspian::Error&) {
    }
    try {
        const EdgeRecord edge = decode_edge(bytes);
        const std::string once = encode_edge(edge);
        require(encode_edge(decode_edge(once)) == once);
        (void)decode_edge_header(bytes);
    } catch (const caspian::Error&) {
    }
    try {
        const std::string once = EdgeBlock(bytes).encode();
        require(EdgeBlock(once).encode() == once);
    } catch (const caspian::Error&) {
    }
    try {
        Reader in(bytes);
        while (!in.at_end()) {
            const caspian::Value v = decode_value(in);
            std::string once;
            encode_value(once, v);
            Reader again(once);
            std::string twice;
            encode_value(twice, decode_value(again));
            require(twice == once);
            std::string ordered;
            (void)encode_ordered(ordered, v);
        }
    } catch (const caspian::Error&) {
    }
    return 0;
}
