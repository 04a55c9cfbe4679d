// JSON <-> Value, each direction written once: the rendering of query results and the row
// format of JSON Lines import/export. Knows JSON text and values, nothing of the store.
// Internal; the public part is include/caspian/json.hpp.
#pragma once

#include <caspian/json.hpp>
#include <caspian/value.hpp>

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace caspian {

// How dates, datetimes and non-finite floats are written.
enum class JsonDates {
    Text,    // as to_json: ISO 8601 strings, NaN and infinities as null
    Tagged,  // as JSON Lines files (docs/import-export.md): {"$date":".."}, {"$datetime":".."},
             // and likewise $duration, $localtime, $time, $localdatetime;
             // a NaN or an infinity throws Error{Type} ("JSON cannot hold ..")
};
[[nodiscard]] std::string to_json(const Value& v, JsonDates dates);

// A JSON string literal (quotes included) with the escapes JSON requires.
[[nodiscard]] std::string json_quote(std::string_view s);

// What a JSON object becomes.
enum class JsonObjects {
    Maps,            // a map, entries sorted by name (from_json)
    TaggedTemporals  // only {"$date":".."}, {"$datetime":".."} and the other temporal tags
};
// The value of parsed JSON: numbers without '.' or exponent are integers, arrays lists.
// on_string (when set) sees each string before it is kept and may throw to refuse it.
// Throws Error{Type} for an integer beyond 64 bits, an object `objects` refuses, or a JSON
// value kind without a Value (the message names only the problem, the caller adds where).
[[nodiscard]] Value from_json(const nlohmann::json& j, JsonObjects objects,
                              const std::function<void(std::string_view)>& on_string = {});

}  // namespace caspian
