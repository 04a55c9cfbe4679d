// The RDF and GraphML files of `caspian export` read by the tools people use (issue #21):
// rapper (raptor2-utils), serdi and rdflib for N-Triples and Turtle, Oxigraph (npm) for the RDF
// 1.2 output, networkx and igraph for GraphML; and the files those tools' users have read back by
// `caspian import`. scripts/setup installs the tools: a missing one fails under CI and skips
// elsewhere.
#include "support/cli_fixture.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>

namespace caspian::testing {
namespace {

namespace fs = std::filesystem;

class RdfTools : public CliTest {
protected:
    // False (and the test skipped) when program is not on PATH outside CI; a failure in CI.
    bool have(const std::string& program) {
        const Outcome o = run_binary("sh", {"-c", "command -v " + program}, dir.path());
        if (o.code == 0) return true;
        if (std::getenv("CI") != nullptr) {
            ADD_FAILURE() << program << " is missing: scripts/setup installs it";
        }
        return false;
    }

    Outcome tool(const std::string& program, const std::vector<std::string>& args) {
        return run_binary(program, args, dir.path());
    }

    void load_example() {
        const Outcome o =
            run({"run", db, std::string(CASPIAN_EXAMPLES_DIR) + "/azerbaijan-visit.cq"});
        ASSERT_EQ(o.code, 0) << o.err;
    }

    // Exports db to file; returns the triple count it reports ("(N triples)").
    std::uint64_t export_rdf(const std::string& from, const fs::path& file,
                             const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"export", from, "--out", file.string(), "--force"};
        args.insert(args.end(), extra.begin(), extra.end());
        const Outcome o = run(args);
        EXPECT_EQ(o.code, 0) << o.err;
        std::smatch m;
        if (!std::regex_search(o.err, m, std::regex("\\((\\d+) triples\\)"))) {
            ADD_FAILURE() << o.err;
            return 0;
        }
        return std::stoull(m[1]);
    }

    // rapper's count of the triples of file (it prints "Parsing returned N triples").
    std::uint64_t rapper_count(const fs::path& file, const char* syntax) {
        const Outcome o = tool("rapper", {"-i", syntax, "-c", file.string()});
        EXPECT_EQ(o.code, 0) << o.err;
        std::smatch m;
        if (!std::regex_search(o.err, m, std::regex("returned (\\d+) triple"))) {
            ADD_FAILURE() << o.err;
            return 0;
        }
        return std::stoull(m[1]);
    }

    // serdi's count: it writes one N-Triples line per statement.
    std::uint64_t serdi_count(const fs::path& file, const char* syntax) {
        const Outcome o = tool("serdi", {"-i", syntax, "-o", "ntriples", file.string()});
        EXPECT_EQ(o.code, 0) << o.err;
        EXPECT_EQ(o.err, "");
        return static_cast<std::uint64_t>(std::count(o.out.begin(), o.out.end(), '\n'));
    }

    std::string python(const std::string& script, const std::vector<std::string>& args = {}) {
        write(dir.path() / "script.py", script);
        std::vector<std::string> all = {(dir.path() / "script.py").string()};
        all.insert(all.end(), args.begin(), args.end());
        const Outcome o = tool("/usr/bin/python3", all);
        EXPECT_EQ(o.code, 0) << o.err;
        return o.out;
    }
};

TEST_F(RdfTools, RapperSerdiAndRdflibReadTheExampleAndCountItsTriples) {
    if (!have("rapper") || !have("serdi") || !have("/usr/bin/python3")) GTEST_SKIP();
    load_example();
    for (const auto& [name, rapper, serdi, rdflib] :
         {std::tuple{"g.nt", "ntriples", "ntriples", "nt"},
          std::tuple{"g.ttl", "turtle", "turtle", "turtle"}}) {
        const fs::path file = dir.path() / name;
        const std::uint64_t reported = export_rdf(db, file);
        EXPECT_GT(reported, 500U) << name;
        EXPECT_EQ(rapper_count(file, rapper), reported) << name;
        EXPECT_EQ(serdi_count(file, serdi), reported) << name;
        const std::string n = python(
            "import rdflib, sys\n"
            "g = rdflib.Graph()\n"
            "g.parse(sys.argv[1], format=sys.argv[2])\n"
            "print(len(g))\n",
            {file.string(), rdflib});
        EXPECT_EQ(n, std::to_string(reported) + "\n") << name;
    }
}

TEST_F(RdfTools, TheExampleSurvivesExportImportExport) {
    load_example();
    for (const char* name : {"g.nt", "g.ttl"}) {
        const fs::path first = dir.path() / name;
        const fs::path second = dir.path() / (std::string("again-") + name);
        const std::string copy = (dir.path() / (std::string("copy-") + name)).string();
        export_rdf(db, first);
        const Outcome o = run({"import", copy, "--rdf", first.string()});
        ASSERT_EQ(o.code, 0) << o.err;
        export_rdf(copy, second);
        EXPECT_EQ(slurp(second), slurp(first)) << name;
    }
}

TEST_F(RdfTools, RdfTwelveOutputUsesTripleTermsThatRdfElevenToolsRefuse) {
    if (!have("serdi")) GTEST_SKIP();
    load_example();
    const fs::path file = dir.path() / "g12.nt";
    export_rdf(db, file, {"--rdf-version", "1.2"});
    const std::string text = slurp(file);
    EXPECT_NE(text.find("<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( "),
              std::string::npos);
    EXPECT_EQ(text.find("rdf-syntax-ns#Statement"), std::string::npos);
    // Why 1.1 is the default: Debian's serd (0.30) does not read RDF 1.2 (docs/import-export.md).
    EXPECT_NE(tool("serdi", {"-i", "ntriples", file.string()}).code, 0);
}

// Oxigraph (npm `oxigraph`, an RDF 1.2 store) loads the 1.2 output and its SPARQL answers equal
// the Cypher answers: the visits Azerbaijan hosts, and the goods Belarus exports with the year
// kept on the edge (read through the rdf:reifies triple term). npm installs it once into
// CASPIAN_NPM_DIR (in the build tree); without the registry the test skips outside CI.
TEST_F(RdfTools, OxigraphLoadsTheRdfTwelveExportAndAnswersAsCypher) {
    if (!have("node") || !have("npm")) GTEST_SKIP();
    const fs::path npm_dir = CASPIAN_NPM_DIR;
    if (!fs::exists(npm_dir / "node_modules" / "oxigraph")) {
        fs::create_directories(npm_dir);
        const Outcome o = run_binary(
            "npm",
            {"install", "--prefix", npm_dir.string(), "--no-audit", "--no-fund", "oxigraph@0.5"},
            dir.path(), RunOptions{std::nullopt, 300, false});
        if (o.code != 0) {
            if (std::getenv("CI") != nullptr) FAIL() << "npm install oxigraph failed: " << o.err;
            GTEST_SKIP() << "npm cannot install oxigraph (no registry?): " << o.err;
        }
    }
    load_example();
    const fs::path file = dir.path() / "g12.nt";
    const std::uint64_t reported = export_rdf(db, file, {"--rdf-version", "1.2"});
    write(
        dir.path() / "q.js",
        "const ox = require(process.argv[2]);\n"
        "const store = new ox.Store();\n"
        "store.load(require('fs').readFileSync(process.argv[3], 'utf8'),\n"
        "           { format: 'application/n-triples' });\n"
        "console.log(store.size);\n"
        "const pre = 'PREFIX p: <http://caspian.local/property/> '\n"
        "  + 'PREFIX t: <http://caspian.local/type/> PREFIX n: <http://caspian.local/node/> '\n"
        "  + 'PREFIX l: <http://caspian.local/label/> '\n"
        "  + 'PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ';\n"
        "for (const b of store.query(pre + 'SELECT ?k WHERE { ?v a l:Visit ; t:HOST n:AZ ; '\n"
        "    + 'p:key ?k } ORDER BY ?k')) console.log(b.get('k').value);\n"
        "for (const b of store.query(pre + 'SELECT ?name ?year WHERE { n:BY t:EXPORTS ?g . '\n"
        "    + '?g p:name ?name . ?r rdf:reifies <<( n:BY t:EXPORTS ?g )>> ; p:year ?year } '\n"
        "    + 'ORDER BY ?name')) console.log(b.get('name').value + ',' + b.get('year').value);\n");
    const Outcome ox =
        tool("node", {(dir.path() / "q.js").string(),
                      (npm_dir / "node_modules" / "oxigraph").string(), file.string()});
    ASSERT_EQ(ox.code, 0) << ox.err;
    auto cypher = [&](const std::string& query) {
        const Outcome o = run({"query", db, "--format", "csv", query});
        EXPECT_EQ(o.code, 0) << o.err;
        std::string rows = o.out.substr(o.out.find('\n') + 1);  // without the header
        rows.erase(std::remove(rows.begin(), rows.end(), '\r'), rows.end());
        return rows;
    };
    const std::string visits =
        cypher("MATCH (v:Visit)-[:HOST]->(:Country {key: 'AZ'}) RETURN v.key ORDER BY v.key");
    const std::string goods = cypher(
        "MATCH (:Country {key: 'BY'})-[e:EXPORTS]->(g) RETURN g.name, e.year ORDER BY g.name");
    EXPECT_EQ(std::count(goods.begin(), goods.end(), '\n'), 9);
    EXPECT_EQ(ox.out, std::to_string(reported) + "\n" + visits + goods);
}

TEST_F(RdfTools, AnImportErrorNamesFileLineAndColumnAndCreatesNoDatabase) {
    write(dir.path() / "bad.ttl",
          "@prefix ex: <http://example.org/> .\n"
          "ex:a ex:p ex:b .\n"
          "ex:a ex:p \"open .\n");
    const Outcome o = run({"import", db, "--rdf", (dir.path() / "bad.ttl").string()});
    EXPECT_EQ(o.code, 1);
    EXPECT_NE(o.err.find("bad.ttl:3:"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("syntax error: "), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("nothing was written"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(db));
}

using RdfToolsSlow = RdfTools;

TEST_F(RdfToolsSlow, A100kNodeExportIsReadByRapperAndSerdi) {
    if (!have("rapper") || !have("serdi")) GTEST_SKIP();
    {
        std::ofstream nodes(dir.path() / "nodes.csv"), edges(dir.path() / "edges.csv");
        nodes << "key:ID,:LABEL,n:int,name\n";
        edges << ":START_ID,:END_ID,:TYPE,w:float\n";
        for (int i = 0; i < 100'000; ++i) {
            nodes << "k" << i << ",L" << i % 7 << "," << i << ",\"name " << i << "\"\n";
            edges << "k" << i << ",k" << (i * 7919 + 13) % 100'000 << ",T,0." << i % 10 << "\n";
        }
    }
    const Outcome o = run({"import", db, "--nodes", (dir.path() / "nodes.csv").string(), "--edges",
                           (dir.path() / "edges.csv").string()});
    ASSERT_EQ(o.code, 0) << o.err;
    const fs::path file = dir.path() / "big.nt";
    const std::uint64_t reported = export_rdf(db, file);
    EXPECT_EQ(reported, 100'000U * 4 + 100'000U * 6);  // per node 4; per edge 1 + reifier 5
    EXPECT_EQ(rapper_count(file, "ntriples"), reported);
    EXPECT_EQ(serdi_count(file, "ntriples"), reported);
}

TEST_F(RdfTools, NetworkxReadsTheGraphmlExportAndItsOwnGraphmlImports) {
    if (!have("/usr/bin/python3")) GTEST_SKIP();
    load_example();
    const fs::path g = dir.path() / "g.graphml";
    ASSERT_EQ(run({"export", db, "--out", g.string()}).code, 0);
    EXPECT_EQ(python("import networkx as nx, sys\n"
                     "g = nx.read_graphml(sys.argv[1])\n"
                     "d = g.nodes['n1']\n"
                     "print(g.number_of_nodes(), g.number_of_edges(), d['labels'], d['key'])\n"
                     "print(sorted({type(v).__name__ for _, v in g.nodes(data='duration_days') "
                     "if v is not None}))\n",
                     {g.string()}),
              "49 76 :Article:Source article-2022-05-16\n['int']\n");
    python(
        "import networkx as nx, sys\n"
        "g = nx.MultiDiGraph()\n"
        "g.add_node('baku', name='Baku', population=2300000, capital=True, area=2140.0)\n"
        "g.add_node('minsk', name='Minsk')\n"
        "g.add_edge('minsk', 'baku', label='FLIGHT', hours=3.5)\n"
        "g.add_edge('minsk', 'baku', label='FLIGHT', hours=4.0)\n"
        "nx.write_graphml(g, sys.argv[1])\n",
        {(dir.path() / "nx.graphml").string()});
    const std::string copy = (dir.path() / "nx-db").string();
    const Outcome o = run({"import", copy, "--graphml", (dir.path() / "nx.graphml").string()});
    ASSERT_EQ(o.code, 0) << o.err;
    const Outcome q = run({"query", copy, "--format", "csv",
                           "MATCH (a {key: 'minsk'})-[f:FLIGHT]->(b) RETURN b.name, "
                           "b.population, b.capital, b.area, f.hours ORDER BY f.hours"});
    EXPECT_EQ(q.out,
              "b.name,b.population,b.capital,b.area,f.hours\r\n"
              "Baku,2300000,true,2140.0,3.5\r\nBaku,2300000,true,2140.0,4.0\r\n")
        << q.err;
}

// igraph keeps numbers as doubles: a long key reads back as a float, and igraph's own numbers
// (attr.type="double") import as floats.
TEST_F(RdfTools, IgraphReadsTheGraphmlExportAndItsOwnGraphmlImports) {
    if (!have("/usr/bin/python3")) GTEST_SKIP();
    load_example();
    const fs::path g = dir.path() / "g.graphml";
    ASSERT_EQ(run({"export", db, "--out", g.string()}).code, 0);
    EXPECT_EQ(python("import igraph, sys\n"
                     "g = igraph.Graph.Read_GraphML(sys.argv[1])\n"
                     "v = g.vs.find(id='n1')\n"
                     "print(g.vcount(), g.ecount(), g.is_directed(), v['labels'], v['key'])\n"
                     "print(sorted({type(x).__name__ for x in g.vs['duration_days'] if x == x}),"
                     " 'ASSEMBLES' in set(g.es['type']))\n",
                     {g.string()}),
              "49 76 True :Article:Source article-2022-05-16\n['float'] True\n");
    python(
        "import igraph, sys\n"
        "g = igraph.Graph(directed=True)\n"
        "g.add_vertices(2)\n"
        "g.vs['name'] = ['Minsk', 'Baku']\n"
        "g.vs['population'] = [1900000, 2300000]\n"
        "g.add_edges([(0, 1), (0, 1)])\n"
        "g.es['label'] = ['FLIGHT', 'FLIGHT']\n"
        "g.es['hours'] = [3.5, 4.0]\n"
        "g.write_graphml(sys.argv[1])\n",
        {(dir.path() / "ig.graphml").string()});
    const std::string copy = (dir.path() / "ig-db").string();
    const Outcome o = run({"import", copy, "--graphml", (dir.path() / "ig.graphml").string()});
    ASSERT_EQ(o.code, 0) << o.err;
    const Outcome q = run({"query", copy, "--format", "csv",
                           "MATCH (a)-[f:FLIGHT]->(b) RETURN a.name, b.name, b.population, "
                           "f.hours ORDER BY f.hours"});
    EXPECT_EQ(q.out,
              "a.name,b.name,b.population,f.hours\r\n"
              "Minsk,Baku,2300000.0,3.5\r\nMinsk,Baku,2300000.0,4.0\r\n")
        << q.err;
}

}  // namespace
}  // namespace caspian::testing
