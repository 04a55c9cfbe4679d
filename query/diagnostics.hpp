// Rendering of an Error against the source text it points into: `file:line:column`, the message,
// the source line and a caret. Errors from every stage (parser, planner, executor) carry byte
// spans; line and column are computed only here, when a message is shown.
#pragma once

#include <caspian/error.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace caspian::query {

// `<source_name>:<line>:<column>: <kind> error: <message>`, then the source line and a caret
// under the column (line and column 1-based, columns counted in UTF-8 characters). Without a
// span: `<source_name>: <kind> error: <message>`. No trailing newline.
[[nodiscard]] std::string render_error(const Error& error, std::string_view source,
                                       std::string_view source_name);

// The same layout for any message: `<source_name>:<line>:<column>: <label>: <message>` and the
// caret (label: "syntax error", "warning").
[[nodiscard]] std::string render_diagnostic(std::string_view label, std::string_view message,
                                            std::optional<SourceSpan> where,
                                            std::string_view source, std::string_view source_name);

// Line and column (1-based; column in UTF-8 characters) of a byte offset into `source`.
[[nodiscard]] LineColumn line_column(std::string_view source, std::size_t offset) noexcept;

}  // namespace caspian::query
