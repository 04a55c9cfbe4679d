// The entry points from the embedding API into the query engine: run one statement inside a
// transaction the caller owns, or in a transaction of its own (read or write as it needs).
#pragma once

#include "graph/graph_store.hpp"
#include "query/api/prepared.hpp"
#include "query/exec/context.hpp"
#include "storage/env.hpp"

#include <caspian/database.hpp>
#include <caspian/result.hpp>

#include <memory>
#include <string_view>

namespace caspian::query {

// In the caller's read transaction: a statement that writes is Error{Usage}. run: the cancel
// flag (setting it stops the statement at its next row, Error{Usage}) and the statement's
// limits (Error{Resource} past one).
Result run_statement(const graph::GraphReader& reader, std::string_view text, const Params& params,
                     const exec::RunOptions& run = {});
// In the caller's write transaction; the statement's changes stay uncommitted.
Result run_statement(graph::GraphWriter& writer, std::string_view text, const Params& params,
                     const exec::RunOptions& run = {});
// In a transaction of its own, committed before the result is returned for a statement that
// writes. read_only (a read-only handle): a statement that writes is Error{Usage}.
Result run_autocommit(std::shared_ptr<storage::Env> env, std::string_view text,
                      const Params& params, bool read_only = false,
                      const exec::RunOptions& run = {});

// The same for a prepared statement. owner identifies the database whose transaction this is
// (its Env): the statement's cached plan is reused only there, while its schema is unchanged.
Result run_statement(const graph::GraphReader& reader, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     const exec::RunOptions& run = {});
Result run_statement(graph::GraphWriter& writer, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     const exec::RunOptions& run = {});
Result run_autocommit(std::shared_ptr<storage::Env> env, const detail::PreparedImpl& prepared,
                      const Params& params, bool read_only = false,
                      const exec::RunOptions& run = {});

}  // namespace caspian::query
