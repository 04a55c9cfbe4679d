// Full-text search through the query language (issue #17) on a generated corpus: every answer of
// db.index.fulltext.queryNodes is compared with a BM25 computed by brute force
// (support/fulltext_oracle.hpp) from the analyzer's tokens, after loading, SETs, deletes, label
// removal and a rolled-back transaction.
#include <caspian/database.hpp>
#include <caspian/maintenance.hpp>

#include "support/fulltext_oracle.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"
#include "value/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;
using namespace caspian::fulltext_oracle;

// --- the corpus --------------------------------------------------------------------------------

// Words drawn with a Zipf distribution: made-up syllable words, English words the english
// analyzer stems or drops, accented Latin and Cyrillic words in mixed case.
std::vector<std::string> make_vocabulary(std::mt19937_64& rng) {
    std::vector<std::string> words = {
        "the",         "of",    "Running", "runs",   "fruits",  "Azərbaycan", "Беларусь",
        "Азербайджан", "Gəncə", "café",    "Müller", "naïve",   "ÉCOLE",      "Straße",
        "Ёлка",        "нефть", "plant",   "plants", "river's", "Caspian",    "sea"};
    const std::vector<std::string> syllables = {"ka", "ro", "mi", "sel", "dan", "tur", "bo",  "vel",
                                                "qu", "zi", "an", "or",  "et",  "lu",  "sha", "ny"};
    std::set<std::string> seen(words.begin(), words.end());
    while (words.size() < 420) {
        std::string w;
        for (std::size_t n = 2 + rng() % 3; n > 0; --n)
            w += syllables[rng() % syllables.size()];
        if (seen.insert(w).second) words.push_back(w);
    }
    std::shuffle(words.begin(), words.end(), rng);  // the special words at random ranks
    return words;
}

const std::vector<std::string> phrases = {"fresh fruits", "remote sensing", "silk road",
                                          "Caspian Sea", "нефть и газ"};

struct Generator {
    std::mt19937_64 rng;
    std::vector<std::string> vocabulary;
    std::discrete_distribution<std::size_t> zipf;

    explicit Generator(std::uint64_t seed) : rng(seed), vocabulary(make_vocabulary(rng)) {
        std::vector<double> weights;
        for (std::size_t rank = 0; rank < vocabulary.size(); ++rank)
            weights.push_back(1.0 / std::pow(double(rank + 1), 1.1));
        zipf = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }

    std::string text(std::size_t min_words, std::size_t max_words) {
        std::string s;
        const std::size_t n = min_words + rng() % (max_words - min_words + 1);
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) s += rng() % 6 == 0 ? ", " : rng() % 9 == 0 ? ". " : " ";
            s += rng() % 12 == 0 ? phrases[rng() % phrases.size()] : vocabulary[zipf(rng)];
        }
        return s;
    }
};

Value row(std::string key, Value title, Value body) {
    return Value(Map{Properties{
        {"body", std::move(body)}, {"k", Value(std::move(key))}, {"title", std::move(title)}}});
}

// --- the test ----------------------------------------------------------------------------------

class FulltextCorpus : public ::testing::Test {
protected:
    static constexpr std::uint64_t seed = 1717;
    const std::size_t count = test::sanitized_build ? 500 : 3000;
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
    Generator gen_{seed};
    const IndexSpec titles_{"docs", {"Doc", "Note"}, {"title", "body"}, Analyzer::Standard};
    const IndexSpec bodies_{"bodies", {"Doc"}, {"body"}, Analyzer::English};

    // Loads keys from..to through UNWIND: most nodes :Doc, some :Note, :Doc:Note or :Other (not
    // indexed), some with a number for a title or no body.
    void load(WriteTransaction& txn, std::size_t from, std::size_t to) {
        std::map<std::string, List> rows;
        for (std::size_t i = from; i < to; ++i) {
            const std::uint64_t kind = gen_.rng() % 20;
            const std::string labels = kind < 15   ? "Doc"
                                       : kind < 17 ? "Note"
                                       : kind < 18 ? "Doc:Note"
                                                   : "Other";
            Value title = gen_.rng() % 25 == 0 ? Value(std::int64_t(i)) : Value(gen_.text(1, 6));
            Value body = gen_.rng() % 10 == 0 ? Value() : Value(gen_.text(3, 18));
            rows[labels].push_back(row("d" + std::to_string(i), std::move(title), std::move(body)));
        }
        for (auto& [labels, list] : rows) {
            txn.query("UNWIND $rows AS r CREATE (:" + labels +
                          " {key: r.k, title: r.title, body: r.body})",
                      {{"rows", Value(std::move(list))}});
        }
    }

    // The first made-up (ASCII) word at rank or below: one whose bytes a test may swap.
    std::string ascii_word(std::size_t rank) const {
        while (std::any_of(gen_.vocabulary[rank].begin(), gen_.vocabulary[rank].end(),
                           [](char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; }))
            ++rank;
        return gen_.vocabulary[rank];
    }

    std::vector<Query> queries() const {
        const auto& v = gen_.vocabulary;
        std::vector<Query> out;
        // Common, middling and rare words, the special words, and words no text holds.
        for (std::size_t rank : {0, 1, 3, 5, 8, 13, 20, 21, 22, 30, 60, 150, 300, 419})
            out.push_back(leaf(Query::Term, v[rank]));
        for (const char* w : {"АЗЕРБАЙДЖАН", "azərbaycan", "STRASSE", "cafe", "zzzq", "the"})
            out.push_back(leaf(Query::Term, w));
        for (const std::string& p : phrases)
            out.push_back(leaf(Query::Phrase, p));
        out.push_back(leaf(Query::Phrase, v[0] + " " + v[1]));
        out.push_back(leaf(Query::Term, "fresh-fruits"));  // one word, two tokens: a phrase
        for (const char* p : {"ka", "rom", "sel", "Бел", "azə", "fru"})
            out.push_back(leaf(Query::Prefix, p));
        for (std::size_t rank : {2, 9, 40, 200}) {
            std::string w = ascii_word(rank);
            std::swap(w[0], w[1]);
            out.push_back(leaf(Query::Fuzzy, w));
            Query one = leaf(Query::Fuzzy, ascii_word(rank).substr(1));
            one.edits = 1;
            out.push_back(one);
        }
        out.push_back(leaf(Query::Fuzzy, "Беларус"));
        out.push_back(leaf(Query::Term, v[4], "title"));
        out.push_back(leaf(Query::Phrase, "silk road", "body"));
        out.push_back(leaf(Query::Prefix, "mi", "title"));
        out.push_back(both(Query::And, leaf(Query::Term, v[0]), leaf(Query::Term, v[2])));
        out.push_back(both(Query::Or, leaf(Query::Term, v[7]), leaf(Query::Phrase, phrases[0])));
        out.push_back(both(Query::AndNot, leaf(Query::Term, v[1]), leaf(Query::Prefix, "ro")));
        out.push_back(both(Query::And, leaf(Query::Term, "the"), leaf(Query::Term, v[6])));
        out.push_back(
            both(Query::Or,
                 both(Query::And, leaf(Query::Term, v[3]), leaf(Query::Fuzzy, ascii_word(10))),
                 both(Query::AndNot, leaf(Query::Term, v[12]), leaf(Query::Term, v[0]))));
        return out;
    }

    // Every query on both indexes, against the oracle, in txn. Returns the answers seen.
    std::vector<Scores> check_all(Transaction& txn, const std::string& when) {
        std::vector<Scores> seen;
        for (const IndexSpec* spec : {&titles_, &bodies_}) {
            const Corpus corpus(txn, *spec);
            for (const Query& q : queries()) {
                if (!q.field.empty() &&
                    std::count(spec->properties.begin(), spec->properties.end(), q.field) == 0) {
                    continue;  // an error for this index, not an answer
                }
                const std::string text = q.render();
                SCOPED_TRACE("seed " + std::to_string(seed) + ", " + when + ", index " +
                             spec->name + ", query " + text);
                Scores got = expect_oracle_answer(txn, *spec, corpus, q);
                seen.push_back(std::move(got));
            }
        }
        return seen;
    }

    // Runs a statement over a list of keys.
    static void each_key(Transaction& txn, const std::string& statement,
                         const std::vector<std::string>& keys) {
        List list;
        for (const std::string& k : keys)
            list.emplace_back(k);
        txn.query("UNWIND $keys AS k MATCH (n {key: k}) " + statement,
                  {{"keys", Value(std::move(list))}});
    }

    // n distinct keys of the corpus, some perhaps deleted already.
    std::vector<std::string> some_keys(std::size_t n) {
        std::set<std::string> keys;
        while (keys.size() < n)
            keys.insert("d" + std::to_string(gen_.rng() % count));
        return {keys.begin(), keys.end()};
    }
};

TEST_F(FulltextCorpus, AnswersMatchABruteForceBm25ThroughUpdatesAndARollback) {
    {
        // Half the corpus before the indexes exist (the build), half after (the upkeep).
        WriteTransaction txn = db_.begin_write();
        load(txn, 0, count / 2);
        txn.query("CREATE FULLTEXT INDEX docs FOR (n:Doc|Note) ON EACH [n.title, n.body]");
        txn.query(
            "CREATE FULLTEXT INDEX bodies FOR (n:Doc) ON EACH [n.body] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}");
        load(txn, count / 2, count);
        txn.commit();
    }
    {
        ReadTransaction txn = db_.begin_read();
        check_all(txn, "after loading");
    }
    {
        // New texts, removed and non-string titles, an :Other node gaining :Doc.
        WriteTransaction txn = db_.begin_write();
        List rows;
        for (const std::string& k : some_keys(count / 10))
            rows.push_back(row(k, Value(gen_.text(1, 6)), Value(gen_.text(3, 18))));
        txn.query("UNWIND $rows AS r MATCH (n {key: r.k}) SET n.title = r.title, n.body = r.body",
                  {{"rows", Value(std::move(rows))}});
        each_key(txn, "REMOVE n.title", some_keys(count / 40));
        each_key(txn, "SET n.body = 42", some_keys(count / 40));
        each_key(txn, "SET n:Doc", some_keys(count / 40));
        txn.commit();
    }
    {
        ReadTransaction txn = db_.begin_read();
        check_all(txn, "after SET");
    }
    {
        WriteTransaction txn = db_.begin_write();
        each_key(txn, "DETACH DELETE n", some_keys(count / 20));
        each_key(txn, "REMOVE n:Doc", some_keys(count / 20));
        txn.commit();
    }
    std::vector<Scores> committed;
    {
        ReadTransaction txn = db_.begin_read();
        committed = check_all(txn, "after deletes and label removal");
    }
    {
        // Inside the transaction the index follows its writes; rolled back, it is as before.
        WriteTransaction txn = db_.begin_write();
        each_key(txn, "DETACH DELETE n", some_keys(count / 10));
        each_key(txn, "SET n.title = 'Caspian Sea of ' + n.key", some_keys(count / 10));
        each_key(txn, "REMOVE n:Note", some_keys(count / 10));
        load(txn, count, count + count / 10);
        check_all(txn, "inside the rolled-back transaction");
    }
    ReadTransaction txn = db_.begin_read();
    EXPECT_EQ(check_all(txn, "after the rollback"), committed);
    EXPECT_TRUE(check(db_).problems.empty());
}

// skip and limit page through the ranked answer.
TEST_F(FulltextCorpus, SkipAndLimitPageThroughTheRanking) {
    {
        WriteTransaction txn = db_.begin_write();
        load(txn, 0, 400);
        txn.query("CREATE FULLTEXT INDEX docs FOR (n:Doc|Note) ON EACH [n.title, n.body]");
        txn.commit();
    }
    const auto ids = [&](const std::string& options) {
        std::vector<std::int64_t> out;
        Result r = db_.query("CALL db.index.fulltext.queryNodes('docs', $q" + options +
                                 ") YIELD node RETURN id(node)",
                             {{"q", Value(gen_.vocabulary[0] + " OR " + gen_.vocabulary[1])}});
        while (r.next())
            out.push_back(r.row()[0].as_int());
        return out;
    };
    const std::vector<std::int64_t> all = ids("");
    ASSERT_GT(all.size(), 30u);
    EXPECT_EQ(ids(", {skip: 10, limit: 7}"),
              std::vector<std::int64_t>(all.begin() + 10, all.begin() + 17));
    EXPECT_EQ(ids(", {limit: 5}"), std::vector<std::int64_t>(all.begin(), all.begin() + 5));
    EXPECT_EQ(ids(", {skip: " + std::to_string(all.size()) + "}"), std::vector<std::int64_t>{});
}

}  // namespace
}  // namespace caspian
