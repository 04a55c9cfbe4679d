// What the shell's Tab completes: the context of the word under the cursor (a label after
// "(x:", a relationship type after "[:", a property after "v.", a meta-command after a leading
// ":", a file name after ":read ", keywords and names elsewhere) and the candidates for it.
// Free of libedit, so that it can be tested on its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::cli {

enum class CompletionContext { Word, Label, RelType, Property, MetaCommand, FileName };

// The context of the word that starts at word_start in line (the text up to the cursor).
// at_statement_start: no earlier line of an unfinished statement precedes this one.
CompletionContext completion_context(std::string_view line, std::size_t word_start,
                                     bool at_statement_start);

// The names the shell knows, refreshed after each statement.
struct CompletionNames {
    std::vector<std::string> keywords;
    std::vector<std::string> labels;
    std::vector<std::string> types;
    std::vector<std::string> properties;
    std::vector<std::string> meta_commands;  // without the ':'
};

// The candidates for word in context, matched case-insensitively, sorted, without duplicates.
// FileName candidates are paths (directories end in '/'): word is then the whole path typed.
std::vector<std::string> completion_candidates(CompletionContext context, std::string_view word,
                                               const CompletionNames& names);

// What replaces word: the longest prefix the candidates share (ignoring case), but never less
// than word itself, so that completing can only add to what was typed.
std::string completion_replacement(std::string_view word, const std::vector<std::string>& matches);

// Where the path after ":read " starts in line, or npos when line is not a :read command.
std::size_t read_argument_start(std::string_view line);

}  // namespace caspian::cli
