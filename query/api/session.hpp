// The entry points from the embedding API into the query engine: run one statement inside a
// transaction the caller owns, or in a transaction of its own (read or write as it needs).
#pragma once

#include "graph/graph_store.hpp"
#include "storage/env.hpp"

#include <caspian/result.hpp>

#include <atomic>
#include <memory>
#include <string_view>

namespace caspian::query {

// In the caller's read transaction: a statement that writes is Error{Usage}. cancel (may be
// null): setting it stops the statement at its next row (Error{Usage}).
Result run_statement(const graph::GraphReader& reader, std::string_view text, const Params& params,
                     std::atomic<bool>* cancel = nullptr);
// In the caller's write transaction; the statement's changes stay uncommitted.
Result run_statement(graph::GraphWriter& writer, std::string_view text, const Params& params,
                     std::atomic<bool>* cancel = nullptr);
// In a transaction of its own, committed before the result is returned for a statement that
// writes. read_only (a read-only handle): a statement that writes is Error{Usage}.
Result run_autocommit(std::shared_ptr<storage::Env> env, std::string_view text,
                      const Params& params, bool read_only = false,
                      std::atomic<bool>* cancel = nullptr);

}  // namespace caspian::query
