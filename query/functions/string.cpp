// String functions: toUpper, toLower, trim, ltrim, rtrim, substring, left, right, split,
// replace. Strings are indexed in characters (UTF-8), not bytes; case changes are ASCII only.
#include "query/functions/scalar.hpp"

#include "value/text.hpp"

#include <limits>
#include <vector>

namespace caspian::query {

namespace {

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Value fn_to_upper(Args args) {
    if (args[0].is_null()) return Value{};
    std::string s = string_arg("toUpper", args[0]);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    });
    return Value(std::move(s));
}

Value fn_to_lower(Args args) {
    if (args[0].is_null()) return Value{};
    return Value(ascii_lower(string_arg("toLower", args[0])));
}

Value trim_impl(std::string_view fn, const Value& v, bool left, bool right) {
    if (v.is_null()) return Value{};
    const std::string& s = string_arg(fn, v);
    std::size_t lo = 0, hi = s.size();
    while (left && lo < hi && is_space(s[lo]))
        ++lo;
    while (right && hi > lo && is_space(s[hi - 1]))
        --hi;
    return Value(s.substr(lo, hi - lo));
}

Value fn_trim(Args args) {
    return trim_impl("trim", args[0], true, true);
}
Value fn_ltrim(Args args) {
    return trim_impl("ltrim", args[0], true, false);
}
Value fn_rtrim(Args args) {
    return trim_impl("rtrim", args[0], false, true);
}

Value fn_substring(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("substring", args[0]);
    const std::int64_t start = integer("substring", args[1]);
    if (start < 0) type_error("function 'substring' expects a non-negative start");
    std::int64_t len = std::numeric_limits<std::int64_t>::max();
    if (args.size() > 2) {
        len = integer("substring", args[2]);
        if (len < 0) type_error("function 'substring' expects a non-negative length");
    }
    return Value(char_substr(s, start, len));
}

Value fn_left(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("left", args[0]);
    const std::int64_t n = integer("left", args[1]);
    if (n < 0) type_error("function 'left' expects a non-negative length");
    return Value(char_substr(s, 0, n));
}

Value fn_right(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("right", args[0]);
    const std::int64_t n = integer("right", args[1]);
    if (n < 0) type_error("function 'right' expects a non-negative length");
    const std::int64_t size = char_count(s);
    return Value(char_substr(s, n >= size ? 0 : size - n, n));
}

Value fn_split(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("split", args[0]);
    const std::string& sep = string_arg("split", args[1]);
    List out;
    if (sep.empty()) {  // one element per character, as Neo4j does
        const std::vector<std::size_t> offs = char_offsets(s);
        for (std::size_t i = 0; i + 1 < offs.size(); ++i) {
            out.emplace_back(s.substr(offs[i], offs[i + 1] - offs[i]));
        }
        return Value(std::move(out));
    }
    std::size_t from = 0;
    for (std::size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size()) {
        out.emplace_back(s.substr(from, at - from));
    }
    out.emplace_back(s.substr(from));
    return Value(std::move(out));
}

Value fn_replace(Args args) {
    if (any_null(args)) return Value{};
    const std::string& s = string_arg("replace", args[0]);
    const std::string& search = string_arg("replace", args[1]);
    const std::string& with = string_arg("replace", args[2]);
    std::string out;
    if (search.empty()) {  // Java's String.replace: insert between every character and at ends
        const std::vector<std::size_t> offs = char_offsets(s);
        for (std::size_t i = 0; i + 1 < offs.size(); ++i) {
            out += with;
            out.append(s, offs[i], offs[i + 1] - offs[i]);
        }
        return Value(out + with);
    }
    std::size_t from = 0;
    for (std::size_t at; (at = s.find(search, from)) != std::string::npos;
         from = at + search.size()) {
        out.append(s, from, at - from);
        out += with;
    }
    out.append(s, from);
    return Value(std::move(out));
}

}  // namespace

std::span<const FunctionInfo> string_functions() {
    static const FunctionInfo table[] = {
        {"toUpper", 1, 1, false, fn_to_upper}, {"toLower", 1, 1, false, fn_to_lower},
        {"trim", 1, 1, false, fn_trim},        {"ltrim", 1, 1, false, fn_ltrim},
        {"rtrim", 1, 1, false, fn_rtrim},      {"substring", 2, 3, false, fn_substring},
        {"split", 2, 2, false, fn_split},      {"replace", 3, 3, false, fn_replace},
        {"left", 2, 2, false, fn_left},        {"right", 2, 2, false, fn_right},
    };
    return table;
}

}  // namespace caspian::query
