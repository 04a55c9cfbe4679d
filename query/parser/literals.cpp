// Decoding of name and literal text (literals.hpp).
#include "query/parser/literals.hpp"

#include "value/text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace caspian::query::parser {
namespace {

std::uint32_t hex_value(std::string_view digits) {
    return static_cast<std::uint32_t>(std::strtoul(std::string(digits).c_str(), nullptr, 16));
}

}  // namespace

std::string unquote_name(std::string_view text) {
    if (text.empty() || text.front() != '`') return std::string(text);
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '`') ++i;
    }
    return out;
}

std::string unquote_dotted(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        if (text[i] == '`') {
            ++j;
            while (j < text.size()) {
                if (text[j] == '`') {
                    if (j + 1 < text.size() && text[j + 1] == '`') {
                        j += 2;
                        continue;
                    }
                    ++j;
                    break;
                }
                ++j;
            }
        } else {
            while (j < text.size() && text[j] != '.')
                ++j;
        }
        out += unquote_name(text.substr(i, j - i));
        if (j < text.size() && text[j] == '.') {
            out += '.';
            ++j;
        }
        i = j;
    }
    return out;
}

std::string unescape_string(std::string_view text, std::size_t offset) {
    std::string out;
    out.reserve(text.size());
    const std::string_view body = text.substr(1, text.size() - 2);
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        const char e = body[++i];
        if (e == 'u' || e == 'U') {
            const std::size_t n = e == 'u' ? 4 : 8;
            std::uint32_t cp = hex_value(body.substr(i + 1, n));
            const SourceSpan where{offset + 1 + i - 1, n + 2};
            i += n;
            if (cp >= 0xD800 && cp <= 0xDBFF && body.substr(i + 1, 2) == "\\u") {
                const std::uint32_t low = hex_value(body.substr(i + 3, 4));
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                syntax_error("invalid unicode escape in string literal", where,
                             "InvalidUnicodeLiteral");
            append_utf8(out, cp);
            continue;
        }
        out += unescape_char(e).value_or(e);  // the grammar admits no other letter
    }
    return out;
}

std::int64_t parse_integer(std::string_view digits, int base, SourceSpan where, bool negated) {
    std::uint64_t value = 0;
    const auto limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negated ? 1 : 0);
    for (const char c : digits) {
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : c - 'A' + 10;
        if (value > (limit - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base))
            syntax_error("integer literal is too large", where, "IntegerOverflow");
        value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
    }
    return static_cast<std::int64_t>(value);
}

double parse_float(std::string_view text, SourceSpan where) {
    const std::string s(text);
    errno = 0;
    const double value = std::strtod(s.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(value))
        syntax_error("float literal is too large", where, "FloatingPointOverflow");
    return value;
}

}  // namespace caspian::query::parser
