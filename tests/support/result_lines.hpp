// Helpers for tests that compare two ways of answering one question: a result as sorted text
// lines (order-free), the plan EXPLAIN prints, and a random-number generator that gives the
// same data on every platform.
#pragma once

#include <caspian/database.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace caspian::testing {

// Each row as "v1|v2|...|" (to_literal of each value), sorted.
inline std::vector<std::string> sorted_lines(Result r) {
    std::vector<std::string> out;
    while (r.next()) {
        std::string line;
        for (const Value& v : r.row())
            line += to_literal(v) + "|";
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The plan EXPLAIN prints for text, a line per operator, for tests that check a plan's shape.
inline std::string explain_lines(Database& db, const std::string& text) {
    std::string out;
    Result r = db.query("EXPLAIN " + text);
    while (r.next())
        out += to_literal(r.row()[0]) + "\n";
    return out;
}

// splitmix64: the same sequence for a seed on every platform (std distributions differ).
struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return int(next() % std::uint64_t(n)); }
};

}  // namespace caspian::testing
