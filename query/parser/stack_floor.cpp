// The stack floor of the calling thread, from its pthread attributes (stack_floor.hpp).
#include "query/parser/stack_floor.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstddef>

namespace caspian::query::parser {
namespace {

std::uintptr_t compute_stack_floor() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    void* low = nullptr;
    std::size_t size = 0;
    const bool known = pthread_attr_getstack(&attr, &low, &size) == 0;
    pthread_attr_destroy(&attr);
    if (!known) return 0;
    const std::size_t reserve = std::max<std::size_t>(256 * 1024, size / 8);
    return reinterpret_cast<std::uintptr_t>(low) + std::min(reserve, size);
}

}  // namespace

std::uintptr_t stack_floor() {
    thread_local const std::uintptr_t cached = compute_stack_floor();
    return cached;
}

}  // namespace caspian::query::parser
