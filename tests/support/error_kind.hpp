// kind_of and message_of: the ErrorKind and the message of the caspian::Error that f throws, so
// a test can say which error an operation gives (EXPECT_EQ(kind_of([&] { ... }),
// ErrorKind::Constraint)). A call that throws nothing is a test failure. error_of: the whole
// Error, or nullopt, for a test that asserts on its class, detail or position.
#pragma once

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace caspian::testing {

template <typename F>
ErrorKind kind_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no Error was thrown";
    return ErrorKind::Internal;
}

template <typename F>
std::optional<Error> error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

template <typename F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no Error was thrown";
    return {};
}

}  // namespace caspian::testing
