// Every re-importable export format (#21): random graphs holding every value kind (temporal
// kinds, lists, nested lists, -0.0, 1e300, NaN, hostile and non-Latin strings) and the example
// graph go caspian -> format -> caspian; each graph either comes back the same, with the same
// export text, or the export refuses it up front (Error{Type}, nothing written). Kùzu's format is
// not read back by caspian; tests/cli/kuzu_interop_test.cpp checks it in Kùzu.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include "support/files.hpp"
#include "support/graph_dump.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::dump;
using caspian::testing::expect_export_refused;
using caspian::testing::load_example;
using caspian::testing::slurp;
using caspian::testing::TempDir;

struct Format {
    const char* name;
    ExportFormat format;
};

const Format formats[] = {
    {"Csv", ExportFormat::Csv},
    {"Jsonl", ExportFormat::Jsonl},
    {"GraphML", ExportFormat::GraphML},
    {"NTriples", ExportFormat::NTriples},
    {"Turtle", ExportFormat::Turtle},
    {"Neo4jCsv", ExportFormat::Neo4jCsv},
    {"ApocJsonl", ExportFormat::ApocJsonl},
};

// Exports db to out and returns the report.
ExportReport export_to(const Database& db, ExportFormat format, const fs::path& out) {
    const bool one_file = format == ExportFormat::GraphML || format == ExportFormat::NTriples ||
                          format == ExportFormat::Turtle || format == ExportFormat::ApocJsonl;
    return export_graph(db, format, one_file ? out / "graph" : out);
}

// Reads an export's files back into db, each through the option of its format.
void import_back(Database& db, ExportFormat format, const ExportReport& report) {
    ImportOptions o;
    for (const fs::path& f : report.files) {
        const std::string name = f.filename().string();
        switch (format) {
            case ExportFormat::GraphML:
                o.graphml_files.push_back(f);
                break;
            case ExportFormat::NTriples:
            case ExportFormat::Turtle:
                o.rdf_files.push_back(f);
                break;
            case ExportFormat::ApocJsonl:
                o.apoc_files.push_back(f);
                break;
            default:
                (name.starts_with("nodes") ? o.node_files : o.edge_files).push_back(f);
        }
    }
    import_files(db, o);
}

// All files of an export, concatenated in the report's order.
std::string text_of(const ExportReport& report) {
    std::string all;
    for (const fs::path& f : report.files)
        all += f.filename().string() + "\n" + slurp(f);
    return all;
}

// Random values of every kind. Each property name holds one kind (p_<kind>_N), so what a
// format's typed columns and keys cannot say is a mix of kinds, tested apart.
class Values {
public:
    explicit Values(std::uint32_t seed) : rng_(seed) {}

    bool hostile = true;  // strings from every part below, else from the first only

    std::string text() {
        static const char* const parts[] = {
            "plain",       "say \"hi\"", ",",          ";",   "\n",   "\r\n", "\t",  "<b>&amp;</b>",
            "Азербайджан", "أذربيجان",   "阿塞拜疆",   "🇦🇿",  "\\",   "'",    " ",   "[x]",
            "{y}",         "%20",        "2022-05-18", "P1D", "null", "#",    "_:b", "<http://x/>"};
        std::string s;
        for (std::uint32_t n = rng_() % 4; n > 0; --n)
            s += parts[hostile ? rng_() % std::size(parts) : 0];
        return s;
    }

    Value scalar(int kind) {
        switch (kind) {
            case 0:
                return Value(std::int64_t(rng_() % 3 == 0 ? -1 - std::int64_t(rng_())
                                                          : std::int64_t(rng_() % 1000)));
            case 1: {
                static const double specials[] = {-0.0,
                                                  1e300,
                                                  -1e-300,
                                                  0.1,
                                                  2.5,
                                                  std::numeric_limits<double>::quiet_NaN(),
                                                  std::numeric_limits<double>::infinity()};
                return Value(specials[rng_() % std::size(specials)]);
            }
            case 2:
                return Value(rng_() % 2 == 0);
            case 3:
                return Value(text());
            case 4:
                return Value(make_date(1900 + int(rng_() % 200), 1 + rng_() % 12, 1 + rng_() % 28));
            case 5:
                return Value(LocalDateTime{std::int64_t(rng_() % 4'000'000'000) - 2'000'000'000,
                                           std::int32_t(rng_() % 1'000'000'000)});
            case 6:
                return Value(LocalTime{std::int64_t(rng_() % 86'400) * 1'000'000'000 + 1});
            case 7:
                return Value(Time{std::int64_t(rng_() % 86'400) * 1'000'000'000,
                                  std::int32_t(rng_() % 25 - 12) * 3600});
            case 8: {
                DateTime t;
                const char* const zones[] = {"2022-05-18T09:30:00.5+04:00",
                                             "2022-05-18T09:30+04:00[Asia/Baku]",
                                             "1880-01-01T12:00[Asia/Baku]"};
                EXPECT_TRUE(parse_datetime(zones[rng_() % 3], t));
                return Value(t);
            }
            default:
                return Value(Duration{std::int64_t(rng_() % 30), std::int64_t(rng_() % 40) - 5,
                                      std::int64_t(rng_() % 100'000), std::int32_t(rng_() % 3)});
        }
    }

    // A list of one kind (nested one level for nested kinds), or empty.
    Value list(int kind, bool nested) {
        List items;
        for (std::uint32_t n = rng_() % 4; n > 0; --n)
            items.push_back(nested ? list(kind, false) : scalar(kind));
        return Value(std::move(items));
    }

    std::uint32_t operator()() { return rng_(); }

private:
    std::mt19937 rng_;
};

constexpr int kinds = 10;

// A graph of 12 nodes and 20 edges; each property name p_K (scalar), l_K (list) and n_K (nested
// list) is present on a node or edge at random, and exotic at all only for some seeds, so that
// every format gets graphs it can hold and graphs it refuses.
void load_random(Database& db, std::uint32_t seed) {
    Values v(seed);
    const std::uint32_t allowed = v();  // bit k: kind k may appear in this graph
    v.hostile = (allowed >> 30 & 1) != 0;
    const bool nested = (allowed >> 31 & 1) != 0;
    auto props = [&](bool edge) {
        Properties p;
        for (int k = 0; k < kinds; ++k) {
            if ((allowed >> k & 1) == 0 || v() % 3 != 0) continue;
            p.emplace_back("p_" + std::to_string(k), v.scalar(k));
            if (v() % 2 == 0) p.emplace_back("l_" + std::to_string(k), v.list(k, false));
            if (nested && (allowed >> (k + kinds) & 1) != 0 && v() % 4 == 0)
                p.emplace_back("n_" + std::to_string(k), v.list(k, true));
        }
        if (!edge && v() % 4 != 0) p.emplace_back("key", Value("k" + std::to_string(v() % 100000)));
        return p;
    };
    db.update([&](WriteTransaction& txn) {
        std::vector<NodeId> nodes;
        for (int i = 0; i < 12; ++i) {
            std::vector<std::string> labels;
            if (v() % 5 != 0) labels.push_back(v() % 2 == 0 ? "A" : "B");
            if (v() % 6 == 0) labels.push_back("Über Label");
            Properties p = props(false);
            // Keys are unique: a repeated one is dropped.
            for (NodeId other : nodes) {
                const Value* k = find_property(p, "key");
                const std::optional<Node> node = txn.node(other);  // o points into it
                const Value* o = find_property(node->properties, "key");
                if (k != nullptr && o != nullptr && *k == *o) {
                    std::erase_if(p, [](const auto& e) { return e.first == "key"; });
                    break;
                }
            }
            nodes.push_back(txn.create_node(labels, p));
        }
        for (int i = 0; i < 20; ++i) {
            txn.create_edge(nodes[v() % nodes.size()], v() % 3 == 0 ? "T-1" : "REL",
                            nodes[v() % nodes.size()], props(true));
        }
    });
}

// The lines of an export without edge ids (GraphML's <edge id="eN">, APOC's relationship
// "id"): an import numbers edges in file order, but parallel edges of a node can come out of
// the copy's adjacency in another order than the source's, so only the ids differ.
std::vector<std::string> lines(const std::string& text) {
    static const std::regex edge_id(
        "^(    <edge id=\"e|\\{\"type\":\"relationship\",\"id\":\")[0-9]+");
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        out.push_back(std::regex_replace(text.substr(start, end - start), edge_id, "$1N"));
    out.push_back(text.substr(start));
    return out;
}

// Reports the first line where got and want differ, rather than both in full.
void expect_same(const std::vector<std::string>& got, const std::vector<std::string>& want,
                 const std::string& what) {
    const auto [g, w] = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
    if (g == got.end() && w == want.end()) return;
    ADD_FAILURE() << what << " differs at line " << (g - got.begin()) + 1 << " of " << got.size()
                  << " and " << want.size() << ":\n  " << (g != got.end() ? *g : "(end)") << "\n  "
                  << (w != want.end() ? *w : "(end)");
}

class FormatRoundTrip : public ::testing::TestWithParam<Format> {
protected:
    TempDir dir_;

    // Exports source and imports it into a fresh database, twice: true when the graph came back
    // the same and the two copies export the same text (the first export's ids are the
    // source's, which an import renumbers); false when the export refused the graph, having
    // written nothing.
    bool round_trip(const Database& source, const std::string& what) {
        const Format f = GetParam();
        const fs::path first = dir_.sub(what + "-first");
        ExportReport a;
        try {
            a = export_to(source, f.format, first);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Type) << what << ": " << e.what();
            EXPECT_TRUE(!fs::exists(first) || fs::is_empty(first)) << what << ": " << e.what();
            return false;
        }
        Database copy = Database::open(dir_.sub(what + "-copy"));
        import_back(copy, f.format, a);
        expect_same(dump(copy), dump(source), what + ": the graph");
        const ExportReport b = export_to(copy, f.format, dir_.sub(what + "-again"));
        Database second = Database::open(dir_.sub(what + "-second"));
        import_back(second, f.format, b);
        const ExportReport c = export_to(second, f.format, dir_.sub(what + "-last"));
        expect_same(lines(text_of(c)), lines(text_of(b)), what + ": the export");
        return true;
    }
};

TEST_P(FormatRoundTrip, TheExampleGraphComesBackWithTheSameExport) {
    Database db = Database::open(dir_.sub("example"));
    load_example(db, CASPIAN_EXAMPLES_DIR);
    EXPECT_TRUE(round_trip(db, "example"));
}

TEST_P(FormatRoundTrip, RandomGraphsComeBackOrAreRefusedUpFront) {
    int survived = 0, refused = 0;
    for (std::uint32_t seed = 1; seed <= 24; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Database db = Database::open(dir_.sub("random-" + std::to_string(seed)));
        load_random(db, seed);
        (round_trip(db, "seed" + std::to_string(seed)) ? survived : refused)++;
    }
    // Both outcomes occur, so neither half of the test is vacuous.
    EXPECT_GT(survived, 0);
    RecordProperty("survived", survived);
    RecordProperty("refused", refused);
}

INSTANTIATE_TEST_SUITE_P(Formats, FormatRoundTrip, ::testing::ValuesIn(formats),
                         [](const auto& p) { return std::string(p.param.name); });

// What a format cannot hold is refused before any file is written, naming the property.
TEST(FormatRefusals, EachFormatNamesWhatItCannotHold) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    expect_export_refused(ExportFormat::Csv, "csv", {{"l", Value(List{Value("a;b")})}},
                          "property 'l' holds ['a;b'], which CSV cannot hold");
    expect_export_refused(ExportFormat::Csv, "csv", {{"l", Value(List{Value("")})}},
                          "which CSV cannot hold");
    expect_export_refused(ExportFormat::Jsonl, "jsonl", {{"f", Value(List{Value(nan)})}},
                          "property 'f' holds [NaN], which JSON Lines cannot hold");
    expect_export_refused(ExportFormat::GraphML, "g.graphml", {{"f", Value(List{Value(nan)})}},
                          "property 'f' holds [NaN], which GraphML cannot hold");
}

// A node without labels, properties or edges is still in the RDF file, and comes back.
TEST(RdfExport, ABareIsolatedNodeIsWrittenAndReadBack) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    db.update([](WriteTransaction& txn) {
        txn.create_node({}, {});
        txn.create_node({"A"}, {{"key", Value("a")}});
    });
    const ExportReport r = export_graph(db, ExportFormat::NTriples, dir.sub("g.nt"));
    EXPECT_NE(slurp(dir.sub("g.nt"))
                  .find("<http://caspian.local/node/id/1> "
                        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                        "<http://www.w3.org/2000/01/rdf-schema#Resource> .\n"),
              std::string::npos)
        << slurp(dir.sub("g.nt"));
    Database copy = Database::open(dir.sub("copy"));
    import_back(copy, ExportFormat::NTriples, r);
    EXPECT_EQ(dump(copy), dump(db));
    EXPECT_EQ(dump(copy).size(), 2U);
}

// A literal its datatype rejects is a type error at the line of its statement.
TEST(RdfImport, ATypeErrorNamesTheLineOfItsStatement) {
    TempDir dir;
    for (const auto& [name, text, line] : {
             std::tuple{"bad.nt",
                        std::string("<http://x/a> <http://x/n> \"1\"^^"
                                    "<http://www.w3.org/2001/XMLSchema#integer> .\n"
                                    "<http://x/a> <http://x/m> \"2\" .\n"
                                    "<http://x/b> <http://x/n> \"seven\"^^"
                                    "<http://www.w3.org/2001/XMLSchema#integer> .\n"),
                        std::size_t{3}},
             std::tuple{"bad.ttl",
                        std::string("@prefix x: <http://x/> .\n"
                                    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                                    "x:a x:n 1 ;\n"
                                    "    x:text \"\"\"two\nlines\"\"\" ;\n"
                                    "    x:d \"2022-13-45\"^^xsd:date .\n"),
                        std::size_t{6}},  // the literal before it spans lines 4 and 5
             std::tuple{"next.ttl",
                        std::string("@prefix x: <http://x/> .\n"
                                    "x:a x:n \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                                    "x:a x:m \"x\"^^<http://www.w3.org/2001/XMLSchema#boolean>\n"
                                    "\n"
                                    ".\n"
                                    "x:b x:n 2 .\n"),
                        std::size_t{3}},
         }) {
        caspian::testing::write(dir.sub(name), text);
        Database db = Database::open(dir.sub(std::string("db-") + name));
        ImportOptions o;
        o.rdf_files = {dir.sub(name)};
        try {
            import_files(db, o);
            ADD_FAILURE() << name << ": no error";
        } catch (const ImportError& e) {
            EXPECT_EQ(e.row().kind, ErrorKind::Type) << name;
            EXPECT_EQ(e.row().line, line) << name << ": " << e.row().message;
        }
        EXPECT_TRUE(dump(db).empty()) << name;
    }
}

}  // namespace
}  // namespace caspian
