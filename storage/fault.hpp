// Test-only fault injection at the LMDB layer (issue #9): makes the Nth LMDB call of this
// process fail with a chosen code. Compiled in always and inert until armed; env.cpp routes
// every fallible mdb_* call through inject(), so production pays one predictable branch.
#pragma once

#include <atomic>
#include <cstdint>

namespace caspian::storage::fault {

namespace detail {
extern std::atomic<bool> armed;
int next(const char* call);  // the code to fail with, or 0 to run the call
}  // namespace detail

// From now on, counts LMDB calls; the call numbered fail_at (0-based) fails with code instead
// of running. fail_at == UINT64_MAX counts without failing. Not for concurrent use: the
// counter is process-wide, meant for one test thread at a time.
void arm(std::uint64_t fail_at, int code);
// Stops counting and failing; returns the number of calls counted since arm().
std::uint64_t disarm();
// True when the armed failure has been returned to a caller.
[[nodiscard]] bool fired();
// The name of the call that failed ("mdb_put"), or "" when none did.
[[nodiscard]] const char* fired_at();

// 0 to go on with the real call, else the error code to return in its place.
inline int inject(const char* call) {
    if (!detail::armed.load(std::memory_order_relaxed)) [[likely]]
        return 0;
    return detail::next(call);
}

}  // namespace caspian::storage::fault
