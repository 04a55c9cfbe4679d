// Value builders for tests of values and functions: L{...} lists, M{...} maps (entries sorted by
// name, as stored maps are), nodes and edges with ids, and the edge values of numbers.
#pragma once

#include <caspian/value.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace caspian::testing {

inline const Value null{};
inline const double nan_v = std::numeric_limits<double>::quiet_NaN();
inline constexpr std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t int_min = std::numeric_limits<std::int64_t>::min();

inline Value L(std::initializer_list<Value> items) {
    return Value(List(items));
}

inline Value M(std::initializer_list<std::pair<std::string, Value>> entries) {
    Map m;
    for (const auto& [k, v] : entries)
        m.entries.emplace_back(k, v);
    std::sort(m.entries.begin(), m.entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return Value(std::move(m));
}

inline Node make_node(std::uint64_t id, std::vector<std::string> labels = {},
                      Properties props = {}) {
    return Node{NodeId{id}, std::move(labels), std::move(props)};
}

inline Edge make_edge(std::uint64_t id, std::uint64_t src, std::uint64_t dst,
                      std::string type = "T", Properties props = {}) {
    return Edge{EdgeId{id}, std::move(type), NodeId{src}, NodeId{dst}, std::move(props)};
}

}  // namespace caspian::testing
