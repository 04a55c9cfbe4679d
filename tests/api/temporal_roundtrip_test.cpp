// Every temporal kind through export and import (issue #16): CSV and JSON Lines read back into a
// fresh database with the same kind and value; N-Triples writes xsd types; GraphML marks the
// kinds on its keys; JSON output and an index lookup hold them too.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/json.hpp>

#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::slurp;
using caspian::testing::TempDir;

void by_name(Properties& p) {
    std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

DateTime datetime(std::string_view text) {
    DateTime t;
    EXPECT_TRUE(parse_datetime(text, t)) << text;
    return t;
}

// One property per kind and form: zone ids (one with a historical offset), offsets only,
// nanoseconds, negative, mixed-sign and extreme durations, and lists of temporal values.
Properties every_kind() {
    Time noon;
    LocalTime last;
    LocalDateTime old;
    EXPECT_TRUE(parse_time("12:31:14.645876123+01:00", noon));
    EXPECT_TRUE(parse_localtime("23:59:59.999999999", last));
    EXPECT_TRUE(parse_localdatetime("1899-12-31T23:59:59.000000001", old));
    Properties p = {
        {"date", Value(make_date(2022, 5, 16))},
        {"datetime_offset", Value(datetime("2022-05-18T09:30:00.5-02:30"))},
        {"datetime_zone", Value(datetime("2022-05-18T09:30:00+03:00[Europe/Minsk]"))},
        {"datetime_lmt", Value(datetime("1880-01-01T12:00[Asia/Baku]"))},
        {"dur", Value(Duration{14, 3, 4 * 3600 + 5 * 60 + 6, 500'000'000})},
        {"dur_list", Value(List{Value(Duration{0, 1, 0, 0}), Value(Duration{0, 0, 1, 0})})},
        {"dur_mixed", Value(Duration{1, -3, 0, 0})},
        {"dur_negative", Value(Duration{0, 0, -1, 500'000'000})},
        {"dur_zero", Value(Duration{})},
        {"localdatetime", Value(old)},
        {"localtime", Value(last)},
        {"time", Value(noon)},
        {"time_list", Value(List{Value(noon), Value(Time{0, -18 * 3600})})},
    };
    by_name(p);
    return p;
}

class TemporalExport : public ::testing::Test {
protected:
    TempDir dir_;

    // Node 1 (:Kinds, every kind), node 2 (:Kinds, key "other"), an edge with a duration.
    static void load(Database& db) {
        db.update([](WriteTransaction& txn) {
            Properties props = every_kind();
            props.emplace_back("key", Value("all"));
            by_name(props);
            const NodeId all = txn.create_node({"Kinds"}, props);
            const NodeId other = txn.create_node({"Kinds"}, {{"key", Value("other")}});
            txn.create_edge(all, "TOOK", other, {{"for", Value(Duration{0, 0, 90, 0})}});
        });
    }
};

class TemporalRoundTrip : public TemporalExport,
                          public ::testing::WithParamInterface<ExportFormat> {};

TEST_P(TemporalRoundTrip, ValuesKeepKindAndValue) {
    Database source = Database::open(dir_.sub("source"));
    load(source);
    const bool csv = GetParam() == ExportFormat::Csv;
    const fs::path out = dir_.sub("out");
    export_graph(source, GetParam(), out);
    Database copy = Database::open(dir_.sub("copy"));
    ImportOptions options;
    options.node_files = {out / (csv ? "nodes.csv" : "nodes.jsonl")};
    options.edge_files = {out / (csv ? "edges.csv" : "edges.jsonl")};
    import_files(copy, options);

    ReadTransaction txn = copy.begin_read();
    const auto id = txn.find_node("all");
    ASSERT_TRUE(id.has_value());
    const Node node = *txn.node(*id);
    for (const auto& [name, want] : every_kind()) {
        const Value* got = find_property(node.properties, name);
        ASSERT_NE(got, nullptr) << name;
        EXPECT_EQ(got->kind(), want.kind()) << name << ": " << to_json(*got);
        EXPECT_TRUE(*got == want) << name << ": " << to_json(*got) << " for " << to_json(want);
    }
    const auto edges = txn.edges(*id, Direction::Out);
    ASSERT_EQ(edges.size(), 1u);
    const Value* took = find_property(edges[0].properties, "for");
    ASSERT_NE(took, nullptr);
    EXPECT_TRUE(*took == Value(Duration{0, 0, 90, 0})) << to_json(*took);
}

INSTANTIATE_TEST_SUITE_P(Formats, TemporalRoundTrip,
                         ::testing::Values(ExportFormat::Csv, ExportFormat::Jsonl),
                         [](const auto& p) {
                             return p.param == ExportFormat::Csv ? "Csv" : "Jsonl";
                         });

TEST_F(TemporalExport, CsvHeaderNamesEveryKind) {
    Database db = Database::open(dir_.sub("db"));
    load(db);
    export_graph(db, ExportFormat::Csv, dir_.sub("out"));
    const std::string header = slurp(dir_.sub("out") / "nodes.csv").substr(0, 400);
    for (const char* column :
         {"date:date", "datetime_zone:datetime", "dur:duration", "dur_list:duration[]",
          "localdatetime:localdatetime", "localtime:localtime", "time:time", "time_list:time[]"}) {
        EXPECT_NE(header.find(column), std::string::npos) << column << " in " << header;
    }
}

TEST_F(TemporalExport, NTriplesUsesXsdTypes) {
    Database db = Database::open(dir_.sub("db"));
    load(db);
    export_graph(db, ExportFormat::NTriples, dir_.sub("g.nt"));
    const std::string nt = slurp(dir_.sub("g.nt"));
    const std::string xsd = "\"^^<http://www.w3.org/2001/XMLSchema#";
    for (const std::string& literal : {
             "\"2022-05-16" + xsd + "date>",
             // xsd:dateTime has no zone name: caspian's own datatype keeps it
             std::string(
                 "\"2022-05-18T09:30+03:00[Europe/Minsk]\"^^<urn:caspian:datatype:datetime>"),
             "\"2022-05-18T09:30:00.500-02:30" + xsd + "dateTime>",
             "\"1899-12-31T23:59:59.000000001" + xsd + "dateTime>",
             std::string(
                 "\"1880-01-01T12:00+03:19:24[Asia/Baku]\"^^<urn:caspian:datatype:datetime>"),
             "\"12:31:14.645876123+01:00" + xsd + "time>", "\"23:59:59.999999999" + xsd + "time>",
             "\"P1Y2M3DT4H5M6.5S" + xsd + "duration>",
             "\"-PT0.5S" + xsd + "duration>",  // one leading sign, as xsd:duration has
             "\"PT0S" + xsd + "duration>",
             std::string("\"P1M-3D\"^^<urn:caspian:datatype:duration>"),  // mixed signs: not xsd
         }) {
        EXPECT_NE(nt.find(literal), std::string::npos) << literal;
    }
}

TEST_F(TemporalExport, GraphmlMarksTemporalKeys) {
    Database db = Database::open(dir_.sub("db"));
    load(db);
    export_graph(db, ExportFormat::GraphML, dir_.sub("g.graphml"));
    const std::string xml = slurp(dir_.sub("g.graphml"));
    EXPECT_NE(xml.find("attr.name=\"dur\" attr.type=\"string\" caspian.kind=\"duration\""),
              std::string::npos);
    EXPECT_NE(xml.find("attr.name=\"time\" attr.type=\"string\" caspian.kind=\"time\""),
              std::string::npos);
    EXPECT_NE(xml.find("attr.name=\"key\" attr.type=\"string\"/>"), std::string::npos);
    EXPECT_NE(xml.find(">P1Y2M3DT4H5M6.5S</data>"), std::string::npos);
    EXPECT_NE(xml.find(">2022-05-18T09:30+03:00[Europe/Minsk]</data>"), std::string::npos);
}

TEST(TemporalJson, EveryKindIsItsIsoText) {
    for (const auto& [name, v] : every_kind()) {
        const std::string json = to_json(v);
        if (v.kind() == ValueKind::List) {
            EXPECT_EQ(json.front(), '[') << name;
            continue;
        }
        EXPECT_EQ(json, "\"" + temporal_to_iso(v) + "\"") << name;
    }
}

TEST_F(TemporalExport, IndexedDurationIsFoundAndUnique) {
    Database db = Database::open(dir_.sub("db"));
    load(db);
    db.update([](WriteTransaction& txn) {
        txn.query("CREATE CONSTRAINT one_dur FOR (k:Kinds) REQUIRE k.dur IS UNIQUE").all();
    });
    {
        ReadTransaction txn = db.begin_read();
        auto rows = txn.query(
                           "MATCH (k:Kinds) WHERE k.dur = duration('P1Y2M3DT4H5M6.5S') "
                           "RETURN k.key")
                        .all();
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_TRUE(rows[0][0] == Value("all"));
    }
    EXPECT_THROW(db.update([](WriteTransaction& txn) {
        txn.query("CREATE (:Kinds {dur: duration('P14M3DT14706.5S')})").all();
    }),
                 Error);
}

}  // namespace
}  // namespace caspian
