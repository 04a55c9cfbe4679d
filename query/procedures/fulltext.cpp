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

// Each complaint is about one argument (0-based): the call reports it at that argument.
[[noreturn]] void bad_argument(std::string_view proc, std::size_t argument, ErrorKind kind,
                               const std::string& what) {
    throw ProcedureArgumentError(argument, Error(kind, std::string(proc) + ": " + what));
}

// A non-negative integer of the options map, or fallback when absent or null.
std::optional<std::uint64_t> option(std::string_view proc, const Value& options,
                                    const std::string& key) {
    if (options.is_null()) return std::nullopt;
    for (const auto& [name, value] : options.as_map().entries) {
        if (name != key || value.is_null()) continue;
        if (value.kind() != ValueKind::Int || value.as_int() < 0) {
            bad_argument(proc, 2, ErrorKind::Type, "'" + key + "' must be a non-negative integer");
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
    if (args[0].kind() != ValueKind::String)
        bad_argument(proc, 0, ErrorKind::Type, "the index name must be a string");
    if (args[1].kind() != ValueKind::String)
        bad_argument(proc, 1, ErrorKind::Type, "the query must be a string");
    const Value options = args.size() > 2 ? args[2] : Value();
    if (!options.is_null() && options.kind() != ValueKind::Map) {
        bad_argument(proc, 2, ErrorKind::Type,
                     "the options must be a map such as {limit: 10, skip: 0}");
    }
    if (!options.is_null()) {
        for (const auto& entry : options.as_map().entries) {
            if (entry.first != "limit" && entry.first != "skip") {
                bad_argument(proc, 2, ErrorKind::Semantic,
                             "unknown option '" + entry.first + "' (known: limit, skip)");
            }
        }
    }
    const std::string& name = args[0].as_string();
    const auto index = graph::find_fulltext_index(ctx.reader(), name);
    if (!index) {
        bad_argument(proc, 0, ErrorKind::Semantic,
                     "there is no full-text index named '" + name + "'");
    }
    if (index->entity != entity) {
        bad_argument(proc, 0, ErrorKind::Semantic,
                     "the full-text index '" + name + "' " +
                         (nodes ? "indexes relationships: use db.index.fulltext.queryRelationships"
                                : "indexes nodes: use db.index.fulltext.queryNodes"));
    }
    const std::uint64_t skip = option(proc, options, "skip").value_or(0);
    const auto limit = option(proc, options, "limit");
    std::vector<graph::FulltextHit> hits;
    try {
        hits = graph::fulltext_search(ctx.reader(), *index, args[1].as_string(), skip, limit);
    } catch (const Error& e) {  // a query string that does not parse: at the string
        if (e.kind() != ErrorKind::Syntax || e.where()) throw;
        throw ProcedureArgumentError(1, e);
    }
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
