// Bulk import of include/caspian/tools.hpp (issues #5 and #8): CSV and JSON Lines read through
// a fixed buffer, rows written by graph::BulkLoader in one write transaction. Knows file
// formats and names; the graph layer does the writing.
#include <caspian/tools.hpp>

#include "graph/bulk_loader.hpp"
#include "query/api/database_impl.hpp"
#include "storage/env.hpp"
#include "storage/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>

#include <sys/mman.h>

namespace caspian {

namespace fs = std::filesystem;

namespace {

using graph::NameKind;
using storage::PropertyIds;

// A file read through a buffer of fixed size; only a record longer than the buffer grows it.
class InputFile {
public:
    static constexpr std::size_t buffer_size = std::size_t{1} << 20;

    explicit InputFile(const fs::path& path) : path_(path), f_(std::fopen(path.c_str(), "rb")) {
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
    fs::path path_;
    std::FILE* f_;
    std::vector<char> buf_;
    std::size_t pos_ = 0, len_ = 0;
    std::uint64_t consumed_ = 0;
    bool eof_ = false;
};

struct Field {
    std::string text;
    bool quoted = false;
};

struct Record {
    std::vector<Field> fields;
    std::size_t line = 0;  // where the record starts
};

// RFC 4180 with LF or CRLF line ends, quoted fields spanning lines, a UTF-8 BOM skipped.
class CsvReader {
public:
    explicit CsvReader(InputFile& in) : in_(in) { in_.skip_bom(); }

    // False at the end of the file. An unclosed quote sets error (the record then runs to the
    // end of the file).
    bool next(Record& rec, std::string& error) {
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

private:
    enum class Parse { Done, More, Unclosed };

    // One record from [p, e); More when it may go on past e and the file has more bytes.
    static Parse parse(const char* p, const char* e, bool eof, Record& rec, std::size_t& used,
                       std::size_t& lines) {
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
            while (q < e && *q != ',' && *q != '\n')
                ++q;
            if (q == e && !eof) return Parse::More;
            const char* fe = q;
            if (q < e && *q == '\n' && fe > p && fe[-1] == '\r') --fe;
            f.text.append(p, fe);
            if (q < e && *q == ',') {
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

    InputFile& in_;
    std::size_t line_ = 1;
};

// JSON Lines: one line at a time (CR LF or LF), with its 1-based number.
class LineReader {
public:
    explicit LineReader(InputFile& in) : in_(in) { in_.skip_bom(); }

    bool next(std::string_view& line, std::size_t& number) {
        for (;;) {
            const char* b = in_.begin();
            const char* e = in_.end();
            const auto* nl = static_cast<const char*>(std::memchr(b, '\n', e - b));
            if (nl == nullptr && !in_.at_eof()) {
                in_.fill();
                continue;
            }
            if (b == e) return false;
            const char* le = nl != nullptr ? nl : e;
            line = std::string_view(b, le - b);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            number = ++line_;
            in_.consume((le - b) + (nl != nullptr ? 1 : 0));
            return true;
        }
    }

private:
    InputFile& in_;
    std::size_t line_ = 0;
};

enum class ColumnKind { Id, Label, StartId, EndId, Type, Ignore, Property };
enum class Scalar { Int, Float, Bool, String, Date, DateTime };

struct Column {
    ColumnKind kind = ColumnKind::Property;
    std::string name;
    Scalar scalar = Scalar::String;
    bool array = false;
    std::optional<std::uint32_t> property;  // interned at its first value
};

bool is_jsonl(const fs::path& path) {
    const auto ext = path.extension().string();
    return ext == ".jsonl" || ext == ".ndjson";
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The bad row of the current import: thrown inside, caught per row.
struct RowError {
    ErrorKind kind;
    std::string message;
};

[[noreturn]] void bad(ErrorKind kind, std::string message) {
    throw RowError{kind, std::move(message)};
}

Column parse_header_column(const std::string& raw, const std::string& file) {
    Column col;
    const auto colon = raw.rfind(':');
    std::string type;
    if (colon == std::string::npos) {
        col.name = raw;
    } else {
        col.name = raw.substr(0, colon);
        type = raw.substr(colon + 1);
        if (auto paren = type.find('('); paren != std::string::npos) type.resize(paren);
    }
    const std::string t = lower(type);
    if (t == "id")
        col.kind = ColumnKind::Id;
    else if (t == "label")
        col.kind = ColumnKind::Label;
    else if (t == "start_id")
        col.kind = ColumnKind::StartId;
    else if (t == "end_id")
        col.kind = ColumnKind::EndId;
    else if (t == "type")
        col.kind = ColumnKind::Type;
    else if (t == "ignore")
        col.kind = ColumnKind::Ignore;
    if (col.kind != ColumnKind::Property) return col;
    std::string base = t;
    if (base.size() > 2 && base.compare(base.size() - 2, 2, "[]") == 0) {
        col.array = true;
        base.resize(base.size() - 2);
    }
    if (base.empty() || base == "string" || base == "char")
        col.scalar = Scalar::String;
    else if (base == "int" || base == "long" || base == "short" || base == "byte")
        col.scalar = Scalar::Int;
    else if (base == "float" || base == "double")
        col.scalar = Scalar::Float;
    else if (base == "boolean" || base == "bool")
        col.scalar = Scalar::Bool;
    else if (base == "date")
        col.scalar = Scalar::Date;
    else if (base == "datetime" || base == "localdatetime")
        col.scalar = Scalar::DateTime;
    else {
        throw ImportError(BadRow{file, 1, ErrorKind::Usage,
                                 "unknown type '" + type + "' in header column '" + raw + "'"});
    }
    if (col.name.empty()) {
        throw ImportError(
            BadRow{file, 1, ErrorKind::Usage, "header column '" + raw + "' has no property name"});
    }
    return col;
}

// Text in the store is UTF-8 without NUL bytes (storage/text.hpp). where: "field 2 (column
// 'name')" or "property 'name'".
void check_text(std::string_view text, const std::string& where) {
    const std::size_t at = storage::find_bad_text_byte(text);
    if (at == std::string_view::npos) return;
    bad(ErrorKind::Syntax, std::string(text[at] == '\0' ? "a NUL byte" : "invalid UTF-8") + " in " +
                               where + " at byte " + std::to_string(at + 1) +
                               ": text must be UTF-8 without NUL bytes");
}

Value parse_scalar(std::string_view text, Scalar scalar, const std::string& column) {
    auto fail = [&](const char* what) -> Value {
        bad(ErrorKind::Type,
            "'" + std::string(text) + "' is not " + what + " (column '" + column + "')");
    };
    switch (scalar) {
        case Scalar::String:
            return Value(std::string(text));
        case Scalar::Int: {
            std::int64_t i = 0;
            const char* b = text.data();
            const char* e = b + text.size();
            if (b != e && *b == '+') ++b;
            auto [p, ec] = std::from_chars(b, e, i);
            if (ec != std::errc{} || p != e) return fail("an integer");
            return Value(i);
        }
        case Scalar::Float: {
            if (text.empty()) return fail("a number");
            const std::string s(text);  // strtod needs the terminating NUL
            char* end = nullptr;
            const double d = std::strtod(s.c_str(), &end);
            if (end != s.c_str() + s.size()) return fail("a number");
            return Value(d);
        }
        case Scalar::Bool: {
            const auto t = lower(std::string(text));
            if (t == "true") return Value(true);
            if (t == "false") return Value(false);
            return fail("a boolean (true or false)");
        }
        case Scalar::Date: {
            Date d;
            if (!parse_date(text, d)) return fail("a date (YYYY-MM-DD)");
            return Value(d);
        }
        case Scalar::DateTime: {
            DateTime t;
            if (!parse_datetime(text, t)) return fail("a datetime (ISO 8601)");
            return Value(t);
        }
    }
    return Value();
}

// Calls f for each ';'-separated part of s.
template <typename F>
void for_each_part(std::string_view s, F&& f) {
    for (;;) {
        const auto p = s.find(';');
        f(s.substr(0, p));
        if (p == std::string_view::npos) return;
        s.remove_prefix(p + 1);
    }
}

// An absent value (unquoted empty field) is null: the property is not set.
Value parse_field(const Field& f, const Column& col) {
    if (f.text.empty() && !f.quoted) return Value();
    if (!col.array) {
        if (f.text.empty() && col.scalar != Scalar::String) return Value();
        return parse_scalar(f.text, col.scalar, col.name);
    }
    List items;
    if (!f.text.empty()) {
        for_each_part(f.text, [&](std::string_view part) {
            items.push_back(parse_scalar(part, col.scalar, col.name));
        });
    }
    return Value(std::move(items));
}

// Sets a property; a later column of the same name wins, as in Properties.
void put_property(PropertyIds& props, std::uint32_t id, Value value) {
    if (value.is_null()) return;
    for (auto& p : props) {
        if (p.first == id) {
            p.second = std::move(value);
            return;
        }
    }
    props.emplace_back(id, std::move(value));
}

// nlohmann::json parses recursively: a line of 10,000 '[' would overflow the stack (issue #9's
// bad-input corpus), so nesting is measured first. Properties hold lists of scalars, and a row
// object is two levels deep, so 64 leaves room for anything a valid file contains.
constexpr int max_json_depth = 64;

void check_json_depth(std::string_view line) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) {
                bad(ErrorKind::Syntax, "JSON values may nest at most " +
                                           std::to_string(max_json_depth) + " levels deep");
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

Value json_to_value(const nlohmann::json& j, const std::string& name) {
    switch (j.type()) {
        case nlohmann::json::value_t::null:
            return Value();
        case nlohmann::json::value_t::boolean:
            return Value(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
            return Value(j.get<std::int64_t>());
        case nlohmann::json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(INT64_MAX)) {
                bad(ErrorKind::Type, "property '" + name + "': integer out of range");
            }
            return Value(static_cast<std::int64_t>(u));
        }
        case nlohmann::json::value_t::number_float:
            return Value(j.get<double>());
        case nlohmann::json::value_t::string: {
            auto text = j.get<std::string>();
            check_text(text, "property '" + name + "'");  // nlohmann lets \u0000 through
            return Value(std::move(text));
        }
        case nlohmann::json::value_t::array: {
            List items;
            for (const auto& item : j)
                items.push_back(json_to_value(item, name));
            return Value(std::move(items));
        }
        case nlohmann::json::value_t::object:
            if (j.size() == 1 && j.contains("$date") && j["$date"].is_string()) {
                Date d;
                if (parse_date(j["$date"].get<std::string>(), d)) return Value(d);
            }
            if (j.size() == 1 && j.contains("$datetime") && j["$datetime"].is_string()) {
                DateTime t;
                if (parse_datetime(j["$datetime"].get<std::string>(), t)) return Value(t);
            }
            bad(ErrorKind::Type, "property '" + name +
                                     "': an object other than {\"$date\": ..} or "
                                     "{\"$datetime\": ..} cannot be stored");
        default:
            bad(ErrorKind::Type, "property '" + name + "': unsupported JSON value");
    }
}

std::string json_id(const nlohmann::json& j, const char* field) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
    bad(ErrorKind::Type, std::string("\"") + field + "\" must be a string or an integer");
}

// Import ids (:ID) -> node ids, the one structure of an import that grows with the input:
// open addressing over 32-byte slots (load at most 1/2), ids up to 15 bytes stored in the
// slot, longer ones in an arena. A hit costs one cache miss for short ids (std::unordered_map
// took about three and was 38% of an import's time, issue #8).
class IdMap {
public:
    IdMap() : slots_(1024) {}

    // The node of id, or 0 when absent (node ids start at 1).
    std::uint64_t find(std::string_view id) const {
        const std::uint64_t h = hash(id);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            const Slot& s = slots_[i];
            if (s.node == 0) return 0;
            if (s.hash == h && key(s) == id) return s.node;
        }
    }

    // Starts loading the slot where id's search begins (an optimisation only).
    void prefetch(std::string_view id) const {
        __builtin_prefetch(&slots_[hash(id) & (slots_.size() - 1)]);
    }

    // Adds an id that is absent.
    void insert(std::string_view id, std::uint64_t node) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        Slot s{hash(id), node, {}};
        if (id.size() < sizeof s.key) {
            std::memcpy(s.key, id.data(), id.size());
            s.key[sizeof s.key - 1] = static_cast<char>(id.size());
        } else {
            const std::uint64_t offset = arena_.size(), size = id.size();
            arena_.insert(arena_.end(), id.begin(), id.end());
            std::memcpy(s.key, &offset, 8);
            std::memcpy(s.key + 8, &size, 7);  // ids are far below 2^56 bytes
            s.key[sizeof s.key - 1] = long_key;
        }
        place(s);
        ++size_;
    }

private:
    struct Slot {
        std::uint64_t hash;
        std::uint64_t node;  // 0: empty
        char key[16];        // the id and its length in the last byte, or arena offset and size
    };
    static constexpr char long_key = char(0xFF);

    static std::uint64_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

    std::string_view key(const Slot& s) const {
        if (s.key[sizeof s.key - 1] != long_key) {
            return {s.key, static_cast<std::size_t>(s.key[sizeof s.key - 1])};
        }
        std::uint64_t offset = 0, size = 0;
        std::memcpy(&offset, s.key, 8);
        std::memcpy(&size, s.key + 8, 7);
        return {arena_.data() + offset, size};
    }

    void place(const Slot& s) {
        std::size_t i = s.hash & (slots_.size() - 1);
        while (slots_[i].node != 0)
            i = (i + 1) & (slots_.size() - 1);
        slots_[i] = s;
    }

    void grow() {
        Slots old(slots_.size() * 2);
        std::swap(old, slots_);
        for (std::size_t i = 0; i < old.size(); ++i) {
            if (old[i].node != 0) place(old[i]);
        }
    }

    // Zeroed slots in anonymous memory asking for huge pages: lookups land at random in a
    // table as large as the node files, and 4 KiB pages make each a TLB miss besides a cache
    // miss (an optimisation only; madvise may refuse).
    class Slots {
    public:
        explicit Slots(std::size_t n) : n_(n) {
            bytes_ = std::max<std::size_t>(n * sizeof(Slot), 4096);
            void* p =
                ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            ::madvise(p, bytes_, MADV_HUGEPAGE);
            p_ = static_cast<Slot*>(p);
        }
        ~Slots() {
            if (p_ != nullptr) ::munmap(p_, bytes_);
        }
        Slots(Slots&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(o.n_), bytes_(o.bytes_) {}
        Slots& operator=(Slots&& o) noexcept {
            std::swap(p_, o.p_);
            std::swap(n_, o.n_);
            std::swap(bytes_, o.bytes_);
            return *this;
        }
        std::size_t size() const noexcept { return n_; }
        Slot& operator[](std::size_t i) noexcept { return p_[i]; }
        const Slot& operator[](std::size_t i) const noexcept { return p_[i]; }

    private:
        Slot* p_ = nullptr;
        std::size_t n_ = 0, bytes_ = 0;
    };

    Slots slots_;
    std::vector<char> arena_;
    std::size_t size_ = 0;
};

class Importer {
public:
    Importer(graph::BulkLoader& loader, const ImportOptions& options, ImportReport& report,
             std::uint64_t total)
        : loader_(loader), options_(options), report_(report), total_(total) {}

    void run() {
        for (const auto& f : options_.node_files)
            file(f, true);
        for (const auto& f : options_.edge_files)
            file(f, false);
    }

private:
    void file(const fs::path& path, bool nodes) {
        InputFile in(path);
        name_ = path.string();
        files_.push_back(name_);
        in_ = &in;
        if (is_jsonl(path)) {
            jsonl(in, nodes);
        } else {
            csv(in, nodes);
        }
        done_ += in.consumed();
        in_ = nullptr;
        if (options_.progress) options_.progress(done_, total_);
    }

    void row_failed(std::size_t line, RowError e) {
        BadRow row{name_, line, e.kind, std::move(e.message)};
        if (!options_.skip_bad_rows) throw ImportError(std::move(row));
        ++report_.skipped;
        if (report_.bad_rows.size() < 100) report_.bad_rows.push_back(std::move(row));
    }

    template <typename F>
    void guarded(std::size_t line, F&& f) {
        try {
            f();
        } catch (const RowError& e) {
            row_failed(line, e);
        } catch (const storage::MapFull&) {
            throw;
        } catch (const ImportError&) {
            throw;
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Storage || e.kind() == ErrorKind::Corrupt) throw;
            row_failed(line, RowError{e.kind(), e.what()});
        }
        if (options_.progress && ++rows_ % 65536 == 0) {
            options_.progress(done_ + in_->consumed(), total_);
        }
    }

    std::uint32_t property(Column& col) {
        if (!col.property) col.property = loader_.intern(NameKind::Property, col.name);
        return *col.property;
    }

    void csv(InputFile& in, bool nodes) {
        CsvReader reader(in);
        Record rec;
        std::string error;
        if (!reader.next(rec, error) || !error.empty()) {
            throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                     error.empty() ? "the file has no header line" : error});
        }
        std::vector<Column> cols;
        for (const auto& f : rec.fields) {
            if (storage::find_bad_text_byte(f.text) != std::string_view::npos) {
                throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                         "the header is not UTF-8 text without NUL bytes"});
            }
            cols.push_back(parse_header_column(f.text, name_));
        }
        auto count = [&](ColumnKind k) {
            return std::count_if(cols.begin(), cols.end(), [&](auto& c) { return c.kind == k; });
        };
        if (nodes) {
            if (count(ColumnKind::StartId) + count(ColumnKind::EndId) + count(ColumnKind::Type) >
                    0 ||
                count(ColumnKind::Id) > 1) {
                throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                         "a node file has at most one :ID column and no "
                                         ":START_ID, :END_ID or :TYPE column"});
            }
        } else if (count(ColumnKind::StartId) != 1 || count(ColumnKind::EndId) != 1 ||
                   count(ColumnKind::Type) != 1) {
            throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                     "an edge file needs one :START_ID, one :END_ID and one "
                                     ":TYPE column"});
        }
        // The columns whose ids are looked up: prefetched a block of rows ahead, since each
        // lookup is a cache miss in a map as large as the node files (issue #8).
        std::vector<std::size_t> id_cols;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const ColumnKind k = cols[i].kind;
            if (k == ColumnKind::Id || k == ColumnKind::StartId || k == ColumnKind::EndId) {
                id_cols.push_back(i);
            }
        }
        constexpr std::size_t block = 32;
        std::vector<Record> recs(block);
        for (bool more = true; more;) {
            std::size_t n = 0;
            error.clear();
            while (n < block && (more = reader.next(recs[n], error))) {
                if (!error.empty()) {
                    more = false;  // an unclosed quote swallowed the rest of the file
                    ++n;
                    break;
                }
                for (std::size_t c : id_cols) {
                    if (c < recs[n].fields.size()) ids_.prefetch(recs[n].fields[c].text);
                }
                ++n;
            }
            for (std::size_t r = 0; r < n; ++r) {
                const Record& row = recs[r];
                const std::size_t line = row.line;
                guarded(line, [&] {
                    if (r + 1 == n && !error.empty()) bad(ErrorKind::Syntax, error);
                    if (row.fields.size() == 1 && row.fields[0].text.empty() &&
                        !row.fields[0].quoted && cols.size() > 1) {
                        return;  // a blank line
                    }
                    for (std::size_t c = 0; c < row.fields.size(); ++c) {
                        if (storage::find_bad_text_byte(row.fields[c].text) ==
                            std::string_view::npos)
                            continue;
                        check_text(row.fields[c].text, "field " + std::to_string(c + 1) +
                                                           (c < cols.size() && !cols[c].name.empty()
                                                                ? " (column '" + cols[c].name + "')"
                                                                : ""));
                    }
                    if (row.fields.size() != cols.size()) {
                        bad(ErrorKind::Syntax, "expected " + std::to_string(cols.size()) +
                                                   " fields as in the header, found " +
                                                   std::to_string(row.fields.size()));
                    }
                    if (nodes) {
                        csv_node(cols, row, line);
                    } else {
                        csv_edge(cols, row);
                    }
                });
            }
        }
    }

    void csv_node(std::vector<Column>& cols, const Record& rec, std::size_t line) {
        labels_.clear();
        PropertyIds props;
        const std::string* id = nullptr;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            Column& col = cols[i];
            const Field& f = rec.fields[i];
            switch (col.kind) {
                case ColumnKind::Id:
                    if (f.text.empty()) bad(ErrorKind::Constraint, "the :ID field is empty");
                    id = &f.text;
                    if (!col.name.empty()) put_property(props, property(col), Value(f.text));
                    break;
                case ColumnKind::Label:
                    for_each_part(f.text, [&](std::string_view l) {
                        if (!l.empty()) labels_.push_back(loader_.intern(NameKind::Label, l));
                    });
                    break;
                case ColumnKind::Property:
                    if (Value v = parse_field(f, col); !v.is_null()) {
                        put_property(props, property(col), std::move(v));
                    }
                    break;
                default:
                    break;
            }
        }
        add_node(id != nullptr ? std::optional<std::string_view>(*id) : std::nullopt,
                 std::move(props), line);
    }

    void csv_edge(std::vector<Column>& cols, const Record& rec) {
        const std::string *start = nullptr, *end = nullptr, *type = nullptr;
        PropertyIds props;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            Column& col = cols[i];
            const Field& f = rec.fields[i];
            switch (col.kind) {
                case ColumnKind::StartId:
                    start = &f.text;
                    break;
                case ColumnKind::EndId:
                    end = &f.text;
                    break;
                case ColumnKind::Type:
                    type = &f.text;
                    break;
                case ColumnKind::Property:
                    if (Value v = parse_field(f, col); !v.is_null()) {
                        put_property(props, property(col), std::move(v));
                    }
                    break;
                default:
                    break;
            }
        }
        add_edge(*start, *end, *type, std::move(props));
    }

    void jsonl(InputFile& in, bool nodes) {
        LineReader reader(in);
        std::string_view l;
        std::size_t line = 0;
        while (reader.next(l, line)) {
            if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
            guarded(line, [&] {
                check_json_depth(l);
                nlohmann::json j;
                try {
                    j = nlohmann::json::parse(l);
                } catch (const nlohmann::json::exception& e) {
                    bad(ErrorKind::Syntax, std::string("not valid JSON: ") + e.what());
                }
                if (!j.is_object()) bad(ErrorKind::Syntax, "expected a JSON object");
                if (nodes) {
                    jsonl_node(j, line);
                } else {
                    jsonl_edge(j);
                }
            });
        }
    }

    PropertyIds json_properties(const nlohmann::json& obj) {
        PropertyIds props;
        if (obj.is_null()) return props;
        if (!obj.is_object()) bad(ErrorKind::Type, "\"properties\" must be an object");
        for (const auto& [name, value] : obj.items()) {
            Value v = json_to_value(value, name);
            if (!v.is_null()) {
                put_property(props, loader_.intern(NameKind::Property, name), std::move(v));
            }
        }
        return props;
    }

    void jsonl_node(const nlohmann::json& j, std::size_t line) {
        labels_.clear();
        if (j.contains("labels")) {
            if (!j["labels"].is_array()) bad(ErrorKind::Type, "\"labels\" must be an array");
            for (const auto& l : j["labels"]) {
                if (!l.is_string()) bad(ErrorKind::Type, "labels must be strings");
                labels_.push_back(loader_.intern(NameKind::Label, l.get<std::string>()));
            }
        }
        PropertyIds props = json_properties(j.contains("properties") ? j["properties"] : nullptr);
        std::optional<std::string> id;
        if (j.contains("key")) {
            if (!j["key"].is_string()) bad(ErrorKind::Type, "\"key\" must be a string");
            id = j["key"].get<std::string>();
            put_property(props, loader_.intern(NameKind::Property, graph::key_property),
                         Value(*id));
        }
        if (j.contains("id")) id = json_id(j["id"], "id");
        add_node(id ? std::optional<std::string_view>(*id) : std::nullopt, std::move(props), line);
    }

    void jsonl_edge(const nlohmann::json& j) {
        for (const char* f : {"src", "dst", "type"}) {
            if (!j.contains(f)) bad(ErrorKind::Syntax, std::string("missing \"") + f + "\"");
        }
        if (!j["type"].is_string()) bad(ErrorKind::Type, "\"type\" must be a string");
        add_edge(json_id(j["src"], "src"), json_id(j["dst"], "dst"), j["type"].get<std::string>(),
                 json_properties(j.contains("properties") ? j["properties"] : nullptr));
    }

    void add_node(std::optional<std::string_view> id, PropertyIds props, std::size_t line) {
        if (id) {
            if (const std::uint64_t first = ids_.find(*id)) {
                const Origin& o = origins_[first - first_node_];
                bad(ErrorKind::Constraint, "duplicate id '" + std::string(*id) + "' (first at " +
                                               files_[o.file] + ":" + std::to_string(o.line) + ")");
            }
        }
        const std::uint64_t n = loader_.add_node(labels_, std::move(props));
        if (report_.nodes++ == 0) first_node_ = n;
        if (id) {
            ids_.insert(*id, n);
            // Node ids of an import are consecutive: n - first_node_ indexes origins_.
            origins_.resize(n - first_node_ + 1);
            origins_.back() = Origin{files_.size() - 1, line};
        }
    }

    std::uint64_t resolve(std::string_view id, const char* end) {
        if (id.empty()) bad(ErrorKind::Constraint, std::string("the ") + end + " id is empty");
        if (const std::uint64_t n = ids_.find(id)) return n;
        if (auto n = loader_.reader().find_key(id)) return *n;
        bad(ErrorKind::Constraint, std::string("the ") + end + " '" + std::string(id) +
                                       "' is neither an id of the node files nor a node key");
    }

    void add_edge(std::string_view start, std::string_view end, std::string_view type,
                  PropertyIds props) {
        const std::uint64_t src = resolve(start, "start");
        const std::uint64_t dst = resolve(end, "end");
        if (type.empty()) bad(ErrorKind::Constraint, "the edge type is empty");
        loader_.add_edge(src, loader_.intern(NameKind::Type, type), dst, std::move(props));
        ++report_.edges;
    }

    // Where the node of an import id was defined, for the message about a duplicate.
    struct Origin {
        std::size_t file;  // index into files_
        std::size_t line;
    };

    graph::BulkLoader& loader_;
    const ImportOptions& options_;
    ImportReport& report_;
    std::string name_;
    std::vector<std::string> files_;
    InputFile* in_ = nullptr;
    std::vector<std::uint32_t> labels_;
    // Both grow with the number of node rows (the only parts of an import that do).
    IdMap ids_;
    std::vector<Origin> origins_;
    std::uint64_t first_node_ = 0;
    std::uint64_t total_ = 0, done_ = 0, rows_ = 0;
};

std::uint64_t size_of(const fs::path& p) {
    std::error_code ec;
    auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

}  // namespace

ImportReport import_files(Database& db, const ImportOptions& options) {
    std::uint64_t total = 0;
    for (const auto* files : {&options.node_files, &options.edge_files}) {
        for (const auto& f : *files) {
            std::error_code ec;
            if (!fs::is_regular_file(f, ec)) {
                throw Error(ErrorKind::Usage, "cannot read '" + f.string() + "': no such file");
            }
            total += size_of(f);
        }
    }
    if (db.is_read_only()) throw Error(ErrorKind::Usage, "the database is open read-only");
    storage::Env& env = detail::env_of(db);
    // Optimisation only: a map with room for the input spares running the import twice. About
    // 8 bytes stored per input byte is generous; a full map is still handled below.
    try {
        const std::uint64_t wanted = env.used_bytes() + total * 8;
        if (env.map_size() < wanted) env.grow_map(wanted);
    } catch (const Error&) {
    }
    for (;;) {
        try {
            ImportReport report;
            storage::WriteTxn txn(env);
            graph::GraphWriter writer(txn);
            {
                graph::BulkLoader loader(writer);
                Importer(loader, options, report, total).run();
                loader.finish();
            }
            txn.commit();
            return report;
        } catch (const storage::MapFull&) {
            // Rolled back: grow past what it needed and read the files again.
            env.grow_map();
        }
    }
}

}  // namespace caspian
