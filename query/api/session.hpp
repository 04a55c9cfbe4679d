// The entry points from the embedding API into the query engine: run one statement inside a
// transaction the caller owns, or in a transaction of its own (read or write as it needs).
#pragma once

#include "graph/graph_store.hpp"
#include "query/api/prepared.hpp"
#include "storage/env.hpp"

#include <caspian/database.hpp>
#include <caspian/result.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

namespace caspian::query {

// In the caller's read transaction: a statement that writes is Error{Usage}. cancel (may be
// null): setting it stops the statement at its next row (Error{Usage}). max_rows: the limit
// of rows its operators may hold in memory at once (Error{Usage} past it; 0: no limit).
Result run_statement(const graph::GraphReader& reader, std::string_view text, const Params& params,
                     std::atomic<bool>* cancel = nullptr,
                     std::uint64_t max_rows = default_max_rows_in_memory);
// In the caller's write transaction; the statement's changes stay uncommitted.
Result run_statement(graph::GraphWriter& writer, std::string_view text, const Params& params,
                     std::atomic<bool>* cancel = nullptr,
                     std::uint64_t max_rows = default_max_rows_in_memory);
// In a transaction of its own, committed before the result is returned for a statement that
// writes. read_only (a read-only handle): a statement that writes is Error{Usage}.
Result run_autocommit(std::shared_ptr<storage::Env> env, std::string_view text,
                      const Params& params, bool read_only = false,
                      std::atomic<bool>* cancel = nullptr,
                      std::uint64_t max_rows = default_max_rows_in_memory);

// The same for a prepared statement. owner identifies the database whose transaction this is
// (its Env): the statement's cached plan is reused only there, while its schema is unchanged.
Result run_statement(const graph::GraphReader& reader, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     std::atomic<bool>* cancel = nullptr,
                     std::uint64_t max_rows = default_max_rows_in_memory);
Result run_statement(graph::GraphWriter& writer, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     std::atomic<bool>* cancel = nullptr,
                     std::uint64_t max_rows = default_max_rows_in_memory);
Result run_autocommit(std::shared_ptr<storage::Env> env, const detail::PreparedImpl& prepared,
                      const Params& params, bool read_only = false,
                      std::atomic<bool>* cancel = nullptr,
                      std::uint64_t max_rows = default_max_rows_in_memory);

}  // namespace caspian::query
