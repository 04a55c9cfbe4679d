// Terminal column widths of UTF-8 text (cli/text_width.hpp).
#include "cli/text_width.hpp"

#include <locale.h>
#include <cwchar>

namespace caspian::cli {

namespace {

// The code point at s[i] and its length in bytes; an invalid sequence is one byte, U+FFFD.
char32_t decode(std::string_view s, std::size_t i, std::size_t& length) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t n = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
        length = 1;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        n = 2;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        n = 3;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        n = 4;
        cp = lead & 0x07;
    }
    if (n == 0 || i + n > s.size()) {
        length = 1;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            length = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    length = n;
    return cp;
}

// wcwidth answers for the calling thread's LC_CTYPE: ask it under C.UTF-8, which every glibc
// has, whatever locale the user runs in.
int columns(char32_t cp) {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    if (cp < 0x80) return 1;
    if (utf8 == locale_t{}) return 1;
    const locale_t previous = uselocale(utf8);
    const int w = ::wcwidth(static_cast<wchar_t>(cp));
    uselocale(previous);
    return w < 0 ? 1 : w;
}

}  // namespace

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t i = 0, n = 0; i < s.size(); i += n) {
        width += static_cast<std::size_t>(columns(decode(s, i, n)));
    }
    return width;
}

std::string fit_width(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return {};
    std::size_t used = 0, end = 0;
    for (std::size_t i = 0, n = 0; i < s.size(); i += n) {
        const auto w = static_cast<std::size_t>(columns(decode(s, i, n)));
        if (used + w > width - 1) break;  // keep a column for the ellipsis
        used += w;
        end = i + n;
    }
    return std::string(s.substr(0, end)) + "…";
}

}  // namespace caspian::cli
