// RFC 4180 reader for the benchmark's SQLite loader: the CSV files caspian-gen writes and
// `caspian import` reads. Streams rows; no knowledge of the header conventions.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace caspian::bench {

class CsvReader {
public:
    // Throws std::runtime_error when the file cannot be opened.
    explicit CsvReader(const std::filesystem::path& path);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Reads the next row into fields (quoted[i]: field i was quoted). False at the end of the
    // file. Throws std::runtime_error naming file and line for an unclosed quote.
    bool next(std::vector<std::string>& fields, std::vector<bool>& quoted);
    // The 1-based line where the last row started.
    [[nodiscard]] std::size_t line() const noexcept { return row_line_; }

private:
    int get();
    std::filesystem::path path_;
    std::FILE* f_ = nullptr;
    std::vector<char> buf_;
    std::size_t pos_ = 0, end_ = 0;
    std::size_t line_ = 1, row_line_ = 0;
};

}  // namespace caspian::bench
