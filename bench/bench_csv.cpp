// RFC 4180 reader for the benchmark's SQLite loader (see bench_csv.hpp).
#include "bench/bench_csv.hpp"

#include <stdexcept>

namespace caspian::bench {

CsvReader::CsvReader(const std::filesystem::path& path) : path_(path), buf_(1 << 20) {
    f_ = std::fopen(path.c_str(), "rb");
    if (f_ == nullptr) throw std::runtime_error("cannot open '" + path.string() + "'");
}

CsvReader::~CsvReader() {
    std::fclose(f_);
}

int CsvReader::get() {
    if (pos_ == end_) {
        end_ = std::fread(buf_.data(), 1, buf_.size(), f_);
        pos_ = 0;
        if (end_ == 0) return EOF;
    }
    return static_cast<unsigned char>(buf_[pos_++]);
}

bool CsvReader::next(std::vector<std::string>& fields, std::vector<bool>& quoted) {
    fields.clear();
    quoted.clear();
    int c = get();
    if (c == EOF) return false;
    row_line_ = line_;
    if (row_line_ == 1 && c == 0xEF) {  // UTF-8 byte-order mark
        get();
        get();
        c = get();
    }
    std::string field;
    bool q = false;
    for (;;) {
        if (c == '"' && field.empty() && !q) {
            q = true;
            for (;;) {
                c = get();
                if (c == EOF) {
                    throw std::runtime_error(path_.string() + ":" + std::to_string(row_line_) +
                                             ": unclosed quote");
                }
                if (c == '\n') ++line_;
                if (c == '"') {
                    c = get();
                    if (c != '"') break;
                }
                field += char(c);
            }
            continue;
        }
        if (c == ',' || c == '\n' || c == EOF) {
            fields.push_back(std::move(field));
            quoted.push_back(q);
            field.clear();
            q = false;
            if (c != ',') {
                ++line_;
                return true;
            }
        } else if (c != '\r') {
            field += char(c);
        }
        c = get();
    }
}

}  // namespace caspian::bench
