// Values, parameters, results and errors as the JSON of Neo4j's Query API (plain and typed).
#include "server/http/query_json.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/json.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace caspian::server::http {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
    // Invalid UTF-8 in a stored string must not end the response with an exception.
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json typed(const char* type, Json value) {
    Json j = Json::object();
    j["$type"] = type;
    j["_value"] = std::move(value);
    return j;
}

// caspian's own float text (shortest round trip, always a '.' or an exponent), which the typed
// form carries as a string; NaN and the infinities as Neo4j spells them.
std::string float_text(double d) {
    if (d != d) return "NaN";
    if (d == std::numeric_limits<double>::infinity()) return "Infinity";
    if (d == -std::numeric_limits<double>::infinity()) return "-Infinity";
    return to_json(Value(d));
}

Json to_plain(const Value& v);
Json to_typed(const Value& v);

Json properties_json(const Properties& props, JsonFlavour flavour) {
    Json j = Json::object();
    for (const auto& entry : props)
        j[entry.first] =
            flavour == JsonFlavour::Plain ? to_plain(entry.second) : to_typed(entry.second);
    return j;
}

Json node_json(const Node& n, JsonFlavour flavour) {
    Json j = Json::object();
    const bool plain = flavour == JsonFlavour::Plain;
    j[plain ? "elementId" : "_element_id"] = node_element_id(n.id);
    j[plain ? "labels" : "_labels"] = n.labels;
    j[plain ? "properties" : "_properties"] = properties_json(n.properties, flavour);
    return plain ? j : typed("Node", std::move(j));
}

Json edge_json(const Edge& e, JsonFlavour flavour) {
    Json j = Json::object();
    const bool plain = flavour == JsonFlavour::Plain;
    j[plain ? "elementId" : "_element_id"] = edge_element_id(e.id);
    j[plain ? "startNodeElementId" : "_start_node_element_id"] = node_element_id(e.src);
    j[plain ? "endNodeElementId" : "_end_node_element_id"] = node_element_id(e.dst);
    j[plain ? "type" : "_type"] = e.type;
    j[plain ? "properties" : "_properties"] = properties_json(e.properties, flavour);
    return plain ? j : typed("Relationship", std::move(j));
}

// A path is its nodes and relationships in order, node first, as Neo4j's Query API gives it.
Json path_elements(const Path& p, JsonFlavour flavour) {
    Json j = Json::array();
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        j.push_back(node_json(p.nodes[i], flavour));
        if (i < p.edges.size()) j.push_back(edge_json(p.edges[i], flavour));
    }
    return j;
}

Json to_plain(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return nullptr;
        case ValueKind::Bool:
            return v.as_bool();
        case ValueKind::Int:
            return v.as_int();
        case ValueKind::Float: {
            const double d = v.as_float();
            if (d != d || d - d != 0) return nullptr;  // JSON has no NaN or infinity
            return d;
        }
        case ValueKind::String:
            return v.as_string();
        case ValueKind::List: {
            Json j = Json::array();
            for (const Value& item : v.as_list())
                j.push_back(to_plain(item));
            return j;
        }
        case ValueKind::Map:
            return properties_json(v.as_map().entries, JsonFlavour::Plain);
        case ValueKind::Node:
            return node_json(v.as_node(), JsonFlavour::Plain);
        case ValueKind::Edge:
            return edge_json(v.as_edge(), JsonFlavour::Plain);
        case ValueKind::Path:
            return path_elements(v.as_path(), JsonFlavour::Plain);
        default:
            return temporal_to_iso(v);
    }
}

Json to_typed(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return typed("Null", nullptr);
        case ValueKind::Bool:
            return typed("Boolean", v.as_bool());
        case ValueKind::Int:
            return typed("Integer", std::to_string(v.as_int()));
        case ValueKind::Float:
            return typed("Float", float_text(v.as_float()));
        case ValueKind::String:
            return typed("String", v.as_string());
        case ValueKind::Date:
            return typed("Date", temporal_to_iso(v));
        case ValueKind::Time:
            return typed("Time", temporal_to_iso(v));
        case ValueKind::LocalTime:
            return typed("LocalTime", temporal_to_iso(v));
        case ValueKind::DateTime:
            return typed(v.as_datetime().zone.empty() ? "OffsetDateTime" : "ZonedDateTime",
                         temporal_to_iso(v));
        case ValueKind::LocalDateTime:
            return typed("LocalDateTime", temporal_to_iso(v));
        case ValueKind::Duration:
            return typed("Duration", temporal_to_iso(v));
        case ValueKind::List: {
            Json j = Json::array();
            for (const Value& item : v.as_list())
                j.push_back(to_typed(item));
            return typed("List", std::move(j));
        }
        case ValueKind::Map:
            return typed("Map", properties_json(v.as_map().entries, JsonFlavour::Typed));
        case ValueKind::Node:
            return node_json(v.as_node(), JsonFlavour::Typed);
        case ValueKind::Edge:
            return edge_json(v.as_edge(), JsonFlavour::Typed);
        case ValueKind::Path:
            return typed("Path", path_elements(v.as_path(), JsonFlavour::Typed));
    }
    return nullptr;
}

[[noreturn]] void bad_request(std::string message) {
    throw RequestError{std::move(message)};
}

Value from_json_value(const Json& j, JsonFlavour flavour, const std::string& where);

// A temporal _value through the public ISO parser of its kind.
template <typename T>
Value parse_iso(const Json& text, bool (*parse)(std::string_view, T&), const std::string& type,
                const std::string& where) {
    T out{};
    if (!text.is_string() || !parse(text.get<std::string>(), out))
        bad_request("parameter " + where + ": not a valid " + type + " value");
    return Value(std::move(out));
}

Value from_typed(const std::string& type, const Json& value, JsonFlavour flavour,
                 const std::string& where) {
    if (type == "Null") return Value();
    if (type == "Boolean" && value.is_boolean()) return Value(value.get<bool>());
    if (type == "String" && value.is_string()) return Value(value.get<std::string>());
    if (type == "Integer" || type == "Float") {
        const Value number =
            value.is_string() ? from_json(value.get<std::string>()).value_or(Value("not a number"))
                              : from_json_value(value, flavour, where);
        if (type == "Integer" && number.kind() == ValueKind::Int) return number;
        if (type == "Float" && number.kind() == ValueKind::Float) return number;
        if (type == "Float" && number.kind() == ValueKind::Int)
            return Value(static_cast<double>(number.as_int()));
        bad_request("parameter " + where + ": not a valid " + type + " value");
    }
    if (type == "Date") return parse_iso<Date>(value, &parse_date, type, where);
    if (type == "Time") return parse_iso<Time>(value, &parse_time, type, where);
    if (type == "LocalTime") return parse_iso<LocalTime>(value, &parse_localtime, type, where);
    if (type == "OffsetDateTime" || type == "ZonedDateTime" || type == "DateTime")
        return parse_iso<DateTime>(value, &parse_datetime, type, where);
    if (type == "LocalDateTime")
        return parse_iso<LocalDateTime>(value, &parse_localdatetime, type, where);
    if (type == "Duration") return parse_iso<Duration>(value, &parse_duration, type, where);
    if (type == "List" && value.is_array()) return from_json_value(value, flavour, where);
    if (type == "Map" && value.is_object()) {
        Map m;
        for (const auto& item : value.items())
            m.entries.emplace_back(
                item.key(), from_json_value(item.value(), flavour, where + "." + item.key()));
        std::sort(m.entries.begin(), m.entries.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        return Value(std::move(m));
    }
    bad_request("parameter " + where + ": '" + type + "' with this _value is not a known type");
}

Value from_json_value(const Json& j, JsonFlavour flavour, const std::string& where) {
    if (j.is_null()) return Value();
    if (j.is_boolean()) return Value(j.get<bool>());
    if (j.is_number_unsigned()) {
        if (j.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            bad_request("parameter " + where + ": the integer does not fit in 64 bits");
        return Value(static_cast<std::int64_t>(j.get<std::uint64_t>()));
    }
    if (j.is_number_integer()) return Value(j.get<std::int64_t>());
    if (j.is_number_float()) return Value(j.get<double>());
    if (j.is_string()) return Value(j.get<std::string>());
    if (j.is_array()) {
        List list;
        for (std::size_t i = 0; i < j.size(); ++i)
            list.push_back(from_json_value(j[i], flavour, where + "[" + std::to_string(i) + "]"));
        return Value(std::move(list));
    }
    if (flavour == JsonFlavour::Typed && j.size() == 2 && j.contains("$type") &&
        j.contains("_value") && j["$type"].is_string())
        return from_typed(j["$type"].get<std::string>(), j["_value"], flavour, where);
    Map m;
    for (const auto& item : j.items())
        m.entries.emplace_back(item.key(),
                               from_json_value(item.value(), flavour, where + "." + item.key()));
    std::sort(m.entries.begin(), m.entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return Value(std::move(m));
}

// A counter's Neo4j name in the Query API's camelCase: "nodes_created" is "nodesCreated".
std::string camel_case(std::string_view snake) {
    std::string out;
    for (std::size_t i = 0; i < snake.size(); ++i) {
        if (snake[i] == '_' && i + 1 < snake.size()) {
            out += static_cast<char>(snake[++i] - 'a' + 'A');
        } else {
            out += snake[i];
        }
    }
    return out;
}

}  // namespace

std::string node_element_id(NodeId id) {
    return "4:caspian:" + std::to_string(id.value);
}
std::string edge_element_id(EdgeId id) {
    return "5:caspian:" + std::to_string(id.value);
}

QueryRequest parse_query_request(std::string_view body, JsonFlavour flavour, bool required) {
    QueryRequest request;
    if (!required && body.find_first_not_of(" \t\r\n") == std::string_view::npos) return request;
    const Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded()) bad_request("the request body is not valid JSON");
    if (!j.is_object()) bad_request("the request body must be a JSON object");
    if (!j.contains("statement") && !required) return request;
    if (!j.contains("statement") || !j["statement"].is_string())
        bad_request("the request body needs a string \"statement\"");
    request.statement = j["statement"].get<std::string>();
    if (j.contains("parameters") && !j["parameters"].is_null()) {
        if (!j["parameters"].is_object()) bad_request("\"parameters\" must be a JSON object");
        for (const auto& item : j["parameters"].items())
            request.parameters.emplace_back(item.key(),
                                            from_json_value(item.value(), flavour, item.key()));
    }
    if (j.contains("includeCounters")) request.include_counters = j["includeCounters"] == true;
    return request;
}

std::string render_result(Result* result, std::string_view statement, bool include_counters,
                          JsonFlavour flavour, const TransactionInfo* transaction) {
    Json out = Json::object();
    Json values = Json::array();
    while (result != nullptr && result->next()) {
        Json row = Json::array();
        for (const Value& v : result->row())
            row.push_back(flavour == JsonFlavour::Plain ? to_plain(v) : to_typed(v));
        values.push_back(std::move(row));
    }
    out["data"]["fields"] = result != nullptr ? Json(result->columns()) : Json::array();
    out["data"]["values"] = std::move(values);
    if (include_counters) {
        const UpdateCounts c = result != nullptr ? result->update_counts() : UpdateCounts{};
        Json& counters = out["counters"];
        counters["containsUpdates"] = c != UpdateCounts{};
        for (const UpdateCounter& counter : update_counters)
            counters[camel_case(counter.name)] = c.*counter.count;
    }
    if (result != nullptr && !result->notifications().empty()) {
        Json& notes = out["notifications"];
        for (const Notification& n : result->notifications()) {
            const auto [line, column] = caspian::line_column(statement, n.offset);
            Json note = Json::object();
            note["code"] = n.code;
            note["title"] = n.title;
            note["description"] = n.description;
            note["severity"] = "WARNING";
            note["position"] = {{"offset", n.offset}, {"line", line}, {"column", column}};
            notes.push_back(std::move(note));
        }
    }
    if (transaction != nullptr)
        out["transaction"] = {{"id", transaction->id}, {"expires", transaction->expires}};
    return dump(out);
}

ErrorCode error_code(const Error& error) {
    switch (error.error_class()) {
        case ErrorClass::SyntaxError:
        case ErrorClass::SemanticError:
            return {"Neo.ClientError.Statement.SyntaxError", 400};
        case ErrorClass::TypeError:
            return {"Neo.ClientError.Statement.TypeError", 400};
        case ErrorClass::ArgumentError:
            return {"Neo.ClientError.Statement.ArgumentError", 400};
        case ErrorClass::ArithmeticError:
            return {"Neo.ClientError.Statement.ArithmeticError", 400};
        case ErrorClass::EntityNotFound:
            return {"Neo.ClientError.Statement.EntityNotFound", 400};
        case ErrorClass::PropertyNotFound:
            return {"Neo.ClientError.Statement.PropertyNotFound", 400};
        case ErrorClass::ConstraintVerificationFailed:
        case ErrorClass::ConstraintValidationFailed:
            return {"Neo.ClientError.Schema.ConstraintValidationFailed", 400};
        case ErrorClass::ProcedureError:
            return {"Neo.ClientError.Procedure.ProcedureCallFailed", 400};
        case ErrorClass::ParameterMissing:
            return {"Neo.ClientError.Statement.ParameterMissing", 400};
        case ErrorClass::None:
            break;
    }
    switch (error.kind()) {
        case ErrorKind::Syntax:
        case ErrorKind::Semantic:
            return {"Neo.ClientError.Statement.SyntaxError", 400};
        case ErrorKind::Type:
            return {"Neo.ClientError.Statement.TypeError", 400};
        case ErrorKind::Constraint:
            return {"Neo.ClientError.Schema.ConstraintValidationFailed", 400};
        case ErrorKind::Usage:
            return {"Neo.ClientError.Request.Invalid", 400};
        case ErrorKind::Resource:
            // A busy writer is worth a retry; a statement over its own limits is not.
            if (std::string_view(error.what()).find("busy") != std::string_view::npos)
                return {"Neo.TransientError.Transaction.LockAcquisitionTimeout", 503};
            if (std::string_view(error.what()).find("memory") != std::string_view::npos)
                return {"Neo.TransientError.General.MemoryPoolOutOfMemoryError", 503};
            return {"Neo.ClientError.Transaction.TransactionTimedOut", 400};
        default:
            return {"Neo.DatabaseError.General.UnknownError", 500};
    }
}

std::string render_error_body(std::string_view code, std::string_view message) {
    Json error = Json::object();
    error["code"] = code;
    error["message"] = message;
    Json out = Json::object();
    out["errors"] = Json::array({std::move(error)});
    return dump(out);
}

}  // namespace caspian::server::http
