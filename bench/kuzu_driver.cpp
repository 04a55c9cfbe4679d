// Runs bench/kuzu/run.mjs for caspian-bench (issue #20); see kuzu_driver.hpp.
#include "bench/kuzu_driver.hpp"

#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace caspian::bench {

namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", unsigned(c));
            out += b;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string f; std::getline(ss, f, sep);)
        out.push_back(f);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

std::uint64_t to_u64(const std::string& s) {
    return std::strtoull(s.c_str(), nullptr, 10);
}

}  // namespace

std::vector<WorkloadSpec> workload_specs(const std::vector<std::string>& keys_w2,
                                         const std::vector<std::string>& keys_w3,
                                         const std::vector<std::string>& keys_w4,
                                         const Pairs& pairs_w7) {
    auto keyed = [](const std::vector<std::string>& keys) {
        std::vector<Pairs> out;
        for (const auto& k : keys)
            out.push_back({{"key", k}});
        return out;
    };
    std::vector<Pairs> pairs;
    for (const auto& [a, b] : pairs_w7)
        pairs.push_back({{"a", a}, {"b", b}});
    return {
        {"W2", {w2_lookup}, keyed(keys_w2)},
        {"W3", {w3_degree}, keyed(keys_w3)},
        {"W4", {w4_two_hops}, keyed(keys_w4)},
        {"W5", {w5_join}, {}},
        {"W5b", {w5b_semi_join}, {}},
        {"W6", {w6_types, w6_top}, {}},
        {"W7", {w7_shortest}, std::move(pairs)},
        {"W8", {w8_scan}, {}},
    };
}

std::string workloads_json(const std::vector<WorkloadSpec>& specs, std::uint64_t seed) {
    std::string j = "{\"seed\": " + std::to_string(seed) + ", \"workloads\": [";
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const WorkloadSpec& w = specs[i];
        j += std::string(i == 0 ? "" : ",") + "\n {\"id\": " + json_string(w.id) +
             ", \"statements\": [";
        for (std::size_t s = 0; s < w.statements.size(); ++s) {
            j += std::string(s == 0 ? "" : ", ") +
                 "{\"caspian\": " + json_string(w.statements[s].caspian) +
                 ", \"kuzu\": " + json_string(w.statements[s].kuzu) + "}";
        }
        j += "],\n  \"params\": [";
        for (std::size_t p = 0; p < w.params.size(); ++p) {
            j += p == 0 ? "{" : ", {";
            for (std::size_t f = 0; f < w.params[p].size(); ++f) {
                j += std::string(f == 0 ? "" : ", ") + json_string(w.params[p][f].first) + ": " +
                     json_string(w.params[p][f].second);
            }
            j += "}";
        }
        j += "]}";
    }
    return j + "\n]}\n";
}

KuzuResults run_kuzu(const KuzuOptions& o) {
    std::string cmd = "node " + shell_quote(o.script.string()) + " --workloads " +
                      shell_quote(o.workloads.string()) + " --data " +
                      shell_quote(o.data.string()) + " --db " + shell_quote(o.db.string()) +
                      " --repeat " + std::to_string(o.repeat) + " --budget " +
                      std::to_string(o.budget) + " --timeout " + std::to_string(o.timeout);
    if (o.skip_load) cmd += " --skip-load";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run: " + cmd);
    KuzuResults r;
    std::string line, error;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p) != nullptr) {
        line += buf;
        if (line.empty() || line.back() != '\n') continue;  // a longer line goes on
        line.pop_back();
        const auto f = split(line, '\t');
        if (f[0] == "version" && f.size() == 2) {
            r.version = f[1];
        } else if (f[0] == "load" && f.size() == 4) {
            r.loaded = true;
            r.load_ms = std::strtod(f[1].c_str(), nullptr);
            r.hwm_kb = to_u64(f[2]);
            r.disk = to_u64(f[3]);
        } else if (f[0] == "counts" && f.size() == 3) {
            r.nodes = to_u64(f[1]);
            r.edges = to_u64(f[2]);
        } else if (f[0] == "run" && f.size() == 6) {
            KuzuRun& run = r.runs[f[1]];
            if (f[2] != "-") run.check = to_u64(f[2]);
            run.growth_kb = to_u64(f[3]);
            for (const auto& ms : split(f[4], ','))
                if (!ms.empty()) run.ms.push_back(std::strtod(ms.c_str(), nullptr));
            run.failure = f[5];
        } else if (error.empty()) {
            error = "unexpected line from the Kùzu driver: " + line;
        }
        line.clear();
    }
    const int status = ::pclose(p);
    if (status != 0) {
        throw std::runtime_error("the Kùzu driver failed (" + cmd + ", exit status " +
                                 std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                                 ")");
    }
    if (!error.empty()) throw std::runtime_error(error);
    return r;
}

}  // namespace caspian::bench
