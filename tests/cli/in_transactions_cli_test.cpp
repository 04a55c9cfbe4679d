// CALL { ... } IN TRANSACTIONS from the command line (issue #16): a failed batch is a failed
// statement (exit code 1, the batch named), the batches before it stay; under
// --single-transaction the statement is refused and nothing is written.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

using caspian::testing::Outcome;

class InTransactionsCli : public caspian::testing::CliTest {
protected:
    std::string file(const std::string& name, const std::string& text) {
        const std::filesystem::path path = dir.path() / name;
        caspian::testing::write(path, text);
        return path.string();
    }
    std::string count_items() {
        const Outcome r =
            run({"query", db, "MATCH (n:Item) RETURN count(n) AS c", "--format", "csv"});
        EXPECT_EQ(r.code, 0) << r.err;
        return r.out;
    }
};

TEST_F(InTransactionsCli, AFailedBatchExitsWithOneAndTheEarlierBatchesStay) {
    ASSERT_EQ(run({"query", db, "CREATE (:Seed)"}).code, 0);
    const Outcome r = run({"query", db,
                           "UNWIND range(1, 5) AS i CALL (i) { CREATE (:Item {v: 10 / (i - 4)}) } "
                           "IN TRANSACTIONS OF 2 ROWS"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("batch 2 (rows 3\u20134) failed: division by zero"), std::string::npos)
        << r.err;
    EXPECT_EQ(count_items(), "c\r\n2\r\n");
}

TEST_F(InTransactionsCli, RefusedUnderSingleTransaction) {
    ASSERT_EQ(run({"query", db, "CREATE (:Seed)"}).code, 0);
    const std::string script =
        file("batches.cq",
             "CREATE (:Item);\nUNWIND [1, 2] AS i CALL (i) { CREATE (:Item) } IN TRANSACTIONS;\n");
    const Outcome r = run({"run", db, script, "--single-transaction"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("SemanticError.ImplicitTransactionRequired"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(":2:20:"), std::string::npos) << r.err;  // the CALL, in the file
    EXPECT_EQ(count_items(), "c\r\n0\r\n");
}

}  // namespace
