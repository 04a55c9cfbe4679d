// The import's reading of a file: a buffer of fixed size, refilled behind the bytes not yet
// consumed, so memory does not grow with the file. Only a record longer than the buffer grows it.
#pragma once

#include <caspian/error.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace caspian::detail {

// A file read through a buffer of fixed size; only a record longer than the buffer grows it.
class InputFile {
public:
    static constexpr std::size_t buffer_size = std::size_t{1} << 20;

    explicit InputFile(const std::filesystem::path& path)
        : path_(path), f_(std::fopen(path.c_str(), "rb")) {
        if (f_ == nullptr) throw Error(ErrorKind::Usage, "cannot read '" + path.string() + "'");
        buf_.resize(buffer_size);
    }
    ~InputFile() { std::fclose(f_); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // The bytes read and not yet consumed.
    const char* begin() const noexcept { return buf_.data() + pos_; }
    const char* end() const noexcept { return buf_.data() + len_; }
    bool at_eof() const noexcept { return eof_; }
    void consume(std::size_t n) noexcept {
        pos_ += n;
        consumed_ += n;
    }
    std::uint64_t consumed() const noexcept { return consumed_; }

    // Reads more behind the unconsumed bytes. False at the end of the file.
    bool fill() {
        if (eof_) return false;
        if (pos_ > 0) {
            std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
            len_ -= pos_;
            pos_ = 0;
        }
        if (len_ == buf_.size()) buf_.resize(buf_.size() * 2);
        const std::size_t n = std::fread(buf_.data() + len_, 1, buf_.size() - len_, f_);
        if (n == 0) {
            if (std::ferror(f_) != 0) {
                throw Error(ErrorKind::Usage, "cannot read '" + path_.string() + "'");
            }
            eof_ = true;
            return false;
        }
        len_ += n;
        return true;
    }

    // Skips a UTF-8 byte order mark at the start of the file.
    void skip_bom() {
        while (end() - begin() < 3 && fill()) {
        }
        if (end() - begin() >= 3 && std::memcmp(begin(), "\xEF\xBB\xBF", 3) == 0) consume(3);
    }

private:
    std::filesystem::path path_;
    std::FILE* f_;
    std::vector<char> buf_;
    std::size_t pos_ = 0, len_ = 0;
    std::uint64_t consumed_ = 0;
    bool eof_ = false;
};

}  // namespace caspian::detail
