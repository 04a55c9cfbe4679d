// Standard output that reports its failures (issue #15): a full disk or a closed pipe ends the
// command with exit 1 and one message instead of losing the output without a word.
#pragma once

#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>

namespace caspian::cli {

// A write to standard output or to a command's output file failed. Not a caspian::Error, so
// that `run --continue-on-error` and the shell stop instead of going on into the same failure.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A buffered stream buffer over a file descriptor that keeps the errno of its first failed
// write, which std::ostream's badbit alone loses.
class FdOutputBuf : public std::streambuf {
public:
    explicit FdOutputBuf(int fd);
    FdOutputBuf(const FdOutputBuf&) = delete;
    FdOutputBuf& operator=(const FdOutputBuf&) = delete;
    ~FdOutputBuf() override;

    int error() const noexcept { return error_; }  // 0 while every write succeeded

protected:
    int_type overflow(int_type c) override;
    int sync() override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

private:
    bool drain();
    bool write_all(const char* p, std::size_t n);

    int fd_;
    int error_ = 0;
    char buffer_[64 * 1024];
};

// Throws OutputError naming `what` (and the reason, when out writes through an FdOutputBuf)
// when out has failed. Call it while streaming rows, so that a failed output stops the work.
void check_output(std::ostream& out, std::string_view what = "standard output");

// Flushes out, then check_output.
void flush_output(std::ostream& out, std::string_view what = "standard output");

}  // namespace caspian::cli
