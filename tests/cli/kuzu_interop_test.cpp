// `caspian export --format kuzu` loaded into Kùzu 0.11.3 (npm, pinned by bench/kuzu's lock file)
// through tests/cli/kuzu_interop.mjs, and the same questions asked of both engines (#21): the
// example graph, hostile strings, the benchmark generator's graph with caspian-bench's check
// values, the medium benchmark graph (label `slow`), and the values the export refuses up front.
#include "support/cli_fixture.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace caspian::testing {
namespace {

namespace fs = std::filesystem;

// CSV's CRLF row ends (and a CRLF inside a value, on both sides alike) as LF.
std::string lf(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r' || i + 1 >= text.size() || text[i + 1] != '\n') out += text[i];
    }
    return out;
}

// One question in caspian's dialect and in Kùzu's (labels are the caspian_labels list there).
struct Question {
    std::string caspian, kuzu;
};

class KuzuInterop : public CliTest {
protected:
    // The kuzu package directory, installed once into the build tree with `npm ci` from
    // bench/kuzu's package-lock.json; empty when npm or the registry is missing (a failure
    // under CI, where scripts/setup provides both).
    fs::path kuzu_package() {
        const fs::path npm_dir = CASPIAN_KUZU_NPM_DIR;
        const fs::path pkg = npm_dir / "node_modules" / "kuzu";
        if (fs::exists(pkg / "kuzujs.node")) return pkg;
        std::string why;
        if (run_binary("sh", {"-c", "command -v node && command -v npm"}, dir.path()).code != 0) {
            why = "node or npm is missing";
        } else {
            fs::create_directories(npm_dir);
            for (const char* f : {"package.json", "package-lock.json"}) {
                fs::copy_file(fs::path(CASPIAN_SOURCE_DIR) / "bench" / "kuzu" / f, npm_dir / f,
                              fs::copy_options::overwrite_existing);
            }
            const Outcome o =
                run_binary("npm", {"ci", "--prefix", npm_dir.string(), "--no-audit", "--no-fund"},
                           dir.path(), RunOptions{std::nullopt, 300, false});
            if (o.code == 0 && fs::exists(pkg / "kuzujs.node")) return pkg;
            why = "npm ci of kuzu@0.11.3 failed (no registry?): " + o.err;
        }
        if (std::getenv("CI") != nullptr) ADD_FAILURE() << why;
        return {};
    }

    void load_example() {
        const Outcome o =
            run({"run", db, std::string(CASPIAN_SOURCE_DIR) + "/examples/azerbaijan-visit.cq"});
        ASSERT_EQ(o.code, 0) << o.err;
    }

    // Exports from into directory out as kuzu; returns its schema.cypher.
    fs::path export_kuzu(const std::string& from, const fs::path& out) {
        const Outcome o = run({"export", from, "--format", "kuzu", "--out", out.string()});
        EXPECT_EQ(o.code, 0) << o.err;
        return out / "schema.cypher";
    }

    // Loads schema into a new Kùzu database and answers the Kùzu side of the questions.
    Outcome kuzu(const fs::path& pkg, const fs::path& schema, const std::vector<Question>& qs) {
        std::string lines;
        for (const Question& q : qs)
            lines += q.kuzu + "\n";
        write(dir.path() / "kuzu-queries.txt", lines);
        return run_binary("node",
                          {std::string(CASPIAN_SOURCE_DIR) + "/tests/cli/kuzu_interop.mjs",
                           pkg.string(), schema.string(), (dir.path() / "kuzu.db").string(),
                           (dir.path() / "kuzu-queries.txt").string()},
                          dir.path(), RunOptions{std::nullopt, 300, false});
    }

    // caspian's answers in the script's form: CSV rows without header, "--" after each query.
    std::string caspian(const std::string& from, const std::vector<Question>& qs) {
        std::string all;
        for (const Question& q : qs) {
            const Outcome o = run({"query", from, "--format", "csv", q.caspian});
            EXPECT_EQ(o.code, 0) << q.caspian << "\n" << o.err;
            all += lf(o.out.substr(std::min(o.out.size(), o.out.find('\n') + 1))) + "--\n";
        }
        return all;
    }
};

// Each side's list of labels; the rest of each question is written once.
const std::vector<Question> example_questions = {
    {"MATCH (v:Visit)-[:HOST]->(c:Country) WHERE c.key = 'AZ' RETURN v.key ORDER BY v.key",
     "MATCH (v)-[:HOST]->(c) WHERE list_contains(v.caspian_labels, 'Visit') AND "
     "list_contains(c.caspian_labels, 'Country') AND c.key = 'AZ' RETURN v.key ORDER BY v.key"},
    {"MATCH (b:Country)-[e:EXPORTS]->(g) WHERE b.key = 'BY' RETURN g.name, e.year "
     "ORDER BY g.name, e.year",
     "MATCH (b)-[e:EXPORTS]->(g) WHERE list_contains(b.caspian_labels, 'Country') AND "
     "b.key = 'BY' RETURN g.name, e.year ORDER BY g.name, e.year"},
    {"MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l",
     "MATCH (n) UNWIND n.caspian_labels AS l RETURN l, count(*) AS c ORDER BY l"},
    {"MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t",
     "MATCH ()-[r]->() RETURN label(r) AS t, count(*) AS c ORDER BY t"},
    {"MATCH (n) RETURN count(*)", "MATCH (n) RETURN count(*)"},
    {"MATCH (a)-[]->(b)-[]->(c) WHERE a.key = 'visit-2022-05-18' "
     "RETURN c.key AS k, count(*) AS n ORDER BY k, n",
     "MATCH (a)-[]->(b)-[]->(c) WHERE a.key = 'visit-2022-05-18' "
     "RETURN c.key AS k, count(*) AS n ORDER BY k, n"},
    {"MATCH (a)-[]->()-[]->(c) RETURN count(*), count(DISTINCT c)",
     "MATCH (a)-[]->()-[]->(c) RETURN count(*), count(DISTINCT c)"},
};

TEST_F(KuzuInterop, TheExampleGraphAnswersTheSameInKuzu) {
    const fs::path pkg = kuzu_package();
    if (pkg.empty()) GTEST_SKIP() << "no kuzu package";
    load_example();
    const fs::path schema = export_kuzu(db, dir.path() / "kz");
    const Outcome k = kuzu(pkg, schema, example_questions);
    ASSERT_EQ(k.code, 0) << k.err;
    const std::string answers = caspian(db, example_questions);
    EXPECT_EQ(k.out, answers);
    // Not vacuous: Azerbaijan hosts a visit, Belarus exports goods, every label is counted.
    EXPECT_NE(answers.find("visit-2022-05-18\n--\n"), std::string::npos) << answers;
    EXPECT_GE(std::count(answers.begin(), answers.end(), '\n'), 40) << answers;
}

TEST_F(KuzuInterop, HostileStringsAndEveryKindKuzuHoldsArriveUnchanged) {
    const fs::path pkg = kuzu_package();
    if (pkg.empty()) GTEST_SKIP() << "no kuzu package";
    const std::vector<std::string> strings = {
        "say \"hi\", then go",
        "two\nlines\r\nand a tab\t.",
        "<b>&amp;</b> <script>",
        "Азербайджан — Беларусь",
        "أذربيجان",
        "阿塞拜疆 🇦🇿",
        "back\\slash \\N",
        "  outer spaces  ",
        "'single' `tick` [x] {y}",
        "NULL",
        "a lone\rreturn",
    };
    std::string create;
    for (std::size_t i = 0; i < strings.size(); ++i) {
        std::string lit = "'";
        for (char c : strings[i]) {
            if (c == '\\' || c == '\'') lit += '\\';
            lit += c == '\n'   ? std::string("\\n")
                   : c == '\r' ? std::string("\\r")
                   : c == '\t' ? std::string("\\t")
                               : std::string(1, c);
        }
        lit += "'";
        create += "CREATE (:T {i: " + std::to_string(i) + ", s: " + lit +
                  ", l: ['a', 'Ж', 'b-c'], nested: [[1, 2], [], [3]], f: 1e300, z: -0.0, "
                  "d: date('2022-05-18'), ts: localdatetime('2022-05-18T09:30:00.123456789'), "
                  "dur: duration('P1Y2M3DT4H5M6.000007S'), ok: true})\n";
    }
    ASSERT_EQ(
        run({"query", db, create + "CREATE (a {i: 100})-[:R {w: [0.5, 2.0]}]->(b:T:U {i: 101})"})
            .code,
        0);
    const std::vector<Question> qs = {
        {"MATCH (n:T) RETURN n.i, n.s, size(n.l), n.l[1], size(n.nested), n.nested[2][0], "
         "n.f = 1e300, n.d.year, n.ok ORDER BY n.i",
         "MATCH (n) WHERE list_contains(n.caspian_labels, 'T') RETURN n.i, n.s, size(n.l), "
         "n.l[2], size(n.nested), n.nested[3][1], n.f = 1e300, date_part('year', n.d), n.ok "
         "ORDER BY n.i"},
        {"MATCH (a)-[r:R]->(b) RETURN a.i, size(labels(a)), r.w[1] = 2.0, b.i",
         "MATCH (a)-[r:R]->(b) RETURN a.i, size(a.caspian_labels), r.w[2] = 2.0, b.i"},
    };
    const Outcome k = kuzu(pkg, export_kuzu(db, dir.path() / "kz"), qs);
    ASSERT_EQ(k.code, 0) << k.err;
    const std::string answers = caspian(db, qs);
    EXPECT_EQ(lf(k.out), answers);
    EXPECT_NE(answers.find("\"say \"\"hi\"\", then go\""), std::string::npos) << answers;
}

// The benchmark generator's graph (issue #8; small here, the medium one below and by the command in
// docs/scale-out.md) through caspian import and export --format kuzu into Kùzu, where
// bench/kuzu/run.mjs runs caspian-bench's workloads: each check value equals the one
// caspian-bench computes on caspian (and SQLite) from the generator's files.
TEST_F(KuzuInterop, TheBenchmarkGraphGivesCaspianBenchsCheckValuesInKuzu) {
#if defined(CASPIAN_GEN) && defined(CASPIAN_BENCH)
    const fs::path pkg = kuzu_package();
    if (pkg.empty()) GTEST_SKIP() << "no kuzu package";
    const fs::path csv = dir.path() / "csv", work = dir.path() / "work";
    ASSERT_EQ(run_binary(CASPIAN_GEN, {"--scale", "1000", "--seed", "8", "--out", csv.string()},
                         dir.path())
                  .code,
              0);
    const std::vector<std::string> bench = {"--data",    csv.string(), "--work",   work.string(),
                                            "--sample",  "100",        "--repeat", "1",
                                            "--timeout", "120"};
    std::vector<std::string> args = bench;
    args.push_back("--strict");
    const Outcome b =
        run_binary(CASPIAN_BENCH, args, dir.path(), RunOptions{std::nullopt, 300, false});
    ASSERT_EQ(b.code, 0) << b.out << b.err;
    // caspian-bench's table: "| W2 point lookups ... | 00000000deadbeef |", the agreed value.
    std::map<std::string, std::uint64_t> expected;
    const std::regex row("\\| (W[0-9]+b?) [^\\n]*\\| ([0-9a-f]{16}) \\|\\n");
    for (std::sregex_iterator it(b.out.begin(), b.out.end(), row), end; it != end; ++it)
        expected[(*it)[1]] = std::stoull((*it)[2], nullptr, 16);
    EXPECT_GE(expected.size(), 7U) << b.out;
    args = bench;
    args.insert(args.end(), {"--skip-load", "--print-workloads"});
    const Outcome w =
        run_binary(CASPIAN_BENCH, args, dir.path(), RunOptions{std::nullopt, 300, false});
    ASSERT_EQ(w.code, 0) << w.err;
    write(dir.path() / "workloads.json", w.out);

    std::vector<std::string> import = {"import", db};
    for (const auto& entry : fs::directory_iterator(csv)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".csv") continue;  // manifest.txt
        import.push_back(name.starts_with("nodes") ? "--nodes" : "--edges");
        import.push_back(entry.path().string());
    }
    const Outcome i = run(import);
    ASSERT_EQ(i.code, 0) << i.err;
    const Outcome k = kuzu(pkg, export_kuzu(db, dir.path() / "kz"), {});
    ASSERT_EQ(k.code, 0) << k.err;
    // run.mjs imports "kuzu": a copy beside the installed package resolves it.
    const fs::path run_mjs = fs::path(CASPIAN_KUZU_NPM_DIR) / "run.mjs";
    fs::copy_file(fs::path(CASPIAN_SOURCE_DIR) / "bench" / "kuzu" / "run.mjs", run_mjs,
                  fs::copy_options::overwrite_existing);
    const Outcome r =
        run_binary("node",
                   {run_mjs.string(), "--workloads", (dir.path() / "workloads.json").string(),
                    "--data", csv.string(), "--db", (dir.path() / "kuzu.db").string(),
                    "--skip-load", "--repeat", "1", "--timeout", "120"},
                   dir.path(), RunOptions{std::nullopt, 300, false});
    ASSERT_EQ(r.code, 0) << r.err;
    std::map<std::string, std::uint64_t> got;
    const std::regex run_line("run\\t(W[0-9]+b?)\\t([0-9]+)\\t");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), run_line), end; it != end; ++it)
        got[(*it)[1]] = std::stoull((*it)[2]);
    EXPECT_EQ(got, expected) << r.out << r.err;
    EXPECT_NE(r.out.find("counts\t1000\t5000"), std::string::npos) << r.out;
#else
    GTEST_SKIP() << "built without the benchmarks (CASPIAN_BUILD_BENCH=OFF)";
#endif
}

// What Kùzu would read back changed, or not at all, is refused before anything is written.
TEST_F(KuzuInterop, WhatKuzuCannotHoldIsRefusedUpFront) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"CREATE (:A {t: datetime('2022-05-18T09:30+04:00')})", "property 't' holds"},
        {"CREATE (:A {t: time('09:30+04:00')})", "property 't' holds"},
        {"CREATE (:A {t: localtime('09:30')})", "property 't' holds"},
        {"CREATE (:A {d: duration('-P1D')})", "property 'd' holds"},
        {"CREATE (:A {d: duration('PT0.000000001S')})", "property 'd' holds"},
        {"CREATE (:A {f: 0.0 / 0.0})", "property 'f' holds"},
        {"CREATE (:A {s: ''})", "property 's' holds"},
        {"CREATE (:A {l: ['a,b']})", "property 'l' holds"},
        {"CREATE (:A {l: [' a']})", "property 'l' holds"},
        {"CREATE (:A {l: [1, 'a']})", "property 'l' holds"},
        {"CREATE (:A {p: 1}), (:A {p: 'one'})", "holds both INT64 and STRING"},
        {"CREATE (:A {p: 1, P: 2})", "(one name in kuzu)"},
        {"CREATE (:Knows)-[:KNOWS]->(:Knows)", "a second table named"},
        {"CREATE (:A {caspian_id: 1})", "property name 'caspian_id'"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& [statement, message] = cases[i];
        const std::string from = (dir.path() / ("db-" + std::to_string(i))).string();
        ASSERT_EQ(run({"query", from, statement}).code, 0) << statement;
        const fs::path out = dir.path() / "refused";
        const Outcome o = run({"export", from, "--format", "kuzu", "--out", out.string()});
        EXPECT_EQ(o.code, 1) << statement;
        EXPECT_NE(o.err.find(message), std::string::npos) << statement << "\n" << o.err;
        EXPECT_NE(o.err.find("which kuzu cannot hold; export as jsonl"), std::string::npos)
            << o.err;
        EXPECT_FALSE(fs::exists(out)) << statement;
    }
}

// The medium benchmark graph (1M nodes, 5M edges; label `slow`, which the sanitizer pass skips)
// through caspian import and export --format kuzu into Kùzu: counts per label and type, the
// out-degree of fixed nodes, 2-hop neighbourhoods and property filters answer alike (#21).
class KuzuInteropSlow : public KuzuInterop {};

// Keys that exist at both medium and --scale 100000 (generate.cpp: prefix + rank).
const std::vector<std::string> fixed_keys = {
    "country-0",       "country-1",  "country-7",    "country-199",   "person-0",
    "person-1",        "person-42",  "person-39000", "org-0",         "org-11000",
    "plant-0",         "plant-4000", "product-0",    "product-12000", "exhibition-0",
    "exhibition-4000", "event-0",    "event-24000",  "person-777",    "org-5"};

// The 2-hop sources: each has out-edges whose targets have out-edges (a country's do not); no
// hub (person-0 alone has millions of 2-hop paths).
const std::vector<std::string> two_hop_keys = {"person-777", "person-5000", "org-0",     "org-5",
                                               "org-11000",  "plant-0",     "plant-4000"};

[[maybe_unused]] std::string key_list(const std::vector<std::string>& keys) {
    std::string list = "[";
    for (std::size_t i = 0; i < keys.size(); ++i)
        list += (i == 0 ? "'" : ", '") + keys[i] + "'";
    return list + "]";
}

// The script's form split into one answer per question, each its rows ending in line ends.
[[maybe_unused]] std::vector<std::string> split_answers(const std::string& answers) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t at; (at = answers.find("--\n", from)) != std::string::npos; from = at + 3)
        out.push_back(answers.substr(from, at - from));
    return out;
}

TEST_F(KuzuInteropSlow, TheMediumBenchmarkGraphAnswersTheSameInKuzu) {
#if defined(CASPIAN_GEN)
    const fs::path pkg = kuzu_package();
    if (pkg.empty()) GTEST_SKIP() << "no kuzu package";
    const fs::path csv = dir.path() / "csv";
    const RunOptions slow{std::nullopt, 300, false};
    ASSERT_EQ(run_binary(CASPIAN_GEN, {"--scale", "medium", "--seed", "8", "--out", csv.string()},
                         dir.path(), slow)
                  .code,
              0);
    const std::string manifest = slurp(csv / "manifest.txt");
    std::vector<std::string> import = {"import", db};
    for (const auto& entry : fs::directory_iterator(csv)) {
        if (entry.path().extension() != ".csv") continue;  // manifest.txt
        import.push_back(entry.path().filename().string().starts_with("nodes") ? "--nodes"
                                                                               : "--edges");
        import.push_back(entry.path().string());
    }
    const Outcome i = run_binary(CASPIAN_BINARY, import, dir.path(), slow);
    ASSERT_EQ(i.code, 0) << i.err;
    fs::remove_all(csv);  // the CSV, caspian, export and Kùzu copies together: over 1.5 GB
    const fs::path kz = dir.path() / "kz";
    const Outcome e = run_binary(
        CASPIAN_BINARY, {"export", db, "--format", "kuzu", "--out", kz.string()}, dir.path(), slow);
    ASSERT_EQ(e.code, 0) << e.err;

    const std::string all = key_list(fixed_keys), few = key_list(two_hop_keys);
    const std::vector<Question> qs = {
        {"MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l",
         "MATCH (n) UNWIND n.caspian_labels AS l RETURN l, count(*) AS c ORDER BY l"},
        {"MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t",
         "MATCH ()-[r]->() RETURN label(r) AS t, count(*) AS c ORDER BY t"},
        {"MATCH (n) RETURN count(*)", "MATCH (n) RETURN count(*)"},
        {"MATCH ()-[r]->() RETURN count(*)", "MATCH ()-[r]->() RETURN count(*)"},
        {"MATCH (n) WHERE n.key IN " + all +
             " OPTIONAL MATCH (n)-[r]->() RETURN n.key AS k, count(r) AS d ORDER BY k",
         "MATCH (n) WHERE list_contains(" + all +
             ", n.key) OPTIONAL MATCH (n)-[r]->() RETURN n.key AS k, count(r) AS d ORDER BY k"},
        {"MATCH (a)-[]->()-[]->(c) WHERE a.key IN " + few +
             " RETURN a.key AS k, count(*) AS p, count(DISTINCT c) AS d ORDER BY k",
         "MATCH (a)-[]->()-[]->(c) WHERE list_contains(" + few +
             ", a.key) RETURN a.key AS k, count(*) AS p, count(DISTINCT c) AS d ORDER BY k"},
        {"MATCH (p:Person) WHERE p.followers >= 1000 AND p.born >= date('1990-01-01') "
         "RETURN count(*)",
         "MATCH (p:Person) WHERE p.followers >= 1000 AND p.born >= date('1990-01-01') "
         "RETURN count(*)"},
        {"MATCH (:Person)-[v:VISITED]->(c:Country) WHERE v.year >= 2020 AND "
         "c.region = 'Caucasus' RETURN count(*), sum(v.days)",
         "MATCH (:Person)-[v:VISITED]->(c:Country) WHERE v.year >= 2020 AND "
         "c.region = 'Caucasus' RETURN count(*), sum(v.days)"},
        {"MATCH (:Person)-[w:WORKS_FOR]->(o:Organisation) WHERE w.since >= date('2015-01-01') "
         "AND o.employees > 1000 AND o.name STARTS WITH 'Ka' RETURN count(*)",
         "MATCH (:Person)-[w:WORKS_FOR]->(o:Organisation) WHERE w.since >= date('2015-01-01') "
         "AND o.employees > 1000 AND starts_with(o.name, 'Ka') RETURN count(*)"},
    };
    const Outcome k = kuzu(pkg, kz / "schema.cypher", qs);
    ASSERT_EQ(k.code, 0) << k.err;
    fs::remove_all(kz);
    const std::string answers = caspian(db, qs);
    EXPECT_EQ(k.out, answers);
    // Not vacuous: the totals are the generator's, every fixed node and 2-hop source answers,
    // and each filter keeps something.
    const std::vector<std::string> a = split_answers(answers);
    ASSERT_EQ(a.size(), qs.size()) << answers;
    const std::regex counts("nodes ([0-9]+)\nedges ([0-9]+)\n");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(manifest, m, counts)) << manifest;
    EXPECT_EQ(a[0].find("Country,200\n"), 0U) << a[0];
    EXPECT_EQ(a[2], m[1].str() + "\n");
    EXPECT_EQ(a[3], m[2].str() + "\n");
    const auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
    EXPECT_EQ(lines(a[4]), std::ssize(fixed_keys)) << a[4];
    EXPECT_EQ(lines(a[5]), std::ssize(two_hop_keys)) << a[5];
    for (std::size_t q = 6; q < a.size(); ++q)
        EXPECT_NE(a[q].substr(0, 2), "0\n") << qs[q].caspian;
#else
    GTEST_SKIP() << "built without the benchmarks (CASPIAN_BUILD_BENCH=OFF)";
#endif
}

}  // namespace
}  // namespace caspian::testing
