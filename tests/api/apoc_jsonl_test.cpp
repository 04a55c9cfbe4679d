// Tests of APOC JSON Lines (apoc.export.json.all's format, #21): export of nodes and
// relationships, import of the same with temporal strings read back by their ISO 8601 form, the
// example graph's round trip, the export's up-front refusals and the import's file:line errors.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include "support/files.hpp"
#include "support/graph_dump.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::dump;
using caspian::testing::expect_export_refused;
using caspian::testing::load_example;
using caspian::testing::slurp;
using caspian::testing::TempDir;
using caspian::testing::write;

class ApocJsonl : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    ImportReport import_apoc(Database& db, const fs::path& file) {
        ImportOptions options;
        options.apoc_files = {file};
        return import_files(db, options);
    }
};

TEST_F(ApocJsonl, ExampleGraphReadsBackAsTheSameGraph) {
    load_example(db_, CASPIAN_EXAMPLES_DIR);
    const fs::path file = dir_.sub("all.json");
    const ExportReport report = export_graph(db_, ExportFormat::ApocJsonl, file);
    Database copy = Database::open(dir_.sub("copy"));
    const ImportReport imported = import_apoc(copy, file);
    EXPECT_EQ(imported.nodes, report.nodes);
    EXPECT_EQ(imported.edges, report.edges);
    const std::vector<std::string> before = dump(db_);
    EXPECT_GT(before.size(), 50u);
    EXPECT_EQ(dump(copy), before);
}

TEST_F(ApocJsonl, WritesApocObjectsAndReadsTemporalStringsBack) {
    LocalTime noon;
    DateTime zoned;
    ASSERT_TRUE(parse_localtime("12:00:01.5", noon));
    ASSERT_TRUE(parse_datetime("2022-05-18T09:30+03:00[Europe/Minsk]", zoned));
    db_.update([&](WriteTransaction& txn) {
        const NodeId a = txn.create_node({"User"}, {{"d", make_date(2000, 1, 2)},
                                                    {"dt", Value(zoned)},
                                                    {"key", "2022-05-18"},  // a key stays a string
                                                    {"t", List{Value(noon)}},
                                                    {"x", 1.0},
                                                    {"year", "2022"}});
        const NodeId b = txn.create_node({}, {});
        txn.create_edge(a, "KNOWS", b, {{"for", Value(Duration{0, 1, 30, 0})}});
    });
    const fs::path file = dir_.sub("all.json");
    export_graph(db_, ExportFormat::ApocJsonl, file);
    EXPECT_EQ(slurp(file),
              "{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"User\"],\"properties\":{\"d\":"
              "\"2000-01-02\",\"dt\":\"2022-05-18T09:30+03:00[Europe/Minsk]\",\"key\":\"2022-05-"
              "18\",\"t\":[\"12:00:01.500\"],\"x\":1.0,\"year\":\"2022\"}}\n"
              "{\"type\":\"node\",\"id\":\"2\",\"labels\":[]}\n"
              "{\"type\":\"relationship\",\"id\":\"1\",\"label\":\"KNOWS\",\"start\":{\"id\":"
              "\"1\",\"labels\":[\"User\"]},\"end\":{\"id\":\"2\",\"labels\":[]},\"properties\":{"
              "\"for\":\"P1DT30S\"}}\n");
    Database copy = Database::open(dir_.sub("copy"));
    import_apoc(copy, file);
    EXPECT_EQ(dump(copy), dump(db_));
}

TEST_F(ApocJsonl, ReadsWhatApocWrites) {
    // apoc.export.json.all's documented shape: ids from 0, relationships after the nodes.
    const fs::path file = dir_.sub("apoc.json");
    write(
        file,
        "{\"type\":\"node\",\"id\":\"0\",\"labels\":[\"User\"],\"properties\":{\"age\":12,"
        "\"born\":\"2015-07-04\"}}\n"
        "{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"User\"],\"properties\":{\"name\":\"Bob\"}}\n"
        "{\"id\":\"0\",\"type\":\"relationship\",\"label\":\"KNOWS\",\"properties\":{\"since\":"
        "1993},\"start\":{\"id\":\"0\",\"labels\":[\"User\"]},\"end\":{\"id\":\"1\",\"labels\":"
        "[\"User\"]}}\n");
    const ImportReport report = import_apoc(db_, file);
    EXPECT_EQ(report.nodes, 2u);
    EXPECT_EQ(report.edges, 1u);
    auto rows =
        db_.query("MATCH (a:User)-[k:KNOWS]->(b:User) RETURN a.age, a.born, k.since, b.name").all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(to_literal(rows[0][0]), "12");
    EXPECT_EQ(to_literal(rows[0][1]), to_literal(Value(make_date(2015, 7, 4))));
    EXPECT_EQ(to_literal(rows[0][2]), "1993");
    EXPECT_EQ(to_literal(rows[0][3]), "'Bob'");
}

TEST_F(ApocJsonl, ExportRefusesWhatWouldNotReadBack) {
    struct Case {
        Properties props;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"on", "2022-05-18"}},
         "node 1: property 'on' holds '2022-05-18', which apoc-jsonl "
         "cannot hold (the string would read back as a temporal value)"},
        {{{"l", List{Value("P1D")}}}, "property 'l' holds 'P1D'"},
        {{{"f", std::numeric_limits<double>::infinity()}}, "JSON has no NaN or infinity"},
    };
    for (const Case& c : cases)
        expect_export_refused(ExportFormat::ApocJsonl, "out.json", c.props, c.message);
}

TEST_F(ApocJsonl, ImportErrorsNameFileAndLineAndLeaveTheDatabase) {
    struct Case {
        std::string second_line;
        std::size_t line;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"{\"type\":\"way\",\"id\":\"2\"}", 2,
         "expected \"type\": \"node\" or \"relationship\" (APOC JSON Lines)"},
        {"{\"type\":\"node\",\"id\":\"2\",\"colour\":1}", 2,
         "unknown field \"colour\" in an APOC node"},
        {"{\"type\":\"node\",\"labels\":[]}", 2, "missing \"id\""},
        {"{\"type\":\"relationship\",\"label\":\"R\",\"start\":{\"id\":\"1\"},\"end\":{\"id\":"
         "\"9\"}}",
         2, "the end '9' is neither an id of the node files nor a node key"},
        {"{\"type\":\"relationship\",\"label\":\"R\",\"start\":\"1\",\"end\":{\"id\":\"1\"}}", 2,
         "\"start\" must be an object with an \"id\""},
        {"{\"type\":\"node\",\"id\":\"1\"}", 2, "duplicate id '1'"},
    };
    for (const Case& c : cases) {
        const fs::path file = dir_.sub("bad.json");
        write(file, "{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"A\"]}\n" + c.second_line + "\n");
        try {
            import_apoc(db_, file);
            ADD_FAILURE() << "no error for " << c.second_line;
        } catch (const ImportError& e) {
            EXPECT_EQ(e.row().file, file.string());
            EXPECT_EQ(e.row().line, c.line) << c.second_line;
            EXPECT_NE(e.row().message.find(c.message), std::string::npos) << e.row().message;
        }
        EXPECT_EQ(db_.query("MATCH (n) RETURN count(n)").all().at(0).at(0).as_int(), 0);
    }
}

}  // namespace
}  // namespace caspian
