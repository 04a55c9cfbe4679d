// The procedure table: the algo.* procedures of algorithms.cpp plus the catalog listings
// (db.labels, db.types, db.procedures) and the db.schema.* of schema.cpp. Lookup only; running a
// call is exec/call.cpp's job.
#include "query/procedures/registry.hpp"
#include "query/exec/context.hpp"

#include "value/text.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::query {

// Defined in algorithms.cpp and schema.cpp.
std::span<const ProcedureInfo> algorithm_procedures();
std::span<const ProcedureInfo> schema_procedures();

namespace {

std::vector<std::vector<Value>> list_names(exec::ExecContext& ctx, graph::NameKind kind) {
    auto names = ctx.reader().names(kind);
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::vector<Value>> rows;
    rows.reserve(names.size());
    for (auto& [id, name] : names)
        rows.push_back({Value(std::move(name))});
    return rows;
}

std::vector<std::vector<Value>> db_labels(exec::ExecContext& ctx, std::span<const Value>) {
    return list_names(ctx, graph::NameKind::Label);
}

std::vector<std::vector<Value>> db_types(exec::ExecContext& ctx, std::span<const Value>) {
    return list_names(ctx, graph::NameKind::Type);
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

const ProcedureInfo* find_procedure(std::string_view name) {
    for (const ProcedureInfo& p : procedures()) {
        if (equal_ignoring_case(p.name, name)) return &p;
    }
    return nullptr;
}

}  // namespace caspian::query
