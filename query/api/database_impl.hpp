// What a Database handle holds, shared by the API's implementation files (database.cpp owns
// the handle; the tools reach its environment here instead of reopening it by path).
// Internal: never included by a public header.
#pragma once

#include <caspian/database.hpp>

#include "query/api/prepared.hpp"
#include "query/exec/context.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>

namespace caspian::detail {

struct DatabaseImpl {
    std::shared_ptr<storage::Env> env;
    std::filesystem::path path;
    // Asked for read-only: the shared Env may still be writable for another handle.
    bool read_only = false;
    StatementLimits limits;  // every statement's default bounds (OpenOptions)
    unsigned threads = 1;    // OpenOptions::threads resolved (issue #20)
    std::uint64_t parallel_min_nodes = default_parallel_min_nodes;
    // How its writes wait for another writer (OpenOptions::busy_timeout, on_busy).
    storage::WriterWait writer_wait;
    // The bounds and cancel flag of one statement: options over the defaults.
    [[nodiscard]] query::exec::RunOptions run_options(const QueryOptions& options) const;
    // Parsed statements and their plans by text (issue #8); Database::prepare shares them.
    StatementCache statements{Database::statement_cache_capacity};
};

// The one friend of Database: hands its implementation to the engine's own files.
struct DatabaseAccess {
    static DatabaseImpl& impl(const Database& db) noexcept { return *db.impl_; }
};

// The environment db holds; lives as long as db.
inline storage::Env& env_of(const Database& db) noexcept {
    return *DatabaseAccess::impl(db).env;
}

}  // namespace caspian::detail
