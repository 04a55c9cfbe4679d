// Text primitives shared by every layer: UTF-8 validation (every way text enters the store: query
// text, import files), character offsets (Cypher counts strings in characters, not bytes),
// UTF-8 encoding, escape decoding, ASCII lower-casing and the edit distance behind every
// "did you mean". Each exists here once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian {

// The offset of the first byte that makes text not UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included) or that is NUL; npos when the text is clean. Strings in the
// store are UTF-8 without NUL bytes, so names and values print, sort and export the same
// everywhere.
inline std::size_t find_bad_text_byte(std::string_view text) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned c = s[i];
        if (c == 0) return i;
        const std::size_t n = c < 0x80                 ? 1
                              : c >= 0xC2 && c <= 0xDF ? 2
                              : c >= 0xE0 && c <= 0xEF ? 3
                              : c >= 0xF0 && c <= 0xF4 ? 4
                                                       : 0;
        bool ok = n != 0 && i + n <= text.size();
        for (std::size_t k = 1; ok && k < n; ++k)
            ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && n == 3) ok = !(c == 0xE0 && s[i + 1] < 0xA0) && !(c == 0xED && s[i + 1] > 0x9F);
        if (ok && n == 4) ok = !(c == 0xF0 && s[i + 1] < 0x90) && !(c == 0xF4 && s[i + 1] > 0x8F);
        if (!ok) return i;
        i += n;
    }
    return std::string_view::npos;
}

// True for the bytes that continue a UTF-8 sequence (10xxxxxx).
inline bool is_continuation_byte(char c) noexcept {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offsets of each character's start, plus the string's size at the end.
std::vector<std::size_t> char_offsets(std::string_view s);
// The number of characters (code points) of UTF-8 text.
std::int64_t char_count(std::string_view s) noexcept;
// Characters [from, from + len) of s, clamped to its end; from and len are non-negative.
std::string char_substr(std::string_view s, std::int64_t from, std::int64_t len);

// Appends code point cp (at most U+10FFFF, no surrogate: the caller checks) as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// The character a one-letter backslash escape of a Cypher string stands for (\n, \t, \r, \b,
// \f, \\, \', \"); nullopt for any other letter (\u and \U are the caller's: they take digits).
std::optional<char> unescape_char(char letter) noexcept;

// A copy with A-Z lowered; other bytes, UTF-8 included, unchanged. Cypher function, procedure
// and aggregate names compare this way.
std::string ascii_lower(std::string_view s);

// Edits from a to b, counting an insertion, a deletion, a substitution or a swap of two
// neighbouring bytes as one (optimal string alignment): "qurey" is 1 from "query".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The name of names fewest edits from word, ignoring ASCII case (so a name differing only in
// case is 0 away), if at most max_edits; the first of equals wins. Did-you-mean suggestions.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& names,
                                        std::size_t max_edits);

}  // namespace caspian
