// Shared by the scalar function families (list.cpp, string.cpp, conversion.cpp, math.cpp,
// graph_values.cpp, temporal.cpp): argument checks that throw the library's messages, and each
// family's table, which registry.cpp indexes. Private to query/functions/.
#pragma once

#include "query/functions/errors.hpp"
#include "query/functions/functions.hpp"
#include "value/literal.hpp"

#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::query {

using Args = std::span<const Value>;

// "function 'toUpper' expects a string, not an integer".
[[noreturn]] inline void bad_kind(std::string_view fn, std::string_view expected,
                                  const Value& got) {
    type_error("function '" + std::string(fn) + "' expects " + std::string(expected) + ", not " +
                   kind_with_article(got.kind()),
               "InvalidArgumentValue");  // the TCK's detail for a wrong kind met while running
}

inline bool is_number(const Value& v) noexcept {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

inline double number(std::string_view fn, const Value& v) {
    if (v.kind() == ValueKind::Int) return static_cast<double>(v.as_int());
    if (v.kind() == ValueKind::Float) return v.as_float();
    bad_kind(fn, "a number", v);
}

inline std::int64_t integer(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::Int) bad_kind(fn, "an integer", v);
    return v.as_int();
}

inline const std::string& string_arg(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::String) bad_kind(fn, "a string", v);
    return v.as_string();
}

inline const List& list_arg(std::string_view fn, const Value& v) {
    if (v.kind() != ValueKind::List) bad_kind(fn, "a list", v);
    return v.as_list();
}

inline bool any_null(Args args) {
    return std::any_of(args.begin(), args.end(), [](const Value& v) { return v.is_null(); });
}

// Each family's entries, living for the whole program.
std::span<const FunctionInfo> list_functions();
std::span<const FunctionInfo> string_functions();
std::span<const FunctionInfo> conversion_functions();
std::span<const FunctionInfo> math_functions();
std::span<const FunctionInfo> graph_value_functions();
std::span<const FunctionInfo> temporal_functions();
std::span<const FunctionInfo> vector_functions();

}  // namespace caspian::query
