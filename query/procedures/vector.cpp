// db.index.vector.queryNodes(index name, k, vector [, {ef}]) YIELD node, score (issue #17, Neo4j's
// name and scores): the HNSW graph chooses candidates, their scores come from the stored
// properties, ties go by node id. With YIELD ... WHERE it searches deeper until k rows pass.
#include "query/functions/vector.hpp"
#include "graph/graph_store.hpp"
#include "graph/vector_index.hpp"
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

constexpr std::string_view proc = "db.index.vector.queryNodes";

struct Query {
    graph::VectorIndex index;
    std::size_t k = 0;
    std::vector<double> vector;
    std::size_t ef = 0;  // {ef: n}, the fourth argument (not in Neo4j); 0: graph::vector_search_ef
};

// Each complaint is about one argument: the call reports it there.
[[noreturn]] void bad_argument(std::size_t argument, ErrorKind kind, const std::string& what) {
    throw ProcedureArgumentError(argument, Error(kind, std::string(proc) + ": " + what));
}

Query read_arguments(exec::ExecContext& ctx, std::span<const Value> args) {
    if (args[0].kind() != ValueKind::String)
        bad_argument(0, ErrorKind::Type, "the index name must be a string");
    if (args[1].kind() != ValueKind::Int || args[1].as_int() <= 0)
        bad_argument(1, ErrorKind::Type,
                     "k must be a positive integer, not " + to_literal(args[1]));
    if (args[2].is_null()) bad_argument(2, ErrorKind::Type, "the query vector is null");
    const std::string& name = args[0].as_string();
    Query q;
    const auto index = graph::find_vector_index(ctx.reader(), name);
    if (!index)
        bad_argument(0, ErrorKind::Semantic, "there is no vector index named '" + name + "'");
    q.index = *index;
    q.k = std::size_t(std::min<std::int64_t>(args[1].as_int(), 1'000'000));
    try {
        q.vector = vector_numbers(std::string(proc) + " (index '" + name + "')", args[2],
                                  index->dimensions);
    } catch (const Error& e) {
        throw ProcedureArgumentError(2, e);
    }
    // Options: {ef: n} trades speed for recall (more candidates, 1 to 100000).
    if (args.size() > 3 && !args[3].is_null()) {
        if (args[3].kind() != ValueKind::Map)
            bad_argument(3, ErrorKind::Type, "the options must be a map such as {ef: 512}");
        for (const auto& [key, value] : args[3].as_map().entries) {
            if (key != "ef")
                bad_argument(3, ErrorKind::Semantic, "unknown option '" + key + "' (known: ef)");
            if (value.kind() != ValueKind::Int || value.as_int() < 1 || value.as_int() > 100000)
                bad_argument(3, ErrorKind::Type, "'ef' must be an integer from 1 to 100000");
            q.ef = std::size_t(value.as_int());
        }
    }
    return q;
}

// The score of a candidate from its stored property, as vector.similarity.* would give it; null
// when the node no longer holds a vector the index could (never, while the index is in step).
std::optional<double> score(exec::ExecContext& ctx, const Query& q, std::uint64_t node) {
    const Value v = ctx.node_property(NodeId{node}, q.index.property);
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

// The rows of the candidates, best score first, ties by node id.
Rows scored(exec::ExecContext& ctx, const Query& q, const std::vector<graph::VectorHit>& hits) {
    std::vector<std::pair<double, std::uint64_t>> ranked;
    ranked.reserve(hits.size());
    for (const graph::VectorHit& h : hits) {
        ctx.check_cancel();
        if (const auto s = score(ctx, q, h.node)) ranked.emplace_back(*s, h.node);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    Rows rows;
    rows.reserve(ranked.size());
    for (const auto& [s, node] : ranked)
        rows.push_back({ctx.node_ref(NodeId{node}), Value(s)});
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
// until k pass; once ef reaches the index's size it is exact, so fewer than k rows means
// fewer than k nodes pass.
Rows query(exec::ExecContext& ctx, std::span<const Value> args, const Accept* accept) {
    const Query q = read_arguments(ctx, args);
    std::vector<float> target;
    try {
        target = graph::query_vector(q.index, q.vector);
    } catch (const Error&) {
        bad_argument(2, ErrorKind::Type,
                     "the query vector is zero, which has no cosine similarity");
    }
    const std::uint64_t count = graph::vector_count(ctx.reader(), q.index);
    // Candidates the graph search keeps (HNSW's efSearch): the query's, or one that grows with
    // the index (graph/vector_index.hpp).
    const std::size_t first = q.ef > 0 ? q.ef : graph::vector_search_ef(count, q.k);
    for (std::size_t ef = std::max(first, 2 * q.k);; ef *= 4) {
        const bool exact = ef >= count;
        std::vector<graph::VectorHit> hits =
            exact ? graph::vector_exact(ctx.reader(), q.index, target)
                  : graph::vector_search(ctx.reader(), q.index, target, ef);
        if (accept == nullptr) keep_nearest(hits, q.k);
        const Rows rows = scored(ctx, q, hits);
        Rows out;
        for (const std::vector<Value>& row : rows) {
            if (out.size() == q.k) break;
            if (accept == nullptr || (*accept)(row)) out.push_back(row);
        }
        if (out.size() == q.k || exact) return out;
    }
}

Rows query_nodes(exec::ExecContext& ctx, std::span<const Value> args) {
    return query(ctx, args, nullptr);
}

Rows query_nodes_filtered(exec::ExecContext& ctx, std::span<const Value> args,
                          const Accept& accept) {
    return query(ctx, args, &accept);
}

}  // namespace

std::span<const ProcedureInfo> vector_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"db.index.vector.querynodes",
         3,
         4,
         {"node", "score"},
         &query_nodes,
         {"indexName", "numberOfNearestNeighbours", "query"},
         {"STRING", "INTEGER", "ANY", "ANY"},
         /*writes=*/false,
         &query_nodes_filtered},
    };
    return table;
}

}  // namespace caspian::query
