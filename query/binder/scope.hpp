// The binder's vocabulary: the variables in scope and what each holds, where an expression is
// being bound (BindContext) and the aggregates met while binding a projection. Types only: the
// binding itself is the Planner's (bind_expression.cpp, bind_pattern.cpp), in the same pass.
#pragma once

#include "query/plan/plan.hpp"

#include <caspian/error.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace caspian::query::binder {

// What a variable holds, as far as the planner knows: Any for values computed at run time
// (UNWIND, function results) that may hold a node or a relationship.
enum class VarKind { Node, Rel, Path, Value, Any };

struct Var {
    int slot = -1;
    VarKind kind = VarKind::Value;
};

// Variables in scope by name (ordered: RETURN * lists them alphabetically).
using Scope = std::map<std::string, Var>;

inline const char* kind_name(VarKind kind) {
    switch (kind) {
        case VarKind::Node:
            return "a node";
        case VarKind::Rel:
            return "a relationship";
        case VarKind::Path:
            return "a path";
        case VarKind::Value:
            return "a value";
        case VarKind::Any:
            return "a value";
    }
    return "a value";
}

// detail: the openCypher detail ("UndefinedVariable", docs/errors.md), empty when none fits.
[[noreturn]] inline void semantic(const std::string& message, SourceSpan span,
                                  std::string detail = {}) {
    throw Error(ErrorKind::Semantic, ErrorClass::SyntaxError, std::move(detail), message, span);
}

// Where an expression is being bound. Passed by value down the bind calls (DuckDB's
// WhereBinder, scaled down), so what a callee sets never leaks back to its caller and nothing
// needs restoring when binding throws.
struct BindContext {
    bool in_where = false;   // WHERE: the one place a bare pattern may stand as a predicate
    bool in_exists = false;  // the argument of exists(): a pattern predicate as well
};

// Aggregates met while binding a projection item.
struct Aggregates {
    std::vector<plan::Aggregation> found;
    bool inside = false;  // binding an aggregate's argument: no nesting
    // Where aggregate arguments bind when it differs from the expression's scope: an ORDER BY
    // after aggregation sees only the projected columns, but its aggregates see the rows.
    const Scope* argument_scope = nullptr;
};

}  // namespace caspian::query::binder
