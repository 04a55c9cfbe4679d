// The CSV record parser of csv_reader.hpp: works on the bytes the buffer holds and asks for
// more only when a record may go on past them.
#include "query/api/import/csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace caspian::detail {

bool CsvReader::next(Record& rec, std::string& error) {
    for (;;) {
        if (in_.begin() == in_.end() && !in_.fill()) return false;
        std::size_t used = 0, lines = 0;
        const Parse p = parse(in_.begin(), in_.end(), in_.at_eof(), rec, used, lines);
        if (p == Parse::More) {
            in_.fill();  // at the end of the file, parse again knowing it
            continue;
        }
        rec.line = line_;
        line_ += lines;
        in_.consume(used);
        if (p == Parse::Unclosed) error = "a quoted field is not closed";
        return true;
    }
}

CsvReader::Parse CsvReader::parse(const char* p, const char* e, bool eof, Record& rec,
                                  std::size_t& used, std::size_t& lines) const {
    const char* const start = p;
    std::size_t nf = 0;
    lines = 0;
    for (;;) {
        if (rec.fields.size() <= nf) rec.fields.emplace_back();
        Field& f = rec.fields[nf++];
        f.text.clear();
        f.quoted = false;
        if (p < e && *p == '"') {
            f.quoted = true;
            ++p;
            for (;;) {
                const auto* q = static_cast<const char*>(std::memchr(p, '"', e - p));
                if (q == nullptr) {
                    if (!eof) return Parse::More;
                    lines += std::count(p, e, '\n');
                    f.text.append(p, e);
                    rec.fields.resize(nf);
                    used = e - start;
                    return Parse::Unclosed;
                }
                lines += std::count(p, q, '\n');
                f.text.append(p, q);
                p = q + 1;
                if (p == e && !eof) return Parse::More;  // "" may continue in the next read
                if (p < e && *p == '"') {
                    f.text += '"';
                    ++p;
                    continue;
                }
                break;
            }
        }
        const char* q = p;
        while (q < e && *q != delimiter_ && *q != '\n')
            ++q;
        if (q == e && !eof) return Parse::More;
        const char* fe = q;
        if (q < e && *q == '\n' && fe > p && fe[-1] == '\r') --fe;
        f.text.append(p, fe);
        if (q < e && *q == delimiter_) {
            p = q + 1;
            continue;
        }
        if (q < e) {
            ++lines;
            ++q;
        }
        p = q;
        break;
    }
    rec.fields.resize(nf);
    used = p - start;
    return Parse::Done;
}

}  // namespace caspian::detail
