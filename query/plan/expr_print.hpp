// EXPLAIN's text of bound expressions (plan/expr_print.cpp), for plan.cpp's describe().
#pragma once

#include "query/plan/expr.hpp"

#include <string>
#include <vector>

namespace caspian::query::plan {

// e as Cypher text: slots by their names in slot_names, parentheses only where precedence
// needs them: `n.age > 30 AND n:Person`.
std::string to_text(const Expr& e, const std::vector<std::string>& slot_names);

// The name of slot in slot_names, or `_<slot>` for a slot without one.
std::string slot_name(const std::vector<std::string>& slot_names, int slot);

}  // namespace caspian::query::plan
