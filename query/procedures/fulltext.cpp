// db.index.fulltext.queryNodes and queryRelationships (issue #17), with Neo4j's names and
// shapes: (index name, query string [, {limit, skip}]) yielding the entity and its BM25 score.
#include "graph/fulltext_search.hpp"
#include "graph/graph_store.hpp"
#include "query/exec/context.hpp"
#include "query/procedures/registry.hpp"

#include <caspian/error.hpp>

#include <string>

namespace caspian::query {

namespace {

using Rows = std::vector<std::vector<Value>>;

[[noreturn]] void type_error(std::string_view proc, const std::string& what) {
    throw Error(ErrorKind::Type, std::string(proc) + ": " + what);
}

// A non-negative integer of the options map, or fallback when absent or null.
std::optional<std::uint64_t> option(std::string_view proc, const Value& options,
                                    const std::string& key) {
    if (options.is_null()) return std::nullopt;
    for (const auto& [name, value] : options.as_map().entries) {
        if (name != key || value.is_null()) continue;
        if (value.kind() != ValueKind::Int || value.as_int() < 0) {
            type_error(proc, "'" + key + "' must be a non-negative integer");
        }
        return std::uint64_t(value.as_int());
    }
    return std::nullopt;
}

Rows query_index(exec::ExecContext& ctx, std::span<const Value> args,
                 graph::FulltextEntity entity) {
    const bool nodes = entity == graph::FulltextEntity::Node;
    const std::string_view proc =
        nodes ? "db.index.fulltext.queryNodes" : "db.index.fulltext.queryRelationships";
    if (args[0].kind() != ValueKind::String) type_error(proc, "the index name must be a string");
    if (args[1].kind() != ValueKind::String) type_error(proc, "the query must be a string");
    const Value options = args.size() > 2 ? args[2] : Value();
    if (!options.is_null() && options.kind() != ValueKind::Map) {
        type_error(proc, "the options must be a map such as {limit: 10, skip: 0}");
    }
    if (!options.is_null()) {
        for (const auto& entry : options.as_map().entries) {
            if (entry.first != "limit" && entry.first != "skip") {
                throw Error(ErrorKind::Semantic, std::string(proc) + ": unknown option '" +
                                                     entry.first + "' (known: limit, skip)");
            }
        }
    }
    const std::string& name = args[0].as_string();
    const auto index = graph::find_fulltext_index(ctx.reader(), name);
    if (!index) {
        throw Error(ErrorKind::Semantic,
                    std::string(proc) + ": there is no full-text index named '" + name + "'");
    }
    if (index->entity != entity) {
        throw Error(ErrorKind::Semantic,
                    std::string(proc) + ": the full-text index '" + name + "' indexes " +
                        (nodes ? "relationships: use db.index.fulltext.queryRelationships"
                               : "nodes: use db.index.fulltext.queryNodes"));
    }
    const auto hits = graph::fulltext_search(ctx.reader(), *index, args[1].as_string(),
                                             option(proc, options, "skip").value_or(0),
                                             option(proc, options, "limit"));
    Rows rows;
    rows.reserve(hits.size());
    for (const graph::FulltextHit& h : hits) {
        ctx.check_cancel();
        if (nodes) {
            rows.push_back({ctx.node_ref(NodeId{h.id}), Value(h.score)});
            continue;
        }
        const auto edge = ctx.reader().edge(EdgeId{h.id});
        if (!edge)
            throw Error(ErrorKind::Corrupt, "a full-text index names a missing relationship");
        rows.push_back({ctx.edge_ref(EdgeId{h.id}, graph::TypeId(edge->type), NodeId{edge->src},
                                     NodeId{edge->dst}),
                        Value(h.score)});
    }
    return rows;
}

Rows query_nodes(exec::ExecContext& ctx, std::span<const Value> args) {
    return query_index(ctx, args, graph::FulltextEntity::Node);
}

Rows query_relationships(exec::ExecContext& ctx, std::span<const Value> args) {
    return query_index(ctx, args, graph::FulltextEntity::Relationship);
}

}  // namespace

std::span<const ProcedureInfo> fulltext_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"db.index.fulltext.querynodes", 2, 3, {"node", "score"}, &query_nodes},
        {"db.index.fulltext.queryrelationships",
         2,
         3,
         {"relationship", "score"},
         &query_relationships},
    };
    return table;
}

}  // namespace caspian::query
