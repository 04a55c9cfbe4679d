// The procedure table: the algo.* procedures of algorithms.cpp plus the catalog listings
// (db.labels, db.types, db.procedures) and the db.schema.* of schema.cpp. Lookup only; running a
// call is exec/call.cpp's job.
#include "query/procedures/registry.hpp"
#include "query/exec/context.hpp"

#include "value/text.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <list>
#include <string>

namespace caspian::query {

// Defined in algorithms.cpp and schema.cpp.
std::span<const ProcedureInfo> algorithm_procedures();
std::span<const ProcedureInfo> schema_procedures();
std::span<const ProcedureInfo> fulltext_procedures();
std::span<const ProcedureInfo> stats_procedures();
std::span<const ProcedureInfo> vector_procedures();

namespace {

template <graph::NameKind Kind>
std::vector<std::vector<Value>> list_names(exec::ExecContext& ctx) {
    auto names = ctx.reader().names<Kind>();
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::vector<Value>> rows;
    rows.reserve(names.size());
    for (auto& [id, name] : names)
        rows.push_back({Value(std::move(name))});
    return rows;
}

std::vector<std::vector<Value>> db_labels(exec::ExecContext& ctx, std::span<const Value>) {
    return list_names<graph::NameKind::Label>(ctx);
}

std::vector<std::vector<Value>> db_types(exec::ExecContext& ctx, std::span<const Value>) {
    return list_names<graph::NameKind::Type>(ctx);
}

std::vector<std::vector<Value>> db_procedures(exec::ExecContext&, std::span<const Value>) {
    std::vector<std::vector<Value>> rows;
    for (const ProcedureInfo& p : procedures()) {
        List fields;
        for (std::string_view f : p.fields)
            fields.emplace_back(f);
        rows.push_back({Value(p.name), Value(static_cast<std::int64_t>(p.min_args)),
                        Value(static_cast<std::int64_t>(p.max_args)), Value(std::move(fields))});
    }
    return rows;
}

std::vector<ProcedureInfo> build_table() {
    std::vector<ProcedureInfo> table(algorithm_procedures().begin(), algorithm_procedures().end());
    table.push_back({"db.labels", 0, 0, {"label"}, &db_labels});
    table.push_back({"db.types", 0, 0, {"type"}, &db_types});
    table.push_back(
        {"db.procedures", 0, 0, {"name", "min_args", "max_args", "fields"}, &db_procedures});
    table.insert(table.end(), schema_procedures().begin(), schema_procedures().end());
    table.insert(table.end(), fulltext_procedures().begin(), fulltext_procedures().end());
    table.insert(table.end(), stats_procedures().begin(), stats_procedures().end());
    table.insert(table.end(), vector_procedures().begin(), vector_procedures().end());
    return table;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ascii_lower(a) == ascii_lower(b);
}

}  // namespace

std::span<const ProcedureInfo> procedures() {
    static const std::vector<ProcedureInfo> table = build_table();
    return table;
}

bool accepts(std::string_view type, const Value& value) {
    if (value.is_null() || type.empty() || type == "ANY") return true;
    switch (value.kind()) {
        case ValueKind::Int:
            return type == "INTEGER" || type == "FLOAT" || type == "NUMBER";
        case ValueKind::Float:
            return type == "FLOAT" || type == "NUMBER";
        case ValueKind::String:
            return type == "STRING";
        case ValueKind::Bool:
            return type == "BOOLEAN";
        default:
            return false;
    }
}

namespace {

// A table procedure and the strings its ProcedureInfo views.
struct TestProcedure {
    std::string name;
    std::vector<std::string> fields;
    ProcedureInfo info;
};

std::list<TestProcedure>& test_procedures() {
    static std::list<TestProcedure> procedures;
    return procedures;
}

bool same_argument(const Value& a, const Value& b) {
    if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
    if (a.kind() == ValueKind::Int && b.kind() == ValueKind::Float) {
        return static_cast<double>(a.as_int()) == b.as_float();
    }
    if (a.kind() == ValueKind::Float && b.kind() == ValueKind::Int) return same_argument(b, a);
    return a == b;
}

}  // namespace

namespace testing {

void register_table_procedure(std::string name,
                              std::vector<std::pair<std::string, std::string>> arguments,
                              std::vector<std::string> fields,
                              std::vector<std::vector<Value>> rows) {
    auto& list = test_procedures();
    list.remove_if([&](const TestProcedure& p) { return equal_ignoring_case(p.name, name); });
    TestProcedure& p = list.emplace_back();
    p.name = std::move(name);
    p.fields = std::move(fields);
    p.info.name = p.name;
    p.info.min_args = p.info.max_args = arguments.size();
    for (const std::string& f : p.fields)
        p.info.fields.push_back(f);
    for (auto& [argument, type] : arguments) {
        p.info.argument_names.push_back(std::move(argument));
        p.info.argument_types.push_back(std::move(type));
    }
    const std::size_t n_args = p.info.argument_names.size();
    p.info.run = [n_args, rows = std::move(rows)](exec::ExecContext&, std::span<const Value> args) {
        ProcedureRows out;
        for (const std::vector<Value>& row : rows) {
            bool match = row.size() >= n_args;
            for (std::size_t i = 0; match && i < n_args; ++i)
                match = same_argument(row[i], args[i]);
            if (match)
                out.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(n_args), row.end());
        }
        return out;
    };
}

void clear_test_procedures() {
    test_procedures().clear();
}

}  // namespace testing

const ProcedureInfo* find_procedure(std::string_view name) {
    for (const ProcedureInfo& p : procedures()) {
        if (equal_ignoring_case(p.name, name)) return &p;
    }
    for (const TestProcedure& p : test_procedures()) {
        if (equal_ignoring_case(p.name, name)) return &p.info;
    }
    return nullptr;
}

}  // namespace caspian::query
