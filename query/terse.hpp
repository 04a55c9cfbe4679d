// The terse form `MATCH visit WHERE host=AZ [RETURN ...]`, translated to the full form
// (docs/query-language.md defines it). Labels and edge types match case-insensitively, so the
// translation looks the stored names up.
#pragma once

#include "graph/graph_store.hpp"
#include "query/ast.hpp"

#include <string>

namespace caspian::query {

// Full-form query text equivalent to the terse statement, with the return clause text (or
// `RETURN n`) appended. source is the statement text the spans point into.
std::string translate_terse(const TerseMatch& terse, std::string_view source,
                            const graph::GraphReader& reader);

}  // namespace caspian::query
