// Full-text search through the query language (issue #17) on a generated corpus: every answer of
// db.index.fulltext.queryNodes is compared with a BM25 the test computes by brute force from the
// analyzer's tokens, after loading, SETs, deletes, label removal and a rolled-back transaction.
#include <caspian/database.hpp>
#include <caspian/maintenance.hpp>

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

// --- the oracle: BM25 over the documents read back from the database ---------------------------

using Scores = std::map<std::int64_t, double>;
using Occurrences = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // (field, position)

struct Document {
    std::uint64_t length = 0;
    std::map<std::string, Occurrences> terms;
};

struct IndexSpec {
    std::string name;
    std::vector<std::string> labels;
    std::vector<std::string> properties;  // title, body, in field order
    Analyzer analyzer = Analyzer::Standard;
};

struct Corpus {
    std::map<std::int64_t, Document> docs;  // only documents with at least one token
    std::map<std::string, std::uint64_t> df;
    double avg_length = 1;

    Corpus(Transaction& txn, const IndexSpec& spec) {
        std::uint64_t tokens = 0;
        Result r = txn.query("MATCH (n) RETURN id(n), labels(n), n.title, n.body");
        while (r.next()) {
            bool covered = false;
            for (const Value& l : r.row()[1].as_list())
                covered = covered ||
                          std::count(spec.labels.begin(), spec.labels.end(), l.as_string()) > 0;
            if (!covered) continue;
            Document d;
            for (std::uint32_t field = 0; field < spec.properties.size(); ++field) {
                const Value& v = r.row()[spec.properties[field] == "title" ? 2 : 3];
                if (v.kind() != ValueKind::String) continue;
                for (const Token& t : analyze(spec.analyzer, v.as_string())) {
                    d.terms[t.term].emplace_back(field, t.position);
                    ++d.length;
                }
            }
            if (d.length == 0) continue;
            for (const auto& entry : d.terms)
                ++df[entry.first];
            tokens += d.length;
            docs.emplace(r.row()[0].as_int(), std::move(d));
        }
        if (!docs.empty()) avg_length = double(tokens) / double(docs.size());
    }

    double idf(const std::string& term) const {
        const auto it = df.find(term);
        const double n = double(docs.size()), f = it == df.end() ? 0.0 : double(it->second);
        return std::log(1 + (n - f + 0.5) / (f + 0.5));
    }

    double bm25(double tf, const Document& d, double weight) const {
        return weight * tf * (1.2 + 1) /
               (tf + 1.2 * (1 - 0.75 + 0.75 * double(d.length) / avg_length));
    }

    // Occurrences of the tokens at their relative positions within one field (field -1: any).
    Scores phrase(const std::vector<Token>& tokens, int field) const {
        double weight = 0;
        for (const Token& t : tokens)
            weight += idf(t.term);
        Scores out;
        for (const auto& [id, d] : docs) {
            const auto first = d.terms.find(tokens[0].term);
            if (first == d.terms.end()) continue;
            std::uint64_t tf = 0;
            for (const auto& [f, p] : first->second) {
                if (field >= 0 && f != std::uint32_t(field)) continue;
                bool all = true;
                for (std::size_t i = 1; i < tokens.size() && all; ++i) {
                    const auto other = d.terms.find(tokens[i].term);
                    const std::pair<std::uint32_t, std::uint32_t> want(
                        f, p + tokens[i].position - tokens[0].position);
                    all = other != d.terms.end() &&
                          std::count(other->second.begin(), other->second.end(), want) > 0;
                }
                if (all) ++tf;
            }
            if (tf > 0) out[id] = bm25(double(tf), d, weight);
        }
        return out;
    }
};

// Edits in code points, a swap of neighbours counting one: written here, not taken from the
// engine, so that the fuzzy answers are checked against an independent count.
std::size_t osa_distance(const std::string& a_text, const std::string& b_text) {
    const auto code_points = [](const std::string& s) {
        std::vector<std::uint32_t> out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(0);
            out.back() = out.back() * 256 + static_cast<unsigned char>(s[i]);
        }
        return out;
    };
    const auto a = code_points(a_text), b = code_points(b_text);
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// --- queries: built as trees, rendered in the query language, evaluated by the oracle ----------

struct Query {
    enum Kind { Term, Phrase, Prefix, Fuzzy, And, Or, AndNot } kind = Term;
    std::string text;
    std::size_t edits = 2;
    std::string field;  // empty: every field
    std::vector<Query> kids;

    std::string render() const {
        const std::string scope = field.empty() ? "" : field + ":";
        switch (kind) {
            case Term:
                return scope + text;
            case Phrase:
                return scope + "\"" + text + "\"";
            case Prefix:
                return scope + text + "*";
            case Fuzzy:
                return scope + text + "~" + (edits == 2 ? "" : std::to_string(edits));
            case And:
                return "(" + kids[0].render() + ") AND (" + kids[1].render() + ")";
            case Or:
                return "(" + kids[0].render() + ") OR (" + kids[1].render() + ")";
            case AndNot:
                return "(" + kids[0].render() + ") AND NOT (" + kids[1].render() + ")";
        }
        return "";
    }
};

Query leaf(Query::Kind kind, std::string text, std::string field = "") {
    Query q;
    q.kind = kind;
    q.text = std::move(text);
    q.field = std::move(field);
    return q;
}

Query both(Query::Kind kind, Query a, Query b) {
    Query q;
    q.kind = kind;
    q.kids = {std::move(a), std::move(b)};
    return q;
}

// nullopt: a clause analysis left without terms (stop words), which its group ignores.
std::optional<Scores> evaluate(const Corpus& c, const IndexSpec& spec, const Query& q) {
    int field = -1;
    for (std::size_t i = 0; i < spec.properties.size(); ++i)
        if (spec.properties[i] == q.field) field = int(i);
    switch (q.kind) {
        case Query::Term:
        case Query::Phrase: {
            const std::vector<Token> tokens = analyze(spec.analyzer, q.text);
            if (tokens.empty()) return std::nullopt;
            return c.phrase(tokens, field);
        }
        case Query::Prefix:
        case Query::Fuzzy: {
            const std::string folded = fold_term(q.text);
            if (folded.empty()) return std::nullopt;
            Scores out;
            for (const auto& entry : c.df) {
                const std::string& term = entry.first;
                const bool match = q.kind == Query::Prefix ? term.starts_with(folded)
                                                           : osa_distance(folded, term) <= q.edits;
                if (!match) continue;
                for (const auto& [id, score] : c.phrase({Token{term, 0}}, field))
                    out[id] = std::max(out[id], score);
            }
            return out;
        }
        case Query::And:
        case Query::Or:
        case Query::AndNot:
            break;
    }
    std::optional<Scores> a = evaluate(c, spec, q.kids[0]), b = evaluate(c, spec, q.kids[1]);
    if (!a && !b) return std::nullopt;
    if (!a || !b) {
        if (q.kind == Query::AndNot && !a) return Scores{};  // only an exclusion: nothing
        return a ? a : b;
    }
    Scores out;
    if (q.kind == Query::Or) {
        out = *a;
        for (const auto& [id, score] : *b)
            out[id] += score;
    } else if (q.kind == Query::And) {
        for (const auto& [id, score] : *a)
            if (b->contains(id)) out[id] = score + b->at(id);
    } else {
        for (const auto& [id, score] : *a)
            if (!b->contains(id)) out[id] = score;
    }
    return out;
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
                const std::optional<Scores> want = evaluate(corpus, *spec, q);
                Result r = txn.query(
                    "CALL db.index.fulltext.queryNodes($index, $query) "
                    "YIELD node, score RETURN id(node), score",
                    {{"index", Value(spec->name)}, {"query", Value(text)}});
                Scores got;
                std::optional<std::pair<double, std::int64_t>> previous;
                while (r.next()) {
                    const std::int64_t id = r.row()[0].as_int();
                    const double score = r.row()[1].as_float();
                    EXPECT_TRUE(got.emplace(id, score).second) << "node " << id << " twice";
                    if (previous) {
                        EXPECT_TRUE(previous->first > score ||
                                    (previous->first == score && previous->second < id))
                            << "out of order at node " << id;
                    }
                    previous = std::pair(score, id);
                }
                const Scores expected = want.value_or(Scores{});
                EXPECT_EQ(got.size(), expected.size());
                for (const auto& [id, score] : expected) {
                    const auto it = got.find(id);
                    if (it == got.end()) {
                        ADD_FAILURE() << "node " << id << " (score " << score << ") is missing";
                        continue;
                    }
                    EXPECT_LE(std::abs(it->second - score), 1e-9 * std::abs(score))
                        << "node " << id;
                }
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
