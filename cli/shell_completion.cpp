// The shell's context-aware completion (cli/shell_completion.hpp).
#include "cli/shell_completion.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <strings.h>

namespace caspian::cli {

namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '`' ||
           (static_cast<unsigned char>(c) & 0x80) != 0;
}

// ASCII letters alike in either case (POSIX strncasecmp; names beyond ASCII compare exactly).
bool same_letter(char a, char b) {
    return ::strncasecmp(&a, &b, 1) == 0;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (!same_letter(s[i], prefix[i])) return false;
    }
    return true;
}

// The bracket that encloses position end of line: '(' or '[', or 0 when none is open.
char open_bracket(std::string_view line, std::size_t end) {
    int depth = 0;
    for (std::size_t i = end; i-- > 0;) {
        const char c = line[i];
        if (c == ')' || c == ']') {
            ++depth;
        } else if (c == '(' || c == '[') {
            if (depth == 0) return c;
            --depth;
        }
    }
    return 0;
}

std::vector<std::string> file_candidates(std::string_view typed) {
    namespace fs = std::filesystem;
    const std::size_t slash = typed.rfind('/');
    const std::string dir_part(slash == std::string_view::npos ? "" : typed.substr(0, slash + 1));
    const std::string_view name_part =
        slash == std::string_view::npos ? typed : typed.substr(slash + 1);
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir_part.empty() ? "." : dir_part, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, name_part.size(), name_part) != 0) continue;
        if (name_part.empty() && name[0] == '.') continue;  // hidden files only when asked
        out.push_back(dir_part + name + (it->is_directory(ec) ? "/" : ""));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::size_t read_argument_start(std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line.compare(first, 5, ":read") != 0) {
        return std::string_view::npos;
    }
    const std::size_t after = first + 5;
    if (after >= line.size() || (line[after] != ' ' && line[after] != '\t')) {
        return std::string_view::npos;
    }
    return line.find_first_not_of(" \t", after);
}

CompletionContext completion_context(std::string_view line, std::size_t word_start,
                                     bool at_statement_start) {
    if (at_statement_start) {
        const std::size_t arg = read_argument_start(line);
        if (arg != std::string_view::npos && arg <= word_start) return CompletionContext::FileName;
        const std::size_t first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && line[first] == ':' && first + 1 == word_start) {
            return CompletionContext::MetaCommand;
        }
    }
    std::size_t i = word_start;
    while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        --i;
    if (i == 0) return CompletionContext::Word;
    const char before = line[i - 1];
    if (before == '.' && i >= 2 && is_word_char(line[i - 2])) return CompletionContext::Property;
    if (before == ':' || before == '|') {
        const char bracket = open_bracket(line, i - 1);
        if (bracket == '(') return CompletionContext::Label;
        if (bracket == '[') return CompletionContext::RelType;
    }
    return CompletionContext::Word;
}

std::vector<std::string> completion_candidates(CompletionContext context, std::string_view word,
                                               const CompletionNames& names) {
    if (context == CompletionContext::FileName) return file_candidates(word);
    std::vector<const std::vector<std::string>*> sources;
    switch (context) {
        case CompletionContext::Label:
            sources = {&names.labels};
            break;
        case CompletionContext::RelType:
            sources = {&names.types};
            break;
        case CompletionContext::Property:
            sources = {&names.properties};
            break;
        case CompletionContext::MetaCommand:
            sources = {&names.meta_commands};
            break;
        default:  // keywords, and the names the terse form takes as words (MATCH visit …)
            sources = {&names.keywords, &names.labels, &names.types, &names.properties};
            break;
    }
    std::vector<std::string> out;
    for (const auto* source : sources) {
        for (const std::string& candidate : *source) {
            if (starts_with_ignoring_case(candidate, word)) out.push_back(candidate);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string completion_replacement(std::string_view word, const std::vector<std::string>& matches) {
    if (matches.empty()) return std::string(word);
    if (matches.size() == 1) return matches.front();
    // The common prefix of the matches, compared without case; spelled as the first match
    // spells it where all agree exactly, else as typed.
    std::size_t common = matches.front().size();
    bool exact = true;
    for (const std::string& m : matches) {
        std::size_t k = 0;
        while (k < common && k < m.size() && same_letter(m[k], matches.front()[k]))
            ++k;
        common = k;
    }
    for (const std::string& m : matches) {
        if (m.compare(0, common, matches.front(), 0, common) != 0) exact = false;
    }
    if (common <= word.size()) return std::string(word);
    if (!exact) {
        // The candidates differ in case ("Visit", "VISITED"): add nothing rather than guess.
        return std::string(word);
    }
    return matches.front().substr(0, common);
}

}  // namespace caspian::cli
