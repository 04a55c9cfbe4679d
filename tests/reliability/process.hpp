// Child processes for the reliability harnesses: fork/exec with stdin and stdout on pipes,
// standard error to a file, reading stdout line by line with deadlines, signals, reaping.
// POSIX only; a Child still running when destroyed is killed (SIGKILL) and reaped.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::testing {

struct ChildOptions {
    std::filesystem::path stderr_file{};  // empty: /dev/null
    bool pipe_stdin = false;              // else stdin is /dev/null
    // Set RLIMIT_FSIZE (a file cannot grow past it: writes fail with EFBIG, SIGXFSZ ignored).
    std::uint64_t file_size_limit = 0;
    bool as_nobody = false;  // when root: run as uid/gid 65534, so file permissions apply
};

class Child {
public:
    using clock = std::chrono::steady_clock;

    Child(const std::vector<std::string>& argv, const ChildOptions& options = {})
        : stderr_file_(options.stderr_file) {
        // Everything the child needs is prepared before fork: after it, only exec-safe calls.
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        const std::string err =
            options.stderr_file.empty() ? "/dev/null" : options.stderr_file.string();
        int out[2], in[2] = {-1, -1};
        if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        if (options.pipe_stdin && ::pipe2(in, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        const bool drop = options.as_nobody && ::geteuid() == 0;
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int null_fd = ::open("/dev/null", O_RDONLY);
            if (err_fd < 0 || null_fd < 0) ::_exit(126);
            ::dup2(options.pipe_stdin ? in[0] : null_fd, 0);
            ::dup2(out[1], 1);
            ::dup2(err_fd, 2);
            if (options.file_size_limit != 0) {
                ::signal(SIGXFSZ, SIG_IGN);  // ignored dispositions survive exec
                const rlimit limit{options.file_size_limit, options.file_size_limit};
                if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
            }
            if (drop &&
                (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
                ::_exit(126);
            }
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
        ::fcntl(out_, F_SETFL, O_NONBLOCK);
        if (options.pipe_stdin) {
            ::close(in[0]);
            in_ = in[1];
        }
    }
    ~Child() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        close_stdin();
        if (out_ >= 0) ::close(out_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const noexcept { return pid_; }
    // Complete lines of standard output read so far.
    const std::vector<std::string>& lines() const noexcept { return lines_; }
    bool is_eof() const noexcept { return eof_; }

    // Reads standard output until the deadline or its end.
    void pump_until(clock::time_point deadline) {
        while (!eof_) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
            if (left.count() <= 0) {
                read_available();
                return;
            }
            pollfd p{out_, POLLIN, 0};
            const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
            if (rc < 0 && errno != EINTR) return;
            if (rc > 0) read_available();
        }
    }
    void pump_for(std::chrono::milliseconds d) { pump_until(clock::now() + d); }

    // Waits for a line starting with prefix (returns it), up to timeout; empty when none came.
    std::string wait_for_line(std::string_view prefix, std::chrono::milliseconds timeout) {
        const auto deadline = clock::now() + timeout;
        std::size_t seen = 0;
        for (;;) {
            for (; seen < lines_.size(); ++seen) {
                if (lines_[seen].starts_with(prefix)) return lines_[seen];
            }
            if (eof_ || clock::now() >= deadline) return {};
            pump_until(std::min(deadline, clock::now() + std::chrono::milliseconds(20)));
        }
    }

    void send_line(const std::string& line) {
        const std::string text = line + "\n";
        if (in_ >= 0) (void)!::write(in_, text.data(), text.size());
    }
    void close_stdin() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }
    void signal(int sig) {
        if (!reaped_) ::kill(pid_, sig);
    }

    // Reaps the child and reads the rest of its output; returns the wait status.
    // Output is read while waiting: a child blocked on a full pipe would never end.
    int wait() {
        while (!reaped_ && !has_exited()) {
            if (!eof_) {
                pump_for(std::chrono::milliseconds(20));
                continue;
            }
            while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
            }
            reaped_ = true;
        }
        pump_until(clock::now() + std::chrono::seconds(5));
        return status_;
    }
    // The wait status if it has ended, without blocking.
    bool has_exited() {
        if (reaped_) return true;
        if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
        return reaped_;
    }

    std::string stderr_text() const {
        std::ifstream in(stderr_file_);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

private:
    void read_available() {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(out_, buf, sizeof buf);
            if (n > 0) {
                partial_.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            if (n == 0) eof_ = true;
            break;  // 0: end; -1: EAGAIN (nothing more now) or an error
        }
        std::size_t start = 0;
        for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos;
             start = nl + 1) {
            std::string line = partial_.substr(start, nl - start);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            lines_.push_back(std::move(line));
        }
        partial_.erase(0, start);  // an unterminated last line is not acknowledged
    }

    pid_t pid_ = -1;
    int out_ = -1;
    int in_ = -1;
    int status_ = 0;
    bool reaped_ = false;
    bool eof_ = false;
    std::string partial_;
    std::vector<std::string> lines_;
    std::filesystem::path stderr_file_;
};

inline bool exited_with(int status, int code) {
    return WIFEXITED(status) && WEXITSTATUS(status) == code;
}
inline bool killed_by(int status, int sig) {
    return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}
inline std::string describe(int status) {
    if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// A harness's scale: the environment variable `name` when set, else the default (smaller under
// sanitizers, where each process is several times slower).
inline int scaled(const char* name, int release_default, int sanitizer_default) {
    if (const char* v = std::getenv(name)) return std::atoi(v);
#ifdef CASPIAN_RELIABILITY_SANITIZED
    (void)release_default;
    return sanitizer_default;
#else
    (void)sanitizer_default;
    return release_default;
#endif
}

}  // namespace caspian::testing
