// The columns of a CSV import file: what its header line says each column holds (ids, labels,
// edge ends, typed properties), and the typing of each field by its column.
#pragma once

#include "graph/graph_store.hpp"
#include "query/api/import/csv_reader.hpp"
#include "storage/codec.hpp"

#include <caspian/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caspian::detail {

enum class ColumnKind { Id, Label, StartId, EndId, Type, Ignore, Property };
enum class Scalar {
    Int,
    Float,
    Bool,
    String,
    Date,
    DateTime,
    LocalDateTime,
    Time,
    LocalTime,
    Duration
};

struct Column {
    ColumnKind kind = ColumnKind::Property;
    std::string name;
    Scalar scalar = Scalar::String;
    bool array = false;
    std::optional<graph::PropertyId> property;  // interned at its first value
};

// Reads one header column ("name:int[]", ":ID", "since:date"). Throws ImportError (line 1 of
// file) for an unknown type or a property column without a name.
Column parse_header_column(const std::string& raw, const std::string& file);

// The value of a field: an absent one (unquoted and empty) is null. Throws RowError for a
// field its column's type cannot read.
Value parse_field(const Field& f, const Column& col);

// Calls f for each ';'-separated part of s.
template <typename F>
void for_each_part(std::string_view s, F&& f) {
    for (;;) {
        const auto p = s.find(';');
        f(s.substr(0, p));
        if (p == std::string_view::npos) return;
        s.remove_prefix(p + 1);
    }
}

// Sets a property; a later column of the same name wins, as in Properties. Null is not set.
void put_property(graph::PropertyValues& props, graph::PropertyId id, Value value);

}  // namespace caspian::detail
