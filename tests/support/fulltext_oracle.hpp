// The brute-force BM25 oracle of the full-text tests (issue #17): reads the documents an index
// covers back from the database, analyzes them with the analyzer's tokens and scores query trees
// (terms, phrases, prefix*, fuzzy~, AND/OR/NOT) without the index; expect_oracle_answer compares
// db.index.fulltext.queryNodes with it. Shared by fulltext_corpus_test.cpp (a generated corpus)
// and fulltext_example_test.cpp (the example graph), both in tests/query.
#pragma once

#include <caspian/database.hpp>

#include "value/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caspian::fulltext_oracle {

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
    std::vector<std::string> properties;  // in field order
    Analyzer analyzer = Analyzer::Standard;
};

struct Corpus {
    std::map<std::int64_t, Document> docs;  // only documents with at least one token
    std::map<std::string, std::uint64_t> df;
    double avg_length = 1;

    Corpus(Transaction& txn, const IndexSpec& spec) {
        std::uint64_t tokens = 0;
        std::string columns;
        for (const std::string& p : spec.properties)
            columns += ", n.`" + p + "`";
        Result r = txn.query("MATCH (n) RETURN id(n), labels(n)" + columns);
        while (r.next()) {
            bool covered = false;
            for (const Value& l : r.row()[1].as_list())
                covered = covered ||
                          std::count(spec.labels.begin(), spec.labels.end(), l.as_string()) > 0;
            if (!covered) continue;
            Document d;
            for (std::uint32_t field = 0; field < spec.properties.size(); ++field) {
                const Value& v = r.row()[2 + field];
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
inline std::size_t osa_distance(const std::string& a_text, const std::string& b_text) {
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

inline Query leaf(Query::Kind kind, std::string text, std::string field = "") {
    Query q;
    q.kind = kind;
    q.text = std::move(text);
    q.field = std::move(field);
    return q;
}

inline Query both(Query::Kind kind, Query a, Query b) {
    Query q;
    q.kind = kind;
    q.kids = {std::move(a), std::move(b)};
    return q;
}

// nullopt: a clause analysis left without terms (stop words), which its group ignores.
inline std::optional<Scores> evaluate(const Corpus& c, const IndexSpec& spec, const Query& q) {
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

// Runs q through db.index.fulltext.queryNodes in txn and expects the oracle's answer: the same
// node ids, each score within 1e-9 (relative), best first and ties by id. Returns the answer.
inline Scores expect_oracle_answer(Transaction& txn, const IndexSpec& spec, const Corpus& corpus,
                                   const Query& q) {
    const std::optional<Scores> want = evaluate(corpus, spec, q);
    Result r = txn.query(
        "CALL db.index.fulltext.queryNodes($index, $query) "
        "YIELD node, score RETURN id(node), score",
        {{"index", Value(spec.name)}, {"query", Value(q.render())}});
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
        EXPECT_LE(std::abs(it->second - score), 1e-9 * std::abs(score)) << "node " << id;
    }
    return got;
}

}  // namespace caspian::fulltext_oracle
