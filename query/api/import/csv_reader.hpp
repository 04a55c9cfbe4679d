// CSV records of an import file: RFC 4180 with LF or CRLF line ends, quoted fields spanning
// lines, a UTF-8 BOM skipped. Yields fields as text; typing them is columns.hpp's job.
#pragma once

#include "query/api/import/input_file.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace caspian::detail {

struct Field {
    std::string text;
    bool quoted = false;
};

struct Record {
    std::vector<Field> fields;
    std::size_t line = 0;  // where the record starts
};

class CsvReader {
public:
    CsvReader(InputFile& in, char delimiter) : in_(in), delimiter_(delimiter) { in_.skip_bom(); }

    // False at the end of the file. An unclosed quote sets error (the record then runs to the
    // end of the file).
    bool next(Record& rec, std::string& error);

private:
    enum class Parse { Done, More, Unclosed };

    // One record from [p, e); More when it may go on past e and the file has more bytes.
    Parse parse(const char* p, const char* e, bool eof, Record& rec, std::size_t& used,
                std::size_t& lines) const;

    InputFile& in_;
    char delimiter_;
    std::size_t line_ = 1;
};

}  // namespace caspian::detail
