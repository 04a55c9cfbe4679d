// Parses openCypher TCK feature files (the Gherkin subset the TCK uses) into scenarios whose
// steps are classified; each Scenario Outline row becomes one scenario. Runs no query.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::tck {

// Rows of cells, Gherkin escapes (\|, \\, \n) undone and cells trimmed.
using Table = std::vector<std::vector<std::string>>;

enum class StepKind {
    EmptyGraph,             // Given an empty graph
    AnyGraph,               // Given any graph (run on an empty graph)
    HavingExecuted,         // And having executed: + docstring (setup query)
    Parameters,             // And parameters are: + table of name | value
    Procedure,              // And there exists a procedure name(in :: T?) :: (out :: T?): + table
    ExecutingQuery,         // When executing query: + docstring
    ExecutingControlQuery,  // When executing control query: + docstring
    ResultRows,             // Then the result should be, in any order / in order / (ignoring...)
    ResultEmpty,            // Then the result should be empty
    ErrorRaised,            // Then a <Type> should be raised at <phase>: <detail>
    SideEffects,            // And the side effects should be: + table of +nodes | 1
    NoSideEffects,          // And no side effects
    Unknown,                // anything else: the runner fails the scenario
};

struct Step {
    StepKind kind = StepKind::Unknown;
    std::string keyword;  // Given, When, Then, And, But or * as written
    std::string text;     // the rest of the line, placeholders substituted
    std::optional<std::string> docstring;
    Table table;
    std::size_t line = 0;
    // ResultRows only.
    bool in_order = false;
    bool ignore_list_order = false;
    // ErrorRaised only: "SyntaxError", "compile time" | "runtime" | "any time",
    // "UndefinedVariable".
    std::string error_type;
    std::string error_phase;
    std::string error_detail;
};

struct Scenario {
    std::string feature_path;  // file path relative to the features root, '/' separated
    std::string feature_name;
    std::string name;                    // as written, placeholders left in (stable across rows)
    std::optional<std::size_t> example;  // 1-based row across an outline's Examples tables
    std::size_t line = 0;
    std::vector<std::string> tags;  // feature, scenario and Examples tags, with their '@'
    std::vector<Step> steps;        // Background steps first

    // "clauses/match/Match1.feature: [2] Matching all nodes", plus " (example 3)" for outlines.
    std::string id() const;
    // "clauses/match": the feature's folder relative to the features root.
    std::string folder() const;
    bool has_tag(std::string_view tag) const;  // tag with its '@'
};

struct Feature {
    std::string path;
    std::string name;
    std::vector<Scenario> scenarios;
};

class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& path, std::size_t line, const std::string& what)
        : std::runtime_error(path + ":" + std::to_string(line) + ": " + what) {}
};

// Throws ParseError on text that is not a feature in the expected shape.
Feature parse_feature(std::string_view text, const std::string& path);
// Reads file and names it by its path relative to root. Throws ParseError, also when unreadable.
Feature parse_feature_file(const std::filesystem::path& file, const std::filesystem::path& root);
// Every *.feature below root, sorted by path.
std::vector<std::filesystem::path> find_feature_files(const std::filesystem::path& root);

// Classifies a step from its text (no keyword); fills in_order, error_* and kind.
void classify_step(Step& step);

}  // namespace caspian::tck
