// The writer lock between processes (issue #22): a POSIX record lock on one byte of lock.mdb
// that every caspian writer takes before LMDB's own writer mutex, so that a waiting writer can
// give up after a timeout and name the process it waits for; LMDB's mutex offers neither.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace caspian::storage {

// How a write transaction waits for the writer of another process (or another thread).
struct WriterWait {
    // Past it the write fails with Error{Resource} and writes nothing; none: wait as long as it
    // takes.
    std::optional<std::chrono::milliseconds> timeout = {};
    // Called once, from the waiting thread, when the wait for another process's writer has
    // lasted notice_after; pid is that process's id, 0 when it cannot be had.
    std::function<void(std::int64_t pid)> on_wait = {};
    std::chrono::milliseconds notice_after{1000};
};

// The record lock on lock.mdb. Not thread-safe: the Env's writer mutex serialises its users.
// The descriptor must stay open as long as LMDB's own: closing any descriptor of a file drops
// every record lock the process holds on it, LMDB's included (Env keeps it until after
// mdb_env_close).
class WriterFileLock {
public:
    // Opens lock_file for the lock. Throws Error{Storage} when it cannot.
    explicit WriterFileLock(const std::filesystem::path& lock_file);
    ~WriterFileLock();
    WriterFileLock(const WriterFileLock&) = delete;
    WriterFileLock& operator=(const WriterFileLock&) = delete;

    // Takes the lock, waiting as wait says, counted from start. Throws Error{Resource} when
    // another process still holds it at the timeout, Error{Storage} when the system refuses.
    void acquire(const WriterWait& wait, std::chrono::steady_clock::time_point start);
    void release() noexcept;
    // The process holding the lock: 0 when none does or its id cannot be had.
    [[nodiscard]] std::int64_t holder() const noexcept;
    // Keeps the descriptor (and so every record lock of the process on the file) open for the
    // life of the process: for an Env that is never closed.
    void keep_open() noexcept { kept_ = true; }

private:
    int fd_ = -1;
    bool kept_ = false;
};

// The message of a write that gave up after waiting timeout for the writer holder (0: unknown).
std::string busy_message(std::chrono::milliseconds timeout, std::int64_t holder);

}  // namespace caspian::storage
