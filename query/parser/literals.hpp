// Decoding of the text of names and literals matched by the grammar: backtick quoting, string
// escapes, integer and float literals. No PEGTL here: the grammar has already checked each
// text's shape, these functions only compute its value and report values out of range.
#pragma once

#include <caspian/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::query::parser {

// Every syntax error the parser raises itself (the grammar's own come from must<>).
// detail: the openCypher detail ("IntegerOverflow", docs/errors.md), empty when none fits.
[[noreturn]] inline void syntax_error(const std::string& message, SourceSpan where,
                                      std::string detail = {}) {
    throw Error(ErrorKind::Syntax, ErrorClass::SyntaxError, std::move(detail), message, where);
}

// `name` or `na``me` (backticks quoted, doubled backticks escaped) -> the name.
[[nodiscard]] std::string unquote_name(std::string_view text);

// `a.b.c` where parts may be backticked -> parts unquoted, joined by '.'.
[[nodiscard]] std::string unquote_dotted(std::string_view text);

// The body of a quoted string literal (quotes included in `text`, which starts at byte `offset`
// of the query) with escapes decoded. Throws Error{Syntax} for an escape naming a surrogate or a
// code point past U+10FFFF.
[[nodiscard]] std::string unescape_string(std::string_view text, std::size_t offset);

// The value of `digits` in `base`; throws Error{Syntax} at `where` when it does not fit. negated:
// the literal follows a '-', so 2^63 is allowed and returned as INT64_MIN, which the planner folds
// with the minus into -9223372036854775808.
[[nodiscard]] std::int64_t parse_integer(std::string_view digits, int base, SourceSpan where,
                                         bool negated = false);

// Throws Error{Syntax} at `where` when the value overflows a double.
[[nodiscard]] double parse_float(std::string_view text, SourceSpan where);

}  // namespace caspian::query::parser
