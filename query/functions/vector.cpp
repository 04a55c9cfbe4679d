// vector.similarity.cosine and vector.similarity.euclidean (Neo4j's names and scores, issue #17)
// and the vector reading shared with the vector index procedure (vector.hpp).
#include "query/functions/vector.hpp"

#include "query/functions/scalar.hpp"

#include <cmath>
#include <optional>

namespace caspian::query {

std::vector<double> vector_numbers(std::string_view who, const Value& v, std::size_t dimensions) {
    if (v.kind() != ValueKind::List) {
        type_error(
            std::string(who) + " expects a list of numbers, not " + kind_with_article(v.kind()),
            "InvalidArgumentValue");
    }
    const List& items = v.as_list();
    if (dimensions != 0 && items.size() != dimensions) {
        type_error(std::string(who) + " expects a vector of " + std::to_string(dimensions) +
                       " numbers, not " + std::to_string(items.size()),
                   "InvalidArgumentValue");
    }
    std::vector<double> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!is_number(items[i])) {
            type_error(std::string(who) + " expects numbers, but element " + std::to_string(i) +
                           " is " + kind_with_article(items[i].kind()),
                       "InvalidArgumentValue");
        }
        out.push_back(items[i].kind() == ValueKind::Int ? double(items[i].as_int())
                                                        : items[i].as_float());
    }
    return out;
}

std::optional<double> cosine_score(std::span<const double> a, std::span<const double> b) {
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    if (!(na > 0) || !(nb > 0)) return std::nullopt;
    const double cos = std::clamp(dot / std::sqrt(na * nb), -1.0, 1.0);
    return (1 + cos) / 2;
}

double euclidean_score(std::span<const double> a, std::span<const double> b) {
    double d2 = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        d2 += (a[i] - b[i]) * (a[i] - b[i]);
    return 1 / (1 + d2);
}

namespace {

// Both arguments as vectors of one length; nullopt for a null argument.
std::optional<std::pair<std::vector<double>, std::vector<double>>> operands(std::string_view fn,
                                                                            Args args) {
    if (any_null(args)) return std::nullopt;
    const std::string who = "function '" + std::string(fn) + "'";
    std::vector<double> a = vector_numbers(who, args[0]);
    std::vector<double> b = vector_numbers(who, args[1], a.size());
    if (a.empty()) type_error(who + " expects non-empty vectors", "InvalidArgumentValue");
    return std::pair(std::move(a), std::move(b));
}

Value fn_cosine(Args args) {
    const auto v = operands("vector.similarity.cosine", args);
    if (!v) return Value();
    const auto score = cosine_score(v->first, v->second);
    return score ? Value(*score) : Value();
}

Value fn_euclidean(Args args) {
    const auto v = operands("vector.similarity.euclidean", args);
    if (!v) return Value();
    return Value(euclidean_score(v->first, v->second));
}

const FunctionInfo vector_table[] = {
    {"vector.similarity.cosine", 2, 2, false, fn_cosine},
    {"vector.similarity.euclidean", 2, 2, false, fn_euclidean},
};

}  // namespace

std::span<const FunctionInfo> vector_functions() {
    return vector_table;
}

}  // namespace caspian::query
