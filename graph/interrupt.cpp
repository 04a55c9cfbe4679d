// Interrupt: the cancel flag and the deadline, read cheaply enough for inner loops.
#include "graph/interrupt.hpp"

#include <caspian/error.hpp>

#include <ctime>

namespace caspian::graph {

namespace {
// The monotonic clock steady_clock reads, at the kernel tick's resolution (1-4 ms): a fraction
// of the cost of steady_clock::now(), and late by at most a tick.
Interrupt::Clock::time_point coarse_now() noexcept {
#if defined(CLOCK_MONOTONIC_COARSE)
    timespec ts{};
    if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0) {
        return Interrupt::Clock::time_point(std::chrono::duration_cast<Interrupt::Clock::duration>(
            std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
    }
#endif
    return Interrupt::Clock::now();
}
}  // namespace

std::string format_timeout(std::chrono::milliseconds t) {
    const auto ms = t.count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
    if (ms > 1000) return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
    return std::to_string(ms) + " ms";
}

void Interrupt::check() const {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) {
        throw Error(ErrorKind::Usage, "the statement was cancelled");
    }
    if (deadline_ && coarse_now() > *deadline_) {
        throw Error(ErrorKind::Resource,
                    "the statement ran past its timeout of " + format_timeout(timeout_) +
                        ": narrow it, or raise the timeout (--timeout SECONDS, 0 for none)");
    }
}

}  // namespace caspian::graph
