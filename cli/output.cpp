// FdOutputBuf and the output checks of output.hpp.
#include "cli/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace caspian::cli {

FdOutputBuf::FdOutputBuf(int fd) : fd_(fd) {
    setp(buffer_, buffer_ + sizeof buffer_);
}

FdOutputBuf::~FdOutputBuf() {
    drain();
}

bool FdOutputBuf::write_all(const char* p, std::size_t n) {
    // After one failure nothing more is written: the output already has a hole.
    if (error_ != 0) return false;
    while (n > 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

bool FdOutputBuf::drain() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_, buffer_ + sizeof buffer_);
    return write_all(buffer_, n);
}

FdOutputBuf::int_type FdOutputBuf::overflow(int_type c) {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

int FdOutputBuf::sync() {
    return drain() ? 0 : -1;
}

std::streamsize FdOutputBuf::xsputn(const char* s, std::streamsize n) {
    const auto size = static_cast<std::size_t>(n);
    if (size <= static_cast<std::size_t>(epptr() - pptr())) {
        std::memcpy(pptr(), s, size);
        pbump(static_cast<int>(n));
        return n;
    }
    // Larger than the room left: write what is buffered, then this directly.
    if (!drain() || !write_all(s, size)) return 0;
    return n;
}

void check_output(std::ostream& out, std::string_view what) {
    if (out) return;
    std::string message = "cannot write to " + std::string(what);
    if (const auto* buf = dynamic_cast<const FdOutputBuf*>(out.rdbuf()); buf && buf->error()) {
        message += std::string(": ") + std::strerror(buf->error());
    }
    throw OutputError(message);
}

void flush_output(std::ostream& out, std::string_view what) {
    out.flush();
    check_output(out, what);
}

}  // namespace caspian::cli
