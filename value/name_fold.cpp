// fold_name (value/name_fold.hpp) with ICU: NFKC_Casefold, then one rule-based transliterator;
// plain ASCII, which neither changes but for A-Z, skips ICU (half of an import's time was here).
#include "value/name_fold.hpp"

#include "value/text.hpp"

#include <caspian/error.hpp>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace caspian {

namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) {
        throw Error(ErrorKind::Internal, std::string(what) + " failed: " + u_errorName(status));
    }
}

// Marks go only after the scripts whose readers drop them when typing (a Devanagari virama
// changes the letter); ə has no ASCII decomposition, Lucene's ASCIIFoldingFilter maps it to e.
constexpr const char* fold_rules =
    ":: NFD; [[:Latin:][:Greek:][:Cyrillic:]] { [:Mn:]+ > ; [əƏ] > e; :: Latin-ASCII; :: NFC;";

// Building the transliterator compiles its rules (milliseconds): once per thread.
icu::Transliterator& folder() {
    thread_local std::unique_ptr<icu::Transliterator> t = [] {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error;
        std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createFromRules(
            "caspian-name-fold", icu::UnicodeString::fromUTF8(fold_rules), UTRANS_FORWARD,
            parse_error, status));
        check(status, "icu::Transliterator::createFromRules");
        return made;
    }();
    return *t;
}

}  // namespace

std::string fold_name(std::string_view text) {
    const bool ascii = std::all_of(text.begin(), text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return ascii ? ascii_lower(text) : fold_name_unicode(text);
}

std::string fold_name_unicode(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    check(status, "icu::Normalizer2::getNFKCCasefoldInstance");
    icu::UnicodeString u = casefold->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                                   text.data(), static_cast<int32_t>(text.size()))),
                                               status);
    check(status, "icu::Normalizer2::normalize");
    folder().transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
}

}  // namespace caspian
