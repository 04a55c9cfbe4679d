// The C++ objects behind caspian.Database, Result, Statement and Transaction, shared by the
// files that bind them. A Result keeps its Database open (the engine streams from it); the
// temporary directory of caspian.open() goes when the last of them is gone.
#pragma once

#include "python/module.hpp"

#include <caspian/database.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace caspian::python {

struct DatabaseHandle {
    std::optional<Database> db;
    std::filesystem::path temp_dir;  // removed at destruction when set
    DatabaseHandle() = default;
    DatabaseHandle(const DatabaseHandle&) = delete;
    DatabaseHandle& operator=(const DatabaseHandle&) = delete;
    ~DatabaseHandle();
};

// One statement's rows, fetched in chunks with the GIL released. `busy` (read and written with
// the GIL held) refuses a second thread while one is in the engine for this result.
struct ResultState {
    std::shared_ptr<DatabaseHandle> owner;
    std::string text;
    std::atomic<bool> cancel{false};
    std::optional<Result> result;
    std::vector<std::string> columns;
    std::vector<Notification> notifications;
    std::vector<std::vector<Value>> buffer;
    std::size_t pos = 0;
    bool done = false;
    UpdateCounts counts;
    bool busy = false;

    // Rows a statement reads as it starts, so that its errors and the first rows of a point
    // lookup come with execute(): few, a streamed result may be large.
    static constexpr std::size_t first_chunk = 16;

    // Takes the columns and notifications of the started result. No GIL needed.
    void start();
    // Appends up to n rows (all for n == 0) to rows. Throws Error. No GIL needed.
    void pull(std::vector<std::vector<Value>>& rows, std::size_t n);
    // Refills the buffer with up to n rows (all for n == 0) with the GIL released. Raises the
    // statement's error.
    void fill(std::size_t n);
    // The next row, or nullptr at the end; valid until the next call.
    const std::vector<Value>* next_row();
};

// Raises caspian.UsageError when busy (another thread is in the engine for the same object),
// else marks it busy until destroyed. Construct and destroy with the GIL held.
class BusyGuard {
public:
    BusyGuard(bool& busy, const char* what);
    ~BusyGuard() { busy_ = false; }
    BusyGuard(const BusyGuard&) = delete;
    BusyGuard& operator=(const BusyGuard&) = delete;

private:
    bool& busy_;
};

struct PyDatabase {
    std::shared_ptr<DatabaseHandle> handle;
    std::string path;
    bool read_only = false;
    Database& db() const;  // raises caspian.UsageError when closed
};

// The caspian.Result of a started statement (result.cpp).
py::object make_result(std::shared_ptr<ResultState> state);

// Runs query (a callable taking the QueryOptions to use and returning a caspian::Result) with
// the GIL released and returns the caspian.Result. all_rows: read every row now (a statement
// inside a transaction, whose result must not outlive it).
template <typename Query>
py::object run_statement(std::shared_ptr<DatabaseHandle> owner, std::string text,
                         QueryOptions options, bool all_rows, Query&& query) {
    auto state = std::make_shared<ResultState>();
    state->owner = std::move(owner);
    state->text = std::move(text);
    options.cancel = &state->cancel;
    std::optional<Error> failure;
    {
        EngineCall call(state->cancel);
        try {
            state->result.emplace(query(options));
            state->start();
            state->pull(state->buffer, all_rows ? 0 : ResultState::first_chunk);
        } catch (const Error& e) {
            failure = e;
        }
    }
    if (failure) raise_engine_error(*failure, state->text, state->cancel);
    return make_result(std::move(state));
}

}  // namespace caspian::python
