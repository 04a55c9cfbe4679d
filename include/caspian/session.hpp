// caspian::Session: statements run one after another on a database, as the shell and batch
// files run them. `BEGIN` opens a write transaction that the following statements share until
// `COMMIT` or `ROLLBACK`; outside one, each statement commits on its own. Within a transaction a
// failing statement leaves the transaction as it was before that statement.
// Not thread-safe: one session per thread. Standard library only; implementation:
// query/api/session_api.cpp.
#pragma once

#include <caspian/database.hpp>
#include <caspian/result.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string_view>

namespace caspian {

class Session {
public:
    // outer: statements run inside it (`caspian run --single-transaction`), and BEGIN, COMMIT
    // and ROLLBACK are refused; the caller commits it.
    explicit Session(Database& db, WriteTransaction* outer = nullptr);
    ~Session();  // rolls back a transaction left open
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Runs one statement. Throws Error like Database::query; BEGIN inside a transaction,
    // COMMIT or ROLLBACK outside one are Error{Semantic}.
    // cancel: as for Database::query.
    Result execute(std::string_view text, const Params& params = {},
                   std::atomic<bool>* cancel = nullptr);
    // The same with the statement's own bounds (QueryOptions, Error{Resource} past one).
    Result execute(std::string_view text, const Params& params, const QueryOptions& options);
    [[nodiscard]] bool in_transaction() const noexcept { return txn_.has_value(); }

private:
    Database& db_;
    WriteTransaction* outer_;
    std::optional<WriteTransaction> txn_;
};

}  // namespace caspian
