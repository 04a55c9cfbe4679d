// Text checks shared by every way text enters the store (query text, import files): strings are
// UTF-8 without NUL bytes, so names and values print, sort and export the same everywhere.
#pragma once

#include <cstddef>
#include <string_view>

namespace caspian::storage {

// The offset of the first byte that makes text not UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included) or that is NUL; npos when the text is clean.
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

}  // namespace caspian::storage
