// Storage benchmarks over one fixed random graph (seed below): a bulk write of 1M edges over
// 100k nodes in one transaction, a scan of every node's out-edges, point lookups by key and the
// bytes on disk per edge. The database is built once per process in a temporary directory.
//
//   storage_bench [--benchmark_filter=...]   (build with -DCMAKE_BUILD_TYPE=Release)
#include <caspian/database.hpp>

#include "graph/graph_store.hpp"
#include "storage/env.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::uint32_t seed = 20220518;
constexpr int node_count = 100'000;
constexpr int edge_count = 1'000'000;
const char* const edge_types[] = {"ROAD", "RAIL", "AIR"};

struct PlannedEdge {
    int src, dst, type;
};

std::vector<PlannedEdge> plan_edges() {
    std::mt19937 rng(seed);
    std::vector<PlannedEdge> plan(edge_count);
    for (PlannedEdge& e : plan) {
        e = {int(rng() % node_count), int(rng() % node_count), int(rng() % 3)};
    }
    return plan;
}

std::string node_key(int i) {
    return "n" + std::to_string(i);
}

// A fresh directory, removed at exit.
class BenchDir {
public:
    BenchDir()
        : path_(std::filesystem::temp_directory_path() /
                ("caspian-bench-" + std::to_string(std::random_device{}()))) {}
    ~BenchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Writes the whole graph in one transaction into dir; returns the node ids by index.
std::vector<caspian::NodeId> write_graph(const std::filesystem::path& dir,
                                         const std::vector<PlannedEdge>& plan) {
    std::vector<caspian::NodeId> ids;
    caspian::Database db = caspian::Database::open(dir, {.sync = caspian::SyncMode::None});
    db.update([&](caspian::WriteTransaction& txn) {
        ids.clear();
        for (int i = 0; i < node_count; ++i) {
            ids.push_back(txn.create_node({"City"}, {{"key", node_key(i)}}));
        }
        for (const PlannedEdge& e : plan) {
            txn.create_edge(ids[e.src], edge_types[e.type], ids[e.dst]);
        }
    });
    return ids;
}

// The database the read benchmarks share, written once.
struct Shared {
    BenchDir dir;
    std::vector<caspian::NodeId> ids = write_graph(dir.path() / "db", plan_edges());
    caspian::Database db = caspian::Database::open(dir.path() / "db", {.read_only = true});
};

Shared& shared() {
    static Shared s;
    return s;
}

void BM_BulkWrite(benchmark::State& state) {
    const std::vector<PlannedEdge> plan = plan_edges();
    for (auto _ : state) {
        BenchDir dir;
        write_graph(dir.path() / "db", plan);
        state.PauseTiming();
        const auto bytes = std::filesystem::file_size(dir.path() / "db" / "data.mdb");
        state.counters["bytes_per_edge"] = double(bytes) / edge_count;
        state.ResumeTiming();
    }
    state.counters["edges/s"] =
        benchmark::Counter(double(edge_count) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["nodes"] = node_count;
    state.counters["edges"] = edge_count;
}
BENCHMARK(BM_BulkWrite)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The raw adjacency scan (graph layer): every node's out-edges through one read transaction.
void BM_ScanOutEdges(benchmark::State& state) {
    Shared& s = shared();
    // The Env that s.db opened (one per directory per process).
    auto env = caspian::storage::Env::open(s.dir.path() / "db", {.read_only = true});
    std::uint64_t visited = 0;
    for (auto _ : state) {
        caspian::storage::ReadTxn txn(*env);
        caspian::graph::GraphReader reader(txn);
        std::uint64_t sum = 0;
        reader.scan_nodes([&](caspian::NodeId node) {
            reader.adjacency(node, caspian::Direction::Out, std::nullopt,
                             [&](const caspian::graph::AdjEntry& e) {
                                 sum += e.neighbour.value;
                                 ++visited;
                                 return true;
                             });
            return true;
        });
        benchmark::DoNotOptimize(sum);
    }
    state.counters["edges/s"] = benchmark::Counter(double(visited), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanOutEdges)->Unit(benchmark::kMillisecond);

// The same scan through the public API, which decodes each edge record into a caspian::Edge.
void BM_ScanOutEdgesApi(benchmark::State& state) {
    Shared& s = shared();
    std::uint64_t visited = 0;
    for (auto _ : state) {
        caspian::ReadTransaction txn = s.db.begin_read();
        for (caspian::NodeId id : s.ids) {
            visited += txn.edges(id, caspian::Direction::Out).size();
        }
    }
    state.counters["edges/s"] = benchmark::Counter(double(visited), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanOutEdgesApi)->Unit(benchmark::kMillisecond);

void BM_FindNodeByKey(benchmark::State& state) {
    Shared& s = shared();
    std::mt19937 rng(seed + 1);
    std::vector<std::string> keys(4096);
    for (std::string& k : keys)
        k = node_key(int(rng() % node_count));
    caspian::ReadTransaction txn = s.db.begin_read();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(txn.find_node(keys[i++ & 4095]));
    }
    state.counters["lookups/s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FindNodeByKey);

void BM_BytesOnDiskPerEdge(benchmark::State& state) {
    Shared& s = shared();
    const auto bytes = std::filesystem::file_size(s.dir.path() / "db" / "data.mdb");
    for (auto _ : state)
        benchmark::DoNotOptimize(bytes);
    state.counters["data_mdb_bytes"] = double(bytes);
    state.counters["bytes_per_edge"] = double(bytes) / edge_count;
}
BENCHMARK(BM_BytesOnDiskPerEdge)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
