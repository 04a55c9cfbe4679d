// Issue #15, paths and output: read-only commands never create or write into a database
// directory, a path that is not a caspian database is refused untouched, and a failed write to
// standard output or to an export file ends the command with exit 1 and one message.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;
using testing::shell_quote;
using testing::TempDir;

const std::string binary = CASPIAN_BINARY;

Outcome caspian(const std::vector<std::string>& args, const fs::path& scratch,
                std::optional<std::string> input = {}) {
    testing::RunOptions options;
    options.input = std::move(input);
    return testing::run_binary(binary, args, scratch, options);
}

// Runs a bash command line (for redirections and pipes); `$B` is the caspian binary.
Outcome bash(const std::string& command, const fs::path& scratch) {
    return testing::run_binary("bash", {"-c", "B=" + shell_quote(binary) + "; " + command},
                               scratch);
}

// Every entry under dir with its size, or "absent": equal listings mean nothing was written.
std::string listing(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return "absent";
    if (!fs::is_directory(dir, ec)) return "file of " + std::to_string(fs::file_size(dir, ec));
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        names.push_back(fs::relative(e.path(), dir).string() + " " +
                        (e.is_regular_file() ? std::to_string(e.file_size()) : "dir"));
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names)
        out += n + "\n";
    return out;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class Paths : public ::testing::Test {
protected:
    // Each read-only command with db as its database; `scratch/out` the place it would write.
    std::vector<std::vector<std::string>> read_only_commands(const fs::path& db) const {
        const std::string p = db.string();
        testing::write(dir_.path() / "read.cq", "MATCH (n) RETURN count(n);\n");
        return {
            {"check", p},
            {"stats", p},
            {"stats", p, "--format", "json"},
            {"export", p, "--out", (dir_.path() / "out").string()},
            {"export", p, "--format", "dot", "--out", (dir_.path() / "out.dot").string()},
            {"backup", p, (dir_.path() / "copy").string()},
            {"query", "--read-only", p, "RETURN 1"},
            {"run", "--read-only", p, (dir_.path() / "read.cq").string()},
            {"shell", "--read-only", p},
        };
    }
    // The commands that may create a database, for paths that can never become one.
    std::vector<std::vector<std::string>> writing_commands(const fs::path& db) const {
        const std::string p = db.string();
        testing::write(dir_.path() / "write.cq", "CREATE (:N);\n");
        testing::write(dir_.path() / "nodes.jsonl", "{\"key\": \"a\"}\n");
        return {
            {"query", p, "CREATE (:N)"},
            {"run", p, (dir_.path() / "write.cq").string()},
            {"shell", p},
            {"import", p, "--nodes", (dir_.path() / "nodes.jsonl").string()},
        };
    }
    // Runs each command on db: exit 2 with `message`, and db, out and copy as they were.
    void expect_refused(const std::vector<std::vector<std::string>>& commands, const fs::path& db,
                        const std::string& message) {
        const std::string before = listing(db);
        for (const auto& args : commands) {
            const Outcome o = caspian(args, dir_.path(), "CREATE (:N);\n");
            const std::string what = args[0] + " " + args[1];
            EXPECT_EQ(o.code, 2) << what << "\n" << o.err;
            EXPECT_NE(o.err.find(message), std::string::npos) << what << "\n" << o.err;
            EXPECT_EQ(listing(db), before) << what;
            EXPECT_FALSE(fs::exists(dir_.path() / "out")) << what;
            EXPECT_FALSE(fs::exists(dir_.path() / "out.dot")) << what;
            EXPECT_FALSE(fs::exists(dir_.path() / "copy")) << what;
        }
    }

    TempDir dir_;
};

TEST_F(Paths, ReadOnlyCommandsNeverCreateADatabase) {
    const fs::path db = dir_.sub("no-such-db");
    expect_refused(read_only_commands(db), db, "no caspian database at '" + db.string() + "'");
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(Paths, ReadOnlyCommandsLeaveAnEmptyDirectoryEmpty) {
    const fs::path db = dir_.sub("empty");
    fs::create_directory(db);
    expect_refused(read_only_commands(db), db, "no caspian database at '" + db.string() + "'");
    EXPECT_TRUE(fs::is_empty(db));
}

TEST_F(Paths, ARegularFileIsRefusedUnchanged) {
    const fs::path file = dir_.sub("notes.txt");
    testing::write(file, "not a database\n");
    auto commands = read_only_commands(file);
    for (auto& c : writing_commands(file))
        commands.push_back(c);
    expect_refused(commands, file, "is not a caspian database: it is a file");
    EXPECT_EQ(testing::slurp(file), "not a database\n");
}

TEST_F(Paths, ADirectoryOfOtherFilesIsRefusedUnchanged) {
    const fs::path db = dir_.sub("photos");
    fs::create_directory(db);
    testing::write(db / "a.jpg", "jpeg");
    auto commands = read_only_commands(db);
    for (auto& c : writing_commands(db))
        commands.push_back(c);
    expect_refused(commands, db, "is not a caspian database");
}

TEST_F(Paths, ADataFileOfAnotherProgramIsRefusedWithoutALockFile) {
    // LMDB creates lock.mdb before it reads data.mdb: the failed open must take it away again.
    const fs::path db = dir_.sub("other");
    fs::create_directory(db);
    testing::write(db / "data.mdb", std::string(8192, 'x'));
    auto commands = read_only_commands(db);
    for (auto& c : writing_commands(db))
        commands.push_back(c);
    expect_refused(commands, db, "is not a caspian database");
    EXPECT_FALSE(fs::exists(db / "lock.mdb"));
}

TEST_F(Paths, QueryAndRunCreateAnAbsentDatabase) {
    // The documented rule (docs/cli.md): commands that may write create the database.
    const fs::path a = dir_.sub("a"), b = dir_.sub("b");
    testing::write(dir_.path() / "write.cq", "CREATE (:N);\n");
    EXPECT_EQ(caspian({"query", a.string(), "CREATE (:N)"}, dir_.path()).code, 0);
    EXPECT_EQ(caspian({"run", b.string(), (dir_.path() / "write.cq").string()}, dir_.path()).code,
              0);
    for (const fs::path& db : {a, b}) {
        const Outcome o = caspian({"query", "--read-only", db.string(),
                                   "MATCH (n:N) RETURN count(n) AS n", "--format", "csv"},
                                  dir_.path());
        EXPECT_EQ(o.code, 0) << o.err;
        EXPECT_EQ(o.out, "n\r\n1\r\n");
    }
}

TEST_F(Paths, AFailedQueryOrImportLeavesNoDatabaseBehind) {
    // The failure wrote nothing, so the database it would have created is not kept either.
    const fs::path absent = dir_.sub("absent"), empty = dir_.sub("empty");
    fs::create_directory(empty);
    const fs::path bad = dir_.path() / "bad.jsonl";
    testing::write(bad, "{\"key\": \"a\"}\n{\"key\": \"b\", \"name\": \"B\"}\n");
    for (const fs::path& db : {absent, empty}) {
        const std::string before = listing(db);
        const std::vector<std::vector<std::string>> commands = {
            {"query", db.string(), "MATCH (n RETURN n"},
            {"query", db.string(), "CREATE (n:N) RETURN 1 / 0"},
            {"import", db.string(), "--nodes", bad.string()},
        };
        for (const auto& args : commands) {
            const Outcome o = caspian(args, dir_.path());
            EXPECT_EQ(o.code, 1) << args[2] << "\n" << o.err;
            EXPECT_EQ(listing(db), before) << args[2];
        }
    }
}

class Output : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
        db_ = dir_.sub("db").string();
        const Outcome o =
            caspian({"query", db_, "UNWIND range(1, 20) AS i CREATE (:N {i: i})"}, dir_.path());
        ASSERT_EQ(o.code, 0) << o.err;
        testing::write(dir_.path() / "read.cq", "MATCH (n) RETURN n;\nMATCH (n) RETURN n.i;\n");
        testing::write(dir_.path() / "many.cq", "UNWIND range(1, 1000000) AS x RETURN x;\n");
    }
    // Exit 1 and the reason, exactly once.
    static void expect_failed(const Outcome& o, const std::string& reason,
                              const std::string& what) {
        EXPECT_EQ(o.code, 1) << what << "\n" << o.err;
        EXPECT_EQ(o.signal, 0) << what;
        EXPECT_EQ(count(o.err, reason), 1u) << what << "\n" << o.err;
    }

    // Shell commands ($B: the binary) whose output runs far past what a pipe holds.
    std::vector<std::string> long_output_commands() const {
        const std::string many = shell_quote((dir_.path() / "many.cq").string());
        return {
            "$B query " + shell_quote(db_) + " 'UNWIND range(1, 1000000) AS x RETURN x' -f csv",
            "$B run " + shell_quote(db_) + " " + many + " --format jsonl",
        };
    }

    TempDir dir_;
    std::string db_;
};

TEST_F(Output, AFullStandardOutputFailsEveryCommandThatPrints) {
    const std::string db = shell_quote(db_);
    const std::string read = shell_quote((dir_.path() / "read.cq").string());
    const std::string commands[] = {
        "$B query " + db + " 'MATCH (n) RETURN n'",
        "$B query " + db + " 'MATCH (n) RETURN n.i' --format csv",
        "$B query " + db + " 'MATCH (n) RETURN n.i' --format jsonl",
        "$B query " + db + " 'MATCH (n) RETURN n.i' --format json",
        "$B query " + db + " 'MATCH (n) RETURN n' --format dot",
        "$B run " + db + " " + read,
        "$B run " + db + " " + read + " --continue-on-error --format csv",
        "$B " + db + " < " + read,
        "$B stats " + db,
        "$B check " + db,
        "$B --help",
        "$B query --help",
    };
    for (const std::string& c : commands) {
        expect_failed(bash(c + " > /dev/full", dir_.path()),
                      "caspian: storage error: cannot write to standard output: No space left on "
                      "device",
                      c);
    }
}

TEST_F(Output, AFailedOutputStopsAWritingRunAndKeepsNothingOfASingleTransaction) {
    testing::write(dir_.path() / "write.cq", "CREATE (:W);\nMATCH (n) RETURN n;\nCREATE (:W);\n");
    const std::string run = "$B run " + shell_quote(db_) + " " +
                            shell_quote((dir_.path() / "write.cq").string()) +
                            " --single-transaction > /dev/full";
    expect_failed(bash(run, dir_.path()), "cannot write to standard output", run);
    const Outcome o =
        caspian({"query", db_, "MATCH (w:W) RETURN count(w) AS n", "--format", "csv"}, dir_.path());
    EXPECT_EQ(o.out, "n\r\n0\r\n");
}

TEST_F(Output, AClosedPipeEndsTheCommandQuietly) {
    // SIGPIPE keeps its default, as for coreutils: `| head -1` ends caspian without a message.
    const std::string err = shell_quote((dir_.path() / "err.txt").string());
    for (const std::string& c : long_output_commands()) {
        const Outcome o =
            bash(c + " 2> " + err + " | head -1; echo \"status ${PIPESTATUS[0]}\"", dir_.path());
        EXPECT_NE(o.out.find("status 141"), std::string::npos) << c << "\n" << o.out << o.err;
        EXPECT_EQ(testing::slurp(dir_.path() / "err.txt"), "") << c;
    }
}

TEST_F(Output, AClosedPipeWithSigpipeIgnoredIsOneError) {
    // With SIGPIPE ignored (inherited from the parent) the write fails with EPIPE instead: one
    // message and exit 1, and the statement stops rather than producing the rest.
    const std::string err = shell_quote((dir_.path() / "err.txt").string());
    for (const std::string& c : long_output_commands()) {
        const Outcome o = bash(
            "trap '' PIPE; " + c + " 2> " + err + " | head -1; echo \"status ${PIPESTATUS[0]}\"",
            dir_.path());
        EXPECT_NE(o.out.find("status 1\n"), std::string::npos) << c << "\n" << o.out << o.err;
        EXPECT_EQ(testing::slurp(dir_.path() / "err.txt"),
                  "caspian: storage error: cannot write to standard output: Broken pipe\n")
            << c;
    }
}

TEST_F(Output, AnExportToAFullDiskFails) {
    for (const char* format : {"dot", "graphml", "ntriples"}) {
        const Outcome o =
            caspian({"export", db_, "--format", format, "--out", "/dev/full"}, dir_.path());
        expect_failed(o, "cannot write '/dev/full': No space left on device", format);
    }
    // The directory formats: their files lead to the full device.
    for (const char* format : {"csv", "jsonl"}) {
        const fs::path out = dir_.sub(std::string("out-") + format);
        fs::create_directory(out);
        fs::create_symlink("/dev/full", out / (std::string("nodes.") + format));
        const Outcome o =
            caspian({"export", db_, "--format", format, "--out", out.string()}, dir_.path());
        expect_failed(o, "No space left on device; the export is incomplete", format);
    }
}

}  // namespace
}  // namespace caspian
