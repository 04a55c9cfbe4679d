// Rendering of errors for people: the message with its position and a caret under the place
// in the source text where it went wrong. Standard library only.
#pragma once

#include <caspian/error.hpp>
#include <caspian/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian {

// `<source_name>:<line>:<column>: <kind> error: <message>`, then the source line and a caret
// under the column (1-based; columns in UTF-8 characters). Without a span in the error:
// `<source_name>: <kind> error: <message>`. No trailing newline. Throws nothing but bad_alloc.
[[nodiscard]] std::string render_error(const Error& error, std::string_view source,
                                       std::string_view source_name);

// A notification in the same layout: `<source_name>:<line>:<column>: warning: <description>`,
// the source line and a caret. offset: where the statement starts in source (a file of
// statements); 0 when source is the statement.
[[nodiscard]] std::string render_notification(const Notification& notification,
                                              std::string_view source, std::string_view source_name,
                                              std::size_t offset = 0);

// Line and column (1-based; the column in UTF-8 characters) of a byte offset into text, as the
// rendered messages above count them. An offset past the end counts to the end.
[[nodiscard]] LineColumn line_column(std::string_view text, std::size_t offset) noexcept;

// For "did you mean": the one of names fewest edits from word (an insertion, deletion,
// substitution or swap of neighbours each count one; ASCII case is ignored), if at most
// max_edits away; the first of equals wins. The engine's own suggestions use the same measure.
[[nodiscard]] std::optional<std::string> suggest_name(std::string_view word,
                                                      const std::vector<std::string>& names,
                                                      std::size_t max_edits);

}  // namespace caspian
