// Functions on graph values already in hand: keys, properties, labels, type, id, nodes,
// relationships. Those that must read the graph (startNode, exists on patterns) are the
// executor's.
#include "query/functions/scalar.hpp"

namespace caspian::query {

namespace {

const Properties* properties_of(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Map:
            return &v.as_map().entries;
        case ValueKind::Node:
            return &v.as_node().properties;
        case ValueKind::Edge:
            return &v.as_edge().properties;
        default:
            return nullptr;
    }
}

Value fn_keys(Args args) {
    if (args[0].is_null()) return Value{};
    const Properties* props = properties_of(args[0]);
    if (props == nullptr) bad_kind("keys", "a map, a node or a relationship", args[0]);
    List out;
    for (const auto& entry : *props)
        out.emplace_back(entry.first);
    return Value(std::move(out));
}

Value fn_properties(Args args) {
    if (args[0].is_null()) return Value{};
    const Properties* props = properties_of(args[0]);
    if (props == nullptr) bad_kind("properties", "a map, a node or a relationship", args[0]);
    return Value(Map{*props});
}

Value fn_labels(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Node) bad_kind("labels", "a node", args[0]);
    List out;
    for (const auto& label : args[0].as_node().labels)
        out.emplace_back(label);
    return Value(std::move(out));
}

Value fn_type(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Edge) bad_kind("type", "a relationship", args[0]);
    return Value(args[0].as_edge().type);
}

Value fn_id(Args args) {
    const Value& v = args[0];
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Node) return Value(static_cast<std::int64_t>(v.as_node().id.value));
    if (v.kind() == ValueKind::Edge) return Value(static_cast<std::int64_t>(v.as_edge().id.value));
    bad_kind("id", "a node or a relationship", v);
}

Value fn_nodes(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Path) bad_kind("nodes", "a path", args[0]);
    List out;
    for (const Node& n : args[0].as_path().nodes)
        out.emplace_back(n);
    return Value(std::move(out));
}

Value fn_relationships(Args args) {
    if (args[0].is_null()) return Value{};
    if (args[0].kind() != ValueKind::Path) bad_kind("relationships", "a path", args[0]);
    List out;
    for (const Edge& e : args[0].as_path().edges)
        out.emplace_back(e);
    return Value(std::move(out));
}

}  // namespace

std::span<const FunctionInfo> graph_value_functions() {
    static const FunctionInfo table[] = {
        {"keys", 1, 1, false, fn_keys},
        {"properties", 1, 1, false, fn_properties},
        {"labels", 1, 1, false, fn_labels},
        {"type", 1, 1, false, fn_type},
        {"id", 1, 1, false, fn_id},
        {"nodes", 1, 1, false, fn_nodes},
        {"relationships", 1, 1, false, fn_relationships},
    };
    return table;
}

}  // namespace caspian::query
