// caspian::Error: the one exception type of the engine, with a kind and an optional source span.
// Standard library only: every layer and every embedding program includes this.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace caspian {

// Resource: a statement passed one of its limits (memory, rows held, time; caspian/limits.hpp) or
// was cancelled; the database is unchanged.
enum class ErrorKind {
    Syntax,
    Semantic,
    Type,
    Constraint,
    Storage,
    Corrupt,
    Usage,
    Resource,
    Internal
};

// Bytes into the source text of a statement (or of a batch file under `caspian run`).
struct SourceSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message, std::optional<SourceSpan> where = {})
        : std::runtime_error(message), kind_(kind), where_(where) {}
    ErrorKind kind() const noexcept { return kind_; }
    std::optional<SourceSpan> where() const noexcept { return where_; }

private:
    ErrorKind kind_;
    std::optional<SourceSpan> where_;
};

// "syntax", "semantic", ... as used in rendered messages ("query:1:5: syntax error: ...").
inline const char* to_string(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::Syntax:
            return "syntax";
        case ErrorKind::Semantic:
            return "semantic";
        case ErrorKind::Type:
            return "type";
        case ErrorKind::Constraint:
            return "constraint";
        case ErrorKind::Storage:
            return "storage";
        case ErrorKind::Corrupt:
            return "corrupt";
        case ErrorKind::Usage:
            return "usage";
        case ErrorKind::Resource:
            return "resource";
        case ErrorKind::Internal:
            return "internal";
    }
    return "internal";
}

}  // namespace caspian
