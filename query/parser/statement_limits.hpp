// The limits on a statement's shape, checked once after parsing: binding, planning, evaluation,
// printing and the cursors recurse once per expression level and per plan operator, so these
// checks are what bound their stack use (issue #15).
#pragma once

#include "query/ast.hpp"

namespace caspian::query::parser {

// Throws Error{Syntax} at the first expression deeper than max_expression_depth, or at the
// clause or pattern element beyond max_statement_elements (parser.hpp). Iterative: any tree the
// parser built can be checked.
void check_statement_limits(const Statement& statement);

}  // namespace caspian::query::parser
