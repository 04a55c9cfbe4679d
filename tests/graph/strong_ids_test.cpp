// The graph API's ids (graph/ids.hpp) convert neither into each other nor from bare integers:
// the static_asserts fail the build if an implicit conversion creeps in; the tests check that
// the typed dictionary calls hand back ids of the kind asked for. Links only caspian_graph.
#include "graph/graph_store.hpp"
#include "graph/traversal.hpp"

#include "support/temp_dir.hpp"

#include "storage/env.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_set>

namespace caspian::graph {
namespace {

// --- The ids themselves ----------------------------------------------------------------------
static_assert(!std::is_convertible_v<LabelId, TypeId>);
static_assert(!std::is_convertible_v<LabelId, PropertyId>);
static_assert(!std::is_convertible_v<TypeId, LabelId>);
static_assert(!std::is_convertible_v<TypeId, PropertyId>);
static_assert(!std::is_convertible_v<PropertyId, LabelId>);
static_assert(!std::is_convertible_v<PropertyId, TypeId>);
static_assert(!std::is_constructible_v<LabelId, TypeId>);
static_assert(!std::is_constructible_v<TypeId, PropertyId>);
// From and to the integer only by name: LabelId(7) and .value, never implicitly.
static_assert(!std::is_convertible_v<std::uint32_t, LabelId>);
static_assert(!std::is_convertible_v<std::uint32_t, TypeId>);
static_assert(!std::is_convertible_v<std::uint32_t, PropertyId>);
static_assert(!std::is_convertible_v<LabelId, std::uint32_t>);
static_assert(!std::is_convertible_v<TypeId, std::uint32_t>);
static_assert(!std::is_convertible_v<PropertyId, std::uint32_t>);
static_assert(std::is_constructible_v<LabelId, std::uint32_t>);
// Zero-cost: one u32, copied as one.
static_assert(sizeof(LabelId) == sizeof(std::uint32_t));
static_assert(sizeof(TypeId) == sizeof(std::uint32_t));
static_assert(sizeof(PropertyId) == sizeof(std::uint32_t));
static_assert(std::is_trivially_copyable_v<LabelId>);
static_assert(LabelId(3) < LabelId(4) && LabelId(4) == LabelId(4));
// Node and edge ids (include/caspian/ids.hpp): neither converts into the other nor to or from
// the integer, not even inside another aggregate by brace elision.
static_assert(!std::is_convertible_v<NodeId, EdgeId>);
static_assert(!std::is_convertible_v<EdgeId, NodeId>);
static_assert(!std::is_constructible_v<NodeId, EdgeId>);
static_assert(!std::is_constructible_v<EdgeId, NodeId>);
static_assert(!std::is_convertible_v<std::uint64_t, NodeId>);
static_assert(!std::is_convertible_v<std::uint64_t, EdgeId>);
static_assert(!std::is_convertible_v<NodeId, std::uint64_t>);
static_assert(!std::is_convertible_v<EdgeId, std::uint64_t>);
static_assert(std::is_constructible_v<NodeId, std::uint64_t>);
static_assert(std::is_constructible_v<EdgeId, std::uint64_t>);
static_assert(!std::is_aggregate_v<NodeId> && !std::is_aggregate_v<EdgeId>);
static_assert(sizeof(NodeId) == sizeof(std::uint64_t) && std::is_trivially_copyable_v<NodeId>);
static_assert(sizeof(EdgeId) == sizeof(std::uint64_t) && std::is_trivially_copyable_v<EdgeId>);
static_assert(NodeId(3) < NodeId(4) && EdgeId(4) == EdgeId(4));

// --- The reader and writer take the right kind and no other ---------------------------------
using Visit = std::function<bool(NodeId)>;
using AdjVisit = std::function<bool(const AdjEntry&)>;
static_assert(std::is_invocable_v<decltype(&GraphReader::scan_label), const GraphReader&, LabelId,
                                  const Visit&, NodeId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::scan_label), const GraphReader&, TypeId,
                                   const Visit&, NodeId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::scan_label), const GraphReader&,
                                   std::uint32_t, const Visit&, NodeId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::scan_label), const GraphReader&, LabelId,
                                   const std::function<bool(EdgeId)>&, NodeId>);
static_assert(std::is_invocable_v<decltype(&GraphReader::adjacency), const GraphReader&, NodeId,
                                  Direction, std::optional<TypeId>, const AdjVisit&>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::adjacency), const GraphReader&, NodeId,
                                   Direction, LabelId, const AdjVisit&>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::adjacency), const GraphReader&, NodeId,
                                   Direction, std::uint32_t, const AdjVisit&>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::adjacency), const GraphReader&, EdgeId,
                                   Direction, std::optional<TypeId>, const AdjVisit&>);
static_assert(
    !std::is_invocable_v<decltype(&GraphReader::adjacency), const GraphReader&, std::uint64_t,
                         Direction, std::optional<TypeId>, const AdjVisit&>);
static_assert(std::is_invocable_v<decltype(&GraphReader::node_property), const GraphReader&, NodeId,
                                  PropertyId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::node_property), const GraphReader&,
                                   NodeId, LabelId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::node_property), const GraphReader&,
                                   EdgeId, PropertyId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::edge_property), const GraphReader&,
                                   NodeId, PropertyId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::node), const GraphReader&, EdgeId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::edge), const GraphReader&, NodeId>);
static_assert(
    !std::is_invocable_v<decltype(&GraphReader::node), const GraphReader&, std::uint64_t>);
static_assert(
    !std::is_invocable_v<decltype(&GraphReader::label_count), const GraphReader&, TypeId>);
static_assert(
    !std::is_invocable_v<decltype(&GraphReader::type_stats), const GraphReader&, LabelId>);
static_assert(std::is_invocable_v<decltype(&GraphReader::has_index), const GraphReader&, LabelId,
                                  PropertyId>);
static_assert(!std::is_invocable_v<decltype(&GraphReader::has_index), const GraphReader&,
                                   PropertyId, LabelId>);
static_assert(std::is_invocable_v<decltype(&GraphWriter::create_edge), GraphWriter&, NodeId, TypeId,
                                  NodeId, PropertyValues>);
static_assert(!std::is_invocable_v<decltype(&GraphWriter::create_edge), GraphWriter&, NodeId,
                                   LabelId, NodeId, PropertyValues>);
static_assert(!std::is_invocable_v<decltype(&GraphWriter::create_edge), GraphWriter&, EdgeId,
                                   TypeId, NodeId, PropertyValues>);
static_assert(std::is_same_v<decltype(std::declval<GraphWriter&>().create_edge(NodeId(1), TypeId(1),
                                                                               NodeId(2), {})),
                             EdgeId>);
static_assert(std::is_same_v<decltype(std::declval<GraphWriter&>().create_node({}, {})), NodeId>);
static_assert(
    !std::is_invocable_v<decltype(&GraphWriter::add_label), GraphWriter&, NodeId, TypeId>);
static_assert(
    !std::is_invocable_v<decltype(&GraphWriter::add_label), GraphWriter&, EdgeId, LabelId>);
static_assert(!std::is_invocable_v<decltype(&GraphWriter::delete_edge), GraphWriter&, NodeId>);
static_assert(
    !std::is_invocable_v<decltype(&GraphWriter::delete_node), GraphWriter&, EdgeId, bool>);
static_assert(!std::is_invocable_v<decltype(&GraphWriter::set_node_property), GraphWriter&, NodeId,
                                   LabelId, const Value&>);
static_assert(!std::is_invocable_v<decltype(&GraphWriter::set_edge_property), GraphWriter&, NodeId,
                                   PropertyId, const Value&>);
static_assert(
    !std::is_invocable_v<decltype(&GraphWriter::create_index), GraphWriter&, TypeId, PropertyId>);
// The dictionary's answers carry their kind.
static_assert(
    std::is_same_v<decltype(std::declval<const GraphReader&>().find_name<NameKind::Label>("x")),
                   std::optional<LabelId>>);
static_assert(
    std::is_same_v<decltype(std::declval<GraphWriter&>().intern<NameKind::Type>("x")), TypeId>);
static_assert(std::is_same_v<decltype(EdgeRef{}.type), TypeId>);
static_assert(std::is_same_v<decltype(AdjEntry{}.type), TypeId>);
static_assert(std::is_same_v<decltype(AdjEntry{}.neighbour), NodeId>);
static_assert(std::is_same_v<decltype(AdjEntry{}.edge), EdgeId>);
static_assert(std::is_same_v<decltype(EdgeRef{}.id), EdgeId>);
static_assert(std::is_same_v<decltype(EdgeRef{}.src), NodeId>);

TEST(StrongIds, HashAndOrderFollowTheValue) {
    std::unordered_set<TypeId> seen{TypeId(1), TypeId(2), TypeId(1)};
    EXPECT_EQ(seen.size(), 2u);
    EXPECT_TRUE(seen.contains(TypeId(2)));
    EXPECT_FALSE(seen.contains(TypeId(3)));
    EXPECT_EQ(std::hash<PropertyId>{}(PropertyId(9)), std::hash<std::uint32_t>{}(9));
    std::unordered_set<NodeId> nodes{NodeId(1), NodeId(2), NodeId(1)};
    EXPECT_EQ(nodes.size(), 2u);
    EXPECT_TRUE(nodes.contains(NodeId(2)));
    EXPECT_FALSE(nodes.contains(NodeId(3)));
    EXPECT_EQ(std::hash<EdgeId>{}(EdgeId(9)), std::hash<std::uint64_t>{}(9));
}

// A fresh database with a write transaction open on it.
class StrongIdsStore : public ::testing::Test {
protected:
    caspian::testing::TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    storage::WriteTxn txn_{*env_};
    GraphWriter g{txn_};
};

TEST_F(StrongIdsStore, OneIdSpacePerKind) {
    // The same name in each kind: three dictionaries, each counting from its own start.
    const LabelId label = g.intern<NameKind::Label>("Same");
    const TypeId type = g.intern<NameKind::Type>("Same");
    const PropertyId property = g.intern<NameKind::Property>("Same");
    EXPECT_EQ(g.find_name<NameKind::Label>("Same"), label);
    EXPECT_EQ(g.find_name<NameKind::Type>("Same"), type);
    EXPECT_EQ(g.find_name<NameKind::Property>("Same"), property);
    EXPECT_EQ(g.intern<NameKind::Type>("Same"), type);  // interning again finds it
    EXPECT_FALSE(g.find_name<NameKind::Label>("Other"));
    const TypeId other = g.intern<NameKind::Type>("Other");
    EXPECT_NE(other, type);
    EXPECT_EQ(g.name(other), "Other");
    EXPECT_EQ(g.name(label), "Same");
    const auto types = g.names<NameKind::Type>();
    ASSERT_EQ(types.size(), 2u);
    EXPECT_EQ(types[0].first, type);
    EXPECT_EQ(types[1].second, "Other");
    EXPECT_EQ(g.names<NameKind::Label>().size(), 1u);
}

TEST_F(StrongIdsStore, TypedCallsReachTheStoredGraph) {
    const LabelId city = g.intern<NameKind::Label>("City");
    const TypeId road = g.intern<NameKind::Type>("ROAD");
    const TypeId rail = g.intern<NameKind::Type>("RAIL");
    const PropertyId km = g.intern<NameKind::Property>("km");
    const auto a = g.create_node({city}, {});
    const auto b = g.create_node({city}, {});
    g.create_edge(a, road, b, {{km, Value(std::int64_t{7})}});
    EXPECT_EQ(g.label_count(city), 2u);
    EXPECT_EQ(g.type_stats(road).edges, 1u);
    EXPECT_EQ(g.type_stats(rail).edges, 0u);
    EXPECT_EQ(g.degree(a, Direction::Out, road), 1u);
    EXPECT_EQ(g.degree(a, Direction::Out, rail), 0u);
    std::vector<TypeId> seen;
    g.adjacency(a, Direction::Out, std::nullopt, [&](const AdjEntry& e) {
        seen.push_back(e.type);
        return true;
    });
    EXPECT_EQ(seen, std::vector<TypeId>{road});
    EXPECT_EQ(g.edge_property(EdgeId(1), km), Value(std::int64_t{7}));
    EXPECT_EQ(g.edge_property(EdgeId(1), PropertyId(km.value + 1)), Value());
    // The ids handed out are the stored integers: the edge record names its endpoints' ids.
    const auto edge = g.edge(EdgeId(1));
    ASSERT_TRUE(edge);
    EXPECT_EQ(edge->src, a.value);
    EXPECT_EQ(edge->dst, b.value);
    EXPECT_FALSE(g.node(NodeId(b.value + 1)));
    EXPECT_TRUE(g.create_index(city, km));
    EXPECT_TRUE(g.has_index(city, km));
}

}  // namespace
}  // namespace caspian::graph
