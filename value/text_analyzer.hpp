// Text analysis for full-text indexes (issue #17): splits text into words at Unicode word
// boundaries and folds them to the terms an index stores. ICU and Snowball stay in the .cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian {

// standard: words, NFKC case-folded (Lucene's StandardAnalyzer without stop words, Neo4j's
// default). english: the same, then the possessive 's dropped, Lucene's English stop words
// removed and Snowball's English (Porter2) stemmer applied, as Lucene's EnglishAnalyzer does.
enum class Analyzer : std::uint8_t { Standard, English };

// The analyzer of a name ('standard', 'english', ASCII case ignored); nullopt for another.
[[nodiscard]] std::optional<Analyzer> find_analyzer(std::string_view name);
[[nodiscard]] const char* analyzer_name(Analyzer analyzer);

// Terms are 1 to max_term_bytes bytes of UTF-8 with no 00 byte; longer words are dropped.
inline constexpr std::size_t max_term_bytes = 255;

struct Token {
    std::string term;
    std::uint32_t position = 0;  // the word's place in the text; a removed stop word leaves a gap
};

// The tokens of UTF-8 text, in text order. Invalid UTF-8 is read as U+FFFD (never a crash).
// Thread-safe (each thread keeps its own ICU and Snowball objects).
[[nodiscard]] std::vector<Token> analyze(Analyzer analyzer, std::string_view text);

// A word folded as analyze folds it, without stemming or stop words: what prefix* and fuzzy~
// queries compare with the stored terms. Empty when nothing of it is a word character.
[[nodiscard]] std::string fold_term(std::string_view word);

// Edits from a to b counted in code points (insertion, deletion, substitution or a swap of two
// neighbours is one), stopping early once above max: returns max + 1 then. Fuzzy queries.
[[nodiscard]] std::size_t term_distance(std::string_view a, std::string_view b, std::size_t max);

}  // namespace caspian
