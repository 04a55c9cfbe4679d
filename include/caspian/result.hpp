// caspian::Result: the rows of a statement, streamed. Standard library only.
#pragma once

#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian {

// Parameters of a statement ($name), by name.
using Params = std::vector<std::pair<std::string, Value>>;

// What a statement changed (openCypher's side effects).
struct UpdateCounts {
    std::int64_t nodes_created = 0;
    std::int64_t nodes_deleted = 0;
    std::int64_t edges_created = 0;
    std::int64_t edges_deleted = 0;
    std::int64_t properties_set = 0;
    std::int64_t labels_added = 0;
    std::int64_t labels_removed = 0;
    friend bool operator==(const UpdateCounts&, const UpdateCounts&) = default;
};

// Each counter under its Neo4j name, in one list for every front end to walk: Bolt writes the
// names with '-' ("nodes-created"), HTTP in camelCase ("nodesCreated"), Python as they are.
struct UpdateCounter {
    std::string_view name;
    std::int64_t UpdateCounts::*count;
};
inline constexpr UpdateCounter update_counters[] = {
    {"nodes_created", &UpdateCounts::nodes_created},
    {"nodes_deleted", &UpdateCounts::nodes_deleted},
    {"relationships_created", &UpdateCounts::edges_created},
    {"relationships_deleted", &UpdateCounts::edges_deleted},
    {"properties_set", &UpdateCounts::properties_set},
    {"labels_added", &UpdateCounts::labels_added},
    {"labels_removed", &UpdateCounts::labels_removed},
};

// A warning about a statement, as Neo4j's notifications: a name that nothing in the database
// has, with a did-you-mean. It never changes the result.
struct Notification {
    std::string code;         // "Neo.ClientNotification.Statement.UnknownLabelWarning"
    std::string title;        // "The provided label is not in the database."
    std::string description;  // the name, and a did-you-mean when one is close
    std::size_t offset = 0;   // where in the statement's text (bytes)
    std::size_t length = 0;
};

// The engine side of a result; the query engine implements it.
class RowSource {
public:
    virtual ~RowSource() = default;
    virtual const std::vector<std::string>& columns() const = 0;
    // Fills row with the next row and returns true, or returns false at the end.
    virtual bool next(std::vector<Value>& row) = 0;
    virtual UpdateCounts update_counts() const = 0;
};

class Result {
public:
    explicit Result(std::unique_ptr<RowSource> source) : source_(std::move(source)) {}

    // Column names: the aliases, or each expression's text as written.
    const std::vector<std::string>& columns() const { return source_->columns(); }
    // Advances to the next row; false at the end. Throws Error when evaluation fails.
    bool next() { return source_->next(row_); }
    // The current row, valid until the next call to next().
    const std::vector<Value>& row() const noexcept { return row_; }
    // Reads every remaining row.
    std::vector<std::vector<Value>> all() {
        std::vector<std::vector<Value>> rows;
        while (next())
            rows.push_back(row_);
        return rows;
    }
    // Valid once next() has returned false.
    UpdateCounts update_counts() const { return source_->update_counts(); }
    // Warnings about the statement (unknown labels, types, property keys), known before the
    // first row.
    const std::vector<Notification>& notifications() const noexcept { return notifications_; }
    // For the engine, which adds them while it prepares the result.
    void add_notification(Notification n) { notifications_.push_back(std::move(n)); }

private:
    std::unique_ptr<RowSource> source_;
    std::vector<Value> row_;
    std::vector<Notification> notifications_;
};

}  // namespace caspian
