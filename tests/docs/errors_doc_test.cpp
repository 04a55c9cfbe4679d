// docs/errors.md matches the code: every message it quotes in backticks, in its tables and in
// its lists of messages, is made by some string literal of the sources. The parts of a message
// that are filled in when it is made (quoted names, numbers, :Label(property), $parameters,
// keywords, value kinds) are left out, and so is one word at either end of each remaining piece (a
// clause or an operator name, also filled in); what is left must be the text of a string literal.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The contents of the string literals of a C++ source, adjacent literals joined ("a " "b" is
// "a b"); other literals are separated by '\n', which no message holds.
std::string string_literals(const std::string& src) {
    std::string out;
    bool joinable = false;  // only blanks since the last literal ended
    for (std::size_t i = 0; i < src.size(); ++i) {
        const char c = src[i];
        if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
            i = src.find('\n', i);
            if (i == std::string::npos) break;
            continue;
        }
        if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
            i = src.find("*/", i + 2);
            if (i == std::string::npos) break;
            ++i;
            continue;
        }
        if (c == '\'') {
            // A digit separator (10'000) or a character literal ('"', '\'').
            if (i > 0 && std::isalnum(static_cast<unsigned char>(src[i - 1])) != 0) continue;
            for (++i; i < src.size() && src[i] != '\''; ++i) {
                if (src[i] == '\\') ++i;
            }
            joinable = false;
            continue;
        }
        if (c == '"') {
            if (!joinable) out += '\n';
            for (++i; i < src.size() && src[i] != '"'; ++i) {
                if (src[i] == '\\' && i + 1 < src.size()) {
                    ++i;
                    out += src[i] == 'n' ? '\n' : src[i];
                    continue;
                }
                out += src[i];
            }
            joinable = true;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) joinable = false;
    }
    return out;
}

std::string source_literals() {
    std::string all;
    for (const char* dir : {"value", "storage", "graph", "query", "cli"}) {
        for (const auto& entry :
             fs::recursive_directory_iterator(fs::path(CASPIAN_SOURCE_DIR) / dir)) {
            const auto ext = entry.path().extension();
            if (ext == ".cpp" || ext == ".hpp") all += string_literals(read_text(entry.path()));
        }
    }
    return all;
}

// The backticked messages of docs/errors.md: the examples column of its tables, and the items
// of its lists (a list item may run over several lines). Code (`caspian::Error`, paths) is not
// a message: only spans with a space in them count.
std::vector<std::string> quoted_messages() {
    std::istringstream in(read_text(fs::path(CASPIAN_SOURCE_DIR) / "docs" / "errors.md"));
    std::vector<std::string> blocks;
    std::string line;
    bool in_code = false;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) in_code = !in_code;
        if (in_code) continue;
        if (line.rfind("| ", 0) == 0) {
            // The last column of the kinds table holds the examples.
            const auto cell = line.rfind(" | ", line.size() - 2);
            if (cell != std::string::npos) blocks.push_back(line.substr(cell));
        } else if (line.rfind("- ", 0) == 0) {
            blocks.push_back(line);
        } else if (line.rfind("  ", 0) == 0 && !blocks.empty() &&
                   blocks.back().rfind("- ", 0) == 0) {
            blocks.back() += " " + line.substr(2);
        } else if (!line.empty()) {
            blocks.emplace_back();  // prose: ends the list item
        }
    }
    std::vector<std::string> messages;
    for (const std::string& b : blocks) {
        for (std::size_t at = b.find('`'); at != std::string::npos;) {
            const auto end = b.find('`', at + 1);
            if (end == std::string::npos) break;
            const std::string span = b.substr(at + 1, end - at - 1);
            if (span.find(' ') != std::string::npos) messages.push_back(span);
            at = b.find('`', end + 1);
        }
    }
    return messages;
}

// The pieces of a message that a source literal must hold.
std::vector<std::string> fixed_pieces(const std::string& message) {
    // Quoted names, $parameters, :Label(property), numbers, function(), KEYWORDS, value kinds
    // ("a string", "an integer") and "property = " of an example value.
    static const std::regex filled(
        R"('[^']*'|\$\w+|:\w+(\(\w+\))?|-?\d+(\.\d+)?|\w+\(\)|\b[A-Z][A-Z_]+\b|)"
        R"(\b(a|an) (string|integer|float|boolean|list|map|node|relationship|path|value|date|)"
        R"(datetime|duration)\b|\w+ = )");
    std::vector<std::string> pieces;
    std::sregex_token_iterator it(message.begin(), message.end(), filled, -1), end;
    for (; it != end; ++it) {
        std::string piece = *it;
        // One word either side may be filled in too ("LIMIT needs ...", "... have year =").
        const auto first_space = piece.find(' ');
        const auto last_space = piece.rfind(' ');
        if (first_space == std::string::npos || first_space == last_space) continue;
        piece = piece.substr(first_space + 1, last_space - first_space - 1);
        if (piece.find(' ') == std::string::npos) continue;  // one word says nothing
        pieces.push_back(piece);
    }
    return pieces;
}

TEST(ErrorsDoc, SplitsMessagesAtTheFilledInParts) {
    EXPECT_EQ(fixed_pieces("LIMIT needs a non-negative integer, not -1"),
              std::vector<std::string>{"needs a non-negative integer, not"});
    EXPECT_EQ(fixed_pieces("ORDER BY after DISTINCT can only use the projected columns"),
              std::vector<std::string>{"can only use the projected"});
    EXPECT_EQ(fixed_pieces("key 'AZ' already belongs to node 2"),
              std::vector<std::string>{"already belongs to node"});
    EXPECT_EQ(string_literals("f(\"a \"\n  \"b\", 'x', 10'000, \"c\"); // \"d\"\n"), "\na b\nc");
}

TEST(ErrorsDoc, EveryQuotedMessageIsMadeByTheSources) {
    const std::string literals = source_literals();
    const std::vector<std::string> messages = quoted_messages();
    ASSERT_GT(messages.size(), 20u) << "docs/errors.md quotes fewer messages than expected";
    for (const std::string& message : messages) {
        for (const std::string& piece : fixed_pieces(message)) {
            EXPECT_NE(literals.find(piece), std::string::npos)
                << "docs/errors.md quotes `" << message << "`, but no string literal of the "
                << "sources holds '" << piece << "'";
        }
    }
}

}  // namespace
