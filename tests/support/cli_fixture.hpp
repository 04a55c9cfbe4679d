// CliTest: the fixture of the tests that run the built `caspian` binary (CASPIAN_BINARY, defined
// by their target): a fresh directory per test, a database path in it, and run().
#pragma once

#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian::testing {

class CliTest : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir.path() / "db").string();

    // Runs caspian with args (no shell) in dir, standard input from `input`.
    Outcome run(const std::vector<std::string>& args, const std::string& input = "") {
        RunOptions options;
        options.input = input;
        return run_binary(CASPIAN_BINARY, args, dir.path(), options);
    }
};

}  // namespace caspian::testing
