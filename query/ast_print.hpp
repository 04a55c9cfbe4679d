// Printing helpers of ast_print.cpp that other printers of Cypher text share.
#pragma once

#include <string>
#include <string_view>

namespace caspian::query {

// A label, relationship type or property key as Cypher writes it: bare when it can be, else
// backquoted (`my key`). The plan printer (plan/expr_print.cpp) shares it.
std::string schema_name_text(std::string_view name);

}  // namespace caspian::query
