// Engine-wide defaults and the bounds one statement runs under, shared by the public options
// and the executor. Standard library only.
#pragma once

#include <chrono>
#include <cstdint>

namespace caspian {

// Rows a statement's operators may hold in memory at once (sort, grouping, DISTINCT, eager
// reads, hash-join tables, collect(), variable-length paths, a writing statement's result).
inline constexpr std::uint64_t default_max_rows_in_memory = 10'000'000;
// Issue #20: a whole-graph or label aggregate over fewer nodes than this stays on the caller's
// thread (OpenOptions::parallel_min_nodes): starting workers would cost more than they save.
inline constexpr std::uint64_t default_parallel_min_nodes = 20'000;

// Bytes a statement may hold (strings, lists, maps and the rows its operators keep) when the
// database does not say: half of the machine's physical memory, or half of the process's
// address-space or data limit (RLIMIT_AS, RLIMIT_DATA) when that is lower.
[[nodiscard]] std::uint64_t default_max_memory_bytes() noexcept;

// The bounds of one statement, resolved from the database's defaults and the call's options.
// 0 means no bound. Past one, the statement ends with Error{Resource} naming the limit, and a
// writing statement writes nothing.
struct StatementLimits {
    std::uint64_t max_rows_in_memory = default_max_rows_in_memory;
    std::uint64_t max_memory_bytes = 0;
    std::chrono::milliseconds timeout{0};
};

}  // namespace caspian
