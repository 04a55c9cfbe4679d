// JSON Lines import files: lines read through the buffer, each parsed as a JSON object (after a
// nesting check), and the conversion of its ids and properties.
#pragma once

#include "query/api/import/input_file.hpp"

#include <caspian/value.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace caspian::detail {

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

// The JSON object of a line. Throws RowError for text that is not a JSON object or nests too deep.
nlohmann::json parse_row(std::string_view line);

// Rejects a field other than a node line's "key", "id", "labels", "properties" (edge: "src",
// "dst", "type", "properties"): a misspelt or flat field would otherwise be dropped (#15).
void check_fields(const nlohmann::json& row, bool node);

// A property value: scalars, lists, and {"$date": ..} / {"$datetime": ..} objects. Throws
// RowError naming the property for what cannot be stored.
Value json_property(const nlohmann::json& j, const std::string& name);

// An id field (a string or an integer) as text. Throws RowError otherwise.
std::string json_id(const nlohmann::json& j, const char* field);

}  // namespace caspian::detail
