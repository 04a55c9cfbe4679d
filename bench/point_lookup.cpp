// In-process point lookups, the baseline of bench/bolt_bench.mjs: the same statement through
// Database::query from 1, 8 and 32 threads. Usage: caspian-point-lookup DB SECONDS THREADS...
// Prints one line per thread count: threads, lookups per second, p50, p95, p99 latency in µs.
#include <caspian/database.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: caspian-point-lookup DB SECONDS THREADS...\n");
        return 2;
    }
    caspian::Database db = caspian::Database::open(argv[1]);
    const auto seconds = std::chrono::duration<double>(std::atof(argv[2]));
    const std::int64_t nodes = db.query("MATCH (p:P) RETURN count(p)").all().at(0).at(0).as_int();
    const std::string text = "MATCH (p:P {key: $k}) RETURN p.v AS v";
    for (int a = 3; a < argc; ++a) {
        const int threads = std::atoi(argv[a]);
        std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
        std::atomic<bool> stop{false};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
                auto& mine = latencies[static_cast<std::size_t>(t)];
                while (!stop.load(std::memory_order_relaxed)) {
                    const auto k =
                        "p" + std::to_string(1 + rng() % static_cast<std::uint64_t>(nodes));
                    const auto start = std::chrono::steady_clock::now();
                    caspian::Result r = db.query(text, {{"k", caspian::Value(k)}});
                    while (r.next()) {
                    }
                    mine.push_back(std::chrono::duration<double, std::micro>(
                                       std::chrono::steady_clock::now() - start)
                                       .count());
                }
            });
        }
        std::this_thread::sleep_for(seconds);
        stop = true;
        for (auto& th : pool)
            th.join();
        std::vector<double> all;
        for (const auto& l : latencies)
            all.insert(all.end(), l.begin(), l.end());
        std::sort(all.begin(), all.end());
        const auto pct = [&all](double p) {
            return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * (all.size() - 1))];
        };
        std::printf("%d %.0f %.1f %.1f %.1f\n", threads, all.size() / seconds.count(), pct(0.5),
                    pct(0.95), pct(0.99));
    }
    return 0;
}
