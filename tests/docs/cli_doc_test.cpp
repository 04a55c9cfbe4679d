// The command examples of docs/cli.md (#22), docs/import-export.md, docs/scale-out.md (#21) and
// docs/names.md (#17)
// run as shown: each ```console block's `$ …` lines run by /bin/sh in a fresh directory holding
// `db`, a copy of the example graph (examples/azerbaijan-visit.cq), and the input files of
// docs/files/, with the built binary first on PATH as `caspian`. The lines after a command, up
// to the next `$ ` line, are what it prints: standard output, then standard error. Timings
// (`1.2 ms`, `in 0.02 s (313 rows/s)`) match any number, CRLF matches LF. Other blocks are not
// run.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::shell_quote;
using caspian::testing::TempDir;

const fs::path source_dir = CASPIAN_SOURCE_DIR;
const std::vector<std::string> documents = {"docs/cli.md", "docs/import-export.md",
                                            "docs/scale-out.md", "docs/names.md"};

struct Command {
    std::string line;      // after "$ "
    std::size_t at = 0;    // 1-based line in the doc
    std::string expected;  // the lines it prints, each ended by '\n'
};

struct ConsoleBlock {
    std::string file;
    std::size_t line = 0;    // of its first command
    std::size_t indent = 0;  // of its fence: a block inside a list item is indented
    std::vector<Command> commands;
};

void PrintTo(const ConsoleBlock& block, std::ostream* out) {
    *out << block.file << ":" << block.line;
}

std::vector<ConsoleBlock> console_blocks(const std::string& name) {
    std::ifstream in(source_dir / name);
    if (!in) throw std::runtime_error("cannot read " + name);
    std::vector<ConsoleBlock> blocks;
    bool in_console = false;
    bool in_other = false;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::size_t indent = line.find_first_not_of(' ');
        const std::string t = indent == std::string::npos ? "" : line.substr(indent);
        const bool fence = t.rfind("```", 0) == 0;
        if (in_console) {
            if (fence) {
                in_console = false;
                continue;
            }
            const std::string text = line.substr(std::min(line.size(), blocks.back().indent));
            if (text.rfind("$ ", 0) == 0) {
                blocks.back().commands.push_back({text.substr(2), number, ""});
            } else if (!blocks.back().commands.empty()) {
                blocks.back().commands.back().expected += text + "\n";
            }
        } else if (in_other) {
            in_other = !fence;
        } else if (fence) {
            in_console = t == "```console";
            in_other = !in_console;
            if (in_console) blocks.push_back({name, 0, indent, {}});
        }
    }
    for (ConsoleBlock& b : blocks) {
        b.line = b.commands.empty() ? 0 : b.commands.front().at;
    }
    return blocks;
}

std::vector<ConsoleBlock> all_console_blocks() {
    std::vector<ConsoleBlock> all;
    for (const std::string& name : documents) {
        std::vector<ConsoleBlock> blocks = console_blocks(name);
        all.insert(all.end(), blocks.begin(), blocks.end());
    }
    return all;
}

// "(3 rows, 1.25 ms)" and "(3 rows, T ms)" read the same, and so do an import's "in 0.02 s
// (313 rows/s)" and "in T s (N rows/s)", and CSV's CRLF line ends and the doc's LF.
std::string without_timings(const std::string& text) {
    static const std::regex timing("[0-9]+(\\.[0-9]+)? ms\\b");
    static const std::regex rate("in [0-9]+(\\.[0-9]+)? s \\([0-9]+ rows/s\\)");
    static const std::regex crlf("\r\n");
    std::string t = std::regex_replace(text, timing, "T ms");
    t = std::regex_replace(t, rate, "in T s (N rows/s)");
    return std::regex_replace(t, crlf, "\n");
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The example graph, loaded once per process by `caspian run`.
const fs::path& example_db() {
    static TempDir dir;
    static const fs::path db = [] {
        const fs::path path = dir.path() / "db";
        const Outcome r = caspian::testing::run_binary(
            CASPIAN_BINARY,
            {"run", path.string(), (source_dir / "examples" / "azerbaijan-visit.cq").string()},
            dir.path());
        if (r.code != 0) throw std::runtime_error("loading the example graph: " + r.err);
        return path;
    }();
    return db;
}

Outcome run_command(const fs::path& here, const std::string& command) {
    const std::string bin = fs::path(CASPIAN_BINARY).parent_path().string();
    caspian::testing::RunOptions options;
    options.timeout_seconds = 60;
    return caspian::testing::run_binary("/bin/sh",
                                        {"-c", "PATH=" + shell_quote(bin) + ":\"$PATH\"; cd " +
                                                   shell_quote(here.string()) + " && " + command},
                                        here, options);
}

class CliDoc : public ::testing::TestWithParam<ConsoleBlock> {};

TEST_P(CliDoc, PrintsWhatTheDocShows) {
    const ConsoleBlock& block = GetParam();
    TempDir dir;
    // The commands run in work/, so that run_binary's stdout.txt and friends stay out of sight.
    const fs::path here = dir.path() / "work";
    fs::create_directory(here);
    fs::copy(example_db(), here / "db", fs::copy_options::recursive);
    for (const fs::directory_entry& f : fs::directory_iterator(source_dir / "docs" / "files"))
        fs::copy(f.path(), here / f.path().filename());
    for (const Command& c : block.commands) {
        const Outcome r = run_command(here, c.line);
        EXPECT_EQ(without_timings(r.out + r.err), without_timings(c.expected))
            << block.file << ":" << c.at << ": $ " << c.line;
    }
}

// docs/import-export.md line 87 is "import_export_md_87".
std::string test_name(const ::testing::TestParamInfo<ConsoleBlock>& info) {
    std::string stem = fs::path(info.param.file).filename().string();
    std::replace_if(
        stem.begin(), stem.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
    return stem + "_" + std::to_string(info.param.line);
}

INSTANTIATE_TEST_SUITE_P(Docs, CliDoc, ::testing::ValuesIn(all_console_blocks()), test_name);

// The extraction itself: a change to the block format must not silently check nothing.
TEST(CliDocBlocks, FindsTheCommandsAndTheirOutput) {
    const std::vector<ConsoleBlock> blocks = console_blocks("docs/cli.md");
    ASSERT_GE(blocks.size(), 8u);
    std::size_t commands = 0;
    for (const ConsoleBlock& b : blocks) {
        EXPECT_FALSE(b.commands.empty()) << b.file << ":" << b.line;
        commands += b.commands.size();
        for (const Command& c : b.commands)
            EXPECT_EQ(
                c.line.rfind("caspian ", 0) == 0 || c.line.find("| caspian ") != std::string::npos,
                true)
                << c.line;
    }
    EXPECT_GE(commands, 10u);
    const std::string text = read_all(source_dir / "docs" / "cli.md");
    EXPECT_NE(text.find("```console"), std::string::npos);
}

// #21: every format is in a command the test runs, in the import and scale-out docs.
TEST(CliDocBlocks, ImportExportDocsRunEveryFormat) {
    std::string exports;
    std::string imports;
    for (const std::string name : {"docs/import-export.md", "docs/scale-out.md"}) {
        const std::vector<ConsoleBlock> blocks = console_blocks(name);
        EXPECT_GE(blocks.size(), 4u) << name;
        for (const ConsoleBlock& b : blocks) {
            for (const Command& c : b.commands) {
                if (c.line.rfind("caspian export ", 0) == 0) exports += c.line + " \n";
                if (c.line.rfind("caspian import ", 0) == 0) imports += c.line + " \n";
            }
        }
    }
    for (const char* format :
         {"csv", "jsonl", "ntriples", "turtle", "graphml", "dot", "neo4j-csv", "apoc-jsonl"})
        EXPECT_NE(exports.find(std::string("--format ") + format + " "), std::string::npos)
            << "no export to " << format;
    const std::regex csv("--nodes [^ ]+\\.csv ");
    const std::regex jsonl("--nodes [^ ]+\\.jsonl ");
    EXPECT_TRUE(std::regex_search(imports, csv)) << imports;
    EXPECT_TRUE(std::regex_search(imports, jsonl)) << imports;
    for (const char* option : {"--rdf ", "--graphml ", "--apoc-jsonl "})
        EXPECT_NE(imports.find(option), std::string::npos) << "no import with " << option;
}

TEST(CliDocBlocks, TimingsMatchAnyNumber) {
    EXPECT_EQ(without_timings("(3 rows, 1.25 ms)\n"), without_timings("(3 rows, 7 ms)\n"));
    EXPECT_NE(without_timings("(3 rows, 1 ms)\n"), without_timings("(4 rows, 1 ms)\n"));
    EXPECT_EQ(without_timings("a\r\n1\r\n"), "a\n1\n");
    EXPECT_EQ(without_timings("imported 3 nodes in 0.02 s (313 rows/s)\n"),
              without_timings("imported 3 nodes in 1.00 s (5 rows/s)\n"));
    EXPECT_NE(without_timings("imported 3 nodes in 0.02 s (313 rows/s)\n"),
              without_timings("imported 4 nodes in 0.02 s (313 rows/s)\n"));
}

}  // namespace
