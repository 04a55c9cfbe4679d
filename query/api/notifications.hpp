// The notifications of a statement (caspian::Notification): labels, relationship types and
// property keys it reads that no node or relationship has, each with a did-you-mean.
#pragma once

#include "graph/graph_store.hpp"
#include "query/ast.hpp"

#include <caspian/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace caspian::query {

// A name a statement reads: the label, type or property key and where it is written.
struct NameRead {
    graph::NameKind kind;
    std::string name;
    SourceSpan span;
    std::string subject;  // property reads: the variable read from ("" in a pattern's map)
};

// The names a statement reads and does not write itself (CREATE, MERGE, SET, REMOVE), each once.
// They depend on the statement alone: a prepared statement gathers them once.
struct ReadNames {
    std::vector<NameRead> names;
};
ReadNames read_names(const Statement& statement);

// text: the statement's source, for the exact position of each name. Names the statement
// writes itself (CREATE, MERGE, SET, REMOVE) are not reported. terse: statement is the full form
// of a terse one, whose words were tried as labels, types and properties alike: a word is
// reported only when it is none of them (ignoring case).
std::vector<Notification> unknown_name_notifications(const Statement& statement,
                                                     std::string_view text,
                                                     const graph::GraphReader& reader,
                                                     bool terse = false);
std::vector<Notification> unknown_name_notifications(const ReadNames& names, std::string_view text,
                                                     const graph::GraphReader& reader,
                                                     bool terse = false);

}  // namespace caspian::query
