// The explicit transactions of the Query API (POST /db/{name}/query/v2/tx ...): each open write
// transaction lives on a thread of its own, since LMDB ties a write transaction to the thread
// that began it while HTTP requests arrive on any thread of the pool.
#pragma once

#include <caspian/database.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace caspian::server::http {

class OpenTransaction;

class Transactions {
public:
    // idle: how long a transaction may wait for its next request before it is rolled back.
    Transactions(Database& db, std::chrono::milliseconds idle);
    ~Transactions();  // rolls back every open transaction
    Transactions(const Transactions&) = delete;
    Transactions& operator=(const Transactions&) = delete;

    // Begins a write transaction (waiting for another writer as Database::begin_write does;
    // Error{Resource} past the busy timeout) and returns its id.
    std::string begin();
    // Runs work in the transaction, on its thread, and returns what work returns. A throw from
    // work rolls the transaction back and ends it (as in Neo4j), then propagates. With commit,
    // the transaction commits after work and ends. nullopt: no open transaction has this id.
    std::optional<std::string> run(const std::string& id,
                                   const std::function<std::string(WriteTransaction&)>& work,
                                   bool commit = false);
    // Rolls back; false when no open transaction has this id.
    bool rollback(const std::string& id);
    // When a transaction used now is rolled back unless used again (UTC, ISO 8601).
    std::string expiry() const;
    // Rolls back the transactions idle for longer than the limit; called before each request,
    // so that an abandoned transaction does not keep the writer's lock.
    void sweep();

private:
    std::shared_ptr<OpenTransaction> find(const std::string& id);
    void end(const std::string& id);

    Database& db_;
    std::chrono::milliseconds idle_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<OpenTransaction>> open_;
};

}  // namespace caspian::server::http
