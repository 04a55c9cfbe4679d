// The interactive shell as a user meets it: `caspian shell` on an 80x24 terminal (tmux), keys
// typed and the screen read back. Covers completion, tables that fit the terminal, history,
// parameters, the ways to leave, Ctrl-C, the banner and the meta-commands' settings.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/terminal.hpp"

#include <gtest/gtest.h>

#include <locale.h>
#include <clocale>
#include <cwchar>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::shell_quote;
using caspian::testing::TempDir;
using caspian::testing::Terminal;

// Columns a screen row takes, by the C library's own wide-character table.
std::size_t columns_of(const std::string& row) {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    const locale_t previous = uselocale(utf8);
    std::mbstate_t state{};
    const char* p = row.c_str();
    std::wstring wide(row.size() + 1, L'\0');
    const std::size_t n = std::mbsrtowcs(wide.data(), &p, wide.size(), &state);
    std::size_t width = row.size();
    if (n != static_cast<std::size_t>(-1)) {
        wide.resize(n);
        width = static_cast<std::size_t>(::wcswidth(wide.c_str(), wide.size()));
    }
    uselocale(previous);
    return width;
}

class ShellTerminal : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir.path() / "example.db").string();

    void SetUp() override {
        const Outcome r = caspian::testing::run_binary(
            CASPIAN_BINARY, {"run", db, CASPIAN_EXAMPLES_DIR "/azerbaijan-visit.cq"}, dir.path());
        ASSERT_EQ(r.code, 0) << r.err;
    }

    // The shell on db; after it ends the screen says "EXITED <code>". The wrapping sh ignores
    // Ctrl-C (the shell installs its own handler), so a Ctrl-C typed after an unexpected exit
    // cannot close the pane and hide how the shell ended.
    std::unique_ptr<Terminal> open_shell(const std::string& extra = "") {
        auto t = std::make_unique<Terminal>(
            dir.path(), "trap '' INT; " + shell_quote(CASPIAN_BINARY) + " shell " +
                            shell_quote(db) + extra + "; echo EXITED $?; sleep 30");
        EXPECT_TRUE(t->started()) << "tmux could not start (scripts/setup installs it)";
        EXPECT_TRUE(t->wait_for("caspian>")) << t->screen();
        return t;
    }

    // Ctrl-C, then wait for the shell to say so: keys typed before it is back at its prompt
    // could race the signal.
    static void interrupt(Terminal& t) {
        const std::size_t before = t.count("\ninterrupted");
        t.press("C-c");
        EXPECT_TRUE(t.wait_for("\ninterrupted", before + 1)) << t.screen();
    }
};

TEST_F(ShellTerminal, BannerNamesTheDatabaseItsModeAndWhetherItIsNew) {
    auto t = open_shell();
    EXPECT_NE(t->screen().find(db + " (read-write)"), std::string::npos) << t->screen();

    const std::string fresh = (dir.path() / "fresh.db").string();
    Terminal t2(dir.path() / "t2", CASPIAN_BINARY + std::string(" shell ") + shell_quote(fresh));
    ASSERT_TRUE(t2.wait_for("caspian>")) << t2.screen();
    EXPECT_NE(t2.screen().find(fresh + " (read-write, new)"), std::string::npos) << t2.screen();

    Terminal t3(dir.path() / "t3",
                CASPIAN_BINARY + std::string(" shell --read-only ") + shell_quote(db));
    ASSERT_TRUE(t3.wait_for("caspian>")) << t3.screen();
    EXPECT_NE(t3.screen().find(db + " (read-only)"), std::string::npos) << t3.screen();
}

TEST_F(ShellTerminal, CompletionKeepsWhatWasTypedAndKnowsItsContext) {
    auto t = open_shell();
    // A label after "(x:": only labels, so VISITED (a type) does not cut "Visi" back to "V".
    t->type("MATCH (x:Visi");
    t->press("Tab");
    EXPECT_TRUE(t->wait_for("caspian> MATCH (x:Visit")) << t->screen();
    interrupt(*t);

    // A relationship type after "[:".
    t->type("MATCH (a)-[:HOS");
    t->press("Tab");
    EXPECT_TRUE(t->wait_for("MATCH (a)-[:HOST")) << t->screen();
    interrupt(*t);

    // A property after "v.".
    t->type("MATCH (v:Visit) RETURN v.durat");
    t->press("Tab");
    EXPECT_TRUE(t->wait_for("RETURN v.duration_days")) << t->screen();
    interrupt(*t);

    // A meta-command after a leading ':' (not the property "focus" or anything else).
    t->type(":fo");
    t->press("Tab");
    EXPECT_TRUE(t->wait_for("caspian> :format")) << t->screen();
    interrupt(*t);

    // Candidates that differ in case never shorten the word: "HO" stays (HOST, HOLDS_OFFICE).
    t->type("MATCH (a)-[:HO");
    t->press("Tab");
    t->type("X");
    EXPECT_TRUE(t->wait_for("MATCH (a)-[:HOX")) << t->screen();
    interrupt(*t);

    // A file name after ":read ".
    caspian::testing::write(dir.path() / "questions-here.cq", "RETURN 1;\n");
    t->type(":read " + (dir.path() / "questions-h").string());
    t->press("Tab");
    EXPECT_TRUE(t->wait_for((dir.path() / "questions-here.cq").string())) << t->screen();
}

TEST_F(ShellTerminal, TablesFitTheTerminalAndWideCharactersKeepTheColumns) {
    auto t = open_shell();
    t->type(
        "UNWIND range(1, 2) AS i RETURN i, [x IN range(1, 60) | x] AS numbers, '中文字符' AS "
        "wide;");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("(2 rows")) << t->screen();
    std::vector<std::size_t> widths;
    bool cut = false;
    for (const std::string& row : t->rows()) {
        if (row.empty() || (row[0] != '+' && row[0] != '|')) continue;
        widths.push_back(columns_of(row));
        cut = cut || row.find("…") != std::string::npos;
    }
    ASSERT_EQ(widths.size(), 6u) << t->screen();  // 3 rules, the header, 2 rows
    for (std::size_t w : widths) {
        EXPECT_LE(w, 80u) << t->screen();
        EXPECT_EQ(w, widths.front()) << t->screen();
    }
    EXPECT_TRUE(cut) << t->screen();

    // :maxwidth 0 lifts the limit: the row is longer than the terminal and wraps.
    t->type(":maxwidth 0");
    t->press("Enter");
    t->type(":maxwidth");
    t->press("Enter");
    EXPECT_TRUE(t->wait_for("maxwidth 0 (no limit)")) << t->screen();
}

TEST_F(ShellTerminal, VerticalFormatShowsOneValuePerLine) {
    auto t = open_shell();
    t->type(":format vertical");
    t->press("Enter");
    t->type("MATCH (c:Country {key: 'BY'}) RETURN c.key AS key, c.name AS name;");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("(1 row")) << t->screen();
    const std::string screen = t->screen();
    EXPECT_NE(screen.find("-[ RECORD 1 ]"), std::string::npos) << screen;
    EXPECT_NE(screen.find("key  | BY\n"), std::string::npos) << screen;
    EXPECT_NE(screen.find("name | Belarus\n"), std::string::npos) << screen;
}

TEST_F(ShellTerminal, HistoryKeepsAStatementOfSeveralLinesAsOneEntry) {
    auto t = open_shell();
    t->type("MATCH (c:Country)");
    t->press("Enter");
    t->type("RETURN count(c) AS countries;");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("(1 row")) << t->screen();
    // Keys sent before the prompt is back race libedit's terminal setup (seen under ASan).
    ASSERT_TRUE(t->wait_for("caspian>", 2)) << t->screen();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    t->press("Up");
    EXPECT_TRUE(t->wait_for("caspian> MATCH (c:Country) RETURN count(c) AS countries;"))
        << t->screen();
}

TEST_F(ShellTerminal, ParamTakesCypherExpressionsAndMaps) {
    auto t = open_shell();
    t->type(":param k => 'B' + 'Y'");
    t->press("Enter");
    t->type(":param quoted 'AZ'");
    t->press("Enter");
    t->type(":param {year: 2020 + 2, tags: ['a']}");
    t->press("Enter");
    t->type(":param");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("$tags = ['a']")) << t->screen();
    const std::string screen = t->screen();
    EXPECT_NE(screen.find("$k = 'BY'"), std::string::npos) << screen;
    EXPECT_NE(screen.find("$quoted = 'AZ'"), std::string::npos) << screen;  // no quotes kept
    EXPECT_NE(screen.find("$year = 2022"), std::string::npos) << screen;
    t->type("MATCH (c:Country {key: $k}) RETURN c.name AS name;");
    t->press("Enter");
    EXPECT_TRUE(t->wait_for("| Belarus |")) << t->screen();
}

TEST_F(ShellTerminal, EveryCommonWayOfLeavingLeaves) {
    for (const char* word : {".quit", "exit", "quit", "\\q", ":quit", "exit;"}) {
        SCOPED_TRACE(word);
        TempDir scratch;
        Terminal t(scratch.path(), shell_quote(CASPIAN_BINARY) + " shell " + shell_quote(db) +
                                       "; echo EXITED $?; sleep 30");
        ASSERT_TRUE(t.wait_for("caspian>")) << t.screen();
        t.type(word);
        t.press("Enter");
        EXPECT_TRUE(t.wait_for("EXITED 0")) << t.screen();
        EXPECT_EQ(t.screen().find("...>"), std::string::npos) << t.screen();
    }
}

TEST_F(ShellTerminal, CtrlCSaysInterruptedOnItsOwnLine) {
    auto t = open_shell();
    t->type("MATCH (x");
    t->press("C-c");
    EXPECT_TRUE(t->wait_for("\ninterrupted\n")) << t->screen();

    t->type("UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(*);");
    t->press("Enter");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let it start running
    t->press("C-c");
    t->type("RETURN 'after' AS still;");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("| after |")) << t->screen();
    const std::string screen = t->screen();
    const std::size_t count = screen.find("RETURN count(*);");
    ASSERT_NE(count, std::string::npos) << screen;
    EXPECT_NE(screen.find("\ninterrupted\n", count), std::string::npos) << screen;
    EXPECT_EQ(screen.find("usage error"), std::string::npos) << screen;
    EXPECT_EQ(screen.find('^', count + 20), std::string::npos) << screen;  // no caret
}

TEST_F(ShellTerminal, MetaCommandsWithoutArgumentShowTheirSetting) {
    auto t = open_shell();
    for (const char* command : {":format", ":timing", ":maxwidth", ":timeout", ":max-memory"}) {
        t->type(command);
        t->press("Enter");
    }
    ASSERT_TRUE(t->wait_for("max-memory")) << t->screen();
    const std::string screen = t->screen();
    EXPECT_NE(screen.find("format table"), std::string::npos) << screen;
    EXPECT_NE(screen.find("timing: time after tables"), std::string::npos) << screen;
    EXPECT_NE(screen.find("maxwidth: the terminal's (80)"), std::string::npos) << screen;
    EXPECT_NE(screen.find("timeout none"), std::string::npos) << screen;
}

TEST_F(ShellTerminal, TimingOffPrintsNoTime) {
    auto t = open_shell();
    t->type(":timing off");
    t->press("Enter");
    t->type("RETURN 1 AS one;");
    t->press("Enter");
    ASSERT_TRUE(t->wait_for("(1 row)")) << t->screen();
    EXPECT_EQ(t->screen().find(" ms)"), std::string::npos) << t->screen();
}

}  // namespace
