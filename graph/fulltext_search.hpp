// Searching a full-text index (issue #17): the Lucene-style query string and BM25 ranking over
// the entries graph/fulltext_index.hpp keeps. Reads only.
#pragma once

#include "graph/fulltext_index.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace caspian::graph {

class GraphReader;

struct FulltextHit {
    std::uint64_t id = 0;  // a node's or a relationship's, as the index's entity says
    double score = 0;
};

// BM25's parameters (Lucene's defaults).
inline constexpr double bm25_k1 = 1.2;
inline constexpr double bm25_b = 0.75;

// The documents matching query, best first (BM25 score descending, then id ascending), after
// skipping `skip` and at most `limit`. The query language:
//   word          a term, analyzed as the index analyzes text (several words: a phrase)
//   "w1 w2"       a phrase: the terms at consecutive positions of one property
//   word*         the terms starting with the folded word (not stemmed)
//   word~ word~1  the terms at most 2 (or 1) edits from the folded word
//   prop:q        q within one indexed property
//   a b, a OR b   either (the default); a AND b, +a: both required; NOT a, -a: excluded
//   ( ... )       grouping
// A phrase's or a term's score is BM25 over the whole document (all its properties); a prefix
// or fuzzy clause scores each document by its best matching term. Throws Error{Syntax} for a
// malformed query, naming the column (1-based, in characters) in the query string.
[[nodiscard]] std::vector<FulltextHit> fulltext_search(const GraphReader& reader,
                                                       const FulltextIndex& index,
                                                       std::string_view query,
                                                       std::uint64_t skip = 0,
                                                       std::optional<std::uint64_t> limit = {});

// Most terms a prefix or fuzzy clause may expand to before it is Error{Resource}.
inline constexpr std::size_t max_expansions = 1024;

}  // namespace caspian::graph
