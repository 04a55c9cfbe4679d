// The JSON of the HTTP query API in the shapes of Neo4j's Query API: values as plain or typed
// JSON ({"$type": "Integer", "_value": "1"}), parameters from either, errors with Neo4j codes.
// Uses only the public API; nlohmann/json stays in the .cpp files of server/http/.
#pragma once

#include <caspian/error.hpp>
#include <caspian/result.hpp>
#include <caspian/value.hpp>

#include <string>
#include <string_view>

namespace caspian::server::http {

enum class JsonFlavour { Plain, Typed };

// The element id of a node or relationship: "4:caspian:7" and "5:caspian:9" (Neo4j 5's layout:
// a version, a database, the id), so the explorer and drivers can tell the two apart.
std::string node_element_id(NodeId id);
std::string edge_element_id(EdgeId id);

// A statement and its parameters, read from a request body {"statement", "parameters",
// "includeCounters"}. Typed parameters ({"$type", "_value"}) are read when typed is set.
struct QueryRequest {
    std::string statement;
    Params parameters;
    bool include_counters = false;
};

// Throws RequestError for a body that is not JSON or lacks a string "statement" (an empty body
// or one without a statement is no statement when !required), and for a typed value of an
// unknown type or a malformed _value.
struct RequestError {
    std::string message;
};
QueryRequest parse_query_request(std::string_view body, JsonFlavour flavour, bool required = true);

// An open transaction's answer carries {"transaction": {"id", "expires"}}.
struct TransactionInfo {
    std::string id;
    std::string expires;
};

// Runs through result and renders {"data": {"fields", "values"}, "counters"?, "notifications"?,
// "transaction"?}; no result: empty fields and values. Throws caspian::Error from its rows.
std::string render_result(Result* result, std::string_view statement, bool include_counters,
                          JsonFlavour flavour, const TransactionInfo* transaction = nullptr);

// The Neo4j status code of an error ("Neo.ClientError.Statement.SyntaxError") and the HTTP
// status that goes with it: 400 client errors, 503 transient ones, 500 database errors.
struct ErrorCode {
    std::string code;
    int http_status = 400;
};
ErrorCode error_code(const Error& error);

// {"errors": [{"code", "message"}]}; the message renders the position and caret of a statement
// error (docs/errors.md).
std::string render_error_body(std::string_view code, std::string_view message);

}  // namespace caspian::server::http
