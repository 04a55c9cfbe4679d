// TempDir: a fresh, uniquely named directory under the system temporary directory, removed with
// everything in it when the object dies. Tests use one per test so that none sees another's data.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

#include <unistd.h>

namespace caspian::testing {

class TempDir {
public:
    TempDir() {
        static std::atomic<std::uint64_t> counter{0};
        std::random_device entropy;
        const auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            const std::string name = "caspian-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(entropy());
            std::error_code ec;
            // create_directory is false (not an error) when the name is taken: try another.
            if (std::filesystem::create_directory(base / name, ec)) {
                path_ = base / name;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary directory under " + base.string());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    // A path inside the directory that does not exist yet: where a test creates a database.
    std::filesystem::path sub(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace caspian::testing
