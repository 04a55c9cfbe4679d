// caspian::Error: the one exception type of the engine, with a kind and an optional source span.
// Standard library only: every layer and every embedding program includes this.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

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

// The openCypher class of a statement error, as the TCK names it ("a SyntaxError should be raised
// at compile time: VariableAlreadyBound"). openCypher files every compile-time error, semantic or
// not, under SyntaxError. None: not an openCypher statement error (storage, usage, ...).
enum class ErrorClass {
    None,
    SyntaxError,
    SemanticError,
    TypeError,
    ArgumentError,
    ArithmeticError,
    EntityNotFound,
    PropertyNotFound,
    ConstraintVerificationFailed,
    ConstraintValidationFailed,
    ProcedureError,
    ParameterMissing
};

// The class an error gets when its thrower names none: Syntax and Semantic are SyntaxError, Type
// is TypeError, Constraint is ConstraintVerificationFailed, the other kinds None.
constexpr ErrorClass default_class(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::Syntax:
        case ErrorKind::Semantic:
            return ErrorClass::SyntaxError;
        case ErrorKind::Type:
            return ErrorClass::TypeError;
        case ErrorKind::Constraint:
            return ErrorClass::ConstraintVerificationFailed;
        default:
            return ErrorClass::None;
    }
}

// Bytes into the source text of a statement (or of a batch file under `caspian run`).
struct SourceSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
};

// Where a byte offset falls in the text, as messages show it: 1-based, the column in UTF-8
// characters (line_column in diagnostics.hpp computes it).
struct LineColumn {
    std::size_t line = 1;
    std::size_t column = 1;
};

// kind: caspian's own classification, which decides the exit code. error_class and detail: the
// openCypher class and detail, e.g. SyntaxError and "VariableAlreadyBound", so that a
// program can tell errors apart without matching message texts. The detail is one of the TCK's
// names (docs/errors.md lists those caspian raises) or empty when none is known.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message, std::optional<SourceSpan> where = {})
        : Error(kind, default_class(kind), {}, message, where) {}
    Error(ErrorKind kind, ErrorClass error_class, std::string detail, const std::string& message,
          std::optional<SourceSpan> where = {})
        : std::runtime_error(message),
          kind_(kind),
          class_(error_class),
          detail_(std::move(detail)),
          where_(where) {}
    ErrorKind kind() const noexcept { return kind_; }
    ErrorClass error_class() const noexcept { return class_; }
    const std::string& detail() const noexcept { return detail_; }
    std::optional<SourceSpan> where() const noexcept { return where_; }

    // The same error (kind, class, detail, message) at another place.
    [[nodiscard]] Error with_where(std::optional<SourceSpan> where) const {
        return Error(kind_, class_, detail_, what(), where);
    }

private:
    ErrorKind kind_;
    ErrorClass class_;
    std::string detail_;
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

// "SyntaxError", "TypeError", ... as the TCK spells them; "" for None.
inline const char* to_string(ErrorClass error_class) noexcept {
    switch (error_class) {
        case ErrorClass::None:
            return "";
        case ErrorClass::SyntaxError:
            return "SyntaxError";
        case ErrorClass::SemanticError:
            return "SemanticError";
        case ErrorClass::TypeError:
            return "TypeError";
        case ErrorClass::ArgumentError:
            return "ArgumentError";
        case ErrorClass::ArithmeticError:
            return "ArithmeticError";
        case ErrorClass::EntityNotFound:
            return "EntityNotFound";
        case ErrorClass::PropertyNotFound:
            return "PropertyNotFound";
        case ErrorClass::ConstraintVerificationFailed:
            return "ConstraintVerificationFailed";
        case ErrorClass::ConstraintValidationFailed:
            return "ConstraintValidationFailed";
        case ErrorClass::ProcedureError:
            return "ProcedureError";
        case ErrorClass::ParameterMissing:
            return "ParameterMissing";
    }
    return "";
}

}  // namespace caspian
