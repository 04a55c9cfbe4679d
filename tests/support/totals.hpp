// Counters a harness adds to across all its tests, printed as one summary line after the last
// test of the executable (e.g. "faults: 312 injected, 0 left the database changed, ...").
#pragma once

#include <gtest/gtest.h>

#include <iostream>

namespace caspian::testing {

// The one Counts of this executable.
template <typename Counts>
Counts& totals() {
    static Counts counts;
    return counts;
}

template <typename Counts>
class TotalsLine : public ::testing::Environment {
public:
    using Print = void (*)(std::ostream&, const Counts&);
    explicit TotalsLine(Print print) : print_(print) {}
    void TearDown() override { print_(std::cout, totals<Counts>()); }

private:
    Print print_;
};

// Registers print to write totals<Counts>() once every test ran; call it from a namespace-scope
// initializer (const auto* const line = print_totals_after_tests<Counts>(print);).
template <typename Counts>
const ::testing::Environment* print_totals_after_tests(typename TotalsLine<Counts>::Print print) {
    return ::testing::AddGlobalTestEnvironment(new TotalsLine<Counts>(print));
}

}  // namespace caspian::testing
