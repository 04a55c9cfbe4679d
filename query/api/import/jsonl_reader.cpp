// Row parsing and value conversion of jsonl_reader.hpp; JSON -> Value itself is value/json.cpp.
#include "query/api/import/jsonl_reader.hpp"

#include "query/api/import/row_error.hpp"
#include "value/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

namespace caspian::detail {

namespace {

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

}  // namespace

nlohmann::json parse_row(std::string_view line) {
    check_json_depth(line);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        bad(ErrorKind::Syntax, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) bad(ErrorKind::Syntax, "expected a JSON object");
    return j;
}

void check_fields(const nlohmann::json& row, bool node) {
    static constexpr std::string_view node_fields[] = {"key", "id", "labels", "properties"};
    static constexpr std::string_view edge_fields[] = {"src", "dst", "type", "properties"};
    const auto& known = node ? node_fields : edge_fields;
    for (const auto& [name, value] : row.items()) {
        if (std::find(std::begin(known), std::end(known), name) != std::end(known)) continue;
        bad(ErrorKind::Syntax, "unknown field " + nlohmann::json(name).dump() +
                                   (node ? " in a node" : " in an edge") + ": the fields are " +
                                   (node ? "\"key\", \"id\", \"labels\" and \"properties\""
                                         : "\"src\", \"dst\", \"type\" and \"properties\"") +
                                   "; put properties inside \"properties\"");
    }
}

Value json_property(const nlohmann::json& j, const std::string& name) {
    try {
        // nlohmann lets \u0000 through: strings get the store's text check.
        return from_json(j, JsonObjects::TaggedTemporals, [&](std::string_view text) {
            check_text(text, "property '" + name + "'");
        });
    } catch (const Error& e) {
        bad(e.kind(), "property '" + name + "': " + e.what());
    }
}

std::string json_id(const nlohmann::json& j, const char* field) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
    bad(ErrorKind::Type, std::string("\"") + field + "\" must be a string or an integer");
}

}  // namespace caspian::detail
