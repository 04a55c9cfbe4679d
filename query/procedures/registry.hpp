// Procedures callable with CALL name(args) YIELD fields: the graph algorithms of graph/algorithms
// (algo.*) and catalog listings (db.*). The planner checks names, argument counts and YIELD
// fields here; exec/call.cpp runs them.
#pragma once

#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::query {

namespace exec {
class ExecContext;  // declared here only: the planner checks procedures without the executor
}

using ProcedureRows = std::vector<std::vector<Value>>;

// A procedure's complaint about its argument'th argument (0-based): the call reports it at that
// argument's position (exec/call.cpp); any other error of a procedure is reported at the CALL.
class ProcedureArgumentError : public Error {
public:
    ProcedureArgumentError(std::size_t argument, const Error& error)
        : Error(error), argument_(argument) {}
    std::size_t argument() const noexcept { return argument_; }

private:
    std::size_t argument_;
};

struct ProcedureInfo {
    std::string_view name;  // dotted: "algo.pagerank" (lowercase for the built-in ones)
    std::size_t min_args = 0;
    std::size_t max_args = 0;
    std::vector<std::string_view> fields;  // what YIELD may name, in output order
    // The rows, each with one value per field (nodes as references: ctx.node_ref).
    // Throws Error{Type} or Error{Semantic} for bad arguments.
    std::function<ProcedureRows(exec::ExecContext& ctx, std::span<const Value> args)> run;
    // A declared signature (procedures of fixed arguments): the argument names, which a
    // standalone `CALL name` without parentheses takes from the parameters of the same names,
    // and their types (INTEGER, FLOAT, NUMBER, STRING, BOOLEAN; ANY or "" for any), against
    // which constant arguments are checked when the statement is planned.
    std::vector<std::string> argument_names = {};
    std::vector<std::string> argument_types = {};
    // Whether it writes (db.stats.refresh): the statement then runs as a writing one.
    bool writes = false;
    // A procedure whose row count is asked for (a top k) runs this instead of run when
    // the CALL has YIELD ... WHERE: accept says whether a row passes the WHERE, and it returns
    // the rows that pass, searching deeper until it has as many as asked or no more exist.
    std::function<ProcedureRows(exec::ExecContext& ctx, std::span<const Value> args,
                                const std::function<bool(const std::vector<Value>&)>& accept)>
        run_filtered = {};
};

// nullptr when unknown; name compared ignoring ASCII case.
const ProcedureInfo* find_procedure(std::string_view name);
// Every built-in procedure, for documentation and `CALL db.procedures()`.
std::span<const ProcedureInfo> procedures();

// Whether value may be passed for an argument of the declared type (null always may).
bool accepts(std::string_view type, const Value& value);

namespace testing {

// For tests only (the TCK's "there exists a procedure" steps): a procedure that answers from a
// table. Its rows hold the arguments' values then the fields'; a call yields the fields of the
// rows whose arguments equal the call's (null equals null; 42 equals 42.0). Replaces a test
// procedure of the same name. Not safe while statements run.
void register_table_procedure(std::string name,
                              std::vector<std::pair<std::string, std::string>> arguments,
                              std::vector<std::string> fields,
                              std::vector<std::vector<Value>> rows);
void clear_test_procedures();

}  // namespace testing

}  // namespace caspian::query
