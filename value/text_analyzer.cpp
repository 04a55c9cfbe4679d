// The analyzers of value/text_analyzer.hpp: ICU word boundaries and NFKC_Casefold, Snowball
// English stemming. Only this file includes ICU and libstemmer headers.
#include "value/text_analyzer.hpp"

#include <caspian/error.hpp>

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

namespace caspian {

namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) {
        throw Error(ErrorKind::Internal, std::string(what) + " failed: " + u_errorName(status));
    }
}

// One word iterator per thread: creating one loads ICU's rules, cloning it is cheap.
icu::BreakIterator& word_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> made(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        check(status, "icu::BreakIterator::createWordInstance");
        return made;
    }();
    return *it;
}

const icu::Normalizer2& casefold() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    check(status, "icu::Normalizer2::getNFKCCasefoldInstance");
    return *n;
}

struct StemmerDeleter {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// Snowball stemmers are not thread-safe: one per thread.
sb_stemmer& english_stemmer() {
    thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> s(sb_stemmer_new("english", "UTF_8"));
    if (!s) throw Error(ErrorKind::Internal, "the Snowball English stemmer is unavailable");
    return *s;
}

// Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.
constexpr std::array<std::string_view, 33> english_stop_words = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

bool is_stop_word(std::string_view term) {
    return std::find(english_stop_words.begin(), english_stop_words.end(), term) !=
           english_stop_words.end();
}

std::string fold(const icu::UnicodeString& word) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded = casefold().normalize(word, status);
    check(status, "NFKC_Casefold");
    std::string out;
    folded.toUTF8String(out);
    return out;
}

// Drops a trailing possessive ('s, ’s): Lucene's EnglishPossessiveFilter.
void drop_possessive(std::string& term) {
    for (std::string_view s : {std::string_view("'s"), std::string_view("\u2019s")}) {
        if (term.size() > s.size() && term.ends_with(s)) {
            term.resize(term.size() - s.size());
            return;
        }
    }
}

std::string stem(std::string_view term) {
    sb_stemmer& s = english_stemmer();
    const sb_symbol* out = sb_stemmer_stem(&s, reinterpret_cast<const sb_symbol*>(term.data()),
                                           static_cast<int>(term.size()));
    if (out == nullptr) throw Error(ErrorKind::Internal, "out of memory while stemming");
    return std::string(reinterpret_cast<const char*>(out),
                       static_cast<std::size_t>(sb_stemmer_length(&s)));
}

bool is_term(std::string_view term) {
    return !term.empty() && term.size() <= max_term_bytes &&
           term.find('\0') == std::string_view::npos;
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    std::int32_t i = 0;
    const auto n = static_cast<std::int32_t>(s.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
    }
    return out;
}

}  // namespace

std::optional<Analyzer> find_analyzer(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    if (lower == "standard") return Analyzer::Standard;
    if (lower == "english") return Analyzer::English;
    return std::nullopt;
}

const char* analyzer_name(Analyzer analyzer) {
    return analyzer == Analyzer::English ? "english" : "standard";
}

std::vector<Token> analyze(Analyzer analyzer, std::string_view text) {
    std::vector<Token> out;
    if (text.size() > INT32_MAX) throw Error(ErrorKind::Constraint, "a text is too long to index");
    const icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), std::int32_t(text.size())));
    icu::BreakIterator& it = word_iterator();
    it.setText(u);
    std::uint32_t position = 0;
    std::int32_t start = it.first();
    for (std::int32_t end = it.next(); end != icu::BreakIterator::DONE;
         start = end, end = it.next()) {
        // Letters, numbers, kana and ideographs; spaces and punctuation are UBRK_WORD_NONE.
        if (it.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
        std::string term = fold(icu::UnicodeString(u, start, end - start));
        if (analyzer == Analyzer::English) {
            drop_possessive(term);
            if (is_stop_word(term)) {
                ++position;
                continue;
            }
            term = stem(term);
        }
        if (is_term(term)) out.push_back({std::move(term), position});
        ++position;
    }
    return out;
}

std::string fold_term(std::string_view word) {
    std::string out;
    for (Token& t : analyze(Analyzer::Standard, word))
        out += t.term;
    return out;
}

std::size_t term_distance(std::string_view a_text, std::string_view b_text, std::size_t max) {
    const std::u32string a = code_points(a_text), b = code_points(b_text);
    const std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (diff > max) return max + 1;
    // Optimal string alignment over three rows.
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > max) return max + 1;
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], max + 1);
}

}  // namespace caspian
