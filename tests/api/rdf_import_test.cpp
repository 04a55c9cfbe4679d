// Tests of the RDF and GraphML import (import_files with rdf_files and graphml_files) against
// the export: every value kind survives export -> import, edge properties come back from their
// reifiers, bad input names file, line and column and leaves the database as it was.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/json.hpp>

#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::slurp;
using caspian::testing::TempDir;
using caspian::testing::write;

// A value's kind and text (JSON text holds a datetime's zone, which == may not compare).
std::string shown(const Value& v) {
    std::string out = to_string(v.kind());
    if (v.kind() == ValueKind::List) {
        for (const Value& item : v.as_list())
            out += " " + shown(item);
        return out;
    }
    return out + " " + to_json(v);
}

std::string shown(const Properties& props) {
    std::string out;
    for (const auto& [name, v] : props)
        out += name + "=" + shown(v) + "\n";
    return out;
}

DateTime datetime(std::string_view text) {
    DateTime t;
    EXPECT_TRUE(parse_datetime(text, t)) << text;
    return t;
}

class RdfImport : public ::testing::TestWithParam<ExportFormat> {
protected:
    TempDir dir_;
    Database from_ = Database::open(dir_.sub("from"));
    Database to_ = Database::open(dir_.sub("to"));

    // Values xsd holds and values it does not (a zone name, a mixed-sign duration, an offset
    // with seconds), lists (empty, nested, of one), text RDF must escape; an edge property.
    void load() {
        from_.update([](WriteTransaction& txn) {
            Time t;
            EXPECT_TRUE(parse_time("10:15:30.25+04:00", t));
            const NodeId a =
                txn.create_node({"Person", "Big Label"},
                                {{"key", "a b/\u00e9"},
                                 {"born", make_date(1990, 2, 3)},
                                 {"at", Value(datetime("2022-05-18T09:30+04:00[Asia/Baku]"))},
                                 {"seen", Value(datetime("2022-05-18T09:30:00.5-02:30"))},
                                 {"lmt", Value(datetime("1880-01-01T12:00[Asia/Baku]"))},
                                 {"t", Value(t)},
                                 {"mixed", Value(Duration{1, -3, 0, 0})},
                                 {"neg", Value(Duration{0, 0, -1, 500'000'000})},
                                 {"text", "say \"hi\"\n\tto \u00e7a \\ bell\x07"},
                                 {"n", -7},
                                 {"f", 2.0},
                                 {"inf", -1.0 / 0.0},
                                 {"ok", true},
                                 {"tags", List{Value("x"), Value("y")}},
                                 {"one", List{Value(1)}},
                                 {"none", List{}},
                                 {"nested", List{Value(List{Value(1), Value(2)}), Value(List{})}}});
            const NodeId b = txn.create_node({}, {{"name", "no key"}});
            txn.create_edge(a, "KNOWS", b, {{"since", make_date(2001, 1, 1)}, {"w", 0.5}});
            txn.create_edge(a, "KNOWS", b, {{"w", 1.5}});  // a parallel edge, its own reifier
            txn.create_edge(b, "LIKES", a);
        });
    }

    static std::string everything(const Database& db) {
        std::string out;
        ReadTransaction txn = db.begin_read();
        txn.scan_nodes([&](NodeId id) {
            const Node n = *txn.node(id);
            for (const auto& l : n.labels)
                out += ":" + l;
            out += "\n" + shown(n.properties);
            for (const Edge& e : txn.edges(id, Direction::Out))
                out += "-[" + e.type + "]->" + std::to_string(e.dst.value) + "\n" +
                       shown(e.properties);
            return true;
        });
        return out;
    }

    fs::path file() const {
        return dir_.path() / (GetParam() == ExportFormat::Turtle ? "g.ttl" : "g.nt");
    }
};

TEST_P(RdfImport, EveryValueAndEdgePropertySurvivesARoundTrip) {
    load();
    const ExportReport out = export_graph(from_, GetParam(), file(), "https://example.org/kg#");
    ImportOptions options;
    options.rdf_files = {file()};
    options.rdf_base = "https://example.org/kg#";
    const ImportReport in = import_files(to_, options);
    EXPECT_EQ(in.nodes, out.nodes);
    EXPECT_EQ(in.edges, out.edges);
    EXPECT_EQ(everything(to_), everything(from_)) << slurp(file());
    // Exporting the imported graph writes the same text.
    const fs::path again = dir_.path() / ("again" + file().extension().string());
    export_graph(to_, GetParam(), again, "https://example.org/kg#");
    EXPECT_EQ(slurp(again), slurp(file()));
}

INSTANTIATE_TEST_SUITE_P(Syntaxes, RdfImport,
                         ::testing::Values(ExportFormat::NTriples, ExportFormat::Turtle));

class RdfImportErrors : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    void seed() {
        db_.update([](WriteTransaction& txn) { txn.create_node({"Kept"}, {{"key", "k"}}); });
    }
    std::uint64_t count() const {
        std::uint64_t n = 0;
        db_.begin_read().scan_nodes([&](NodeId) { return ++n > 0; });
        return n;
    }
    // Imports file `name` holding text (GraphML by its extension, else RDF): its error.
    BadRow import_bad(const std::string& name, const std::string& text) {
        write(dir_.path() / name, text);
        ImportOptions options;
        const fs::path path = dir_.path() / name;
        if (path.extension() == ".graphml") {
            options.graphml_files.push_back(path);
        } else {
            options.rdf_files.push_back(path);
        }
        try {
            import_files(db_, options);
        } catch (const ImportError& e) {
            return e.row();
        }
        ADD_FAILURE() << "no ImportError for " << text;
        return {};
    }
};

TEST_F(RdfImportErrors, ASyntaxErrorHasLineAndColumnAndWritesNothing) {
    seed();
    const BadRow row = import_bad("bad.nt",
                                  "<http://caspian.local/node/a> <http://caspian.local/property/n> "
                                  "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                                  "<http://caspian.local/node/a> <http://x/p> oops .\n");
    EXPECT_EQ(row.kind, ErrorKind::Syntax);
    EXPECT_EQ(row.line, 2U);
    EXPECT_GT(row.column, 40U);
    EXPECT_NE(row.file.find("bad.nt"), std::string::npos);
    EXPECT_EQ(count(), 1U);
}

TEST_F(RdfImportErrors, RdfTwelveTripleTermsAreASyntaxError) {
    const BadRow row = import_bad("t.nt",
                                  "<http://x/a> <http://x/p> <http://x/b> .\n"
                                  "_:r <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> "
                                  "<<( <http://x/a> <http://x/p> <http://x/b> )>> .\n");
    EXPECT_EQ(row.line, 2U);
    EXPECT_EQ(count(), 0U);
}

TEST_F(RdfImportErrors, ALiteralItsDatatypeRejectsIsATypeError) {
    seed();
    const BadRow row = import_bad("lit.ttl",
                                  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                                  "<http://x/a> <http://x/n> \"seven\"^^xsd:integer .\n");
    EXPECT_EQ(row.kind, ErrorKind::Type);
    EXPECT_NE(row.message.find("'seven'"), std::string::npos) << row.message;
    EXPECT_EQ(count(), 1U);
}

TEST_F(RdfImportErrors, ForeignTurtleMapsLocalNamesAndKeepsTheIriAsKey) {
    write(dir_.path() / "f.ttl",
          "@prefix ex: <http://example.org/> .\n"
          "ex:baku a ex:City ; ex:name \"Baku\"@en ; ex:pop 2300000 ;\n"
          "  ex:alias \"Baki\", \"Bakou\" ; ex:in ex:az .\n");
    ImportOptions options;
    options.rdf_files = {dir_.path() / "f.ttl"};
    const ImportReport r = import_files(db_, options);
    EXPECT_EQ(r.nodes, 2U);
    EXPECT_EQ(r.edges, 1U);
    ReadTransaction txn = db_.begin_read();
    const Node n = *txn.node(NodeId{1});  // the first subject
    EXPECT_EQ(n.labels, std::vector<std::string>{"City"});
    EXPECT_EQ(shown(n.properties),
              "alias=list string \"Baki\" string \"Bakou\"\n"
              "key=string \"http://example.org/baku\"\n"
              "name=string \"Baku\"\npop=integer 2300000\n");
}

// --- GraphML ---------------------------------------------------------------------------------

TEST_P(RdfImport, GraphmlExportReadsBackWithLabelsTypesAndTemporalKinds) {
    load();
    from_.update([](WriteTransaction& txn) {
        txn.create_node({"Only"}, {{"d", make_date(2022, 5, 16)},
                                   {"dur", Duration{0, 2, 0, 0}},
                                   {"l", List{Value(1), Value(List{Value("x")})}}});
    });
    const fs::path g = dir_.path() / "g.graphml";
    export_graph(from_, ExportFormat::GraphML, g);
    ImportOptions options;
    options.graphml_files = {g};
    const ImportReport r = import_files(to_, options);
    EXPECT_EQ(r.nodes, 3U);
    EXPECT_EQ(r.edges, 3U);
    const std::string text = everything(to_);
    EXPECT_NE(text.find(":Big Label:Person\n"), std::string::npos) << text;
    EXPECT_NE(text.find("at=datetime \"2022-05-18T09:30+04:00[Asia/Baku]\""), std::string::npos);
    EXPECT_NE(text.find("-[KNOWS]->2\nsince=date \"2001-01-01\"\nw=float 0.5\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find(":Only\nd=date \"2022-05-16\"\ndur=duration \"P2D\"\n"
                        "l=list integer 1 list string \"x\"\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("key=string \"n"), std::string::npos) << "ids n<ID> are not keys";
}

using GraphmlImport = RdfImportErrors;

constexpr const char* graphml_head =
    "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "<key id=\"d0\" for=\"node\" attr.name=\"age\" attr.type=\"long\"/>\n"
    "<key id=\"d1\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
    "<graph edgedefault=\"directed\">\n";

TEST_F(GraphmlImport, ForeignNodesTakeTheirIdAsKeyAndEdgesTheirLabelAsType) {
    write(dir_.path() / "g.graphml", std::string(graphml_head) +
                                         "<node id=\"ann\"><data key=\"d0\">31</data></node>\n"
                                         "<node id=\"bob\"/>\n"
                                         "<edge source=\"ann\" target=\"bob\"><data "
                                         "key=\"d1\">KNOWS</data></edge>\n"
                                         "<edge source=\"bob\" target=\"ann\"/>\n"
                                         "</graph></graphml>\n");
    ImportOptions options;
    options.graphml_files = {dir_.path() / "g.graphml"};
    import_files(db_, options);
    ReadTransaction txn = db_.begin_read();
    EXPECT_EQ(shown(txn.node(NodeId{1})->properties), "age=integer 31\nkey=string \"ann\"\n");
    EXPECT_EQ(txn.edges(NodeId{1}, Direction::Out).at(0).type, "KNOWS");
    EXPECT_EQ(txn.edges(NodeId{2}, Direction::Out).at(0).type, "RELATED_TO");
}

TEST_F(GraphmlImport, BadInputHasLineAndColumnAndWritesNothing) {
    seed();
    BadRow row = import_bad(
        "g.graphml", std::string(graphml_head) +
                         "<node id=\"a\"><data key=\"d0\">old</data></node>\n</graph></graphml>\n");
    EXPECT_EQ(row.line, 6U);
    EXPECT_GT(row.column, 0U);
    EXPECT_NE(row.message.find("'old'"), std::string::npos) << row.message;
    row = import_bad("g.graphml", std::string(graphml_head) + "<node id=\"a\">\n</graph>\n");
    EXPECT_EQ(row.kind, ErrorKind::Syntax);
    EXPECT_EQ(row.line, 7U) << row.message;
    row =
        import_bad("g.graphml",
                   std::string(graphml_head) +
                       "<node id=\"a\"/>\n<edge source=\"a\" target=\"z\"/>\n</graph></graphml>\n");
    EXPECT_EQ(row.line, 7U);
    EXPECT_NE(row.message.find("'z'"), std::string::npos) << row.message;
    EXPECT_EQ(count(), 1U);
}

}  // namespace
}  // namespace caspian
