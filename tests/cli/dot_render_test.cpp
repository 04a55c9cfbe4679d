// Graphviz reads what caspian writes as DOT (#21): `dot -Tsvg` exits 0 on the example graph's
// `caspian export --format dot` and on `caspian query ... --format dot` results whose names,
// keys and types hold quotes, backslashes, newlines, HTML and non-Latin scripts; and the checked-in
// docs/example-graph.svg is the example graph's drawing. Without `dot` the tests skip, except
// under CI, where they fail.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::run_binary;
using caspian::testing::slurp;
using caspian::testing::write;

const fs::path source_dir{CASPIAN_SOURCE_DIR};

class DotRender : public caspian::testing::CliTest {
protected:
    void SetUp() override {
        if (run_binary("dot", {"-V"}, dir.path()).code == 0) return;
        if (std::getenv("CI") != nullptr) FAIL() << "graphviz's dot is missing (scripts/setup)";
        GTEST_SKIP() << "graphviz's dot is not installed";
    }

    // Renders a DOT text with `dot -Tsvg`; returns the SVG, failing the test when dot does.
    std::string render(const std::string& dot_text, const std::string& what) {
        const fs::path file = dir.sub("in.dot");
        write(file, dot_text);
        const Outcome o = run_binary("dot", {"-Tsvg", file.string()}, dir.path());
        EXPECT_EQ(o.code, 0) << what << "\n" << o.err << "\n" << dot_text;
        EXPECT_EQ(o.err, "") << what;
        return o.out;
    }
};

TEST_F(DotRender, ExampleGraphExportRenders) {
    ASSERT_EQ(run({"run", db, (source_dir / "examples/azerbaijan-visit.cq").string()}).code, 0);
    const fs::path out = dir.sub("example.dot");
    const Outcome o = run({"export", db, "--format", "dot", "--out", out.string()});
    ASSERT_EQ(o.code, 0) << o.err;
    const std::string svg = render(slurp(out), "the example graph");
    for (const char* label : {">visit&#45;2022&#45;05&#45;18<", ">AZ<", ">BY<", ">HOST<"})
        EXPECT_NE(svg.find(label), std::string::npos) << label;
    // docs/example-graph.svg is this drawing (regenerate it as docs/import-export.md says).
    const std::string checked_in = slurp(source_dir / "docs/example-graph.svg");
    for (const char* label : {">visit&#45;2022&#45;05&#45;18<", ">AZ<", ">BY<", ">HOST<"})
        EXPECT_NE(checked_in.find(label), std::string::npos) << label;
    EXPECT_NE(checked_in.find("<svg"), std::string::npos);
}

// Pieces of text that break naive DOT writers: quotes, backslashes (before n, l, r, G too),
// line ends, HTML and entities, braces and arrows, and right-to-left and CJK scripts.
const std::vector<std::string> hostile = {
    "\"",    "\\",  "\\n", "\\l", "\\G",       "\n",    "\r\n",   "<b>&amp;</b>",
    "<<x>>", "{",   "}",   "->",  ";",         "Ж",     "Привет", "مرحبا",
    "你好",  "a b", "'",   "=",   "[label=x]", "&#34;",
};

// A Cypher string literal holding s.
std::string cypher_string(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\\' || c == '\'') out += '\\';
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// A name from 1 to 4 hostile pieces.
std::string hostile_text(std::mt19937& rng) {
    std::string out;
    const int pieces = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < pieces; ++i)
        out += hostile[rng() % hostile.size()];
    return out;
}

TEST_F(DotRender, HostileResultsRender) {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
        std::mt19937 rng(seed);
        const std::string seed_db = dir.sub("db" + std::to_string(seed)).string();
        std::string create = "CREATE ";
        for (int i = 0; i < 6; ++i) {
            // Keys, names or neither: dot_label draws the key, else the name, else the id.
            const char* prop = i % 3 == 0 ? "key" : (i % 3 == 1 ? "name" : "other");
            create += std::string(i > 0 ? ", " : "") + "(n" + std::to_string(i) + ":T {" + prop +
                      ": " + cypher_string(hostile_text(rng) + std::to_string(i)) + "})";
        }
        // Longer than the 16384 bytes graphviz reads in one quoted string: cut for drawing.
        create += ", (:T {name: " +
                  cypher_string(std::string(9000, 'x') + "Привет你好" + std::string(12000, '"')) +
                  "})";
        for (int i = 0; i < 8; ++i) {
            std::string type = hostile_text(rng);
            std::string quoted;
            for (char c : type)
                quoted += c == '`' ? std::string("``") : std::string(1, c);
            create += ", (n" + std::to_string(rng() % 6) + ")-[:`" + quoted + "`]->(n" +
                      std::to_string(rng() % 6) + ")";
        }
        const Outcome made = run({"query", seed_db, create});
        ASSERT_EQ(made.code, 0) << "seed " << seed << ": " << made.err << "\n" << create;
        for (const char* q : {"MATCH (a)-[r]->(b) RETURN a, r, b", "MATCH p = ()-[]->() RETURN p",
                              "MATCH ()-[r]->() RETURN r"}) {
            const Outcome o = run({"query", seed_db, q, "--format", "dot"});
            ASSERT_EQ(o.code, 0) << o.err;
            EXPECT_NE(o.out.find("->"), std::string::npos) << o.out;
            render(o.out, "seed " + std::to_string(seed) + ": " + q);
        }
        const fs::path out = dir.sub("export" + std::to_string(seed) + ".dot");
        ASSERT_EQ(run({"export", seed_db, "--format", "dot", "--out", out.string()}).code, 0);
        render(slurp(out), "seed " + std::to_string(seed) + ": export");
    }
}

}  // namespace
