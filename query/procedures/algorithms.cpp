// The algo.* procedures: read a configuration map, build a graph::Projection from its names and
// run the algorithms of graph/algorithms (and k_hop of graph/traversal.hpp). Must not compute
// anything itself: the algorithms' contracts are docs/algorithms.md.
#include "graph/algorithms/betweenness.hpp"
#include "graph/algorithms/connected_components.hpp"
#include "graph/algorithms/degree_centrality.hpp"
#include "graph/algorithms/pagerank.hpp"
#include "graph/algorithms/single_source.hpp"
#include "graph/algorithms/triangle_count.hpp"
#include "graph/traversal.hpp"
#include "query/exec/context.hpp"
#include "query/procedures/registry.hpp"
#include "value/text.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace caspian::query {

std::span<const ProcedureInfo> algorithm_procedures();

namespace {

using Rows = std::vector<std::vector<Value>>;

// Stands for names that do not resolve: no node carries this label, no edge has this type.
// (An empty list would mean "every label/type".)
constexpr std::uint32_t no_such_id = std::numeric_limits<std::uint32_t>::max();

[[noreturn]] void type_error(std::string_view proc, const std::string& what) {
    throw Error(ErrorKind::Type, std::string(proc) + ": " + what);
}

std::string kind_name(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return "null";
        case ValueKind::Bool:
            return "a boolean";
        case ValueKind::Int:
            return "an integer";
        case ValueKind::Float:
            return "a float";
        case ValueKind::String:
            return "a string";
        case ValueKind::Date:
            return "a date";
        case ValueKind::DateTime:
            return "a datetime";
        case ValueKind::Duration:
            return "a duration";
        case ValueKind::LocalTime:
            return "a localtime";
        case ValueKind::Time:
            return "a time";
        case ValueKind::LocalDateTime:
            return "a localdatetime";
        case ValueKind::List:
            return "a list";
        case ValueKind::Map:
            return "a map";
        case ValueKind::Node:
            return "a node";
        case ValueKind::Edge:
            return "a relationship";
        case ValueKind::Path:
            return "a path";
    }
    return "a value";
}

// The configuration map of one call, its keys checked against what the procedure reads.
struct Config {
    std::string_view proc;
    const Properties* entries = nullptr;

    const Value* get(std::string_view key) const {
        if (entries == nullptr) return nullptr;
        for (const auto& [k, v] : *entries) {
            if (k == key && !v.is_null()) return &v;
        }
        return nullptr;
    }

    double number(std::string_view key, double fallback) const {
        const Value* v = get(key);
        if (v == nullptr) return fallback;
        if (v->kind() == ValueKind::Int) return static_cast<double>(v->as_int());
        if (v->kind() == ValueKind::Float) return v->as_float();
        type_error(proc, "'" + std::string(key) + "' must be a number, not " + kind_name(*v));
    }

    std::uint64_t count(std::string_view key, std::uint64_t fallback) const {
        const Value* v = get(key);
        if (v == nullptr) return fallback;
        if (v->kind() != ValueKind::Int) {
            type_error(proc, "'" + std::string(key) + "' must be an integer, not " + kind_name(*v));
        }
        if (v->as_int() < 0) type_error(proc, "'" + std::string(key) + "' must not be negative");
        return static_cast<std::uint64_t>(v->as_int());
    }

    bool flag(std::string_view key, bool fallback) const {
        const Value* v = get(key);
        if (v == nullptr) return fallback;
        if (v->kind() != ValueKind::Bool) {
            type_error(proc, "'" + std::string(key) + "' must be a boolean, not " + kind_name(*v));
        }
        return std::get<bool>(v->data);
    }

    const std::string* string(std::string_view key) const {
        const Value* v = get(key);
        if (v == nullptr) return nullptr;
        if (v->kind() != ValueKind::String) {
            type_error(proc, "'" + std::string(key) + "' must be a string, not " + kind_name(*v));
        }
        return &v->as_string();
    }

    // Dictionary ids of a list of names (a single string counts as a one-element list). Names
    // never stored are dropped; when all are, the list is {no_such_id} so that nothing matches.
    template <graph::NameKind Kind>
    std::vector<graph::NameId<Kind>> ids(exec::ExecContext& ctx, std::string_view key) const {
        const Value* v = get(key);
        if (v == nullptr) return {};
        std::vector<const Value*> names;
        if (v->kind() == ValueKind::String) {
            names.push_back(v);
        } else if (v->kind() == ValueKind::List) {
            for (const Value& item : v->as_list())
                names.push_back(&item);
        } else {
            type_error(
                proc, "'" + std::string(key) + "' must be a list of strings, not " + kind_name(*v));
        }
        if (names.empty()) return {};
        std::vector<graph::NameId<Kind>> out;
        for (const Value* name : names) {
            if (name->kind() != ValueKind::String) {
                type_error(proc,
                           "'" + std::string(key) + "' must hold strings, not " + kind_name(*name));
            }
            if (auto id = ctx.find<Kind>(name->as_string())) out.push_back(*id);
        }
        if (out.empty()) out.push_back(graph::NameId<Kind>(no_such_id));
        return out;
    }

    caspian::Direction direction(caspian::Direction fallback) const {
        const std::string* s = string("direction");
        if (s == nullptr) return fallback;
        const std::string lower = ascii_lower(*s);
        if (lower == "out" || lower == "outgoing") return caspian::Direction::Out;
        if (lower == "in" || lower == "incoming") return caspian::Direction::In;
        if (lower == "both") return caspian::Direction::Both;
        throw Error(ErrorKind::Semantic, std::string(proc) +
                                             ": 'direction' must be 'out', 'in' "
                                             "or 'both', not '" +
                                             *s + "'");
    }

    std::optional<graph::PropertyId> weight(exec::ExecContext& ctx) const {
        const std::string* s = string("weight");
        if (s == nullptr) return std::nullopt;
        // A property never stored: every edge takes the default weight.
        return ctx.find<graph::NameKind::Property>(*s).value_or(graph::PropertyId(no_such_id));
    }

    graph::Projection projection(exec::ExecContext& ctx, caspian::Direction fallback) const {
        graph::Projection p;
        p.labels = ids<graph::NameKind::Label>(ctx, "labels");
        p.types = ids<graph::NameKind::Type>(ctx, "types");
        p.direction = direction(fallback);
        p.weight = weight(ctx);
        p.default_weight = number("defaultWeight", 1.0);
        return p;
    }
};

// Reads the configuration map at args[index] (absent or null: every default), rejecting keys
// outside `keys`.
Config config(std::string_view proc, std::span<const Value> args, std::size_t index,
              std::initializer_list<std::string_view> keys) {
    Config c{proc, nullptr};
    if (index >= args.size() || args[index].is_null()) return c;
    const Value& v = args[index];
    if (v.kind() != ValueKind::Map) {
        type_error(proc, "the configuration must be a map, not " + kind_name(v));
    }
    c.entries = &v.as_map().entries;
    for (const auto& [k, value] : *c.entries) {
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
            std::string known;
            for (std::string_view key : keys)
                known += (known.empty() ? "" : ", ") + std::string(key);
            throw Error(ErrorKind::Semantic, std::string(proc) + ": unknown configuration key '" +
                                                 k + "' (known: " + known + ")");
        }
    }
    return c;
}

// The node id of a source argument; nullopt for null (the call then yields no row).
std::optional<NodeId> source_node(std::string_view proc, const Value& v) {
    if (v.is_null()) return std::nullopt;
    if (v.kind() != ValueKind::Node) {
        type_error(proc, "the source must be a node, not " + kind_name(v));
    }
    return v.as_node().id;
}

Rows score_rows(exec::ExecContext& ctx, const std::vector<graph::NodeScore>& scores) {
    Rows rows;
    rows.reserve(scores.size());
    for (const graph::NodeScore& s : scores)
        rows.push_back({ctx.node_ref(s.node), Value(s.score)});
    return rows;
}

Rows component_rows(exec::ExecContext& ctx, const std::vector<graph::NodeComponent>& comps) {
    Rows rows;
    rows.reserve(comps.size());
    for (const graph::NodeComponent& c : comps)
        rows.push_back({ctx.node_ref(c.node), Value(static_cast<std::int64_t>(c.component.value))});
    return rows;
}

Rows reached_rows(exec::ExecContext& ctx, const std::vector<graph::Reached>& reached) {
    Rows rows;
    rows.reserve(reached.size());
    for (const graph::Reached& r : reached)
        rows.push_back({ctx.node_ref(r.node), Value(static_cast<std::int64_t>(r.depth))});
    return rows;
}

Rows pagerank(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c = config("algo.pagerank", args, 0,
                            {"labels", "types", "direction", "weight", "defaultWeight", "damping",
                             "iterations", "tolerance"});
    graph::PageRankOptions options;
    options.damping = c.number("damping", options.damping);
    const std::uint64_t iterations = c.count("iterations", options.iterations);
    if (iterations > std::numeric_limits<std::uint32_t>::max()) {
        type_error(c.proc, "'iterations' is too large");
    }
    options.iterations = static_cast<std::uint32_t>(iterations);
    options.tolerance = c.number("tolerance", options.tolerance);
    return score_rows(ctx, graph::pagerank(ctx.reader(), c.projection(ctx, caspian::Direction::Out),
                                           options, ctx.interrupt()));
}

Rows wcc(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c = config("algo.wcc", args, 0, {"labels", "types"});
    return component_rows(
        ctx, graph::weakly_connected_components(
                 ctx.reader(), c.projection(ctx, caspian::Direction::Out), ctx.interrupt()));
}

Rows scc(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c = config("algo.scc", args, 0, {"labels", "types", "direction"});
    return component_rows(
        ctx, graph::strongly_connected_components(
                 ctx.reader(), c.projection(ctx, caspian::Direction::Out), ctx.interrupt()));
}

Rows degree(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c =
        config("algo.degree", args, 0,
               {"labels", "types", "direction", "weight", "defaultWeight", "normalised"});
    const bool normalised = c.flag("normalised", false);
    return score_rows(
        ctx, graph::degree_centrality(ctx.reader(), c.projection(ctx, caspian::Direction::Out),
                                      normalised, ctx.interrupt()));
}

Rows betweenness(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c = config("algo.betweenness", args, 0, {"labels", "types", "direction"});
    return score_rows(
        ctx, graph::betweenness_centrality(ctx.reader(), c.projection(ctx, caspian::Direction::Out),
                                           ctx.interrupt()));
}

Rows triangles(exec::ExecContext& ctx, std::span<const Value> args) {
    const Config c = config("algo.triangles", args, 0, {"labels", "types"});
    const auto result = graph::triangle_count(
        ctx.reader(), c.projection(ctx, caspian::Direction::Both), ctx.interrupt());
    Rows rows;
    rows.reserve(result.size());
    for (const graph::NodeTriangles& t : result) {
        rows.push_back({ctx.node_ref(t.node), Value(static_cast<std::int64_t>(t.triangles)),
                        Value(t.coefficient)});
    }
    return rows;
}

Rows bfs(exec::ExecContext& ctx, std::span<const Value> args) {
    const std::string_view proc = "algo.bfs";
    const auto source = source_node(proc, args[0]);
    const Config c = config(proc, args, 1, {"types", "direction", "maxDepth"});
    const auto types = c.ids<graph::NameKind::Type>(ctx, "types");
    const auto dir = c.direction(caspian::Direction::Out);
    const std::uint64_t max_depth = c.count("maxDepth", 0);
    if (!source) return {};
    return reached_rows(
        ctx, graph::bfs_distances(ctx.reader(), *source, dir, types, max_depth, ctx.interrupt()));
}

Rows khop(exec::ExecContext& ctx, std::span<const Value> args) {
    const std::string_view proc = "algo.khop";
    const auto source = source_node(proc, args[0]);
    if (args[1].kind() != ValueKind::Int) {
        type_error(proc, "k must be an integer, not " + kind_name(args[1]));
    }
    if (args[1].as_int() < 0) type_error(proc, "k must not be negative");
    const auto k = static_cast<std::uint64_t>(args[1].as_int());
    const Config c = config(proc, args, 2, {"types", "direction", "limit"});
    const auto types = c.ids<graph::NameKind::Type>(ctx, "types");
    const auto dir = c.direction(caspian::Direction::Out);
    const std::uint64_t limit = c.count("limit", 0);
    if (!source) return {};
    return reached_rows(ctx,
                        graph::k_hop(ctx.reader(), *source, k, dir, types, limit, ctx.interrupt()));
}

Rows dijkstra_distances(exec::ExecContext& ctx, std::span<const Value> args) {
    const std::string_view proc = "algo.dijkstraDistances";
    const auto source = source_node(proc, args[0]);
    if (args[1].kind() != ValueKind::String) {
        type_error(proc, "the weight property must be a string, not " + kind_name(args[1]));
    }
    const Config c = config(proc, args, 2, {"types", "direction", "defaultWeight"});
    const auto types = c.ids<graph::NameKind::Type>(ctx, "types");
    const auto dir = c.direction(caspian::Direction::Out);
    const double default_weight = c.number("defaultWeight", 1.0);
    if (!source) return {};
    const graph::PropertyId weight = ctx.find<graph::NameKind::Property>(args[1].as_string())
                                         .value_or(graph::PropertyId(no_such_id));
    return score_rows(ctx, graph::dijkstra_distances(ctx.reader(), *source, dir, types, weight,
                                                     default_weight, ctx.interrupt()));
}

}  // namespace

std::span<const ProcedureInfo> algorithm_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"algo.pagerank", 0, 1, {"node", "score"}, &pagerank},
        {"algo.wcc", 0, 1, {"node", "component"}, &wcc},
        {"algo.scc", 0, 1, {"node", "component"}, &scc},
        {"algo.degree", 0, 1, {"node", "score"}, &degree},
        {"algo.betweenness", 0, 1, {"node", "score"}, &betweenness},
        {"algo.triangles", 0, 1, {"node", "triangles", "coefficient"}, &triangles},
        {"algo.bfs", 1, 2, {"node", "depth"}, &bfs},
        {"algo.khop", 2, 3, {"node", "depth"}, &khop},
        {"algo.dijkstradistances", 2, 3, {"node", "cost"}, &dijkstra_distances},
    };
    return table;
}

}  // namespace caspian::query
