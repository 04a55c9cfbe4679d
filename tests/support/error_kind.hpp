// kind_of and message_of: the ErrorKind and the message of the caspian::Error that f throws, so
// a test can say which error an operation gives (EXPECT_EQ(kind_of([&] { ... }),
// ErrorKind::Constraint)). A call that throws nothing is a test failure.
#pragma once

#include <caspian/error.hpp>

#include <gtest/gtest.h>

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
