// List functions: coalesce, head, last, tail, size, length, reverse, range. size, length and
// reverse also take strings, counted in characters.
#include "query/functions/scalar.hpp"

#include "value/text.hpp"

#include <vector>

namespace caspian::query {

namespace {

Value fn_coalesce(Args args) {
    for (const Value& v : args) {
        if (!v.is_null()) return v;
    }
    return Value{};
}

Value fn_head(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("head", args[0]);
    return l.empty() ? Value{} : l.front();
}

Value fn_last(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("last", args[0]);
    return l.empty() ? Value{} : l.back();
}

Value fn_tail(Args args) {
    if (args[0].is_null()) return Value{};
    const List& l = list_arg("tail", args[0]);
    if (l.empty()) return Value(List{});
    return Value(List(l.begin() + 1, l.end()));
}

Value fn_size(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::List:
            return Value(static_cast<std::int64_t>(v.as_list().size()));
        case ValueKind::String:
            return Value(char_count(v.as_string()));
        default:
            bad_kind("size", "a list or a string", v);
    }
}

Value fn_length(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Path:
            return Value(static_cast<std::int64_t>(v.as_path().edges.size()));
        case ValueKind::List:
            return Value(static_cast<std::int64_t>(v.as_list().size()));
        case ValueKind::String:
            return Value(char_count(v.as_string()));
        default:
            bad_kind("length", "a path, a list or a string", v);
    }
}

Value fn_reverse(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::List: {
            List out(v.as_list().rbegin(), v.as_list().rend());
            return Value(std::move(out));
        }
        case ValueKind::String: {
            const std::string& s = v.as_string();
            const std::vector<std::size_t> offs = char_offsets(s);
            std::string out;
            out.reserve(s.size());
            for (std::size_t i = offs.size() - 1; i > 0; --i) {
                out.append(s, offs[i - 1], offs[i] - offs[i - 1]);
            }
            return Value(std::move(out));
        }
        default:
            bad_kind("reverse", "a list or a string", v);
    }
}

std::uint64_t magnitude(std::int64_t step) {
    return step > 0 ? static_cast<std::uint64_t>(step) : 0 - static_cast<std::uint64_t>(step);
}

Value fn_range(Args args) {
    const std::optional<IntRange> range = range_of(args);
    if (!range) return Value{};
    List out;
    out.reserve(static_cast<std::size_t>(range->count));
    for (std::uint64_t k = 0; k < range->count; ++k)
        out.emplace_back(range->at(k));
    return Value(std::move(out));
}

}  // namespace

std::optional<IntRange> range_of(Args args) {
    if (any_null(args)) return std::nullopt;
    for (const Value& a : args) {
        if (a.kind() != ValueKind::Int) {
            argument_error(
                "function 'range' expects an integer, not " + kind_with_article(a.kind()),
                "InvalidArgumentType");
        }
    }
    const std::int64_t start = integer("range", args[0]), end = integer("range", args[1]);
    const std::int64_t step = args.size() > 2 ? integer("range", args[2]) : 1;
    if (step == 0) argument_error("function 'range' expects a non-zero step", "NumberOutOfRange");
    IntRange range{start, step, 0};
    if (step > 0 ? start > end : start < end) return range;
    // Unsigned arithmetic: the distance between two int64 always fits in a uint64.
    const std::uint64_t distance =
        step > 0 ? static_cast<std::uint64_t>(end) - static_cast<std::uint64_t>(start)
                 : static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(end);
    range.count = distance / magnitude(step) + 1;
    return range;
}

bool IntRange::contains(std::int64_t x) const noexcept {
    if (count == 0) return false;
    const std::int64_t last = at(count - 1);
    if (step > 0 ? x < start || x > last : x > start || x < last) return false;
    const std::uint64_t offset =
        step > 0 ? static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(start)
                 : static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(x);
    return offset % magnitude(step) == 0;
}

std::span<const FunctionInfo> list_functions() {
    static const FunctionInfo table[] = {
        {"coalesce", 1, variadic, false, fn_coalesce},
        {"head", 1, 1, false, fn_head},
        {"last", 1, 1, false, fn_last},
        {"tail", 1, 1, false, fn_tail},
        {"size", 1, 1, false, fn_size},
        {"length", 1, 1, false, fn_length},
        {"reverse", 1, 1, false, fn_reverse},
        {"range", 2, 3, false, fn_range},
    };
    return table;
}

}  // namespace caspian::query
