// The folding that makes names and aliases match (docs/names.md): case, compatibility forms and
// the accents of Latin, Greek and Cyrillic letters are ignored; scripts are kept. ICU stays in
// the .cpp.
#pragma once

#include <string>
#include <string_view>

namespace caspian {

// NFKC case folding, then the combining marks after a Latin, Greek or Cyrillic letter removed
// (NFD), then ICU's Latin-ASCII with ə as e (Lucene's ASCII folding): "Azərbaycan", "AZƏRBAYCAN"
// and "azerbaycan" fold alike, "Ёлка" to "елка"; Cyrillic stays Cyrillic. Invalid UTF-8 reads
// as U+FFFD. Thread-safe (one ICU transliterator per thread). Error{Internal} if ICU fails.
[[nodiscard]] std::string fold_name(std::string_view text);

// The same fold always through ICU. fold_name lowers plain ASCII text itself, since for it
// NFKC_Casefold only lowers A-Z and the transliterator changes nothing; tests compare the two.
[[nodiscard]] std::string fold_name_unicode(std::string_view text);

}  // namespace caspian
