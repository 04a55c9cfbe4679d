// The public face of query::render_error and render_diagnostic (include/caspian/diagnostics.hpp).
#include <caspian/diagnostics.hpp>

#include "query/diagnostics.hpp"

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

}  // namespace caspian
