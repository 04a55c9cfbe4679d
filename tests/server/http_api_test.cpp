// The HTTP query API (server/http/) in process: start_http on a free port, then httplib's client:
// statements, parameters, every value type plain and typed, errors and their statuses, limits,
// and request paths that must never reach a file.
#include "server/http/http_service.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace caspian::server {
namespace {

using Json = nlohmann::json;

class HttpApi : public ::testing::Test {
public:
    void SetUp() override { start({}); }

    void start(HttpOptions options) {
        service_.reset();
        options.port = 0;
        service_ = start_http(db_, options);
        const std::string url = service_->describe();
        port_ = std::stoi(url.substr(url.rfind(':') + 1));
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client_->set_url_encode(false);  // the paths below go out exactly as written
    }

    // POSTs body to /db/caspian/query/v2; the status and the parsed answer.
    std::pair<int, Json> post(const std::string& body, const httplib::Headers& headers = {},
                              const std::string& path = "/db/caspian/query/v2") {
        const auto res = client_->Post(path.c_str(), headers, body, "application/json");
        EXPECT_TRUE(res) << "no answer from " << path;
        if (!res) return {0, Json()};
        return {res->status, Json::parse(res->body, nullptr, false)};
    }
    std::pair<int, Json> run(const std::string& statement, const Json& parameters = Json::object(),
                             const httplib::Headers& headers = {}) {
        Json body = {{"statement", statement}, {"parameters", parameters}};
        return post(body.dump(), headers);
    }
    std::uint64_t node_count() { return db_.begin_read().counts().nodes; }

    testing::TempDir dir_;
    Database db_ = Database::open(dir_.path() / "http.db");
    std::unique_ptr<Service> service_;
    std::unique_ptr<httplib::Client> client_;
    int port_ = 0;
};

const httplib::Headers typed_accept = {{"Accept", "application/vnd.neo4j.query"}};

TEST_F(HttpApi, DescribesTheRealPort) {
    EXPECT_GT(port_, 0);
    EXPECT_EQ(service_->describe(), "http://127.0.0.1:" + std::to_string(port_));
}

TEST_F(HttpApi, StatementAnswersFieldsAndValues) {
    db_.query("CREATE (:Country {key: 'AZ', name: 'Azerbaijan'}), (:Country {key: 'BY'})");
    const auto [status, out] = run("MATCH (c:Country) RETURN c.key AS key ORDER BY key");
    EXPECT_EQ(status, 202);
    EXPECT_EQ(out["data"]["fields"], Json::array({"key"}));
    EXPECT_EQ(out["data"]["values"], Json::parse(R"j([["AZ"], ["BY"]])j"));
    EXPECT_FALSE(out.contains("counters"));
}

TEST_F(HttpApi, DatabaseNameIsCaspianOrTheDirectoryName) {
    EXPECT_EQ(post(R"j({"statement": "RETURN 1"})j", {}, "/db/http.db/query/v2").first, 202);
    const auto [status, out] = post(R"j({"statement": "RETURN 1"})j", {}, "/db/other/query/v2");
    EXPECT_EQ(status, 404);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Database.DatabaseNotFound");
}

TEST_F(HttpApi, PlainParametersOfEveryJsonKind) {
    const Json params = Json::parse(
        R"j({"i": 7, "big": -9007199254740993, "f": 2.5, "s": "été", "b": true, "n": null,
            "l": [1, "a", [2]], "m": {"z": 1, "a": {"x": false}}})j");
    const auto [status, out] =
        run("RETURN $i + 1, $big, $f * 2, $s, NOT $b, $n IS NULL, $l, $m.a.x, $m", params);
    ASSERT_EQ(status, 202) << out.dump();
    EXPECT_EQ(out["data"]["values"][0],
              Json::parse(R"j([8, -9007199254740993, 5.0, "été", false, true, [1, "a", [2]],
                              false, {"a": {"x": false}, "z": 1}])j"));
}

TEST_F(HttpApi, EveryValueTypeAsPlainJson) {
    db_.query("CREATE (:Visit {key: 'v'})-[:HOST {since: 1993}]->(:Country {key: 'AZ'})");
    const auto [status, out] =
        run("MATCH p = (v:Visit)-[h:HOST]->(c) RETURN v, h, p, date('2022-05-18'), "
            "time('12:00+01:00'), localtime('12:31:14.5'), datetime('2022-05-18T09:30Z'), "
            "datetime('2020-01-01T10:00[Europe/Stockholm]'), localdatetime('2015-07-21T20:40'), "
            "duration('P1DT2H'), 1.0/0.0");
    ASSERT_EQ(status, 202) << out.dump();
    const Json& row = out["data"]["values"][0];
    const std::string v_id = row[0]["elementId"], c_id = row[1]["endNodeElementId"];
    EXPECT_EQ(row[0]["labels"], Json::array({"Visit"}));
    EXPECT_EQ(row[0]["properties"], Json::parse(R"j({"key": "v"})j"));
    EXPECT_EQ(row[1]["type"], "HOST");
    EXPECT_EQ(row[1]["startNodeElementId"], v_id);
    EXPECT_EQ(row[1]["properties"], Json::parse(R"j({"since": 1993})j"));
    EXPECT_NE(v_id, c_id);
    EXPECT_EQ(v_id.rfind("4:caspian:", 0), 0u);
    EXPECT_EQ(std::string(row[1]["elementId"]).rfind("5:caspian:", 0), 0u);
    ASSERT_EQ(row[2].size(), 3u);  // a path: node, relationship, node
    EXPECT_EQ(row[2][0]["elementId"], v_id);
    EXPECT_EQ(row[2][1]["type"], "HOST");
    EXPECT_EQ(row[2][2]["elementId"], c_id);
    EXPECT_EQ(row[3], "2022-05-18");
    EXPECT_EQ(row[4], "12:00+01:00");
    EXPECT_EQ(row[5], "12:31:14.500");
    EXPECT_EQ(row[6], "2022-05-18T09:30Z");
    EXPECT_EQ(row[7], "2020-01-01T10:00+01:00[Europe/Stockholm]");
    EXPECT_EQ(row[8], "2015-07-21T20:40");
    EXPECT_EQ(row[9], "P1DT2H");
    EXPECT_TRUE(row[10].is_null());  // plain JSON has no infinity
}

TEST_F(HttpApi, EveryValueTypeAsTypedJson) {
    db_.query("CREATE (:Visit {key: 'v'})-[:HOST]->(:Country {key: 'AZ'})");
    const auto [status, out] = run(
        "MATCH p = (v:Visit)-[h:HOST]->(c) RETURN null, true, 1, 2.0, 's', [1], {a: 1}, "
        "date('2022-05-18'), time('12:00Z'), localtime('12:00'), datetime('2022-05-18T09:30Z'), "
        "datetime('2020-01-01T10:00[Europe/Stockholm]'), localdatetime('2015-07-21T20:40'), "
        "duration('PT1S'), v, h, p, 1.0/0.0",
        Json::object(), typed_accept);
    ASSERT_EQ(status, 202) << out.dump();
    const Json& row = out["data"]["values"][0];
    const char* types[] = {
        "Null",          "Boolean",  "Integer", "Float",        "String",         "List",
        "Map",           "Date",     "Time",    "LocalTime",    "OffsetDateTime", "ZonedDateTime",
        "LocalDateTime", "Duration", "Node",    "Relationship", "Path",           "Float"};
    ASSERT_EQ(row.size(), std::size(types));
    for (std::size_t i = 0; i < row.size(); ++i)
        EXPECT_EQ(row[i]["$type"], types[i]) << "column " << i << ": " << row[i].dump();
    EXPECT_EQ(row[2]["_value"], "1");  // integers as strings: JavaScript loses past 2^53
    EXPECT_EQ(row[3]["_value"], "2.0");
    EXPECT_EQ(row[5]["_value"][0], Json::parse(R"j({"$type": "Integer", "_value": "1"})j"));
    EXPECT_EQ(row[6]["_value"]["a"]["$type"], "Integer");
    EXPECT_EQ(row[13]["_value"], "PT1S");
    EXPECT_EQ(row[14]["_value"]["_labels"], Json::array({"Visit"}));
    EXPECT_EQ(row[14]["_value"]["_properties"]["key"]["_value"], "v");
    EXPECT_EQ(row[15]["_value"]["_type"], "HOST");
    EXPECT_EQ(row[15]["_value"]["_start_node_element_id"], row[14]["_value"]["_element_id"]);
    EXPECT_EQ(row[16]["_value"].size(), 3u);
    EXPECT_EQ(row[17]["_value"], "Infinity");
}

TEST_F(HttpApi, TypedParametersKeepTheirTypes) {
    const Json params = Json::parse(R"j({
        "i": {"$type": "Integer", "_value": "9007199254740993"},
        "f": {"$type": "Float", "_value": "0.5"},
        "d": {"$type": "Date", "_value": "2022-05-18"},
        "t": {"$type": "ZonedDateTime", "_value": "2020-01-01T10:00[Europe/Stockholm]"},
        "u": {"$type": "Duration", "_value": "P1M"},
        "l": {"$type": "List", "_value": [{"$type": "LocalTime", "_value": "12:00"}]},
        "plain": 3})j");
    Json body = {{"statement", "RETURN $i + 1, $f, $d.year, $t.offset, $u.months, $l, $plain"},
                 {"parameters", params}};
    httplib::Headers headers = typed_accept;
    headers.emplace("Content-Type", "application/vnd.neo4j.query");
    const auto res =
        client_->Post("/db/caspian/query/v2", headers, body.dump(), "application/vnd.neo4j.query");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    const Json row = Json::parse(res->body)["data"]["values"][0];
    EXPECT_EQ(row[0]["_value"], "9007199254740994");
    EXPECT_EQ(row[1], Json::parse(R"j({"$type": "Float", "_value": "0.5"})j"));
    EXPECT_EQ(row[2]["_value"], "2022");
    EXPECT_EQ(row[3]["_value"], "+01:00");
    EXPECT_EQ(row[4]["_value"], "1");
    EXPECT_EQ(row[5]["_value"][0]["$type"], "LocalTime");
    EXPECT_EQ(row[6]["_value"], "3");
}

TEST_F(HttpApi, MalformedTypedParameterIsABadRequest) {
    Json body = {{"statement", "RETURN $d"},
                 {"parameters", {{"d", {{"$type", "Date"}, {"_value", "2022-13-45"}}}}}};
    const auto [status, out] = post(body.dump(), {{"Content-Type", "application/vnd.neo4j.query"}});
    EXPECT_EQ(status, 400);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Request.Invalid");
    EXPECT_NE(std::string(out["errors"][0]["message"]).find("not a valid Date"), std::string::npos);
}

TEST_F(HttpApi, WriteCountsWhenAskedAndCommits) {
    const auto [status, out] = post(
        R"j({"statement": "CREATE (:Person {key: $k})", "parameters": {"k": "g"},
            "includeCounters": true})j");
    ASSERT_EQ(status, 202) << out.dump();
    EXPECT_EQ(out["counters"]["nodesCreated"], 1);
    EXPECT_EQ(out["counters"]["propertiesSet"], 1);
    EXPECT_EQ(out["counters"]["labelsAdded"], 1);
    EXPECT_EQ(out["counters"]["containsUpdates"], true);
    EXPECT_EQ(node_count(), 1u);
}

struct ErrorCase {
    const char* body;
    int status;
    const char* code;
    const char* message_part;
};

class HttpApiErrors : public HttpApi, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(HttpApiErrors, AnswerNeo4jCodesAndStatusesAndWriteNothing) {
    db_.query("CREATE (:Person {key: 'g'})");
    const auto [status, out] = post(GetParam().body);
    EXPECT_EQ(status, GetParam().status) << out.dump();
    ASSERT_EQ(out["errors"].size(), 1u) << out.dump();
    EXPECT_EQ(out["errors"][0]["code"], GetParam().code);
    EXPECT_NE(std::string(out["errors"][0]["message"]).find(GetParam().message_part),
              std::string::npos)
        << out.dump();
    EXPECT_EQ(node_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HttpApiErrors,
    ::testing::Values(
        ErrorCase{R"j({"statement": "MATCH (a:Person RETURN a"})j", 400,
                  "Neo.ClientError.Statement.SyntaxError", "query:1:17: syntax error"},
        ErrorCase{R"j({"statement": "CREATE (:X) RETURN 1 - 'a'"})j", 400,
                  "Neo.ClientError.Statement.TypeError", "type error"},
        ErrorCase{R"j({"statement": "CREATE (:X) RETURN $nope"})j", 400,
                  "Neo.ClientError.Statement.ParameterMissing", "$nope"},
        ErrorCase{R"j({"statement": "CREATE (:Person {key: 'g'})"})j", 400,
                  "Neo.ClientError.Schema.ConstraintValidationFailed", "constraint"},
        ErrorCase{R"j({"statement": "CREATE (:X)"},)j", 400, "Neo.ClientError.Request.Invalid",
                  "not valid JSON"},
        ErrorCase{R"j({"query": "RETURN 1"})j", 400, "Neo.ClientError.Request.Invalid",
                  "\"statement\""},
        ErrorCase{R"j({"statement": "CREATE (:X)", "parameters": [1]})j", 400,
                  "Neo.ClientError.Request.Invalid", "\"parameters\""},
        ErrorCase{R"j({"statement": "CREATE (:X)", "parameters": {"n": 18446744073709551615}})j",
                  400, "Neo.ClientError.Request.Invalid", "64 bits"}));

TEST_F(HttpApi, BodyOverTheLimitIsRefusedBeforeRunning) {
    HttpOptions options;
    options.max_body_bytes = 1024;
    start(options);
    const std::string padding(2000, ' ');
    const auto [status, out] = post(R"j({"statement": "CREATE (:X)")j" + padding + "}");
    EXPECT_EQ(status, 413);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Request.Invalid");
    EXPECT_EQ(node_count(), 0u);
    EXPECT_EQ(post(R"j({"statement": "CREATE (:X)"})j").first, 202);  // under the limit
}

TEST_F(HttpApi, StatementOverItsTimeLimitEndsWithAnError) {
    HttpOptions options;
    options.statement_timeout = std::chrono::milliseconds(200);
    start(options);
    const auto [status, out] =
        run("UNWIND range(1, 100000000) AS i WITH i WHERE i < 0 RETURN count(*)");
    EXPECT_EQ(status, 400) << out.dump();
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Transaction.TransactionTimedOut");
}

TEST_F(HttpApi, ServesTheExplorerAndOnlyItsAssets) {
    const auto page = client_->Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find("explorer.js"), std::string::npos);
    const auto script = client_->Get("/explorer.js");
    ASSERT_TRUE(script);
    EXPECT_EQ(script->status, 200);
    EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    for (const char* path :
         {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
          "/index.html", "/assets/explorer.js", "/explorer.js/../../../etc/passwd",
          "/CMakeLists.txt", "//etc/passwd", "/db/caspian/query/v2"}) {
        const auto res = client_->Get(path);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 404) << path;
        EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
    }
}

TEST_F(HttpApi, AuthorizationHookRefusesWith401) {
    HttpOptions options;
    options.authorize = [](const std::string& header) { return header == "Basic dTpw"; };
    start(options);
    const auto [status, out] = run("RETURN 1");
    EXPECT_EQ(status, 401);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Security.Unauthorized");
    EXPECT_EQ(run("RETURN 1", Json::object(), {{"Authorization", "Basic dTpw"}}).first, 202);
}

TEST_F(HttpApi, ConcurrentReadersAndWritersAllAnswer) {
    constexpr int threads = 6, requests = 10;
    std::atomic<int> failures = 0;
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([this, t, &failures] {
            httplib::Client client("127.0.0.1", port_);
            for (int i = 0; i < requests; ++i) {
                const std::string statement = t % 2 == 0
                                                  ? "CREATE (:C {key: 'c" + std::to_string(t) +
                                                        "-" + std::to_string(i) + "'})"
                                                  : "MATCH (c:C) RETURN count(c) AS n";
                const Json body = {{"statement", statement}};
                const auto res =
                    client.Post("/db/caspian/query/v2", body.dump(), "application/json");
                if (!res || res->status != 202) ++failures;
            }
        });
    }
    for (std::thread& client : clients)
        client.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(node_count(), std::uint64_t{threads / 2 * requests});
}

// Begins a transaction (with a statement when given) and returns its id.
std::string begin(HttpApi& t, const std::string& body) {
    const auto [status, out] = t.post(body, {}, "/db/caspian/query/v2/tx");
    EXPECT_EQ(status, 202) << out.dump();
    EXPECT_TRUE(out["transaction"]["expires"].is_string()) << out.dump();
    return out["transaction"]["id"].is_string() ? std::string(out["transaction"]["id"]) : "";
}

TEST_F(HttpApi, TransactionCommitsItsStatementsTogether) {
    const std::string id = begin(*this, R"j({"statement": "CREATE (:P {key: 'a'})"})j");
    const auto [status, out] = post(R"j({"statement": "CREATE (:P {key: 'b'}) RETURN 1 AS one"})j",
                                    {}, "/db/caspian/query/v2/tx/" + id);
    EXPECT_EQ(status, 202) << out.dump();
    EXPECT_EQ(out["data"]["values"], Json::parse("[[1]]"));
    EXPECT_EQ(out["transaction"]["id"], id);
    EXPECT_EQ(node_count(), 0u);  // other readers see nothing before the commit
    const auto [commit_status, committed] =
        post("", {}, "/db/caspian/query/v2/tx/" + id + "/commit");
    EXPECT_EQ(commit_status, 202) << committed.dump();
    EXPECT_FALSE(committed.contains("transaction"));
    EXPECT_EQ(node_count(), 2u);
    EXPECT_EQ(post("", {}, "/db/caspian/query/v2/tx/" + id + "/commit").first, 404);
}

TEST_F(HttpApi, TransactionRollsBackOnDelete) {
    const std::string id = begin(*this, R"j({"statement": "CREATE (:P {key: 'a'})"})j");
    const auto res = client_->Delete(("/db/caspian/query/v2/tx/" + id).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(node_count(), 0u);
    const auto [status, out] =
        post(R"j({"statement": "RETURN 1"})j", {}, "/db/caspian/query/v2/tx/" + id);
    EXPECT_EQ(status, 404);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Transaction.TransactionNotFound");
}

TEST_F(HttpApi, ErrorInATransactionRollsItBack) {
    const std::string id = begin(*this, "");
    EXPECT_EQ(
        post(R"j({"statement": "CREATE (:P {key: 'a'})"})j", {}, "/db/caspian/query/v2/tx/" + id)
            .first,
        202);
    const auto [status, out] =
        post(R"j({"statement": "RETURN 1 -"})j", {}, "/db/caspian/query/v2/tx/" + id);
    EXPECT_EQ(status, 400);
    EXPECT_EQ(out["errors"][0]["code"], "Neo.ClientError.Statement.SyntaxError");
    EXPECT_EQ(post("", {}, "/db/caspian/query/v2/tx/" + id + "/commit").first, 404);
    EXPECT_EQ(node_count(), 0u);
    EXPECT_EQ(run("CREATE (:P {key: 'a'})").first, 202);  // the writer's lock was given back
}

TEST_F(HttpApi, IdleTransactionIsRolledBackAndFreesTheWriter) {
    HttpOptions options;
    options.transaction_timeout = std::chrono::milliseconds(0);  // idle at the next request
    start(options);
    const std::string id = begin(*this, R"j({"statement": "CREATE (:P {key: 'a'})"})j");
    EXPECT_EQ(run("CREATE (:P {key: 'b'})").first, 202);
    EXPECT_EQ(post("", {}, "/db/caspian/query/v2/tx/" + id + "/commit").first, 404);
    EXPECT_EQ(node_count(), 1u);
}

TEST_F(HttpApi, StopRollsBackOpenTransactions) {
    begin(*this, R"j({"statement": "CREATE (:P {key: 'a'})"})j");
    service_->stop();
    EXPECT_EQ(node_count(), 0u);
    db_.query("CREATE (:P {key: 'b'})");  // the writer's lock is free
    EXPECT_EQ(node_count(), 1u);
}

// "usage: <message>" for the error start_http throws, "started" when it does not.
std::string usage_error_of(Database& db, const HttpOptions& options) {
    try {
        (void)start_http(db, options);
    } catch (const Error& e) {
        return std::string(to_string(e.kind())) + ": " + e.what();
    }
    return "started";
}

TEST_F(HttpApi, OtherThanLoopbackNeedsAuthorization) {
    HttpOptions options;
    options.host = "0.0.0.0";
    options.port = 0;
    EXPECT_EQ(usage_error_of(db_, options),
              "usage: listening on 0.0.0.0 needs authentication; without it, listen on "
              "127.0.0.1 (the default)");
}

TEST_F(HttpApi, PortInUseIsAUsageError) {
    HttpOptions options;
    options.port = static_cast<std::uint16_t>(port_);
    EXPECT_EQ(usage_error_of(db_, options),
              "usage: cannot listen on 127.0.0.1:" + std::to_string(port_) +
                  " (address in use or not available)");
}

}  // namespace
}  // namespace caspian::server
