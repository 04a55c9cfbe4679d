// graph::Interrupt: the cancel flag and the statement's deadline, and InterruptPoll's stride.
#include "graph/interrupt.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace caspian::graph {
namespace {

using namespace std::chrono_literals;

// The kind and message check() throws with, or "" when it does not throw.
std::string thrown(const Interrupt& interrupt, ErrorKind kind) {
    try {
        interrupt.check();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        return e.what();
    }
    return "";
}

TEST(Interrupt, NothingToPoll) {
    const Interrupt none;
    EXPECT_FALSE(none.active());
    EXPECT_NO_THROW(none.check());
    InterruptPoll poll(none, 1);
    for (int i = 0; i < 10; ++i)
        EXPECT_NO_THROW(poll.tick());
}

TEST(Interrupt, CancelFlag) {
    std::atomic<bool> flag{false};
    const Interrupt interrupt(&flag);  // a bare flag converts, as the algorithms' callers pass it
    EXPECT_TRUE(interrupt.active());
    EXPECT_NO_THROW(interrupt.check());
    flag = true;
    EXPECT_EQ(thrown(interrupt, ErrorKind::Usage), "the statement was cancelled");
}

TEST(Interrupt, Deadline) {
    const auto now = Interrupt::Clock::now();
    EXPECT_NO_THROW(Interrupt(nullptr, now + 1h, 1h).check());
    const std::string message = thrown(Interrupt(nullptr, now - 1s, 200ms), ErrorKind::Resource);
    EXPECT_NE(message.find("ran past its timeout of 200 ms"), std::string::npos) << message;
    EXPECT_NE(thrown(Interrupt(nullptr, now - 1s, 2500ms), ErrorKind::Resource).find("2.5 s"),
              std::string::npos);
}

TEST(Interrupt, PollLooksEveryStrideCalls) {
    InterruptPoll poll(Interrupt(nullptr, Interrupt::Clock::now() - 1s, 200ms), 4);
    EXPECT_NO_THROW(poll.tick());
    EXPECT_NO_THROW(poll.tick());
    EXPECT_NO_THROW(poll.tick());
    EXPECT_THROW(poll.tick(), Error);
}

}  // namespace
}  // namespace caspian::graph
