// Graph benchmarks on one generated graph (fixed seed): k-hop (1, 2, 3) and shortest paths from
// random start nodes, PageRank, and the rate of a whole-graph adjacency scan through a plain
// LMDB cursor (the ceiling), GraphReader, the StoredGraph view and the CSR snapshot.
//
//   CASPIAN_BENCH_NODES=1000000 CASPIAN_BENCH_EDGES=5000000 graph_bench [--benchmark_filter=...]
//   (defaults 100000 / 500000; CASPIAN_BENCH_DB=dir keeps the database between runs)
#include "graph/adj_chunk.hpp"
#include "graph/algorithms/pagerank.hpp"
#include "graph/graph_store.hpp"
#include "graph/snapshot.hpp"
#include "graph/stored_graph.hpp"
#include "graph/traversal.hpp"
#include "storage/bytes.hpp"
#include "storage/env.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

using namespace caspian;
using namespace caspian::graph;

constexpr std::uint32_t seed = 20240401;

std::uint64_t env_size(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::strtoull(v, nullptr, 10) : fallback;
}

struct Shared {
    std::uint64_t nodes = env_size("CASPIAN_BENCH_NODES", 100'000);
    std::uint64_t edges = env_size("CASPIAN_BENCH_EDGES", 500'000);
    std::filesystem::path dir;
    bool owned = false;
    std::shared_ptr<storage::Env> env;
    std::vector<NodeId> ids;
    std::unique_ptr<Snapshot> snapshot;

    Shared() {
        if (const char* d = std::getenv("CASPIAN_BENCH_DB")) {
            dir = d;
        } else {
            dir = std::filesystem::temp_directory_path() /
                  ("caspian-graph-bench-" + std::to_string(std::random_device{}()));
            owned = true;
        }
        const bool exists = std::filesystem::exists(dir / "data.mdb");
        env = storage::Env::open(dir, {.sync = storage::Sync::None});
        if (!exists) write();
        storage::ReadTxn txn(*env);
        GraphReader r(txn);
        r.scan_nodes([&](NodeId id) { return ids.push_back(id), true; });
        snapshot = std::make_unique<Snapshot>(Snapshot::build(r));
    }
    ~Shared() {
        snapshot.reset();
        env.reset();
        if (owned) {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    }
    // Uniform random edges over three types (an Erdős–Rényi-like multigraph).
    void write() {
        std::mt19937_64 rng(seed);
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        const graph::TypeId types[] = {g.intern<NameKind::Type>("ROAD"),
                                       g.intern<NameKind::Type>("RAIL"),
                                       g.intern<NameKind::Type>("AIR")};
        const auto city = g.intern<NameKind::Label>("City");
        std::vector<NodeId> made;
        made.reserve(nodes);
        for (std::uint64_t i = 0; i < nodes; ++i)
            made.push_back(g.create_node({city}, {}));
        for (std::uint64_t i = 0; i < edges; ++i) {
            g.create_edge(made[rng() % nodes], types[rng() % 3], made[rng() % nodes], {});
        }
        txn.commit();
    }
    std::vector<NodeId> starts(std::size_t n) const {
        std::mt19937_64 rng(seed + 1);
        std::vector<NodeId> out(n);
        for (auto& s : out)
            s = ids[rng() % ids.size()];
        return out;
    }
};

Shared& shared() {
    static Shared s;
    return s;
}

void report(benchmark::State& state, std::uint64_t items, const char* what) {
    state.counters[what] = benchmark::Counter(double(items), benchmark::Counter::kIsRate);
    state.counters["nodes"] = double(shared().nodes);
    state.counters["edges"] = double(shared().edges);
}

// --- whole-graph out-edge scans: edges visited per second ------------------------------------

void BM_ScanRawCursor(benchmark::State& state) {
    Shared& s = shared();
    std::uint64_t visited = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        storage::Cursor c(txn, txn.tables().out_adj);
        MDB_val k, v;
        std::uint64_t sum = 0;
        AdjChunkBuffer entries;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            const std::size_t n =
                decode_adj_chunk(storage::as_view(k), storage::as_view(v), entries);
            for (std::size_t i = 0; i < n; ++i)
                sum += entries[i].neighbour.value;
            visited += n;
        }
        benchmark::DoNotOptimize(sum);
    }
    report(state, visited, "edges/s");
}
BENCHMARK(BM_ScanRawCursor)->Unit(benchmark::kMillisecond);

void BM_ScanReader(benchmark::State& state) {
    Shared& s = shared();
    std::uint64_t visited = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        GraphReader r(txn);
        std::uint64_t sum = 0;
        for (auto u : s.ids) {
            r.adjacency(u, Direction::Out, std::nullopt, [&](const AdjEntry& e) {
                sum += e.neighbour.value, ++visited;
                return true;
            });
        }
        benchmark::DoNotOptimize(sum);
    }
    report(state, visited, "edges/s");
}
BENCHMARK(BM_ScanReader)->Unit(benchmark::kMillisecond);

void BM_ScanView(benchmark::State& state) {
    Shared& s = shared();
    std::uint64_t visited = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        const StoredGraph g(txn);
        std::uint64_t sum = 0;
        for (auto [vi, vend] = vertices(g); vi != vend; ++vi) {
            for (auto [ei, eend] = out_edges(*vi, g); ei != eend; ++ei) {
                sum += target(*ei, g).value, ++visited;
            }
        }
        benchmark::DoNotOptimize(sum);
    }
    report(state, visited, "edges/s");
}
BENCHMARK(BM_ScanView)->Unit(benchmark::kMillisecond);

void BM_ScanSnapshot(benchmark::State& state) {
    Shared& s = shared();
    const auto& g = s.snapshot->csr();
    std::uint64_t visited = 0;
    for (auto _ : state) {
        std::uint64_t sum = 0;
        for (Snapshot::Vertex u = 0; u < s.snapshot->vertex_count(); ++u) {
            for (auto [ei, eend] = out_edges(u, g); ei != eend; ++ei) {
                sum += target(*ei, g), ++visited;
            }
        }
        benchmark::DoNotOptimize(sum);
    }
    report(state, visited, "edges/s");
}
BENCHMARK(BM_ScanSnapshot)->Unit(benchmark::kMillisecond);

// --- k-hop from random starts: nodes reached per second --------------------------------------

constexpr std::size_t start_count = 200;

void BM_KHopTraversal(benchmark::State& state) {
    Shared& s = shared();
    const auto starts = s.starts(start_count);
    std::uint64_t reached = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        GraphReader r(txn);
        for (auto from : starts)
            reached += k_hop(r, from, state.range(0), Direction::Out, {}).size();
    }
    report(state, reached, "nodes/s");
    state.counters["starts/s"] =
        benchmark::Counter(double(start_count * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KHopTraversal)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_KHopView(benchmark::State& state) {
    Shared& s = shared();
    const auto starts = s.starts(start_count);
    std::uint64_t reached = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        const StoredGraph g(txn);
        for (auto from : starts) {
            std::unordered_set<NodeId> seen{from};
            std::vector<NodeId> frontier{from};
            for (std::int64_t d = 0; d < state.range(0); ++d) {
                std::vector<NodeId> next;
                for (NodeId u : frontier) {
                    for (auto [ei, eend] = out_edges(u, g); ei != eend; ++ei) {
                        if (seen.insert(ei->dst).second) next.push_back(target(*ei, g));
                    }
                }
                frontier = std::move(next);
            }
            reached += seen.size() - 1;
        }
    }
    report(state, reached, "nodes/s");
}
BENCHMARK(BM_KHopView)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_KHopRawCursor(benchmark::State& state) {
    Shared& s = shared();
    const auto starts = s.starts(start_count);
    std::uint64_t reached = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        storage::Cursor c(txn, txn.tables().out_adj);
        AdjChunkBuffer entries;
        for (auto from : starts) {
            std::unordered_set<std::uint64_t> seen{from.value};
            std::vector<std::uint64_t> frontier{from.value};
            for (std::int64_t d = 0; d < state.range(0); ++d) {
                std::vector<std::uint64_t> next;
                for (std::uint64_t u : frontier) {
                    MDB_val k, v;
                    for (bool ok = seek_adj_chunk(c, NodeId{u}, {}, k, v);
                         ok && adj_chunk_node(storage::as_view(k)) == NodeId{u};
                         ok = c.move(MDB_NEXT, &k, &v)) {
                        const std::size_t n =
                            decode_adj_chunk(storage::as_view(k), storage::as_view(v), entries);
                        for (std::size_t i = 0; i < n; ++i) {
                            if (seen.insert(entries[i].neighbour.value).second)
                                next.push_back(entries[i].neighbour.value);
                        }
                    }
                }
                frontier = std::move(next);
            }
            reached += seen.size() - 1;
        }
    }
    report(state, reached, "nodes/s");
}
BENCHMARK(BM_KHopRawCursor)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_KHopSnapshot(benchmark::State& state) {
    Shared& s = shared();
    const auto starts = s.starts(start_count);
    const auto& g = s.snapshot->csr();
    std::uint64_t reached = 0;
    for (auto _ : state) {
        for (auto from : starts) {
            const auto root = *s.snapshot->rank(from);
            std::unordered_set<Snapshot::Vertex> seen{root};
            std::vector<Snapshot::Vertex> frontier{root};
            for (std::int64_t d = 0; d < state.range(0); ++d) {
                std::vector<Snapshot::Vertex> next;
                for (auto u : frontier) {
                    for (auto [ei, eend] = out_edges(u, g); ei != eend; ++ei) {
                        if (seen.insert(target(*ei, g)).second) next.push_back(target(*ei, g));
                    }
                }
                frontier = std::move(next);
            }
            reached += seen.size() - 1;
        }
    }
    report(state, reached, "nodes/s");
}
BENCHMARK(BM_KHopSnapshot)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

// --- shortest paths between random pairs -----------------------------------------------------

void BM_ShortestPath(benchmark::State& state) {
    Shared& s = shared();
    const auto a = s.starts(2 * 100);
    std::uint64_t found = 0, hops = 0, pairs = 0;
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        GraphReader r(txn);
        for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
            const auto p =
                shortest_paths(r, a[i], a[i + 1], Direction(state.range(0)), {}, 1, -1, false);
            ++pairs;
            if (!p.empty()) ++found, hops += p[0].edges.size();
        }
    }
    report(state, pairs, "pairs/s");
    state.counters["found"] = double(found) / double(pairs);
    state.counters["mean_hops"] = found ? double(hops) / double(found) : 0;
}
BENCHMARK(BM_ShortestPath)
    ->Arg(int(Direction::Out))
    ->Arg(int(Direction::Both))
    ->Unit(benchmark::kMillisecond);

// --- whole-graph work --------------------------------------------------------------------------

void BM_SnapshotBuild(benchmark::State& state) {
    Shared& s = shared();
    for (auto _ : state) {
        storage::ReadTxn txn(*s.env);
        GraphReader r(txn);
        benchmark::DoNotOptimize(Snapshot::build(r).edge_count());
    }
    report(state, s.edges * state.iterations(), "edges/s");
}
BENCHMARK(BM_SnapshotBuild)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_PageRank20(benchmark::State& state) {
    Shared& s = shared();
    for (auto _ : state) {
        benchmark::DoNotOptimize(pagerank(*s.snapshot, {.damping = 0.85, .iterations = 20}));
    }
    report(state, s.edges * 20 * state.iterations(), "edge_visits/s");
}
BENCHMARK(BM_PageRank20)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
