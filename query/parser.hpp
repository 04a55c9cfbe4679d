// Query text -> AST (ast.hpp), and rendering of errors against the source text.
// No PEGTL here: the grammar and its actions stay inside parser.cpp.
#pragma once

#include "query/ast.hpp"

#include <caspian/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace caspian::query {

// Expressions and conditions nesting deeper than this are a syntax error ("expression nests too
// deeply") rather than a risk to the stack. The parser also stops, with the same error, when the
// calling thread's stack runs low: about 8 KB per level in optimised builds, ten times that under
// AddressSanitizer, so the limit is lower on small thread stacks and in sanitizer builds.
inline constexpr int max_nesting = 256;

// Parses one statement (an optional trailing ';' is allowed). The AST keeps byte offsets into
// `text` but no views of it: it may outlive the text. Throws Error{Syntax} whose message says in
// plain words what was expected and whose span points at the failure. Thread-safe (no shared
// state).
[[nodiscard]] Statement parse(std::string_view text);

// `<source_name>:<line>:<column>: <kind> error: <message>`, then the source line and a caret
// under the column (line and column 1-based, columns counted in UTF-8 characters). Without a
// span: `<source_name>: <kind> error: <message>`. No trailing newline.
[[nodiscard]] std::string render_error(const Error& error, std::string_view source,
                                       std::string_view source_name);

// Line and column (1-based; column in UTF-8 characters) of a byte offset into `source`.
struct LineColumn {
    std::size_t line = 1;
    std::size_t column = 1;
};
[[nodiscard]] LineColumn line_column(std::string_view source, std::size_t offset) noexcept;

}  // namespace caspian::query
