// BatchPipe: batches made on a worker thread while the caller uses the ones made before it, so
// that reading and typing an import file overlaps with writing it. Knows nothing of files: the
// caller's make function fills a batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace caspian::detail {

// make(batch) fills batch (reusing its memory) and returns false when it was the last one. The
// worker runs at most depth batches ahead of the caller; batches come out in the order they were
// made, and what make throws is rethrown by next() after the batches made before it. Destroying
// the pipe stops the worker before its next batch and joins it. make runs on the worker thread:
// it must not touch what the caller changes meanwhile.
template <typename Batch>
class BatchPipe {
public:
    BatchPipe(std::function<bool(Batch&)> make, std::size_t depth)
        : make_(std::move(make)), slots_(depth + 1) {
        for (std::size_t i = 0; i < slots_.size(); ++i)
            free_.push_back(i);
        worker_ = std::thread([this] { work(); });
    }
    ~BatchPipe() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }
    BatchPipe(const BatchPipe&) = delete;
    BatchPipe& operator=(const BatchPipe&) = delete;

    // The next batch, valid until the next call; null after the last.
    Batch* next() {
        std::unique_lock lock(mutex_);
        if (current_) {
            free_.push_back(*std::exchange(current_, std::nullopt));
            changed_.notify_all();
        }
        changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (ready_.empty()) {
            if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
            return nullptr;
        }
        current_ = ready_.front();
        ready_.pop_front();
        return &slots_[*current_];
    }

private:
    void work() {
        try {
            for (bool more = true; more;) {
                std::size_t slot = 0;
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return !free_.empty() || stop_; });
                    if (stop_) break;
                    slot = free_.front();
                    free_.pop_front();
                }
                more = make_(slots_[slot]);
                const std::lock_guard lock(mutex_);
                ready_.push_back(slot);
                changed_.notify_all();
            }
        } catch (...) {
            const std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        const std::lock_guard lock(mutex_);
        finished_ = true;
        changed_.notify_all();
    }

    std::function<bool(Batch&)> make_;
    std::vector<Batch> slots_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::size_t> free_, ready_;  // slot indexes
    std::optional<std::size_t> current_;    // the caller's
    std::exception_ptr error_;
    bool stop_ = false, finished_ = false;
    std::thread worker_;  // last: started once the members above exist
};

}  // namespace caspian::detail
