// Values as Cypher text: float-to-text, string and name quoting, and kind names for messages.
// to_literal (include/caspian/value.hpp) is built from these; every other printer of Cypher
// text (AST printer, terse front end, exports) calls them rather than keep its own copy.
#pragma once

#include <caspian/value.hpp>

#include <string>
#include <string_view>

namespace caspian {

// Shortest text that reads back as the same double, always with a '.' or an exponent so that
// 2.0 never reads as the integer 2: 2.0, 2.5, 1e+20; NaN, Infinity and -Infinity as words.
std::string float_literal(double d);

// Whether quote_string writes control characters as they are or as escapes (\n, \t, \r, \b,
// \f, \u00XX). to_literal keeps them; text that must re-parse on one line escapes them.
enum class ControlChars { Keep, Escape };

// s as a single-quoted Cypher string literal, with ' and \ escaped: 'it\'s'.
std::string quote_string(std::string_view s, ControlChars controls = ControlChars::Keep);
void append_quoted_string(std::string& out, std::string_view s,
                          ControlChars controls = ControlChars::Keep);

// name in backquotes, a backquote inside doubled: `my name`, `a``b`. Always quotes: deciding
// whether a name needs it (reserved words) is the grammar's business.
std::string quote_name(std::string_view name);

// "an integer", "a string", "null": the kind with its article, for messages.
std::string kind_with_article(ValueKind kind);

}  // namespace caspian
