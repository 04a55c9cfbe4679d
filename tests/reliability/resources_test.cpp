// Resources (issue #9): a database outgrowing its initial map, read-only files and file systems,
// a full disk. Each failure must give a message that says what to do and leave the data intact.
#include "reliability/batch_model.hpp"
#include "reliability/process.hpp"
#include "support/temp_dir.hpp"

#include <caspian/tools.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <iostream>

namespace {

using namespace caspian;
using namespace caspian::reliability;
using caspian::testing::Child;
using caspian::testing::ChildOptions;
using caspian::testing::TempDir;
namespace ct = caspian::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int n = default_nodes_per_batch;

struct Ran {
    int status = 0;
    std::vector<std::string> lines;
    std::string err;
};

Ran run(const std::vector<std::string>& argv, const TempDir& dir, ChildOptions options = {}) {
    options.stderr_file = dir.sub("stderr.txt");
    Child child(argv, options);
    Ran r;
    r.status = child.wait();
    r.lines = child.lines();
    r.err = child.stderr_text();
    return r;
}

std::int64_t last_acknowledged(const std::vector<std::string>& lines) {
    std::int64_t last = 0;
    for (const auto& line : lines) {
        if (line.starts_with("committed ")) last = std::stoll(line.substr(10));
    }
    return last;
}

Inventory inventory(const std::string& db) {
    Database database = Database::open(db, OpenOptions{.read_only = true});
    EXPECT_TRUE(check(database).is_sound());
    return take_inventory(database.begin_read(), n);
}

TEST(Resources, DatabaseGrowsPastItsInitialMap) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    // Batches through the API, each a transaction, from a 64 KiB map.
    const Ran writer = run(
        {CASPIAN_WRITER, "batches", db, "--count", "60", "--pad", "4000", "--map-size", "65536"},
        dir);
    ASSERT_TRUE(ct::exited_with(writer.status, 0)) << writer.err;
    // One statement that alone needs far more than the initial map.
    const Ran cli = run({CASPIAN_BINARY, "query", db, "--map-size", "64K",
                         "UNWIND range(1, 3000) AS i CREATE (:Bulk {i: i, pad: "
                         "'" +
                             std::string(200, 'y') + "'}) RETURN count(*) AS n",
                         "--format", "csv"},
                        dir);
    ASSERT_TRUE(ct::exited_with(cli.status, 0)) << cli.err;
    ASSERT_EQ(cli.lines.size(), 2u);
    EXPECT_EQ(cli.lines[1], "3000");

    Database database = Database::open(db, OpenOptions{.read_only = true});
    const StoreStats s = stats(database);
    const Inventory inv = take_inventory(database.begin_read(), n);
    std::cout << "map: initial 64 KiB, " << inv.counter << " batches and one 3000-node statement "
              << "written, " << s.used_bytes / 1024 << " KiB in use, 0 errors" << std::endl;
    EXPECT_TRUE(check(database).is_sound());
    EXPECT_EQ(inv.counter, 60);
    EXPECT_GT(s.used_bytes, 16u * 65536);
    EXPECT_EQ(s.counts.nodes, 60u * n + 1 + 3000);
}

TEST(Resources, ReadOnlyFilesRefuseWritesClearlyAndStillRead) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    {
        const Ran setup = run({CASPIAN_WRITER, "batches", db, "--count", "3"}, dir);
        ASSERT_TRUE(ct::exited_with(setup.status, 0)) << setup.err;
    }
    // A read-only copy: files 0444 in a 0555 directory. Root ignores permissions, so as root the
    // CLI runs as nobody.
    for (const auto& f : fs::directory_iterator(db))
        fs::permissions(f.path(), fs::perms(0444));
    fs::permissions(db, fs::perms(0555));
    const ChildOptions nobody{.as_nobody = true};
    // A copy of the CLI in the test's directory: the build tree may sit under a directory
    // nobody cannot search (mktemp -d makes 0700 ones), where exec would fail with 127.
    const auto cli = dir.sub("caspian").string();
    fs::copy_file(CASPIAN_BINARY, cli);
    fs::permissions(cli, fs::perms(0755));
    const Ran write = run({cli, "query", db, "CREATE (:Extra)"}, dir, nobody);
    const Ran read = run(
        {cli, "query", "--read-only", db, "MATCH (c:Counter) RETURN c.batches", "--format", "csv"},
        dir, nobody);
    fs::permissions(db, fs::perms(0755));
    for (const auto& f : fs::directory_iterator(db))
        fs::permissions(f.path(), fs::perms(0644));
    if (ct::exited_with(write.status, 126)) GTEST_SKIP() << "cannot drop root privileges here";

    std::cout << "read-only files: write -> " << ct::describe(write.status) << ", "
              << (write.err.empty() ? "" : write.err.substr(0, write.err.size() - 1))
              << "; --read-only read -> " << ct::describe(read.status) << std::endl;
    EXPECT_TRUE(ct::exited_with(write.status, 2)) << write.err;
    EXPECT_NE(write.err.find("cannot open database '" + db +
                             "' for writing: Permission denied "
                             "(open it read-only, or make the directory and its files writable)"),
              std::string::npos)
        << write.err;
    EXPECT_TRUE(ct::exited_with(read.status, 0)) << read.err;
    EXPECT_EQ(read.lines, (std::vector<std::string>{"c.batches", "3"}));
    const Inventory inv = inventory(db);
    EXPECT_TRUE(inv.problems.empty());
    EXPECT_EQ(inv.counter, 3);
}

// Runs a shell script in a new user and mount namespace (where it may mount file systems);
// nullopt when this machine does not allow that.
std::optional<Ran> in_namespace(const std::string& script, const TempDir& dir) {
    const Ran r = run({"/usr/bin/unshare", "-rm", "/bin/sh", "-c", script}, dir);
    if (ct::exited_with(r.status, 77) || ct::exited_with(r.status, 1) ||
        ct::exited_with(r.status, 127)) {
        for (const auto& line : r.lines) {
            if (line == "mounted") return r;
        }
        return std::nullopt;
    }
    return r;
}

// The value after "name=" in the lines, or "".
std::string marker(const std::vector<std::string>& lines, const std::string& name) {
    for (const auto& line : lines) {
        if (line.starts_with(name + "=")) return line.substr(name.size() + 1);
    }
    return "";
}

TEST(Resources, ReadOnlyFileSystemRefusesWritesClearlyAndStillReads) {
    TempDir dir;
    const auto db = dir.sub("db").string();
    {
        const Ran setup = run({CASPIAN_WRITER, "batches", db, "--count", "3"}, dir);
        ASSERT_TRUE(ct::exited_with(setup.status, 0)) << setup.err;
    }
    const std::string bin = std::string("'") + CASPIAN_BINARY + "'";
    const std::string script =
        "mount --bind '" + db + "' '" + db + "' && mount -o remount,bind,ro '" + db +
        "' || exit 77; echo mounted; " + bin + " query '" + db +
        "' 'CREATE (:Extra)' 2>&1; echo write=$?; " + bin + " query --read-only '" + db +
        "' 'MATCH (c:Counter) RETURN c.batches' --format csv; echo read=$?";
    const auto r = in_namespace(script, dir);
    if (!r) GTEST_SKIP() << "no user namespaces here to mount a read-only file system";
    std::string message;
    for (const auto& line : r->lines) {
        if (line.find("error") != std::string::npos) message = line;
    }
    std::cout << "read-only file system: write -> exit " << marker(r->lines, "write") << ", "
              << message << "; --read-only read -> exit " << marker(r->lines, "read") << std::endl;
    EXPECT_EQ(marker(r->lines, "write"), "2") << r->err;
    EXPECT_NE(
        message.find("for writing: Read-only file system (open it read-only, or mount its file "
                     "system read-write)"),
        std::string::npos)
        << message;
    EXPECT_EQ(marker(r->lines, "read"), "0") << r->err;
    const Inventory inv = inventory(db);
    EXPECT_TRUE(inv.problems.empty());
    EXPECT_EQ(inv.counter, 3);
}

bool says_free_space(const std::string& err) {
    return err.find("free some space") != std::string::npos &&
           err.find("then run it again") != std::string::npos;
}

TEST(Resources, FileSizeLimitStopsWritesClearlyAndKeepsWhatWasCommitted) {
    // Stands in for a full disk on every machine: past RLIMIT_FSIZE, LMDB's writes fail with
    // EFBIG at the same places ENOSPC would fail them.
    TempDir dir;
    const auto db = dir.sub("db").string();
    {
        const Ran setup = run({CASPIAN_WRITER, "batches", db, "--count", "2"}, dir);
        ASSERT_TRUE(ct::exited_with(setup.status, 0)) << setup.err;
    }
    const auto limit = fs::file_size(fs::path(db) / "data.mdb") + 256 * 1024;
    const Ran writer = run({CASPIAN_WRITER, "batches", db, "--pad", "3000"}, dir,
                           ChildOptions{.file_size_limit = limit});
    const Ran cli =
        run({CASPIAN_BINARY, "query", db,
             "UNWIND range(1, 2000) AS i CREATE (:Bulk {pad: '" + std::string(500, 'z') + "'})"},
            dir, ChildOptions{.file_size_limit = limit});
    const std::int64_t last = last_acknowledged(writer.lines);
    const Inventory inv = inventory(db);
    Database database = Database::open(db, OpenOptions{.read_only = true});
    const auto bulk = database.begin_read().counts().nodes - (inv.counter * n + 1);
    std::cout << "file size limit: writer stopped after batch " << last << " with "
              << ct::describe(writer.status) << ": " << writer.err.substr(0, writer.err.find('\n'))
              << "; CLI -> " << ct::describe(cli.status) << "; counter " << inv.counter << ", "
              << inv.partial.size() << " partial, " << bulk << " nodes of the failed statement"
              << std::endl;
    EXPECT_TRUE(ct::exited_with(writer.status, 1)) << writer.err;
    // EFBIG, or EIO when the write that crosses the limit comes back short (where it crosses
    // depends on the layout of the pages): both messages say to free space and run it again.
    EXPECT_TRUE(says_free_space(writer.err)) << writer.err;
    EXPECT_GT(last, 2) << "the limit left no room for a batch: nothing was tested";
    EXPECT_TRUE(ct::exited_with(cli.status, 1)) << cli.err;
    EXPECT_NE(cli.err.find("storage error: "), std::string::npos) << cli.err;
    EXPECT_TRUE(says_free_space(cli.err)) << cli.err;
    EXPECT_TRUE(inv.problems.empty()) << inv.problems.front();
    EXPECT_EQ(inv.counter, last);
    EXPECT_EQ(bulk, 0u);

    // With room again, writing goes on.
    const Ran after = run({CASPIAN_WRITER, "batches", db, "--count", "3"}, dir);
    EXPECT_TRUE(ct::exited_with(after.status, 0)) << after.err;
    EXPECT_EQ(last_acknowledged(after.lines), last + 3);
}

TEST(Resources, FullFileSystemStopsWritesClearlyAndKeepsWhatWasCommitted) {
    TempDir dir;
    const auto mount = dir.sub("mnt").string();
    fs::create_directory(mount);
    const std::string db = mount + "/db";
    const std::string writer = std::string("'") + CASPIAN_WRITER + "'";
    const std::string bin = std::string("'") + CASPIAN_BINARY + "'";
    // Everything happens inside the namespace: the tiny tmpfs vanishes with it.
    const std::string script =
        "mount -t tmpfs -o size=1m tmpfs '" + mount + "' || exit 77; echo mounted; " + writer +
        " batches '" + db + "' --pad 2000 2>&1; echo writer=$?; " + bin + " check '" + db +
        "' >/dev/null 2>&1; echo check=$?; " + bin + " query --read-only '" + db +
        "' 'MATCH (c:Counter) RETURN c.batches AS counter' --format csv | tail -n 1 | "
        "sed 's/^/counter=/'; " +
        writer + " verify '" + db + "' | sed 's/^/inventory=/'; " + "mount -o remount,size=4m '" +
        mount + "'; " + writer + " batches '" + db +
        "' --count 3 >/dev/null 2>&1; echo after=$?; " + bin + " check '" + db +
        "' >/dev/null 2>&1; echo check_after=$?";
    const auto r = in_namespace(script, dir);
    if (!r) GTEST_SKIP() << "no user namespaces here to mount a small tmpfs";
    const std::int64_t last = last_acknowledged(r->lines);
    std::string message;
    for (const auto& line : r->lines) {
        if (line.starts_with("writer: ")) message = line;
    }
    std::cout << "full disk (1 MiB tmpfs): writer stopped after batch " << last << " with exit "
              << marker(r->lines, "writer") << ", " << message << "; check exit "
              << marker(r->lines, "check") << ", " << marker(r->lines, "inventory")
              << "; after growing the tmpfs: writer exit " << marker(r->lines, "after")
              << ", check exit " << marker(r->lines, "check_after") << std::endl;
    EXPECT_EQ(marker(r->lines, "writer"), "1");
    // ENOSPC, or EIO when the last write was short (LMDB reports a short write so).
    const bool says_what_to_do =
        message.find("No space left on device (out of disk space") != std::string::npos ||
        message.find("Input/output error (a write to the disk failed: it may be full") !=
            std::string::npos;
    EXPECT_TRUE(says_what_to_do) << message;
    EXPECT_NE(message.find("free some space"), std::string::npos) << message;
    EXPECT_GT(last, 0);
    EXPECT_EQ(marker(r->lines, "check"), "0");
    EXPECT_EQ(marker(r->lines, "counter"), std::to_string(last));
    EXPECT_EQ(marker(r->lines, "inventory"), "verify counter " + std::to_string(last) +
                                                 " complete " + std::to_string(last) +
                                                 " partial 0 problems 0");
    EXPECT_EQ(marker(r->lines, "after"), "0");
    EXPECT_EQ(marker(r->lines, "check_after"), "0");
}

}  // namespace
