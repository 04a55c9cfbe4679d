// Engine-wide defaults that the public options and the executor share. Standard library only.
#pragma once

#include <cstdint>

namespace caspian {

// Rows a statement's operators may hold in memory at once (sort, grouping, DISTINCT, eager
// reads, hash-join tables, collect(), variable-length paths, a writing statement's result).
inline constexpr std::uint64_t default_max_rows_in_memory = 10'000'000;

}  // namespace caspian
