// Per-statement overhead (issue #8): W2-shaped (point lookup by key, one property) and
// W3-shaped (1-hop out-degree) statements as raw GraphReader calls, prepared statements, text
// through the plan cache and text parsed and planned each time. Fixed data (seed 42), built
// once into $CASPIAN_OVERHEAD_DB (default /tmp/caspian-overhead-bench) and reused.
#include <caspian/database.hpp>

#include "graph/graph_store.hpp"
#include "query/api/session.hpp"
#include "storage/env.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

using namespace caspian;

namespace {
constexpr int nodes = 100'000;
const std::filesystem::path db_path = [] {
    const char* dir = std::getenv("CASPIAN_OVERHEAD_DB");
    return std::filesystem::path(dir != nullptr ? dir : "/tmp/caspian-overhead-bench");
}();

Database& db() {
    static Database d = [] {
        const bool fresh = !std::filesystem::exists(db_path / "data.mdb");
        Database x = Database::open(db_path);
        if (fresh) {
            std::mt19937_64 rng(42);
            x.update([&](WriteTransaction& txn) {
                for (int i = 0; i < nodes; ++i)
                    txn.create_node({"Person"}, {{"key", "k" + std::to_string(i)},
                                                 {"name", "name" + std::to_string(i)},
                                                 {"age", std::int64_t(i % 90)}});
                for (int i = 0; i < nodes * 5; ++i)
                    txn.create_edge(NodeId{rng() % nodes + 1}, "KNOWS", NodeId{rng() % nodes + 1});
            });
        }
        return x;
    }();
    return d;
}

std::string key_for(std::mt19937_64& rng) {
    return "k" + std::to_string(rng() % nodes);
}

const char* w2 = "MATCH (n {key: $k}) RETURN n.name";
const char* w3 = "MATCH (n {key: $k})-[r]->() RETURN count(r)";

std::shared_ptr<storage::Env> env() {
    static auto e = storage::Env::open(db_path, {});
    return e;
}

void BM_W2_Raw(benchmark::State& state) {
    db();
    std::mt19937_64 rng(1);
    auto e = env();
    storage::ReadTxn probe(*e);
    const auto name_id = graph::GraphReader(probe).find_name<graph::NameKind::Property>("name");
    for (auto _ : state) {
        storage::ReadTxn txn(*e);
        graph::GraphReader r(txn);
        auto id = r.find_key(key_for(rng));
        benchmark::DoNotOptimize(r.node_property(*id, *name_id));  // decodes only the name
    }
}
void BM_W3_Raw(benchmark::State& state) {
    db();
    std::mt19937_64 rng(1);
    auto e = env();
    for (auto _ : state) {
        storage::ReadTxn txn(*e);
        graph::GraphReader r(txn);
        auto id = r.find_key(key_for(rng));
        benchmark::DoNotOptimize(r.degree(*id, caspian::Direction::Out));
    }
}

// Text parsed and planned at every call: the session entry point below the plan cache.
template <int W>
void BM_Uncached(benchmark::State& state) {
    db();
    std::mt19937_64 rng(1);
    auto e = env();
    for (auto _ : state) {
        Result r = query::run_autocommit(e, W == 2 ? w2 : w3, {{"k", Value(key_for(rng))}});
        benchmark::DoNotOptimize(r.all());
    }
}
// Text through Database::query, whose plan cache keeps the plan of a repeated text.
template <int W>
void BM_TextCached(benchmark::State& state) {
    Database& d = db();
    std::mt19937_64 rng(1);
    for (auto _ : state) {
        Result r = d.query(W == 2 ? w2 : w3, {{"k", Value(key_for(rng))}});
        benchmark::DoNotOptimize(r.all());
    }
}
template <int W>
void BM_Prepared(benchmark::State& state) {
    Database& d = db();
    PreparedStatement s = d.prepare(W == 2 ? w2 : w3);
    std::mt19937_64 rng(1);
    for (auto _ : state) {
        Result r = d.query(s, {{"k", Value(key_for(rng))}});
        benchmark::DoNotOptimize(r.all());
    }
}
// One read transaction for all calls: the statement's cost without beginning a transaction.
template <int W>
void BM_PreparedInTxn(benchmark::State& state) {
    Database& d = db();
    PreparedStatement s = d.prepare(W == 2 ? w2 : w3);
    ReadTransaction txn = d.begin_read();
    std::mt19937_64 rng(1);
    for (auto _ : state) {
        Result r = txn.query(s, {{"k", Value(key_for(rng))}});
        benchmark::DoNotOptimize(r.all());
    }
}
}  // namespace

BENCHMARK(BM_W2_Raw);
BENCHMARK_TEMPLATE(BM_Uncached, 2);
BENCHMARK_TEMPLATE(BM_TextCached, 2);
BENCHMARK_TEMPLATE(BM_Prepared, 2);
BENCHMARK_TEMPLATE(BM_PreparedInTxn, 2);
BENCHMARK(BM_W3_Raw);
BENCHMARK_TEMPLATE(BM_Uncached, 3);
BENCHMARK_TEMPLATE(BM_TextCached, 3);
BENCHMARK_TEMPLATE(BM_Prepared, 3);
BENCHMARK_TEMPLATE(BM_PreparedInTxn, 3);
BENCHMARK_MAIN();
