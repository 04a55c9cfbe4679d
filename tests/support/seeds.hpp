// How many random seeds a differential test runs: fewer under AddressSanitizer, where the plain
// plans these tests compare against (every trail, every row) run 50-100x slower than in Release.
#pragma once

#include <cstdint>

namespace caspian::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif
#else
inline constexpr bool sanitized_build = false;
#endif

constexpr std::uint32_t seeds(std::uint32_t release, std::uint32_t sanitized) {
    return sanitized_build ? sanitized : release;
}

}  // namespace caspian::test
