// caspian-vector-bench: vector indexes (issue #17) on generated embeddings, through the query
// language only: build time and peak memory of CREATE VECTOR INDEX over stored nodes, query
// latency and recall@10 of db.index.vector.queryNodes against the exact answer, and the same
// query by brute force (MATCH ... ORDER BY vector.similarity.cosine ... LIMIT 10) side by side.
// Uniform-random and clustered sets, both from fixed seeds. Nothing here asserts a speed.
//
//   caspian-vector-bench --work DIR [--count 100000] [--dims 384] [--queries 50]
//                        [--brute 5] [--ef N[,N...]] [--sets uniform,clustered] [--reuse]
//
// One row per set and ef (0: the procedure's default); the index is built once per set.
#include <caspian/database.hpp>

#include "bench/bench_process.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

namespace fs = std::filesystem;
using caspian::Database;
using caspian::List;
using caspian::Params;
using caspian::Value;
using caspian::bench::Clock;
using caspian::bench::cpu_seconds;
using caspian::bench::PeakHeap;
using caspian::bench::seconds_since;
using caspian::bench::status_kb;

struct Options {
    fs::path work;
    std::size_t count = 100000;
    std::size_t dims = 384;
    std::size_t queries = 50;
    std::size_t brute = 5;               // brute-force queries (each scans every node)
    std::vector<std::size_t> efs = {0};  // the query's {ef: n}; 0: the procedure's default
    std::vector<std::string> sets = {"uniform", "clustered"};
    bool reuse = false;  // --reuse: query the database an earlier run left in DIR/set
};

// The data set: uniform in [-1, 1) per coordinate, or 100 Gaussian clusters (sd 0.1 around
// centres uniform in [-1, 1)). Queries come from the same distribution with another seed.
class Generator {
public:
    Generator(bool clustered, std::size_t dims, std::uint32_t seed)
        : clustered_(clustered), dims_(dims), rng_(seed) {
        std::mt19937 centre_rng(4242);
        std::uniform_real_distribution<double> u(-1, 1);
        for (int c = 0; c < 100; ++c) {
            std::vector<double> centre(dims);
            for (double& x : centre)
                x = u(centre_rng);
            centres_.push_back(std::move(centre));
        }
    }
    std::vector<double> next() {
        std::uniform_real_distribution<double> u(-1, 1);
        std::normal_distribution<double> noise(0, 0.1);
        std::vector<double> v(dims_);
        const std::vector<double>& centre = centres_[rng_() % centres_.size()];
        for (std::size_t i = 0; i < dims_; ++i)
            v[i] = clustered_ ? centre[i] + noise(rng_) : u(rng_);
        return v;
    }

private:
    bool clustered_;
    std::size_t dims_;
    std::mt19937 rng_;
    std::vector<std::vector<double>> centres_;
};

Value as_value(const std::vector<double>& v) {
    List items;
    items.reserve(v.size());
    for (double x : v)
        items.emplace_back(x);
    return Value(std::move(items));
}

double cosine(const std::vector<double>& a, const std::vector<float>& b) {
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    return dot / std::sqrt(na * nb);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::set<std::int64_t> ids_of(caspian::Result result) {
    std::set<std::int64_t> out;
    while (result.next())
        out.insert(result.row()[0].as_int());
    return out;
}

void run_set(const Options& o, const std::string& set) {
    const fs::path dir = o.work / set;
    // --reuse keeps a database this bench built (same count, dims and seeds): queries only.
    const bool reuse = o.reuse && fs::exists(dir);
    if (!reuse) fs::remove_all(dir);
    Database db = Database::open(dir);
    const bool clustered = set == "clustered";
    Generator data(clustered, o.dims, 17);
    std::vector<std::vector<float>> stored;  // kept (as float32, to halve it) for the exact answer
    stored.reserve(o.count);
    auto start = Clock::now();
    constexpr std::size_t batch = 1000;
    for (std::size_t done = 0; done < o.count; done += batch) {
        List rows;
        for (std::size_t i = done; i < std::min(o.count, done + batch); ++i) {
            const std::vector<double> v = data.next();
            stored.emplace_back(v.begin(), v.end());
            if (reuse) continue;
            rows.emplace_back(caspian::Map{{{"i", Value(std::int64_t(i))}, {"v", as_value(v)}}});
        }
        if (!reuse)
            db.query("UNWIND $rows AS r CREATE (:Doc {i: r.i, embedding: r.v})",
                     Params{{"rows", Value(std::move(rows))}})
                .all();
    }
    const double load = seconds_since(start);

    PeakHeap heap;
    const long heap_before = status_kb("RssAnon");
    start = Clock::now();
    const double cpu_start = cpu_seconds();
    db.query(
          "CREATE VECTOR INDEX docs IF NOT EXISTS FOR (n:Doc) ON n.embedding OPTIONS {indexConfig: "
          "{`vector.dimensions`: " +
          std::to_string(o.dims) + ", `vector.similarity_function`: 'cosine'}}")
        .all();
    const double build = seconds_since(start);
    const double build_cpu = cpu_seconds() - cpu_start;
    const long heap_peak = heap.stop();

    // The queries with their exact 10 nearest, computed here (ties by i: the order nodes were
    // created in).
    Generator queries(clustered, o.dims, 99);
    std::vector<std::vector<double>> targets;
    std::vector<std::set<std::int64_t>> truths;
    for (std::size_t q = 0; q < o.queries; ++q) {
        targets.push_back(queries.next());
        std::vector<std::pair<double, std::int64_t>> exact;
        exact.reserve(stored.size());
        for (std::size_t i = 0; i < stored.size(); ++i)
            exact.emplace_back(-cosine(targets.back(), stored[i]), std::int64_t(i));
        std::partial_sort(exact.begin(), exact.begin() + 10, exact.end());
        std::set<std::int64_t> truth;
        for (int i = 0; i < 10; ++i)
            truth.insert(exact[i].second);
        truths.push_back(std::move(truth));
    }
    std::vector<double> brute_ms;
    std::size_t agree = 0;
    for (std::size_t q = 0; q < std::min(o.brute, o.queries); ++q) {
        start = Clock::now();
        const auto brute =
            ids_of(db.query("MATCH (n:Doc) RETURN n.i ORDER BY "
                            "vector.similarity.cosine(n.embedding, $v) DESC LIMIT 10",
                            Params{{"v", as_value(targets[q])}}));
        brute_ms.push_back(seconds_since(start) * 1000);
        agree += brute == truths[q];
    }
    const double brute_median = median(brute_ms);
    for (std::size_t ef : o.efs) {
        std::vector<double> index_ms;
        double recall = 0;
        for (std::size_t q = 0; q < o.queries; ++q) {
            start = Clock::now();
            const auto found = ids_of(
                db.query("CALL db.index.vector.queryNodes('docs', 10, $v" +
                             (ef > 0 ? ", {ef: " + std::to_string(ef) + "}" : std::string()) +
                             ") YIELD node RETURN node.i",
                         Params{{"v", as_value(targets[q])}}));
            index_ms.push_back(seconds_since(start) * 1000);
            std::size_t hits = 0;
            for (std::int64_t id : found)
                hits += truths[q].count(id);
            recall += double(hits) / 10;
        }
        const double index_median = median(index_ms);
        std::printf(
            "| %s | %zu x %zu | %.1f | %.1f | %.1f | %.2f | %.0f | %.0f | %s | %.2f | %.3f | %.1f "
            "| %.1fx | %zu/%zu |\n",
            set.c_str(), o.count, o.dims, load, build, build_cpu,
            build_cpu * 1000 / double(o.count), double(heap_before) / 1024,
            double(heap_peak) / 1024, ef > 0 ? std::to_string(ef).c_str() : "default", index_median,
            recall / double(o.queries), brute_median, brute_median / index_median, agree,
            brute_ms.size());
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "caspian-vector-bench: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--work") {
            o.work = value();
        } else if (arg == "--count") {
            o.count = std::stoul(value());
        } else if (arg == "--dims") {
            o.dims = std::stoul(value());
        } else if (arg == "--queries") {
            o.queries = std::stoul(value());
        } else if (arg == "--ef") {
            o.efs.clear();
            const std::string list = value();
            for (std::size_t at = 0; at <= list.size();) {
                const std::size_t comma = std::min(list.find(',', at), list.size());
                o.efs.push_back(std::stoul(list.substr(at, comma - at)));
                at = comma + 1;
            }
        } else if (arg == "--reuse") {
            o.reuse = true;
        } else if (arg == "--brute") {
            o.brute = std::stoul(value());
        } else if (arg == "--sets") {
            o.sets.clear();
            std::string list = value();
            for (std::size_t at = 0; at <= list.size();) {
                const std::size_t comma = std::min(list.find(',', at), list.size());
                o.sets.push_back(list.substr(at, comma - at));
                at = comma + 1;
            }
        } else {
            std::fprintf(stderr, "caspian-vector-bench: unknown argument '%s'\n", arg.c_str());
            return 2;
        }
    }
    if (o.work.empty() || o.count < 10 || o.queries == 0) {
        std::fprintf(stderr,
                     "usage: caspian-vector-bench --work DIR [--count N >= 10] [--dims D] "
                     "[--queries Q] [--brute B] [--ef N[,N...]] [--sets uniform,clustered] "
                     "[--reuse]\n");
        return 2;
    }
    std::printf(
        "| set | vectors | load s | index build s | build CPU s | CPU ms per insert | heap "
        "before MiB | heap peak in build MiB | ef | query ms (median) | recall@10 | brute-force "
        "Cypher ms (median) | speed-up | brute = exact |\n");
    std::printf(
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
        "|\n");
    for (const std::string& set : o.sets)
        run_set(o, set);
    return 0;
}
