// How a bad row leaves the code that reads it: RowError, thrown inside and caught per row by
// the Importer, which skips the row or ends the import with an ImportError.
#pragma once

#include <caspian/error.hpp>

#include "value/text.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace caspian::detail {

// The bad row of the current import: thrown inside, caught per row.
struct RowError {
    ErrorKind kind;
    std::string message;
};

[[noreturn]] inline void bad(ErrorKind kind, std::string message) {
    throw RowError{kind, std::move(message)};
}

// Text in the store is UTF-8 without NUL bytes (value/text.hpp). where: "field 2 (column
// 'name')" or "property 'name'".
inline void check_text(std::string_view text, const std::string& where) {
    const std::size_t at = find_bad_text_byte(text);
    if (at == std::string_view::npos) return;
    bad(ErrorKind::Syntax, std::string(text[at] == '\0' ? "a NUL byte" : "invalid UTF-8") + " in " +
                               where + " at byte " + std::to_string(at + 1) +
                               ": text must be UTF-8 without NUL bytes");
}

}  // namespace caspian::detail
