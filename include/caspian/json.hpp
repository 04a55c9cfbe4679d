// Values as JSON text and back, as the `caspian` command shows results and reads parameters.
// Standard library only; implementation: value/json.cpp.
//
// Threading: pure functions of their arguments; call them from any thread.
#pragma once

#include <caspian/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace caspian {

// A value as JSON text (compact): nodes as {"_id":7,"_labels":[..],..properties}, edges as
// {"_id":9,"_type":"T","_src":3,"_dst":7,..properties}, paths as {"_nodes":[..],"_edges":[..]},
// floats always with a '.' or an exponent (2.0, never 2; NaN and infinities as null), dates,
// datetimes and durations as ISO 8601 strings, maps as objects in entry order. Strings are
// escaped as JSON requires, so to_json(Value(s)) is s as a JSON string literal.
// Throws only std::bad_alloc.
[[nodiscard]] std::string to_json(const Value& v);

// The value of JSON text: numbers without '.' or exponent are integers, objects are maps (entries
// sorted by name), arrays lists; nullopt when the text is not valid JSON (or an integer does not
// fit in 64 bits). Never throws an Error.
[[nodiscard]] std::optional<Value> from_json(std::string_view text);

}  // namespace caspian
