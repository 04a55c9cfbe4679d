// The public face of query::render_error, render_diagnostic and value/'s closest_name
// (include/caspian/diagnostics.hpp).
#include <caspian/diagnostics.hpp>

#include "query/diagnostics.hpp"
#include "value/text.hpp"

namespace caspian {

std::string render_error(const Error& error, std::string_view source,
                         std::string_view source_name) {
    return query::render_error(error, source, source_name);
}

std::string render_notification(const Notification& notification, std::string_view source,
                                std::string_view source_name, std::size_t offset) {
    return query::render_diagnostic("warning", notification.description,
                                    SourceSpan{offset + notification.offset, notification.length},
                                    source, source_name);
}

LineColumn line_column(std::string_view text, std::size_t offset) noexcept {
    return query::line_column(text, offset);
}

std::optional<std::string> suggest_name(std::string_view word,
                                        const std::vector<std::string>& names,
                                        std::size_t max_edits) {
    return closest_name(word, names, max_edits);
}

}  // namespace caspian
