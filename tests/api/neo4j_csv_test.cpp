// Tests of the neo4j-csv export (query/api/export/neo4j_csv.cpp, #21): Neo4j 5's typed header
// columns, one file per label set and per type, the neo4j-admin command, a round trip of the
// example graph and of every value kind through caspian's importer, and the up-front refusals.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include "support/files.hpp"
#include "support/graph_dump.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
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

// Imports an export's files: the nodes files first, as neo4j-admin's --nodes.
void import_export(Database& db, const ExportReport& report) {
    ImportOptions options;
    for (const auto& f : report.files) {
        const std::string name = f.filename().string();
        (name.starts_with("nodes-") ? options.node_files : options.edge_files).push_back(f);
    }
    import_files(db, options);
}

class Neo4jCsv : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
};

TEST_F(Neo4jCsv, ExampleGraphReadsBackAsTheSameGraph) {
    load_example(db_, CASPIAN_EXAMPLES_DIR);
    const ExportReport report = export_graph(db_, ExportFormat::Neo4jCsv, dir_.sub("out"));
    EXPECT_GT(report.files.size(), 2u);
    Database copy = Database::open(dir_.sub("copy"));
    import_export(copy, report);
    const std::vector<std::string> before = dump(db_);
    EXPECT_GT(before.size(), 50u);
    EXPECT_EQ(dump(copy), before);
    // And the copy's own export is the same files, byte for byte (ids are import order).
    const ExportReport again = export_graph(copy, ExportFormat::Neo4jCsv, dir_.sub("again"));
    Database third = Database::open(dir_.sub("third"));
    import_export(third, again);
    const ExportReport last = export_graph(third, ExportFormat::Neo4jCsv, dir_.sub("last"));
    ASSERT_EQ(again.files.size(), last.files.size());
    for (std::size_t i = 0; i < again.files.size(); ++i) {
        EXPECT_EQ(again.files[i].filename(), last.files[i].filename());
        EXPECT_EQ(slurp(again.files[i]), slurp(last.files[i])) << again.files[i];
    }
}

TEST_F(Neo4jCsv, WritesNeo4jTypedHeadersPerLabelSetAndType) {
    LocalTime noon;
    DateTime zoned;
    ASSERT_TRUE(parse_localtime("12:00:01.5", noon));
    ASSERT_TRUE(parse_datetime("2022-05-18T09:30+03:00[Europe/Minsk]", zoned));
    db_.update([&](WriteTransaction& txn) {
        const NodeId a =
            txn.create_node({"Person", "Author"}, {{"key", "ann"},
                                                   {"n", 7},
                                                   {"x", 2.5},
                                                   {"b", true},
                                                   {"d", make_date(2000, 1, 2)},
                                                   {"t", Value(noon)},
                                                   {"dt", Value(zoned)},
                                                   {"dur", Value(Duration{0, 1, 30, 0})},
                                                   {"tags", List{Value("a"), Value("b,\"c\"")}},
                                                   {"none", List{}},
                                                   {"text", "line\nbreak, \"quoted\""}});
        const NodeId b = txn.create_node({}, {{"nums", List{Value(1), Value(2)}}});
        txn.create_edge(a, "WROTE", b, {{"since", make_date(2020, 1, 1)}});
        txn.create_edge(b, "CITES", a, {});
    });
    const fs::path out = dir_.sub("out");
    const ExportReport report = export_graph(db_, ExportFormat::Neo4jCsv, out);
    ASSERT_EQ(report.files.size(), 4u);
    EXPECT_EQ(report.nodes, 2u);
    EXPECT_EQ(report.edges, 2u);
    const std::string people = slurp(out / "nodes-2-Author-Person.csv");
    EXPECT_EQ(people.substr(0, people.find('\n')),
              ":ID,:LABEL,b:boolean,d:date,dt:datetime,dur:duration,key:string,n:long,"
              "none:string[],t:localtime,tags:string[],text:string,x:double");
    EXPECT_NE(people.find("\"line\nbreak, \"\"quoted\"\"\""), std::string::npos) << people;
    EXPECT_NE(people.find("\"a;b,\"\"c\"\"\""), std::string::npos) << people;
    EXPECT_EQ(slurp(out / "nodes-1.csv"), ":ID,:LABEL,nums:long[]\n2,,\"1;2\"\n");
    EXPECT_EQ(slurp(out / "relationships-2-WROTE.csv"),
              ":START_ID,:END_ID,:TYPE,since:date\n1,2,\"WROTE\",2020-01-01\n");
    EXPECT_EQ(report.load_command,
              "neo4j-admin database import full --array-delimiter=';' --multiline-fields=true "
              "--nodes=" +
                  (out / "nodes-1.csv").string() +
                  " --nodes=" + (out / "nodes-2-Author-Person.csv").string() +
                  " --relationships=" + (out / "relationships-1-CITES.csv").string() +
                  " --relationships=" + (out / "relationships-2-WROTE.csv").string() + " neo4j");

    Database copy = Database::open(dir_.sub("copy"));
    import_export(copy, report);
    EXPECT_EQ(dump(copy), dump(db_));
}

TEST_F(Neo4jCsv, RefusesLossyValuesBeforeWritingAnything) {
    struct Case {
        Properties props;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"l", List{Value(List{Value(1)})}}}, "property 'l' holds [[1]]"},
        {{{"l", List{Value(1), Value("x")}}},
         "label set 'Doc': property 'l' holds [1, 'x'], which neo4j-csv cannot hold"},
        {{{"l", List{Value("a;b")}}}, "property 'l' holds ['a;b']"},
        {{{"l", List{Value("")}}}, "property 'l' holds ['']"},
        {{{"a:b", 1}}, "label set 'Doc': property name 'a:b' holds ':'"},
    };
    for (const Case& c : cases)
        expect_export_refused(ExportFormat::Neo4jCsv, "out", c.props, c.message);
}

TEST_F(Neo4jCsv, RefusesTwoKindsUnderOnePropertyOfOneFile) {
    db_.update([](WriteTransaction& txn) {
        txn.create_node({"Doc"}, {{"v", 1}});
        txn.create_node({"Doc"}, {{"v", "one"}});
        txn.create_node({"Other"}, {{"v", "two"}});  // another file: no conflict
    });
    try {
        export_graph(db_, ExportFormat::Neo4jCsv, dir_.sub("out"));
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "label set 'Doc': property 'v' holds both long and string values (one type per "
                  "column), which neo4j-csv cannot hold; export as jsonl");
    }
}

TEST_F(Neo4jCsv, EmptyListsTakeTheTypeOfTheirColumn) {
    db_.update([](WriteTransaction& txn) {
        txn.create_node({"Doc"}, {{"v", List{}}});
        txn.create_node({"Doc"}, {{"v", List{Value(1.5)}}});
        txn.create_node({"Doc"}, {{"v", List{}}});
    });
    const ExportReport report = export_graph(db_, ExportFormat::Neo4jCsv, dir_.sub("out"));
    EXPECT_EQ(slurp(report.files.at(0)),
              ":ID,:LABEL,v:double[]\n1,Doc,\"\"\n2,Doc,\"1.5\"\n3,Doc,\"\"\n");
    Database copy = Database::open(dir_.sub("copy"));
    import_export(copy, report);
    EXPECT_EQ(dump(copy), dump(db_));
}

}  // namespace
}  // namespace caspian
