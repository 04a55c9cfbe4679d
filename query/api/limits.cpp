// The bounds a statement runs under: the default memory budget, read from the machine, and
// the resolution of one call's QueryOptions over its database's OpenOptions.
#include "query/api/database_impl.hpp"

#include <caspian/limits.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace caspian {

std::uint64_t default_max_memory_bytes() noexcept {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGE_SIZE);
    std::uint64_t memory = pages > 0 && page_size > 0
                               ? std::uint64_t(pages) * std::uint64_t(page_size)
                               : std::uint64_t(8) << 30;  // unknown: assume 8 GB
    // A process limit (ulimit -v, -d; a container's) is the memory there really is.
    for (const int resource : {RLIMIT_AS, RLIMIT_DATA}) {
        struct rlimit limit {};
        if (::getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
            memory = std::min<std::uint64_t>(memory, limit.rlim_cur);
        }
    }
    return memory / 2;
}

namespace detail {

query::exec::RunOptions DatabaseImpl::run_options(const QueryOptions& options) const {
    query::exec::RunOptions run;
    run.cancel = options.cancel;
    run.limits.max_rows_in_memory = options.max_rows_in_memory.value_or(limits.max_rows_in_memory);
    run.limits.max_memory_bytes = options.max_memory_bytes.value_or(limits.max_memory_bytes);
    run.limits.timeout = options.timeout.value_or(limits.timeout);
    run.writer_wait = &writer_wait;
    run.threads = threads;
    run.parallel_min_nodes = parallel_min_nodes;
    return run;
}

}  // namespace detail
}  // namespace caspian
