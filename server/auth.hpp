// The users of `caspian serve`: an auth file of salted PBKDF2-HMAC-SHA256 password hashes
// (OpenSSL), one `user:pbkdf2-sha256:ITERATIONS:SALT:HASH` line each (salt and hash in hex),
// written by `caspian passwd`. Shared by the Bolt and HTTP services.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace caspian::server {

class AuthFile {
public:
    // Reads path. Throws Error{Usage} naming the file and line when it cannot be read or a
    // line is malformed.
    static AuthFile load(const std::filesystem::path& path);
    // True when user exists and password matches its hash (in constant time).
    [[nodiscard]] bool check(const std::string& user, const std::string& password) const;
    // The same for an HTTP Authorization header "Basic base64(user:password)"; false for any
    // other scheme or a malformed header.
    [[nodiscard]] bool check_basic(const std::string& authorization) const;
    [[nodiscard]] bool empty() const noexcept { return users_.empty(); }

private:
    std::map<std::string, std::string, std::less<>> users_;  // user -> the rest of its line
};

// A new stored form of password with a random salt.
[[nodiscard]] std::string hash_password(std::string_view password);
// True when password matches stored (the part of a line after "user:").
[[nodiscard]] bool verify_password(std::string_view stored, std::string_view password);

// Adds user to the auth file at path or replaces its password; creates the file (mode 0600)
// when absent. Throws Error{Usage} for a user name with ':' or a newline, or an empty password,
// and when the file cannot be read or written. The file is replaced whole (write and rename).
void set_password(const std::filesystem::path& path, const std::string& user,
                  std::string_view password);

}  // namespace caspian::server
