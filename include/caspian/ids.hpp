// Strong identifiers of stored nodes and edges (real ids start at 1; 0 means "none"), and the
// direction of an edge seen from a node.
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

// Which edges of a node: those leaving it, those entering it, or both. The one direction type
// of the API, the graph layer and the executor (the AST keeps its own `->`/`<-` as written).
enum class Direction { Out, In, Both };

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
