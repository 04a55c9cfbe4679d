// libFuzzer target: client bytes through Bolt's chunking and PackStream decoder
// (server/bolt/packstream.hpp), both dialects. Bad bytes must be ProtocolError; a message that
// decodes must encode and decode again to the same bytes.
#include "server/bolt/packstream.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace caspian::server::bolt;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (const Dialect dialect : {Dialect{true, true}, Dialect{false, false}}) {
        try {
            const Message m = decode_message(bytes, dialect);
            std::string once;
            Packer packer(once, dialect);
            packer.struct_header(m.fields.size(), m.tag);
            for (const caspian::Value& v : m.fields)
                packer.value(v);
            std::string twice;
            Packer again(twice, dialect);
            const Message m2 = decode_message(once, dialect);
            again.struct_header(m2.fields.size(), m2.tag);
            for (const caspian::Value& v : m2.fields)
                again.value(v);
            if (once != twice) std::abort();  // a finding: decode -> encode is not stable
        } catch (const ProtocolError&) {
        }
    }
    // The same bytes as a chunked stream, with a small message limit.
    std::size_t pos = 0;
    const ReadExact read = [&bytes, &pos](char* buffer, std::size_t n) {
        if (bytes.size() - pos < n) throw ProtocolError("end of input");
        std::copy_n(bytes.data() + pos, n, buffer);
        pos += n;
    };
    try {
        for (;;)
            (void)read_chunked(read, 4096);
    } catch (const ProtocolError&) {
    }
    return 0;
}
