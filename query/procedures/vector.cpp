// db.index.vector.queryNodes(index name, k, vector [, {ef}]) YIELD node, score and
// queryRelationships(...) YIELD relationship, score (issue #17, Neo4j's names and scores): the
// HNSW graph chooses candidates, their scores come from the stored properties, ties go by id.
// With YIELD ... WHERE it searches deeper until k rows pass.
#include "query/functions/vector.hpp"
#include "graph/graph_store.hpp"
#include "graph/vector_index.hpp"
#include "graph/vector_quantized.hpp"
#include "query/exec/context.hpp"
#include "query/procedures/registry.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace caspian::query {

namespace {

using Rows = std::vector<std::vector<Value>>;
using Accept = std::function<bool(const std::vector<Value>&)>;

struct Query {
    std::string proc;  // the procedure's name, for messages
    graph::VectorIndex index;
    std::size_t k = 0;
    std::vector<double> vector;
    std::size_t ef =
        0;  // {ef: n}, the fourth argument (not in Neo4j); 0: graph::vector_search_adaptive
};

// Each complaint is about one argument: the call reports it there.
ProcedureArgumentError argument_error(std::string_view proc, std::size_t argument, ErrorKind kind,
                                      const std::string& what) {
    return ProcedureArgumentError(argument, Error(kind, std::string(proc) + ": " + what));
}

Query read_arguments(exec::ExecContext& ctx, std::span<const Value> args,
                     graph::VectorEntity entity) {
    const bool nodes = entity == graph::VectorEntity::Node;
    const std::string proc =
        nodes ? "db.index.vector.queryNodes" : "db.index.vector.queryRelationships";
    const auto fail = [&](std::size_t argument, ErrorKind kind, const std::string& what) {
        return argument_error(proc, argument, kind, what);
    };
    if (args[0].kind() != ValueKind::String)
        throw fail(0, ErrorKind::Type, "the index name must be a string");
    if (args[1].kind() != ValueKind::Int || args[1].as_int() <= 0)
        throw fail(1, ErrorKind::Type, "k must be a positive integer, not " + to_literal(args[1]));
    if (args[2].is_null()) throw fail(2, ErrorKind::Type, "the query vector is null");
    const std::string& name = args[0].as_string();
    Query q;
    q.proc = proc;
    const auto index = graph::find_vector_index(ctx.reader(), name);
    if (!index) throw fail(0, ErrorKind::Semantic, "there is no vector index named '" + name + "'");
    if (index->entity != entity) {
        throw fail(0, ErrorKind::Semantic,
                   "the vector index '" + name + "' " +
                       (nodes ? "indexes relationships: use db.index.vector.queryRelationships"
                              : "indexes nodes: use db.index.vector.queryNodes"));
    }
    q.index = *index;
    q.k = std::size_t(std::min<std::int64_t>(args[1].as_int(), 1'000'000));
    try {
        q.vector = vector_numbers(proc + " (index '" + name + "')", args[2], index->dimensions);
    } catch (const Error& e) {
        throw ProcedureArgumentError(2, e);
    }
    // Options: {ef: n} trades speed for recall (more candidates, 1 to 100000).
    if (args.size() > 3 && !args[3].is_null()) {
        if (args[3].kind() != ValueKind::Map)
            throw fail(3, ErrorKind::Type, "the options must be a map such as {ef: 512}");
        for (const auto& [key, value] : args[3].as_map().entries) {
            if (key != "ef")
                throw fail(3, ErrorKind::Semantic, "unknown option '" + key + "' (known: ef)");
            if (value.kind() != ValueKind::Int || value.as_int() < 1 || value.as_int() > 100000)
                throw fail(3, ErrorKind::Type, "'ef' must be an integer from 1 to 100000");
            q.ef = std::size_t(value.as_int());
        }
    }
    return q;
}

// The score of a candidate from its stored property, as vector.similarity.* would give it; null
// when the node (relationship) no longer holds a vector the index could (never, while the index
// is in step).
std::optional<double> score(const Query& q, const Value& v) {
    if (v.kind() != ValueKind::List || v.as_list().size() != q.vector.size()) return std::nullopt;
    std::vector<double> stored;
    stored.reserve(q.vector.size());
    for (const Value& x : v.as_list()) {
        if (x.kind() == ValueKind::Float) {
            stored.push_back(x.as_float());
        } else if (x.kind() == ValueKind::Int) {
            stored.push_back(double(x.as_int()));
        } else {
            return std::nullopt;
        }
    }
    if (q.index.similarity == graph::Similarity::Euclidean)
        return euclidean_score(q.vector, stored);
    return cosine_score(q.vector, stored);
}

// A candidate's row value (a node or relationship reference) and its score, when it has one.
struct Scored {
    double score = 0;
    std::uint64_t id = 0;
    Value ref;
};

std::optional<Scored> score_hit(exec::ExecContext& ctx, const Query& q, std::uint64_t id) {
    if (q.index.entity == graph::VectorEntity::Node) {
        const auto s = score(q, ctx.node_property(NodeId{id}, q.index.property));
        if (!s) return std::nullopt;
        return Scored{*s, id, ctx.node_ref(NodeId{id})};
    }
    const auto edge = ctx.reader().edge(EdgeId{id});
    if (!edge) throw Error(ErrorKind::Corrupt, "a vector index names a missing relationship");
    const Value* v = graph::find_property(edge->properties, q.index.property);
    const auto s = score(q, v ? *v : Value());
    if (!s) return std::nullopt;
    return Scored{
        *s, id,
        ctx.edge_ref(EdgeId{id}, graph::TypeId(edge->type), NodeId{edge->src}, NodeId{edge->dst})};
}

// The rows of the candidates, best score first, ties by id.
Rows scored(exec::ExecContext& ctx, const Query& q, const std::vector<graph::VectorHit>& hits) {
    std::vector<Scored> ranked;
    ranked.reserve(hits.size());
    for (const graph::VectorHit& h : hits) {
        ctx.check_cancel();
        if (auto s = score_hit(ctx, q, h.node)) ranked.push_back(std::move(*s));
    }
    std::sort(ranked.begin(), ranked.end(), [](const Scored& a, const Scored& b) {
        return a.score > b.score || (a.score == b.score && a.id < b.id);
    });
    Rows rows;
    rows.reserve(ranked.size());
    for (Scored& s : ranked)
        rows.push_back({std::move(s.ref), Value(s.score)});
    return rows;
}

// Without a filter only the k nearest can be rows: scoring reads each candidate's property, which
// cost more than the search at a large ef. Ties within float32 rounding of the k-th stay, for
// the exact scores to order.
void keep_nearest(std::vector<graph::VectorHit>& hits, std::size_t k) {
    if (hits.size() <= k) return;
    const float last = hits[k - 1].distance;
    const float limit = last + std::abs(last) * 1e-4f + 1e-4f;
    std::size_t keep = k;
    while (keep < hits.size() && hits[keep].distance <= limit)
        ++keep;
    hits.resize(keep);
}

// The k best rows that accept passes (all pass without a WHERE). The search widens (ef x 4)
// until k pass; once the exact scan is cheaper it is exact, so fewer than k rows means fewer
// than k nodes pass.
Rows query(exec::ExecContext& ctx, std::span<const Value> args, const Accept* accept,
           graph::VectorEntity entity) {
    const Query q = read_arguments(ctx, args, entity);
    std::vector<float> target;
    try {
        target = graph::query_vector(q.index, q.vector);
    } catch (const Error&) {
        throw argument_error(q.proc, 2, ErrorKind::Type,
                             "the query vector is zero, which has no cosine similarity");
    }
    const std::uint64_t count = graph::vector_count(ctx.reader(), q.index);
    // Candidates the graph search keeps (HNSW's efSearch): the query's, or as many as the data
    // needs (graph::vector_search_adaptive). A WHERE that rejects rows widens the search.
    // Without an ef of the query's, the int8 scan keeps ef candidates once it costs less than
    // the graph search; past a search of the whole index, the float32 scan is exact (every
    // node, or the nearest few without a WHERE).
    const auto search_at = [&](std::size_t ef) {
        graph::VectorSearchResult r{{}, ef, graph::vector_exact_is_cheaper(q.index, count, ef)};
        if (!r.exact && q.ef == 0 && graph::vector_scan_is_cheaper(q.index, count, ef)) {
            const std::size_t keep = std::max(ef, graph::quantized_candidates(q.k));
            if (auto hits = graph::vector_quantized_scan(ctx.reader(), q.index, target, keep)) {
                r.hits = std::move(*hits);
                return r;
            }
            r.exact = true;
        }
        const std::size_t limit = accept == nullptr ? graph::quantized_candidates(q.k) : SIZE_MAX;
        r.hits = r.exact ? graph::vector_exact(ctx.reader(), q.index, target, limit)
                         : graph::vector_search(ctx.reader(), q.index, target, ef);
        return r;
    };
    graph::VectorSearchResult found =
        q.ef > 0 ? search_at(std::max(q.ef, 2 * q.k))
                 : graph::vector_search_adaptive(ctx.reader(), q.index, target, q.k);
    for (;;) {
        if (accept == nullptr) keep_nearest(found.hits, q.k);
        const Rows rows = scored(ctx, q, found.hits);
        Rows out;
        for (const std::vector<Value>& row : rows) {
            if (out.size() == q.k) break;
            if (accept == nullptr || (*accept)(row)) out.push_back(row);
        }
        if (out.size() == q.k || found.exact) return out;
        found = search_at(found.ef * 4);
    }
}

// The procedures' entry points: queryNodes (Node) and queryRelationships (Relationship).
template <graph::VectorEntity entity>
Rows query_all(exec::ExecContext& ctx, std::span<const Value> args) {
    return query(ctx, args, nullptr, entity);
}

template <graph::VectorEntity entity>
Rows query_filtered(exec::ExecContext& ctx, std::span<const Value> args, const Accept& accept) {
    return query(ctx, args, &accept, entity);
}

}  // namespace

std::span<const ProcedureInfo> vector_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"db.index.vector.querynodes",
         3,
         4,
         {"node", "score"},
         &query_all<graph::VectorEntity::Node>,
         {"indexName", "numberOfNearestNeighbours", "query"},
         {"STRING", "INTEGER", "ANY", "ANY"},
         /*writes=*/false,
         &query_filtered<graph::VectorEntity::Node>},
        {"db.index.vector.queryrelationships",
         3,
         4,
         {"relationship", "score"},
         &query_all<graph::VectorEntity::Relationship>,
         {"indexName", "numberOfNearestNeighbours", "query"},
         {"STRING", "INTEGER", "ANY", "ANY"},
         /*writes=*/false,
         &query_filtered<graph::VectorEntity::Relationship>},
    };
    return table;
}

}  // namespace caspian::query
