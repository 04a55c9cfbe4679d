// Tests of export_graph (include/caspian/import_export.hpp, query/api/export/): the exact text
// of each format for a small graph, the typed CSV header, JSON Lines' tagged dates, and the
// errors for a value CSV cannot hold (a mixed list) and an unusable IRI base.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include "support/error_kind.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::kind_of;
using caspian::testing::slurp;
using caspian::testing::TempDir;

class Export : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    // Node 1 (Person, key "ann"), node 2 (Thing, a float and a list), edge 1 KNOWS from 1 to 2.
    void load() {
        db_.update([](WriteTransaction& txn) {
            const NodeId ann = txn.create_node(
                {"Person"},
                {{"key", "ann"}, {"born", make_date(2000, 1, 2)}, {"name", "Ann \"A\""}});
            const NodeId box = txn.create_node(
                {"Thing"}, {{"size", 1.5}, {"tags", List{Value("x"), Value("y,z")}}});
            txn.create_edge(ann, "KNOWS", box, {{"w", 3}});
        });
    }
};

TEST_F(Export, CsvWritesTypedHeadersAndQuotedStrings) {
    load();
    const fs::path out = dir_.sub("csv");
    const ExportReport r = export_graph(db_, ExportFormat::Csv, out);
    EXPECT_EQ(r.nodes, 2U);
    EXPECT_EQ(r.edges, 1U);
    EXPECT_EQ(r.files, (std::vector<fs::path>{out / "nodes.csv", out / "edges.csv"}));
    EXPECT_EQ(slurp(out / "nodes.csv"),
              ":ID,:LABEL,born:date,key:string,name:string,size:float,tags:string[]\n"
              "1,Person,2000-01-02,\"ann\",\"Ann \"\"A\"\"\",,\n"
              "2,Thing,,,,1.5,\"x;y,z\"\n");
    EXPECT_EQ(slurp(out / "edges.csv"), ":START_ID,:END_ID,:TYPE,w:int\n1,2,KNOWS,3\n");
}

TEST_F(Export, JsonlTagsDates) {
    load();
    const fs::path out = dir_.sub("jsonl");
    export_graph(db_, ExportFormat::Jsonl, out);
    EXPECT_EQ(slurp(out / "nodes.jsonl"),
              "{\"id\":1,\"labels\":[\"Person\"],\"properties\":{\"born\":{\"$date\":\"2000-01-"
              "02\"},\"key\":\"ann\",\"name\":\"Ann \\\"A\\\"\"}}\n"
              "{\"id\":2,\"labels\":[\"Thing\"],\"properties\":{\"size\":1.5,\"tags\":[\"x\","
              "\"y,z\"]}}\n");
    EXPECT_EQ(slurp(out / "edges.jsonl"),
              "{\"src\":1,\"dst\":2,\"type\":\"KNOWS\",\"properties\":{\"w\":3}}\n");
}

TEST_F(Export, NTriplesNamesNodesByKeyElseId) {
    load();
    const fs::path out = dir_.sub("g.nt");
    const ExportReport r = export_graph(db_, ExportFormat::NTriples, out, "http://x.org/g");
    EXPECT_EQ(r.edges, 1U);
    const std::string text = slurp(out);
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    EXPECT_NE(text.find("<http://x.org/g/node/ann> "
                        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                        "<http://x.org/g/label/Person> .\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("<http://x.org/g/node/ann> <http://x.org/g/property/born> "
                        "\"2000-01-02\"^^<" +
                        xsd + "date> .\n"),
              std::string::npos)
        << text;
    // A list is an rdf:List of blank nodes.
    const std::string rdf = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    EXPECT_NE(text.find("<http://x.org/g/node/id/2> <http://x.org/g/property/tags> _:l0 .\n"
                        "_:l0 " +
                        rdf + "first> \"x\"^^<" + xsd + "string> .\n_:l0 " + rdf +
                        "rest> _:l1 .\n_:l1 " + rdf + "first> \"y,z\"^^<" + xsd +
                        "string> .\n_:l1 " + rdf + "rest> " + rdf + "nil> .\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("<http://x.org/g/node/ann> <http://x.org/g/type/KNOWS> "
                        "<http://x.org/g/node/id/2> .\n"),
              std::string::npos)
        << text;
}

TEST_F(Export, GraphmlDeclaresKeysPerPropertyName) {
    load();
    const fs::path out = dir_.sub("g.graphml");
    export_graph(db_, ExportFormat::GraphML, out);
    const std::string text = slurp(out);
    EXPECT_NE(text.find("<key id=\"n_3\" for=\"node\" attr.name=\"size\" attr.type=\"double\"/>"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("<key id=\"e_0\" for=\"edge\" attr.name=\"w\" attr.type=\"long\"/>"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("<data key=\"n_2\">Ann &quot;A&quot;</data>"), std::string::npos) << text;
    EXPECT_NE(text.find("<edge id=\"e1\" source=\"n1\" target=\"n2\">"), std::string::npos) << text;
}

TEST_F(Export, DotLabelsNodesByKeyElseNameElseId) {
    load();
    const fs::path out = dir_.sub("sub/g.dot");
    export_graph(db_, ExportFormat::Dot, out);
    EXPECT_EQ(slurp(out),
              "digraph caspian {\n"
              "  \"n1\" [label=\"ann\"];\n"
              "  \"n2\" [label=\"2\"];\n"
              "  \"n1\" -> \"n2\" [label=\"KNOWS\"];\n"
              "}\n");
}

TEST_F(Export, CsvRefusesAMixedListAndNTriplesABadBase) {
    db_.update([](WriteTransaction& txn) {
        txn.create_node({"A"}, {{"mixed", List{Value(1), Value("x")}}});
    });
    EXPECT_EQ(kind_of([&] { export_graph(db_, ExportFormat::Csv, dir_.sub("bad")); }),
              ErrorKind::Type);
    EXPECT_EQ(kind_of([&] { export_graph(db_, ExportFormat::NTriples, dir_.sub("x.nt"), "no"); }),
              ErrorKind::Usage);
    EXPECT_FALSE(fs::exists(dir_.sub("x.nt")));
}

}  // namespace
}  // namespace caspian
