// The errors the function library and the operators throw while running (docs/errors.md lists
// the classes and details): one helper per openCypher class, with no span (the evaluator adds it).
#pragma once

#include <caspian/error.hpp>

#include <string>
#include <utility>

namespace caspian::query {

// A value of the wrong kind. detail: the openCypher detail ("InvalidArgumentType" for operators,
// "InvalidArgumentValue" for functions), empty when none fits.
[[noreturn]] inline void type_error(const std::string& message, std::string detail = {}) {
    throw Error(ErrorKind::Type, ErrorClass::TypeError, std::move(detail), message);
}

// An argument the function cannot take (range's step 0, a percentile past 1, a date that does
// not exist): ArgumentError.
[[noreturn]] inline void argument_error(const std::string& message, std::string detail) {
    throw Error(ErrorKind::Type, ErrorClass::ArgumentError, std::move(detail), message);
}

// Integer arithmetic that has no result: ArithmeticError "DivisionByZero" or "IntegerOverflow".
// Its kind stays Type, which decides the exit code.
[[noreturn]] inline void arithmetic_error(const std::string& message, std::string detail) {
    throw Error(ErrorKind::Type, ErrorClass::ArithmeticError, std::move(detail), message);
}

[[noreturn]] inline void division_by_zero() {
    arithmetic_error("division by zero", "DivisionByZero");
}

[[noreturn]] inline void integer_overflow() {
    arithmetic_error("integer overflow", "IntegerOverflow");
}

}  // namespace caspian::query
