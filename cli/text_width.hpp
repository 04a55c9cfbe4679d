// How wide text is on a terminal: UTF-8 decoded, East Asian wide characters count two
// columns and combining marks none (the C.UTF-8 locale's wcwidth), so tables stay aligned.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace caspian::cli {

// The number of terminal columns s takes. An invalid byte counts one column.
std::size_t display_width(std::string_view s);

// s when it fits in `width` columns; else its longest prefix that fits with "…" appended
// (never a cut inside a character).
std::string fit_width(std::string_view s, std::size_t width);

}  // namespace caspian::cli
