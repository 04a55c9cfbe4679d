// The depth limit on expression trees, checked once after parsing: every later pass (binder,
// planner, evaluator, printers) recurses per level, so this check is what bounds their stack use.
#pragma once

#include "query/ast.hpp"

namespace caspian::query::parser {

// Throws Error{Syntax} at the first expression found deeper than max_expression_depth
// (parser.hpp). Iterative: any tree the parser built can be checked.
void check_expression_depth(const Statement& statement);

}  // namespace caspian::query::parser
