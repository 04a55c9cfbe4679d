// Fixed-width key fields. Composite keys are big-endian so that byte order is numeric order;
// keys of MDB_INTEGERKEY tables and MDB_INTEGERDUP values are native-endian, as LMDB requires.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace caspian::storage {

inline void append_be32(std::string& out, std::uint32_t v) {
    char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}

inline void append_be64(std::string& out, std::uint64_t v) {
    append_be32(out, std::uint32_t(v >> 32));
    append_be32(out, std::uint32_t(v));
}

inline std::uint32_t read_be32(const void* p) {
    const auto* b = static_cast<const unsigned char*>(p);
    return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 |
           std::uint32_t(b[3]);
}

inline std::uint64_t read_be64(const void* p) {
    const auto* b = static_cast<const unsigned char*>(p);
    return std::uint64_t(read_be32(b)) << 32 | read_be32(b + 4);
}

inline void write_be32(void* p, std::uint32_t v) {
    auto* b = static_cast<unsigned char*>(p);
    b[0] = static_cast<unsigned char>(v >> 24);
    b[1] = static_cast<unsigned char>(v >> 16);
    b[2] = static_cast<unsigned char>(v >> 8);
    b[3] = static_cast<unsigned char>(v);
}

inline void write_be64(void* p, std::uint64_t v) {
    write_be32(p, std::uint32_t(v >> 32));
    write_be32(static_cast<unsigned char*>(p) + 4, std::uint32_t(v));
}

// The low 48 bits of v (adjacency ids, format version 4); the caller checks they are all of it.
inline void write_be48(void* p, std::uint64_t v) {
    auto* b = static_cast<unsigned char*>(p);
    b[0] = static_cast<unsigned char>(v >> 40);
    b[1] = static_cast<unsigned char>(v >> 32);
    write_be32(b + 2, std::uint32_t(v));
}

inline std::uint64_t read_be48(const void* p) {
    const auto* b = static_cast<const unsigned char*>(p);
    return std::uint64_t(b[0]) << 40 | std::uint64_t(b[1]) << 32 | read_be32(b + 2);
}

template <typename T>
T read_native(const void* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

}  // namespace caspian::storage
