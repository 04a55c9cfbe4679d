// A parsed statement shared by PreparedStatement handles and the per-database text cache, with
// the plan it was last given (issue #8). Immutable once parsed, except the plan cache, which is
// thread-safe. Must not capture parameter values: parameters are bound at execution.
#pragma once

#include "graph/graph_store.hpp"
#include "query/api/notifications.hpp"
#include "query/ast.hpp"
#include "query/plan/planner.hpp"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace caspian::detail {

class PreparedImpl {
public:
    // Throws Error{Syntax} with a span into text.
    explicit PreparedImpl(std::string_view text);

    const std::string& text() const noexcept { return text_; }
    const query::Statement& statement() const noexcept { return statement_; }
    // The names statement() reads, for its unknown-name notifications (gathered once).
    const query::ReadNames& read_names() const noexcept { return read_names_; }

    // The unknown-name notifications of statement() in reader's transaction of the database
    // `owner` (null: not remembered). They are remembered per committed snapshot: a prepared
    // statement run again and again pays for the name lookups once per change of the data.
    std::vector<Notification> notifications(const graph::GraphReader& reader,
                                            const std::shared_ptr<const void>& owner) const;

    // The statement to run in reader's transaction: statement() itself, or for the terse form its
    // translation against the transaction's names (stored in *translated, its full-form text, as
    // EXPLAIN shows it, in *translation).
    const query::Statement& resolve(const graph::GraphReader& reader,
                                    std::unique_ptr<query::Statement>& translated,
                                    std::string* translation) const;

    // The plan of `s` (from resolve) in reader's transaction of the database `owner` (null: do
    // not cache). Re-planned when the database, its schema_version or, by more than half, its
    // node or edge count differ from those the cached plan was made with. Only plans made in a
    // read transaction are cached: a write transaction may hold a schema change that is rolled
    // back and its schema_version then reused by a different change.
    std::shared_ptr<const query::plan::PlannedQuery> plan(
        const query::Statement& s, const graph::GraphReader& reader,
        const std::shared_ptr<const void>& owner) const;

private:
    struct CachedPlan {
        std::shared_ptr<const query::plan::PlannedQuery> planned;
        std::weak_ptr<const void> owner;
        std::uint64_t schema_version = 0;
        std::uint64_t nodes = 0;
        std::uint64_t edges = 0;
        // The committed snapshot of owner it was last found valid in: a read of the same
        // snapshot skips the three statistics reads (issue #14: they were a fifth of a prepared
        // point lookup).
        std::optional<std::uint64_t> snapshot;
    };

    std::string text_;
    query::Statement statement_;
    query::ReadNames read_names_;
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const CachedPlan> cached_;

    struct CachedNotes {
        std::vector<Notification> notes;
        std::weak_ptr<const void> owner;
        std::uint64_t snapshot = 0;
    };
    mutable std::shared_ptr<const CachedNotes> cached_notes_;
};

// The per-database cache of statements by text, least recently used first out. Thread-safe.
class StatementCache {
public:
    // Longer texts (bulk literals, generated scripts) are parsed each time rather than kept.
    static constexpr std::size_t max_text_size = 64 * 1024;

    explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}
    // Parses text unless it is cached; throws as PreparedImpl's constructor.
    std::shared_ptr<const PreparedImpl> get(std::string_view text);

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::list<std::shared_ptr<const PreparedImpl>> order_;                      // most recent first
    std::unordered_map<std::string_view, decltype(order_)::iterator> by_text_;  // views into order_
};

}  // namespace caspian::detail
