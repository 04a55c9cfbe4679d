// The public face of query::render_error (include/caspian/diagnostics.hpp).
#include <caspian/diagnostics.hpp>

#include "query/diagnostics.hpp"

namespace caspian {

std::string render_error(const Error& error, std::string_view source,
                         std::string_view source_name) {
    return query::render_error(error, source, source_name);
}

}  // namespace caspian
