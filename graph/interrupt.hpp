// What stops a running statement from outside its loops: the caller's cancel flag and the
// statement's deadline (issue #15). Long loops of the graph layer and the executor poll it.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

namespace caspian::graph {

class Interrupt {
public:
    using Clock = std::chrono::steady_clock;

    Interrupt() = default;
    // Implicit: a bare cancel flag (or nullptr) is an Interrupt without a deadline.
    Interrupt(const std::atomic<bool>* cancel) noexcept : cancel_(cancel) {}  // NOLINT
    Interrupt(const std::atomic<bool>* cancel, std::optional<Clock::time_point> deadline,
              std::chrono::milliseconds timeout) noexcept
        : cancel_(cancel), deadline_(deadline), timeout_(timeout) {}

    // Throws Error{Usage} "the statement was cancelled" once the flag is set, and
    // Error{Resource} naming the timeout once the deadline has passed. Costs an atomic load
    // and a coarse clock read (a few ns, a few ms of resolution): call it in inner loops.
    void check() const;
    // False when there is nothing to poll: loops may skip their bookkeeping.
    bool active() const noexcept { return cancel_ != nullptr || deadline_.has_value(); }

private:
    const std::atomic<bool>* cancel_ = nullptr;
    std::optional<Clock::time_point> deadline_;
    std::chrono::milliseconds timeout_{0};  // what the deadline came from, for the message
};

// Interrupt::check, counted: looks only every `stride` calls, for loops whose steps are a few
// nanoseconds each (a comparison in a sort, an edge in a search).
class InterruptPoll {
public:
    explicit InterruptPoll(const Interrupt& interrupt, unsigned stride = 256) noexcept
        : interrupt_(interrupt), stride_(interrupt.active() ? stride : 0) {}
    void tick() {
        if (stride_ != 0 && ++n_ % stride_ == 0) interrupt_.check();
    }

private:
    Interrupt interrupt_;
    unsigned stride_;
    unsigned n_ = 0;
};

// "1.5 s", "200 ms": a timeout as the user wrote it, near enough.
[[nodiscard]] std::string format_timeout(std::chrono::milliseconds t);

}  // namespace caspian::graph
