// The writer lock between processes (see writer_lock.hpp): one byte of lock.mdb, locked with
// fcntl so that F_GETLK names the holder; polled, since F_SETLKW cannot time out.
#include "storage/writer_lock.hpp"

#include <caspian/error.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace caspian::storage {

namespace {

// LMDB locks byte N of lock.mdb for the process of id N (its reader liveness check) and byte 0
// for the environment: the writer's byte lies past every possible process id.
constexpr off_t writer_byte = off_t{1} << 40;
constexpr std::chrono::milliseconds poll_interval{20};

struct flock writer_range(short type) {
    struct flock range {};
    range.l_type = type;
    range.l_whence = SEEK_SET;
    range.l_start = writer_byte;
    range.l_len = 1;
    return range;
}

std::string seconds_text(std::chrono::milliseconds ms) {
    const auto whole = ms.count() / 1000, tenths = ms.count() % 1000 / 100;
    return std::to_string(whole) + (tenths != 0 ? "." + std::to_string(tenths) : "") + " s";
}

}  // namespace

std::string busy_message(std::chrono::milliseconds timeout, std::int64_t holder) {
    return "the database is busy: another writer" +
           (holder > 0 ? " (pid " + std::to_string(holder) + ")" : std::string()) +
           " held it for longer than the busy timeout of " + seconds_text(timeout) +
           "; nothing was written";
}

WriterFileLock::WriterFileLock(const std::filesystem::path& lock_file) {
    fd_ = ::open(lock_file.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        throw Error(ErrorKind::Storage,
                    "cannot open '" + lock_file.string() + "': " + std::strerror(errno));
    }
}

WriterFileLock::~WriterFileLock() {
    if (fd_ >= 0 && !kept_) ::close(fd_);
}

void WriterFileLock::acquire(const WriterWait& wait, std::chrono::steady_clock::time_point start) {
    bool noticed = false;
    for (;;) {
        struct flock range = writer_range(F_WRLCK);
        if (::fcntl(fd_, F_SETLK, &range) == 0) return;
        if (errno == EINTR) continue;
        if (errno != EACCES && errno != EAGAIN) {
            throw Error(ErrorKind::Storage,
                        std::string("fcntl(F_SETLK) on lock.mdb failed: ") + std::strerror(errno));
        }
        const auto waited = std::chrono::steady_clock::now() - start;
        if (wait.timeout && waited >= *wait.timeout) {
            throw Error(ErrorKind::Resource, busy_message(*wait.timeout, holder()));
        }
        if (!noticed && wait.on_wait && waited >= wait.notice_after) {
            noticed = true;
            wait.on_wait(holder());
        }
        std::this_thread::sleep_for(poll_interval);
    }
}

void WriterFileLock::release() noexcept {
    struct flock range = writer_range(F_UNLCK);
    ::fcntl(fd_, F_SETLK, &range);
}

std::int64_t WriterFileLock::holder() const noexcept {
    struct flock range = writer_range(F_WRLCK);
    if (::fcntl(fd_, F_GETLK, &range) != 0 || range.l_type == F_UNLCK) return 0;
    return range.l_pid > 0 ? range.l_pid : 0;
}

}  // namespace caspian::storage
