// Strong identifiers of stored nodes and edges. Real ids start at 1; 0 means "none".
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace caspian {

struct NodeId {
    std::uint64_t value = 0;
    friend constexpr auto operator<=>(NodeId, NodeId) = default;
};

struct EdgeId {
    std::uint64_t value = 0;
    friend constexpr auto operator<=>(EdgeId, EdgeId) = default;
};

}  // namespace caspian

template <>
struct std::hash<caspian::NodeId> {
    std::size_t operator()(caspian::NodeId id) const noexcept {
        return std::hash<std::uint64_t>{}(id.value);
    }
};

template <>
struct std::hash<caspian::EdgeId> {
    std::size_t operator()(caspian::EdgeId id) const noexcept {
        return std::hash<std::uint64_t>{}(id.value);
    }
};
