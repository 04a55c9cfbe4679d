// The terse form `MATCH visit WHERE host=AZ [RETURN ...]` as the full-form query it stands for
// (docs/query-language.md defines it). Labels and edge types match case-insensitively, so the
// translation reads the stored names: it runs in the API layer, once per transaction.
#pragma once

#include "graph/graph_store.hpp"
#include "query/ast.hpp"

#include <caspian/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace caspian::query {

struct TerseTranslation {
    Query query;       // built directly, its spans in the terse statement's text
    std::string text;  // the same query as full-form text, for EXPLAIN (it is never parsed)
};

// The full form of terse against reader's names: its RETURN clause (copied), or `RETURN n AS n`.
// source is the statement text terse's spans point into; text shows the RETURN clause as written.
[[nodiscard]] TerseTranslation translate_terse(const TerseMatch& terse, std::string_view source,
                                               const graph::GraphReader& reader);

// A notification for each word after `=` that a relationship is followed to (`host=Azerbajan`)
// and that is no node's key, name or alias, with the nearest one ("did you mean 'Azerbaijan'?").
[[nodiscard]] std::vector<Notification> unknown_value_notifications(
    const TerseMatch& terse, const graph::GraphReader& reader);

}  // namespace caspian::query
