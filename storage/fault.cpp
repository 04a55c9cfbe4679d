// Test-only LMDB fault injection (see fault.hpp).
#include "storage/fault.hpp"

#include <limits>

namespace caspian::storage::fault {

namespace detail {
std::atomic<bool> armed{false};
}  // namespace detail

namespace {
std::atomic<std::uint64_t> counted{0};
std::uint64_t target = std::numeric_limits<std::uint64_t>::max();
int failure = 0;
std::atomic<bool> has_fired{false};
const char* fired_call = "";
}  // namespace

int detail::next(const char* call) {
    const std::uint64_t n = counted.fetch_add(1, std::memory_order_relaxed);
    if (n != target) return 0;
    has_fired = true;
    fired_call = call;
    return failure;
}

void arm(std::uint64_t fail_at, int code) {
    counted = 0;
    target = fail_at;
    failure = code;
    has_fired = false;
    fired_call = "";
    detail::armed = true;
}

std::uint64_t disarm() {
    detail::armed = false;
    return counted.load();
}

bool fired() {
    return has_fired.load();
}

const char* fired_at() {
    return fired_call;
}

}  // namespace caspian::storage::fault
