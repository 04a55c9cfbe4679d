// Vectors as Cypher values (issue #17): a list of numbers read as doubles, and the similarity
// scores of Neo4j's vector.similarity.cosine/euclidean, shared by those functions and by
// db.index.vector.queryNodes, which must give the same scores.
#pragma once

#include <caspian/value.hpp>

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace caspian::query {

// The numbers of a list; Error{Type} naming who (and the element's place) for a value that is
// not a list, or a null or non-numeric element, and, when dimensions is not 0, for another length.
[[nodiscard]] std::vector<double> vector_numbers(std::string_view who, const Value& v,
                                                 std::size_t dimensions = 0);

// Neo4j's scores, in [0, 1]: (1 + cos) / 2, and 1 / (1 + squared distance). Cosine of a zero
// vector is null (nullopt). The spans have equal sizes.
[[nodiscard]] std::optional<double> cosine_score(std::span<const double> a,
                                                 std::span<const double> b);
[[nodiscard]] double euclidean_score(std::span<const double> a, std::span<const double> b);

}  // namespace caspian::query
