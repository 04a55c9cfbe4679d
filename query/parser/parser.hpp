// Query text -> AST (ast.hpp). No PEGTL here: the grammar and its actions stay inside parse.cpp.
// Rendering an error against the text is query/diagnostics.hpp.
#pragma once

#include "query/ast.hpp"

#include <caspian/error.hpp>

#include <string_view>

namespace caspian::query {

// Expressions and conditions nesting deeper than this are a syntax error ("expression nests too
// deeply") rather than a risk to the stack. The parser also stops, with the same error, when the
// calling thread's stack runs low: about 8 KB per level in optimised builds, ten times that under
// AddressSanitizer, so the limit is lower on small thread stacks and in sanitizer builds.
inline constexpr int max_nesting = 256;

// Expression trees deeper than this are a syntax error ("expression nests deeper than N levels"),
// checked after parsing: binding, planning, evaluation and printing recurse once per level. A
// flat chain `a + b + c ...` is as deep as it is long; long AND, OR and XOR chains are built
// balanced instead (their operators are associative), so only their logarithm counts.
inline constexpr int max_expression_depth = 1000;

// Clauses, pattern parts and relationships of MATCH, MERGE and the patterns in expressions, in
// all of a statement's UNION parts: more is a syntax error ("statement has more than N clauses,
// pattern parts and relationships"), since each becomes a plan operator and the cursors recurse
// once per operator. CREATE's patterns do not count: one operator creates them all.
inline constexpr int max_statement_elements = 1000;

// Parses one statement (an optional trailing ';' is allowed). The AST keeps byte offsets into
// `text` but no views of it: it may outlive the text. Throws Error{Syntax} whose message says in
// plain words what was expected and whose span points at the failure. Thread-safe (no shared
// state).
[[nodiscard]] Statement parse(std::string_view text);

}  // namespace caspian::query
