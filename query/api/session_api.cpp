// caspian::Session: BEGIN / COMMIT / ROLLBACK across statements (include/caspian/session.hpp).
#include <caspian/error.hpp>
#include <caspian/session.hpp>

#include "query/parser/parser.hpp"

namespace caspian {

namespace {

class EmptySource : public RowSource {
public:
    const std::vector<std::string>& columns() const override { return columns_; }
    bool next(std::vector<Value>&) override { return false; }
    UpdateCounts update_counts() const override { return {}; }

private:
    std::vector<std::string> columns_;
};

Result empty_result() {
    return Result(std::make_unique<EmptySource>());
}

// The transaction command a statement is, if it is one. Other statements are parsed again
// when they run: parsing is cheap next to running.
std::optional<query::TransactionCommand> transaction_command(std::string_view text,
                                                             SourceSpan& span) {
    const query::Statement statement = query::parse(text);
    span = statement.span;
    if (auto* control = std::get_if<query::TransactionControl>(&statement.body)) {
        return control->command;
    }
    return std::nullopt;
}

}  // namespace

Session::Session(Database& db, WriteTransaction* outer) : db_(db), outer_(outer) {}

Session::~Session() = default;  // an open WriteTransaction rolls back when destroyed

Result Session::execute(std::string_view text, const Params& params, std::atomic<bool>* cancel) {
    return execute(text, params, QueryOptions{cancel, {}, {}, {}});
}

Result Session::execute(std::string_view text, const Params& params, const QueryOptions& options) {
    SourceSpan span;
    if (auto command = transaction_command(text, span)) {
        if (outer_ != nullptr) {
            throw Error(ErrorKind::Semantic,
                        "BEGIN, COMMIT and ROLLBACK cannot be used inside --single-transaction",
                        span);
        }
        switch (*command) {
            case query::TransactionCommand::Begin:
                if (txn_) throw Error(ErrorKind::Semantic, "a transaction is already open", span);
                txn_.emplace(db_.begin_write());
                break;
            case query::TransactionCommand::Commit:
                if (!txn_) throw Error(ErrorKind::Semantic, "no transaction is open", span);
                txn_->commit();
                txn_.reset();
                break;
            case query::TransactionCommand::Rollback:
                if (!txn_) throw Error(ErrorKind::Semantic, "no transaction is open", span);
                txn_.reset();
                break;
        }
        return empty_result();
    }
    if (outer_ != nullptr) return outer_->query(text, params, options);
    if (txn_) return txn_->query(text, params, options);
    return db_.query(text, params, options);
}

}  // namespace caspian
