// Splitting a script of Cypher statements on ';', as `caspian run` and the shell do.
// Standard library only; implementation: query/script.cpp.
//
// Threading: a pure function of its argument; call it from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace caspian {

// One statement of a script: bytes [offset, offset + length) of the script text, without the
// terminating ';'.
struct StatementSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
};

struct SplitScript {
    std::vector<StatementSpan> statements;  // terminated by ';', only non-blank ones
    // The text after the last ';' when it holds more than blanks and comments (a statement
    // still being typed), else empty; `open_token` is true when it stops inside a string,
    // quoted name or block comment.
    std::optional<StatementSpan> rest;
    bool open_token = false;
};

// Splits on ';' outside strings ('..' and ".." with backslash escapes), backtick-quoted names,
// `//` line comments and `/* */` block comments. The spans index into script, which the caller
// keeps alive. Never throws (but std::bad_alloc).
[[nodiscard]] SplitScript split_statements(std::string_view script);

}  // namespace caspian
