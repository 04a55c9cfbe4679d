// Procedures callable with CALL name(args) YIELD fields: the graph algorithms of graph/algorithms
// (algo.*) and catalog listings (db.*). The planner checks names, argument counts and YIELD
// fields here; exec/call.cpp runs them.
#pragma once

#include <caspian/value.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::query {

namespace exec {
class ExecContext;  // declared here only: the planner checks procedures without the executor
}

struct ProcedureInfo {
    std::string_view name;  // lowercase, dotted: "algo.pagerank"
    std::size_t min_args = 0;
    std::size_t max_args = 0;
    std::vector<std::string_view> fields;  // what YIELD may name, in output order
    // The rows, each with one value per field (nodes as references: ctx.node_ref).
    // Throws Error{Type} or Error{Semantic} for bad arguments.
    std::vector<std::vector<Value>> (*run)(exec::ExecContext& ctx, std::span<const Value> args);
};

// nullptr when unknown; name compared ignoring ASCII case.
const ProcedureInfo* find_procedure(std::string_view name);
// Every procedure, for documentation and `CALL db.procedures()`.
std::span<const ProcedureInfo> procedures();

}  // namespace caspian::query
