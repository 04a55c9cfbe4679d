// KeptAdjacency: the adjacency reader an operator keeps from row to row (issue #20). In a read
// transaction its cursors stay open and on the page of the last node read; where the statement
// may write, each row gets fresh ones, as a write or a batch commit may move or free them.
#pragma once

#include "graph/adjacency_reader.hpp"
#include "query/ast.hpp"
#include "query/exec/context.hpp"

#include <optional>

namespace caspian::query::exec {

// The adjacency direction of a pattern's.
inline caspian::Direction adjacency_direction(query::Direction d) {
    return d == query::Direction::Right  ? caspian::Direction::Out
           : d == query::Direction::Left ? caspian::Direction::In
                                         : caspian::Direction::Both;
}

class KeptAdjacency {
public:
    // Valid until the next call; call it once per input row.
    graph::AdjacencyReader& get(const ExecContext& ctx) {
        if (!reader_ || !ctx.keeps_records()) reader_.emplace(ctx.reader().txn());
        return *reader_;
    }

private:
    std::optional<graph::AdjacencyReader> reader_;
};

}  // namespace caspian::query::exec
