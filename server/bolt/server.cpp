// The Bolt listener (server.hpp): one asio thread accepts, each connection gets a thread of its
// own for its whole life (LMDB transactions stay on the thread that began them). Connections
// are plain file descriptors after the accept, read with poll() so that an idle timeout applies,
// and wrapped in OpenSSL when TLS is on.
#include "server/bolt/server.hpp"

#include <caspian/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <asio.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace caspian::server::bolt {
namespace {

// Waits until fd is readable; ConnectionClosed after the idle timeout.
void wait_readable(int fd, std::chrono::milliseconds idle) {
    pollfd p{fd, POLLIN, 0};
    const int timeout = idle.count() > 0 ? static_cast<int>(idle.count()) : -1;
    for (;;) {
        const int r = ::poll(&p, 1, timeout);
        if (r > 0) return;
        if (r == 0) throw ConnectionClosed("idle timeout");
        if (errno != EINTR) throw ConnectionClosed("poll failed");
    }
}

class FdTransport : public Transport {
public:
    FdTransport(int fd, std::chrono::milliseconds idle) : fd_(fd), idle_(idle) {}
    void read_exact(char* buffer, std::size_t size) override {
        while (size > 0) {
            wait_readable(fd_, idle_);
            const ssize_t n = ::recv(fd_, buffer, size, 0);
            if (n == 0) throw ConnectionClosed("closed by the peer");
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                throw ConnectionClosed("read failed");
            }
            buffer += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    void write_all(std::string_view bytes) override {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw ConnectionClosed("write failed");
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

private:
    int fd_;
    std::chrono::milliseconds idle_;
};

class TlsTransport : public Transport {
public:
    TlsTransport(SSL_CTX* ctx, int fd, std::chrono::milliseconds idle)
        : ssl_(SSL_new(ctx)), fd_(fd), idle_(idle) {
        if (ssl_ == nullptr) throw ConnectionClosed("SSL_new failed");
        SSL_set_fd(ssl_, fd);
        wait_readable(fd_, idle_);
        if (SSL_accept(ssl_) != 1) throw ConnectionClosed("TLS handshake failed");
    }
    ~TlsTransport() override { SSL_free(ssl_); }
    TlsTransport(const TlsTransport&) = delete;
    TlsTransport& operator=(const TlsTransport&) = delete;
    void read_exact(char* buffer, std::size_t size) override {
        while (size > 0) {
            if (SSL_pending(ssl_) == 0) wait_readable(fd_, idle_);
            const int n =
                SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
            if (n <= 0) throw ConnectionClosed("TLS read failed");
            buffer += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    void write_all(std::string_view bytes) override {
        while (!bytes.empty()) {
            const int n = SSL_write(ssl_, bytes.data(),
                                    static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 30)));
            if (n <= 0) throw ConnectionClosed("TLS write failed");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

private:
    SSL* ssl_;
    int fd_;
    std::chrono::milliseconds idle_;
};

std::string address_text(const std::string& host, std::uint16_t port) {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(port);
}

class BoltService : public Service {
public:
    BoltService(Database& db, BoltOptions options) : db_(db), options_(std::move(options)) {
        if (options_.tls) init_tls();
        asio::error_code ec;
        const asio::ip::address address = asio::ip::make_address(options_.host, ec);
        if (ec) {
            throw Error(ErrorKind::Usage, "cannot listen on '" + options_.host +
                                              "': not an IP address (" + ec.message() + ")");
        }
        const asio::ip::tcp::endpoint endpoint(address, options_.port);
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            throw Error(ErrorKind::Usage, "cannot listen on " +
                                              address_text(options_.host, options_.port) + ": " +
                                              ec.message());
        }
        port_ = acceptor_.local_endpoint().port();
        accept_next();
        io_thread_ = std::thread([this] { io_.run(); });
    }
    ~BoltService() override {
        stop();
        if (tls_ != nullptr) SSL_CTX_free(tls_);
    }
    BoltService(const BoltService&) = delete;
    BoltService& operator=(const BoltService&) = delete;

    std::string describe() const override {
        return std::string(options_.tls ? "bolt+s://" : "bolt://") +
               address_text(options_.host, port_);
    }

    void stop() override {
        if (stopped_.exchange(true)) return;
        asio::post(io_, [this] {
            asio::error_code ignored;
            acceptor_.close(ignored);
        });
        if (io_thread_.joinable()) io_thread_.join();
        std::unique_lock lock(mutex_);
        // Ends every connection's reads and writes: each session rolls back and returns.
        for (const auto& [id, fd] : connections_)
            ::shutdown(fd, SHUT_RDWR);
        done_.wait(lock, [this] { return connections_.empty(); });
    }

private:
    void log(const std::string& line) const {
        if (options_.log) options_.log(line);
    }

    void init_tls() {
        tls_ = SSL_CTX_new(TLS_server_method());
        if (tls_ == nullptr ||
            SSL_CTX_use_certificate_chain_file(tls_, options_.tls->certificate.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(tls_, options_.tls->private_key.c_str(),
                                        SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(tls_) != 1) {
            char reason[256] = "";
            ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
            if (tls_ != nullptr) SSL_CTX_free(tls_);
            tls_ = nullptr;
            throw Error(ErrorKind::Usage, "cannot use the TLS certificate '" +
                                              options_.tls->certificate + "' and key '" +
                                              options_.tls->private_key + "': " + reason);
        }
        SSL_CTX_set_min_proto_version(tls_, TLS1_2_VERSION);
    }

    void accept_next() {
        acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec) {
                if (ec != asio::error::operation_aborted && acceptor_.is_open()) accept_next();
                return;
            }
            // Responses are small and the drivers pipeline requests: without NODELAY, Nagle's
            // algorithm and the peer's delayed ACK cost 40 ms per round trip.
            asio::error_code ignored;
            socket.set_option(asio::ip::tcp::no_delay(true), ignored);
            // The connection's thread owns a plain descriptor from here on.
            const int fd = ::dup(socket.native_handle());
            socket.close(ignored);
            if (fd >= 0) admit(fd);
            accept_next();
        });
    }

    void admit(int fd) {
        std::unique_lock lock(mutex_);
        if (connections_.size() >= options_.max_connections) {
            lock.unlock();
            log("refused a connection: the limit of " + std::to_string(options_.max_connections) +
                " connections is reached");
            ::close(fd);
            return;
        }
        const std::uint64_t id = next_id_++;
        connections_.emplace(id, fd);
        lock.unlock();
        std::thread([this, id, fd] { serve(id, fd); }).detach();
    }

    void serve(std::uint64_t id, int fd) {
        SessionOptions session = options_.session;
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0) {
            asio::ip::tcp::endpoint endpoint;
            endpoint.resize(length);
            std::memcpy(endpoint.data(), &local, length);
            session.address = address_text(endpoint.address().to_string(), port_);
        }
        try {
            std::unique_ptr<Transport> transport;
            if (tls_ != nullptr) {
                transport = std::make_unique<TlsTransport>(tls_, fd, options_.idle_timeout);
            } else {
                transport = std::make_unique<FdTransport>(fd, options_.idle_timeout);
            }
            Session(db_, *transport, shared_, std::move(session)).run();
        } catch (const std::exception& e) {
            log(std::string("connection ended: ") + e.what());
        }
        ::close(fd);
        // The last thing this thread does with the service: stop() may destroy it right after.
        std::lock_guard lock(mutex_);
        connections_.erase(id);
        done_.notify_all();
    }

    Database& db_;
    BoltOptions options_;
    SSL_CTX* tls_ = nullptr;
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_{io_};
    std::uint16_t port_ = 0;
    std::thread io_thread_;
    std::atomic<bool> stopped_{false};
    SessionShared shared_;
    std::mutex mutex_;
    std::condition_variable done_;
    std::map<std::uint64_t, int> connections_;
    std::uint64_t next_id_ = 1;
};

}  // namespace

std::unique_ptr<Service> start_bolt(Database& db, const BoltOptions& options) {
    return std::make_unique<BoltService>(db, options);
}

HostPort parse_host_port(const std::string& text) {
    const auto bad = [&text](const char* why) {
        return Error(ErrorKind::Usage, "invalid address '" + text + "': " + why +
                                           " (expected HOST:PORT, e.g. 127.0.0.1:7687)");
    };
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) throw bad("no port");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) host = "127.0.0.1";
    if (host == "localhost") host = "127.0.0.1";
    const std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
        throw bad("the port is not a number from 0 to 65535");
    }
    return HostPort{host, static_cast<std::uint16_t>(std::stoul(port))};
}

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    asio::error_code ec;
    const asio::ip::address a = asio::ip::make_address(host, ec);
    return !ec && a.is_loopback();
}

}  // namespace caspian::server::bolt
