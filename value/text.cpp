// UTF-8 offsets and encoding, escape letters, ASCII lower-casing and edit distance (see
// text.hpp).
#include "value/text.hpp"

#include <algorithm>

namespace caspian {

std::vector<std::size_t> char_offsets(std::string_view s) {
    std::vector<std::size_t> out;
    out.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_continuation_byte(s[i])) out.push_back(i);
    }
    out.push_back(s.size());
    return out;
}

std::int64_t char_count(std::string_view s) noexcept {
    return static_cast<std::int64_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string char_substr(std::string_view s, std::int64_t from, std::int64_t len) {
    const std::vector<std::size_t> offs = char_offsets(s);
    const auto n = static_cast<std::int64_t>(offs.size() - 1);
    const std::int64_t lo = std::min(from, n);
    const std::int64_t hi = len > n - lo ? n : lo + len;
    return std::string(
        s.substr(offs[static_cast<std::size_t>(lo)],
                 offs[static_cast<std::size_t>(hi)] - offs[static_cast<std::size_t>(lo)]));
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::optional<char> unescape_char(char letter) noexcept {
    switch (letter) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case '\\':
        case '\'':
        case '"':
            return letter;
        default:
            return std::nullopt;
    }
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the dynamic-programming table: the swap looks two rows back.
    std::vector<std::size_t> before(b.size() + 1), above(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::swap(before, above);
        std::swap(above, row);
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
    }
    return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& names,
                                        std::size_t max_edits) {
    const std::string folded = ascii_lower(word);
    std::optional<std::string> best;
    std::size_t best_distance = max_edits + 1;
    for (const std::string& name : names) {
        const std::size_t d = edit_distance(folded, ascii_lower(name));
        if (d < best_distance) {
            best = name;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace caspian
