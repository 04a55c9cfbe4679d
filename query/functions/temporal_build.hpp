// Building temporal values from openCypher maps ({year: 1984, week: 10, timezone: '+01:00'},
// {date: d, time: t, second: 42}), shared by the constructors (temporal.cpp) and truncate
// (temporal_ops.cpp). Private to query/functions/.
#pragma once

#include "value/temporal.hpp"

#include <caspian/value.hpp>

#include <string_view>

namespace caspian::query {

// The fields of a temporal value of `kind` from a constructor's map: the base values under
// date, time and datetime, then the date fields (calendar, week, ordinal or quarter form), the
// time fields and timezone (converting the instant when the base had a zone). Error{Type}
// naming fn for an unknown key, a field of the wrong kind or out of range.
TemporalFields fields_from_map(ValueKind kind, std::string_view fn, const Properties& map);

// The base fields with the map's fields set on them (no date, time or datetime keys). A
// timezone converts the instant when convert and the base has a zone, else replaces the zone.
TemporalFields override_fields(ValueKind kind, std::string_view fn, TemporalFields base,
                               const Properties& map, bool convert = true);

// "date", "localtime", "time", "localdatetime" or "datetime".
const char* kind_function(ValueKind kind) noexcept;

}  // namespace caspian::query
