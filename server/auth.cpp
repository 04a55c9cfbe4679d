// The auth file of `caspian serve` (auth.hpp): PBKDF2-HMAC-SHA256 from OpenSSL, a random salt per
// user, constant-time comparison.
#include "server/auth.hpp"

#include <caspian/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace caspian::server {
namespace {

constexpr int default_iterations = 200'000;
constexpr std::size_t salt_bytes = 16, hash_bytes = 32;

std::string to_hex(const unsigned char* data, std::size_t size) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < size; ++i) {
        s += digits[data[i] >> 4];
        s += digits[data[i] & 0xF];
    }
    return s;
}

bool from_hex(std::string_view text, std::vector<unsigned char>& out) {
    if (text.size() % 2 != 0) return false;
    const auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return true;
}

std::vector<unsigned char> pbkdf2(std::string_view password, const std::vector<unsigned char>& salt,
                                  int iterations) {
    std::vector<unsigned char> out(hash_bytes);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()), out.data()) != 1) {
        throw Error(ErrorKind::Internal, "PKCS5_PBKDF2_HMAC failed");
    }
    return out;
}

struct Stored {
    int iterations = 0;
    std::vector<unsigned char> salt, hash;
};

// "pbkdf2-sha256:ITERATIONS:SALT:HASH"
bool parse_stored(std::string_view text, Stored& out) {
    constexpr std::string_view scheme = "pbkdf2-sha256:";
    if (!text.starts_with(scheme)) return false;
    text.remove_prefix(scheme.size());
    const std::size_t a = text.find(':');
    if (a == std::string_view::npos) return false;
    const std::size_t b = text.find(':', a + 1);
    if (b == std::string_view::npos) return false;
    const std::string_view iterations = text.substr(0, a);
    if (iterations.empty() || iterations.size() > 9 ||
        iterations.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
    }
    out.iterations = std::stoi(std::string(iterations));
    return out.iterations > 0 && from_hex(text.substr(a + 1, b - a - 1), out.salt) &&
           from_hex(text.substr(b + 1), out.hash) && !out.salt.empty() &&
           out.hash.size() == hash_bytes;
}

}  // namespace

std::string hash_password(std::string_view password) {
    std::vector<unsigned char> salt(salt_bytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        throw Error(ErrorKind::Internal, "RAND_bytes failed");
    }
    const std::vector<unsigned char> hash = pbkdf2(password, salt, default_iterations);
    return "pbkdf2-sha256:" + std::to_string(default_iterations) + ":" +
           to_hex(salt.data(), salt.size()) + ":" + to_hex(hash.data(), hash.size());
}

bool verify_password(std::string_view stored, std::string_view password) {
    Stored s;
    if (!parse_stored(stored, s)) return false;
    const std::vector<unsigned char> hash = pbkdf2(password, s.salt, s.iterations);
    return CRYPTO_memcmp(hash.data(), s.hash.data(), hash_bytes) == 0;
}

AuthFile AuthFile::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(ErrorKind::Usage, "cannot read the auth file '" + path.string() + "'");
    AuthFile file;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t colon = line.find(':');
        Stored ignored;
        if (colon == 0 || colon == std::string::npos ||
            !parse_stored(std::string_view(line).substr(colon + 1), ignored)) {
            throw Error(ErrorKind::Usage,
                        path.string() + ":" + std::to_string(number) +
                            ": not a line of an auth file (write it with caspian passwd)");
        }
        file.users_[line.substr(0, colon)] = line.substr(colon + 1);
    }
    return file;
}

bool AuthFile::check(const std::string& user, const std::string& password) const {
    const auto it = users_.find(user);
    if (it == users_.end()) {
        // As long as a real check, so that timing does not tell which users exist.
        (void)verify_password("pbkdf2-sha256:" + std::to_string(default_iterations) +
                                  ":00:" + std::string(2 * hash_bytes, '0'),
                              password);
        return false;
    }
    return verify_password(it->second, password);
}

bool AuthFile::check_basic(const std::string& authorization) const {
    constexpr std::string_view scheme = "Basic ";
    if (authorization.size() <= scheme.size() ||
        authorization.compare(0, scheme.size(), scheme) != 0)
        return false;
    const std::string encoded = authorization.substr(scheme.size());
    if (encoded.size() % 4 != 0 || encoded.size() > 4096) return false;
    std::string decoded(encoded.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                  reinterpret_cast<const unsigned char*>(encoded.data()),
                                  static_cast<int>(encoded.size()));
    if (n < 0) return false;
    // EVP_DecodeBlock counts the padding as zero bytes: drop them.
    std::size_t length = static_cast<std::size_t>(n);
    for (std::size_t i = encoded.size(); i > 0 && encoded[i - 1] == '=' && length > 0; --i)
        --length;
    decoded.resize(length);
    const std::size_t colon = decoded.find(':');
    if (colon == std::string::npos) return false;
    return check(decoded.substr(0, colon), decoded.substr(colon + 1));
}

void set_password(const std::filesystem::path& path, const std::string& user,
                  std::string_view password) {
    if (user.empty() || user.find_first_of(":\n\r") != std::string::npos) {
        throw Error(ErrorKind::Usage, "invalid user name '" + user + "': no ':' or line breaks");
    }
    if (password.empty()) throw Error(ErrorKind::Usage, "the password is empty");
    std::vector<std::string> lines;
    if (std::filesystem::exists(path)) {
        (void)AuthFile::load(path);  // refuses to rewrite a file that is not an auth file
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind(user + ":", 0) != 0) lines.push_back(line);
        }
    }
    lines.push_back(user + ":" + hash_password(password));
    const std::filesystem::path temp = path.string() + ".tmp";
    {
        const mode_t old = ::umask(077);
        std::ofstream out(temp, std::ios::trunc);
        ::umask(old);
        for (const std::string& line : lines)
            out << line << "\n";
        out.flush();
        if (!out) {
            throw Error(ErrorKind::Usage, "cannot write the auth file '" + temp.string() + "'");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        throw Error(ErrorKind::Usage,
                    "cannot write the auth file '" + path.string() + "': " + ec.message());
    }
}

}  // namespace caspian::server
