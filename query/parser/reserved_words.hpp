// The words that cannot name a variable unquoted. One list for both sides: the grammar builds
// its reserved_word rule from it, and the AST printer backticks a variable spelled like one.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace caspian::query {

// Upper case, in ascending order (the grammar relies on both). They may still be labels, types
// and keys after ':' and '.'.
inline constexpr std::array<std::string_view, 46> reserved_words = {
    "ALL",      "AND",    "AS",     "ASC",    "ASCENDING",  "BY",       "CALL",     "CASE",
    "CONTAINS", "CREATE", "DELETE", "DESC",   "DESCENDING", "DETACH",   "DISTINCT", "DROP",
    "ELSE",     "END",    "ENDS",   "EXISTS", "FALSE",      "IN",       "IS",       "LIMIT",
    "MATCH",    "MERGE",  "NOT",    "NULL",   "ON",         "OPTIONAL", "OR",       "ORDER",
    "REMOVE",   "RETURN", "SET",    "SKIP",   "STARTS",     "THEN",     "TRUE",     "UNION",
    "UNWIND",   "WHEN",   "WHERE",  "WITH",   "XOR",        "YIELD"};

static_assert(
    [] {
        for (std::size_t i = 0; i < reserved_words.size(); ++i) {
            for (const char c : reserved_words[i])
                if (c < 'A' || c > 'Z') return false;
            if (i > 0 && !(reserved_words[i - 1] < reserved_words[i])) return false;
        }
        return true;
    }(),
    "reserved_words must be upper case and strictly ascending");

}  // namespace caspian::query
