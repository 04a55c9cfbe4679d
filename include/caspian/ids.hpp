// Strong identifiers of stored nodes and edges (real ids start at 1; 0 means "none"), and the
// direction of an edge seen from a node.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace caspian {

// Explicit from the integer, never implicit (not even by brace elision inside another
// aggregate), so a node id cannot pass for an edge id or a count; `.value` is the integer.
struct NodeId {
    std::uint64_t value = 0;
    constexpr NodeId() noexcept = default;
    constexpr explicit NodeId(std::uint64_t v) noexcept : value(v) {}
    friend constexpr auto operator<=>(NodeId, NodeId) = default;
};

struct EdgeId {
    std::uint64_t value = 0;
    constexpr EdgeId() noexcept = default;
    constexpr explicit EdgeId(std::uint64_t v) noexcept : value(v) {}
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
