// caspian-fulltext-bench: full-text indexes (issue #17) on N generated short texts: CSV import,
// CREATE FULLTEXT INDEX (time, peak heap, bytes on disk), then the latency of
// db.index.fulltext.queryNodes for six kinds of query beside a brute-force Cypher scan (CONTAINS)
// and SQLite FTS5 on the same texts, whose top 10 is compared where the scoring agrees. Timings
// are printed, never asserted; the exit status is 1 when a compared top 10 differs.
//
//   caspian-fulltext-bench --work DIR [--count 1000000] [--queries 20] [--brute 3] [--no-sqlite]
//                          [--reuse]   (query the databases an earlier run left in DIR)
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/maintenance.hpp>

#include "bench/bench_process.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::Database;
using caspian::Params;
using caspian::Value;
using caspian::bench::Clock;
using caspian::bench::cpu_seconds;
using caspian::bench::PeakHeap;
using caspian::bench::seconds_since;
using caspian::bench::status_kb;

struct Options {
    fs::path work;
    std::size_t count = 1000000;
    std::size_t queries = 20;  // timed runs of each query per system
    std::size_t brute = 3;     // timed runs of each brute-force scan
    bool sqlite = true;
    bool reuse = false;  // query the database and FTS5 file of an earlier run in --work
};

// The p-th quantile (0.5: median) of timings in ms; nearest rank.
double quantile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(std::ceil(p * double(v.size()))) - 1)];
}

// Texts of 4 to 14 words from a Zipf (s = 1) vocabulary of 30,000 made-up words and a few
// accented and Cyrillic ones; one word in 40 is a two-word phrase. Only letters, spaces and
// ", ": FTS5's unicode61 tokenizer and ICU's word breaks then find the same words, so the
// two BM25 document lengths agree.
struct Corpus {
    std::vector<std::string> vocabulary;
    std::vector<std::string> phrases = {"fresh fruits", "remote sensing", "silk road",
                                        "caspian sea", "нефть газ"};

    Corpus() {
        std::mt19937_64 rng(17);
        const std::vector<std::string> syllables = {
            "ka", "ro", "mi",  "sel", "dan", "tur", "bo", "vel", "qu", "zi",  "an", "or",
            "et", "lu", "sha", "ny",  "pe",  "gor", "ix", "fa",  "du", "len", "wi", "so"};
        vocabulary = {"azərbaycan", "беларусь", "азербайджан", "gəncə", "café", "müller"};
        std::set<std::string> seen(vocabulary.begin(), vocabulary.end());
        while (vocabulary.size() < 30000) {
            std::string w;
            for (std::size_t n = 2 + rng() % 3; n > 0; --n)
                w += syllables[rng() % syllables.size()];
            if (seen.insert(w).second) vocabulary.push_back(w);
        }
        std::shuffle(vocabulary.begin(), vocabulary.end(), rng);
    }

    // The texts of documents 0..count-1, each passed to visit.
    void texts(std::size_t count,
               const std::function<void(std::size_t, const std::string&)>& visit) const {
        std::mt19937_64 rng(1717);
        std::vector<double> weights;
        for (std::size_t rank = 0; rank < vocabulary.size(); ++rank)
            weights.push_back(1.0 / double(rank + 1));
        std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
        std::string s;
        for (std::size_t i = 0; i < count; ++i) {
            s.clear();
            for (std::size_t n = 4 + rng() % 11, w = 0; w < n; ++w) {
                if (w > 0) s += rng() % 8 == 0 ? ", " : " ";
                s += rng() % 40 == 0 ? phrases[rng() % phrases.size()] : vocabulary[zipf(rng)];
            }
            visit(i, s);
        }
    }
};

struct Query {
    std::string kind;
    std::string caspian;  // the full-text query string
    std::string fts5;     // SQLite's MATCH string; empty: FTS5 has no such query
    std::string brute;    // the WHERE of the Cypher scan over (n:Doc); empty: none
    bool same_ranking;    // both BM25s order the answers alike (one term or one phrase)
};

std::vector<Query> make_queries(const Corpus& c) {
    const auto& v = c.vocabulary;
    const auto contains = [](const std::string& w) { return "n.text CONTAINS '" + w + "'"; };
    const auto ascii = [&](std::size_t rank) {
        while (std::any_of(v[rank].begin(), v[rank].end(),
                           [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; }))
            ++rank;
        return v[rank];
    };
    std::string fuzzy = ascii(300);
    std::swap(fuzzy[1], fuzzy[2]);
    const std::string prefix = ascii(50).substr(0, 5);
    return {
        {"rare term", ascii(20000), ascii(20000), contains(ascii(20000)), true},
        {"common term", ascii(0), ascii(0), contains(ascii(0)), true},
        {"phrase", "\"" + c.phrases[2] + "\"", "\"" + c.phrases[2] + "\"", contains(c.phrases[2]),
         true},
        {"prefix", prefix + "*", prefix + "*", contains(prefix), false},
        {"fuzzy", fuzzy + "~", "", "", false},
        {"boolean", ascii(10) + " AND (" + ascii(40) + " OR " + ascii(41) + ") AND NOT " + ascii(2),
         ascii(10) + " AND (" + ascii(40) + " OR " + ascii(41) + ") NOT " + ascii(2),
         contains(ascii(10)) + " AND (" + contains(ascii(40)) + " OR " + contains(ascii(41)) +
             ") AND NOT " + contains(ascii(2)),
         false},
    };
}

// --- SQLite FTS5 -------------------------------------------------------------------------------

[[noreturn]] void sqlite_fail(sqlite3* db, const char* what) {
    std::fprintf(stderr, "caspian-fulltext-bench: sqlite %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
}

void sqlite_exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) sqlite_fail(db, sql);
}

// The rowids (document numbers) of the best 10, FTS5's bm25 order, ties by rowid.
std::vector<std::int64_t> sqlite_top10(sqlite3* db, const std::string& match) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank, rowid "
                           "LIMIT 10",
                           -1, &st, nullptr) != SQLITE_OK) {
        sqlite_fail(db, "prepare");
    }
    sqlite3_bind_text(st, 1, match.c_str(), int(match.size()), SQLITE_TRANSIENT);
    std::vector<std::int64_t> out;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        out.push_back(sqlite3_column_int64(st, 0));
    if (rc != SQLITE_DONE) sqlite_fail(db, "step");
    sqlite3_finalize(st);
    return out;
}

// --- the run -----------------------------------------------------------------------------------

std::vector<std::int64_t> caspian_top10(Database& db, const std::string& query) {
    std::vector<std::int64_t> out;
    caspian::Result r = db.query(
        "CALL db.index.fulltext.queryNodes('docs', $q, {limit: 10}) "
        "YIELD node RETURN node.i",
        Params{{"q", Value(query)}});
    while (r.next())
        out.push_back(r.row()[0].as_int());
    return out;
}

std::uint64_t fulltext_bytes(const Database& db) {
    for (const caspian::TableStats& t : caspian::stats(db).tables) {
        if (t.name == "fulltext") return t.bytes;
    }
    return 0;
}

// Writes the texts as CSV, imports them and creates the index; prints the build figures.
void build_caspian(const Options& o, const Corpus& corpus, Database& db) {
    auto start = Clock::now();
    {
        std::ofstream csv(o.work / "docs.csv");
        csv << "i:int,:LABEL,text\n";
        corpus.texts(o.count, [&](std::size_t i, const std::string& text) {
            csv << i << ",Doc,\"" << text << "\"\n";
        });
    }
    const double generate = seconds_since(start);
    start = Clock::now();
    double cpu = cpu_seconds();
    caspian::ImportOptions import;
    import.node_files = {o.work / "docs.csv"};
    caspian::import_files(db, import);
    const double load = seconds_since(start), load_cpu = cpu_seconds() - cpu;
    const auto before = caspian::stats(db);

    PeakHeap heap;
    const long heap_before = status_kb("RssAnon");
    start = Clock::now();
    cpu = cpu_seconds();
    db.query("CREATE FULLTEXT INDEX docs FOR (n:Doc) ON EACH [n.text]").all();
    const double build = seconds_since(start), build_cpu = cpu_seconds() - cpu;
    const long heap_peak = heap.stop();
    const auto after = caspian::stats(db);
    std::printf(
        "| texts | CSV written s | import s (CPU) | CREATE FULLTEXT INDEX s (CPU) | "
        "heap before MiB | heap peak in build MiB | fulltext table MiB | file MiB "
        "before / after |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    std::printf("| %zu | %.1f | %.1f (%.1f) | %.1f (%.1f) | %.0f | %.0f | %.1f | %.1f / %.1f |\n\n",
                o.count, generate, load, load_cpu, build, build_cpu, double(heap_before) / 1024,
                double(heap_peak) / 1024, double(fulltext_bytes(db)) / 1048576.0,
                double(before.used_bytes) / 1048576.0, double(after.used_bytes) / 1048576.0);
    std::fflush(stdout);
}

// Inserts the texts into an FTS5 table in one transaction (it indexes as it inserts).
void build_fts5(const Options& o, const Corpus& corpus, sqlite3* lite) {
    const auto start = Clock::now();
    const double cpu = cpu_seconds();
    sqlite_exec(lite, "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE docs USING fts5(text); BEGIN");
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(lite, "INSERT INTO docs(rowid, text) VALUES (?1, ?2)", -1, &insert,
                           nullptr) != SQLITE_OK) {
        sqlite_fail(lite, "prepare");
    }
    corpus.texts(o.count, [&](std::size_t i, const std::string& text) {
        sqlite3_bind_int64(insert, 1, std::int64_t(i));
        sqlite3_bind_text(insert, 2, text.c_str(), int(text.size()), SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) sqlite_fail(lite, "insert");
        sqlite3_reset(insert);
    });
    sqlite3_finalize(insert);
    sqlite_exec(lite, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
    std::printf("| SQLite FTS5 | insert + index s (CPU) | file MiB |\n| --- | --- | --- |\n");
    std::printf("| %zu texts | %.1f (%.1f) | %.1f |\n\n", o.count, seconds_since(start),
                cpu_seconds() - cpu, double(fs::file_size(o.work / "fts5.sqlite")) / 1048576.0);
    std::fflush(stdout);
}

int run(const Options& o) {
    if (!o.reuse) {
        fs::remove_all(o.work);
        fs::create_directories(o.work);
    }
    const Corpus corpus;
    Database db = Database::open(o.work / "db");
    if (!o.reuse) build_caspian(o, corpus, db);
    sqlite3* lite = nullptr;
    if (o.sqlite) {
        if (sqlite3_open((o.work / "fts5.sqlite").c_str(), &lite) != SQLITE_OK) {
            sqlite_fail(lite, "open");
        }
        if (!o.reuse) build_fts5(o, corpus, lite);
    }
    auto start = Clock::now();
    std::fflush(stdout);

    std::printf(
        "| query | caspian query string | hits | caspian ms median / p95 (CPU median) | "
        "FTS5 ms median / p95 (CPU median) | Cypher CONTAINS scan ms median (CPU) | top 10 |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
    int status = 0;
    for (const Query& q : make_queries(corpus)) {
        const std::uint64_t hits = std::uint64_t(
            db.query("CALL db.index.fulltext.queryNodes('docs', $q) YIELD node RETURN count(*)",
                     Params{{"q", Value(q.caspian)}})
                .all()[0][0]
                .as_int());
        std::vector<double> ms, cpu_ms, lite_ms, lite_cpu_ms, brute_ms, brute_cpu_ms;
        std::vector<std::int64_t> top;
        for (std::size_t r = 0; r < o.queries; ++r) {
            start = Clock::now();
            const double c0 = cpu_seconds();
            top = caspian_top10(db, q.caspian);
            ms.push_back(seconds_since(start) * 1000);
            cpu_ms.push_back((cpu_seconds() - c0) * 1000);
        }
        std::string compared = "n/a";
        if (lite != nullptr && !q.fts5.empty()) {
            std::vector<std::int64_t> lite_top;
            for (std::size_t r = 0; r < o.queries; ++r) {
                start = Clock::now();
                const double c0 = cpu_seconds();
                lite_top = sqlite_top10(lite, q.fts5);
                lite_ms.push_back(seconds_since(start) * 1000);
                lite_cpu_ms.push_back((cpu_seconds() - c0) * 1000);
            }
            if (q.same_ranking) {
                compared = top == lite_top ? "same" : "DIFFERENT";
                if (top != lite_top) status = 1;
            } else {
                std::size_t common = 0;
                for (std::int64_t id : top)
                    common += std::count(lite_top.begin(), lite_top.end(), id);
                compared = std::to_string(common) + "/" +
                           std::to_string(std::max(top.size(), lite_top.size())) +
                           " shared (scoring differs)";
            }
        }
        for (std::size_t r = 0; !q.brute.empty() && r < o.brute; ++r) {
            start = Clock::now();
            const double c0 = cpu_seconds();
            db.query("MATCH (n:Doc) WHERE " + q.brute + " RETURN count(*)").all();
            brute_ms.push_back(seconds_since(start) * 1000);
            brute_cpu_ms.push_back((cpu_seconds() - c0) * 1000);
        }
        const auto cell = [](const std::vector<double>& v, const std::vector<double>& cpu_v) {
            if (v.empty()) return std::string("n/a");
            char buf[96];
            std::snprintf(buf, sizeof buf, "%.2f / %.2f (%.2f)", quantile(v, 0.5),
                          quantile(v, 0.95), quantile(cpu_v, 0.5));
            return std::string(buf);
        };
        std::string brute = "n/a";
        if (!brute_ms.empty()) {
            brute = std::to_string(std::lround(quantile(brute_ms, 0.5))) + " (" +
                    std::to_string(std::lround(quantile(brute_cpu_ms, 0.5))) + ")";
        }
        std::printf("| %s | `%s` | %llu | %s | %s | %s | %s |\n", q.kind.c_str(), q.caspian.c_str(),
                    static_cast<unsigned long long>(hits), cell(ms, cpu_ms).c_str(),
                    cell(lite_ms, lite_cpu_ms).c_str(), brute.c_str(), compared.c_str());
        std::fflush(stdout);
    }
    if (lite != nullptr) sqlite3_close(lite);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "caspian-fulltext-bench: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--work") {
            o.work = value();
        } else if (arg == "--count") {
            o.count = std::stoul(value());
        } else if (arg == "--queries") {
            o.queries = std::stoul(value());
        } else if (arg == "--brute") {
            o.brute = std::stoul(value());
        } else if (arg == "--reuse") {
            o.reuse = true;
        } else if (arg == "--no-sqlite") {
            o.sqlite = false;
        } else {
            std::fprintf(stderr, "caspian-fulltext-bench: unknown argument '%s'\n", arg.c_str());
            return 2;
        }
    }
    if (o.work.empty() || o.count < 100 || o.queries == 0) {
        std::fprintf(stderr,
                     "usage: caspian-fulltext-bench --work DIR [--count N >= 100] "
                     "[--queries Q] [--brute B] [--no-sqlite] [--reuse]\n");
        return 2;
    }
    return run(o);
}
