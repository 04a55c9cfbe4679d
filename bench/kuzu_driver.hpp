// caspian-bench's Kùzu column (issue #20): the workloads' statements and sampled parameters as
// JSON for bench/kuzu/run.mjs, and the run of that script in a child process, its
// tab-separated results parsed back into timings and check values.
#pragma once

#include "bench/statements.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caspian::bench {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// One workload as Kùzu runs it: each statement once per parameter set (or once without any).
struct WorkloadSpec {
    std::string id;
    std::vector<Statement> statements;
    std::vector<Pairs> params;  // (name, string value) pairs
};

// The workloads that have a Cypher form, with the keys caspian-bench sampled for them.
std::vector<WorkloadSpec> workload_specs(const std::vector<std::string>& keys_w2,
                                         const std::vector<std::string>& keys_w3,
                                         const std::vector<std::string>& keys_w4,
                                         const Pairs& pairs_w7);

// {"seed": S, "workloads": [{"id", "statements": [{"caspian", "kuzu"}], "params": [{...}]}]}
std::string workloads_json(const std::vector<WorkloadSpec>& specs, std::uint64_t seed);

struct KuzuOptions {
    std::filesystem::path script, workloads, data, db;
    int repeat = 3;
    double budget = 20, timeout = 300;
    bool skip_load = false;
};

struct KuzuRun {
    std::vector<double> ms;
    std::optional<std::uint64_t> check;
    std::uint64_t growth_kb = 0;
    std::string failure;
};

struct KuzuResults {
    std::string version;
    bool loaded = false;  // W1 ran: load_ms, hwm_kb and disk are set
    double load_ms = 0;
    std::uint64_t hwm_kb = 0, disk = 0;
    std::uint64_t nodes = 0, edges = 0;
    std::map<std::string, KuzuRun> runs;
};

// Runs `node SCRIPT ...`; its stderr (progress) passes through. Throws std::runtime_error
// when it cannot start, exits non-zero or prints a line it does not understand.
KuzuResults run_kuzu(const KuzuOptions& o);

}  // namespace caspian::bench
