// Open transactions, each on its own thread, which runs the tasks the HTTP requests hand it.
#include "server/http/transactions.hpp"

#include <condition_variable>
#include <ctime>
#include <deque>
#include <future>
#include <random>
#include <thread>

namespace caspian::server::http {

// One write transaction and the thread it belongs to. Tasks run in order on that thread; the
// transaction is rolled back there (unless committed) when the thread is told to finish.
class OpenTransaction {
public:
    explicit OpenTransaction(Database& db) {
        auto ready = started_.get_future();
        thread_ = std::thread([this, &db] { loop(db); });
        try {
            ready.get();  // begin_write's error, if any, comes out here
        } catch (...) {
            thread_.join();
            throw;
        }
    }
    ~OpenTransaction() {
        {
            std::lock_guard lock(mutex_);
            finishing_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

    // Runs task on the transaction's thread and waits for it.
    std::string run(const std::function<std::string(WriteTransaction&)>& task, bool commit) {
        std::packaged_task<std::string()> job([this, &task, commit] {
            std::string out = task(*txn_);
            if (commit) txn_->commit();
            return out;
        });
        auto result = job.get_future();
        {
            std::lock_guard lock(mutex_);
            tasks_.push_back(std::move(job));
        }
        wake_.notify_all();
        return result.get();
    }

    std::mutex use;  // one request at a time in a transaction
    std::chrono::steady_clock::time_point last_used = std::chrono::steady_clock::now();

private:
    void loop(Database& db) {
        try {
            txn_.emplace(db.begin_write());
        } catch (...) {
            started_.set_exception(std::current_exception());
            return;
        }
        started_.set_value();
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return finishing_ || !tasks_.empty(); });
            if (tasks_.empty()) break;
            auto job = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
        txn_.reset();  // rolls back unless committed, on the thread that began it
    }

    std::promise<void> started_;
    std::optional<WriteTransaction> txn_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::packaged_task<std::string()>> tasks_;
    bool finishing_ = false;
    std::thread thread_;
};

namespace {

std::string new_id() {
    static std::mutex mutex;
    static std::mt19937_64 random{std::random_device{}()};
    std::lock_guard lock(mutex);
    const std::uint64_t n = random();
    static constexpr char hex[] = "0123456789abcdef";
    std::string id;
    for (int shift = 60; shift >= 0; shift -= 4)
        id += hex[(n >> shift) & 0xF];
    return id;
}

}  // namespace

Transactions::Transactions(Database& db, std::chrono::milliseconds idle) : db_(db), idle_(idle) {}

Transactions::~Transactions() {
    std::map<std::string, std::shared_ptr<OpenTransaction>> open;
    {
        std::lock_guard lock(mutex_);
        open.swap(open_);
    }
}

std::string Transactions::begin() {
    auto txn = std::make_shared<OpenTransaction>(db_);
    std::string id = new_id();
    std::lock_guard lock(mutex_);
    open_.emplace(id, std::move(txn));
    return id;
}

std::shared_ptr<OpenTransaction> Transactions::find(const std::string& id) {
    std::lock_guard lock(mutex_);
    const auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second;
}

void Transactions::end(const std::string& id) {
    std::shared_ptr<OpenTransaction> ended;  // destroyed (rolled back) outside the lock
    std::lock_guard lock(mutex_);
    const auto it = open_.find(id);
    if (it == open_.end()) return;
    ended = std::move(it->second);
    open_.erase(it);
}

std::optional<std::string> Transactions::run(
    const std::string& id, const std::function<std::string(WriteTransaction&)>& work, bool commit) {
    const auto txn = find(id);
    if (!txn) return std::nullopt;
    std::lock_guard use(txn->use);
    try {
        std::string out = txn->run(work, commit);
        txn->last_used = std::chrono::steady_clock::now();
        if (commit) end(id);
        return out;
    } catch (...) {
        end(id);
        throw;
    }
}

bool Transactions::rollback(const std::string& id) {
    if (!find(id)) return false;
    end(id);
    return true;
}

std::string Transactions::expiry() const {
    const std::time_t t = std::chrono::system_clock::to_time_t(
        std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::seconds>(idle_));
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void Transactions::sweep() {
    std::vector<std::shared_ptr<OpenTransaction>> expired;  // rolled back outside the lock
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        for (auto it = open_.begin(); it != open_.end();) {
            if (now - it->second->last_used > idle_ && it->second->use.try_lock()) {
                it->second->use.unlock();
                expired.push_back(std::move(it->second));
                it = open_.erase(it);
            } else {
                ++it;
            }
        }
    }
}

}  // namespace caspian::server::http
