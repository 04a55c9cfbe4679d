// Tests of the Gherkin subset parser: structure, outline expansion, escapes, step kinds, errors,
// and that every step of the bundled TCK is understood.
#include "feature_parser.hpp"

#include <gtest/gtest.h>

#include <map>

namespace caspian::tck {
namespace {

const std::filesystem::path features_dir = CASPIAN_TCK_FEATURES_DIR;

TEST(FeatureParser, ParsesMatch1FromTheTck) {
    const Feature f =
        parse_feature_file(features_dir / "clauses/match/Match1.feature", features_dir);
    EXPECT_EQ(f.path, "clauses/match/Match1.feature");
    EXPECT_EQ(f.name, "Match1 - Match nodes");
    // 6 scenarios and outlines [7]..[11] with 11, 16, 25, 20 and 8 example rows.
    ASSERT_EQ(f.scenarios.size(), 86u);

    const Scenario& first = f.scenarios[0];
    EXPECT_EQ(first.id(),
              "clauses/match/Match1.feature: [1] Match non-existent nodes returns empty");
    EXPECT_EQ(first.folder(), "clauses/match");
    ASSERT_EQ(first.steps.size(), 4u);
    EXPECT_EQ(first.steps[0].kind, StepKind::EmptyGraph);
    EXPECT_EQ(first.steps[1].kind, StepKind::ExecutingQuery);
    ASSERT_TRUE(first.steps[1].docstring.has_value());
    EXPECT_EQ(*first.steps[1].docstring, "MATCH (n)\nRETURN n");
    EXPECT_EQ(first.steps[2].kind, StepKind::ResultRows);
    EXPECT_FALSE(first.steps[2].in_order);
    EXPECT_EQ(first.steps[2].table, (Table{{"n"}}));
    EXPECT_EQ(first.steps[3].kind, StepKind::NoSideEffects);

    const Scenario& second = f.scenarios[1];
    ASSERT_EQ(second.steps.size(), 5u);
    EXPECT_EQ(second.steps[1].kind, StepKind::HavingExecuted);
    EXPECT_EQ(*second.steps[1].docstring, "CREATE (:A), (:B {name: 'b'}), ({name: 'c'})");
    EXPECT_EQ(second.steps[3].table,
              (Table{{"n"}, {"(:A)"}, {"(:B {name: 'b'})"}, {"({name: 'c'})"}}));

    const Scenario& last = f.scenarios.back();
    EXPECT_EQ(last.id(),
              "clauses/match/Match1.feature: [11] Fail when matching a node variable bound to a "
              "value (example 8)");
    EXPECT_EQ(*last.steps[1].docstring, "WITH {x: []} AS n\nMATCH (n)\nRETURN n");
    EXPECT_EQ(last.steps[2].kind, StepKind::ErrorRaised);
    EXPECT_EQ(last.steps[2].error_type, "SyntaxError");
    EXPECT_EQ(last.steps[2].error_phase, "compile time");
    EXPECT_EQ(last.steps[2].error_detail, "VariableTypeConflict");
}

TEST(FeatureParser, UnderstandsEveryStepOfTheBundledTck) {
    std::map<std::string, std::size_t> per_folder;
    std::size_t total = 0;
    for (const auto& file : find_feature_files(features_dir)) {
        const Feature f = parse_feature_file(file, features_dir);
        for (const Scenario& s : f.scenarios) {
            ++per_folder[s.folder()];
            ++total;
            for (const Step& step : s.steps)
                EXPECT_NE(step.kind, StepKind::Unknown) << s.id() << ": " << step.text;
        }
    }
    EXPECT_EQ(total, 3199u);
    EXPECT_EQ(per_folder["clauses/match"], 381u);
    EXPECT_EQ(per_folder["expressions/list"], 185u);
    EXPECT_EQ(per_folder["clauses/call"], 52u);
    EXPECT_EQ(per_folder["expressions/temporal"], 1004u);
    EXPECT_EQ(per_folder.size(), 25u);
}

constexpr std::string_view outline_feature = R"(# leading comment
@featuretag
Feature: Sample
  Some description line.

  Background:
    Given an empty graph

  @outlinetag
  Scenario Outline: [1] Add <a> and <b>
    And parameters are:
      | x | <a> |
    When executing query:
      """
      RETURN <a> + <b> AS sum
      """
    Then the result should be, in order:
      | sum   |
      | <sum> |
    And no side effects

    Examples:
      | a | b | sum |
      | 1 | 2 | 3   |

    @more
    Examples:
      | a   | b   | sum   |
      | 'x' | 'y' | 'xy'  |
      | 1.5 | 1   | 2.5   |

  Scenario: [2] Plain
    When executing query:
      """
      RETURN 1
      """
    Then the result should be empty
)";

TEST(FeatureParser, ExpandsOutlineRowsWithBackgroundAndTags) {
    const Feature f = parse_feature(outline_feature, "dir/Sample.feature");
    ASSERT_EQ(f.scenarios.size(), 4u);
    const Scenario& s1 = f.scenarios[0];
    EXPECT_EQ(s1.id(), "dir/Sample.feature: [1] Add <a> and <b> (example 1)");
    EXPECT_EQ(s1.tags, (std::vector<std::string>{"@featuretag", "@outlinetag"}));
    ASSERT_EQ(s1.steps.size(), 5u);
    EXPECT_EQ(s1.steps[0].kind, StepKind::EmptyGraph);  // from the Background
    EXPECT_EQ(s1.steps[1].kind, StepKind::Parameters);
    EXPECT_EQ(s1.steps[1].table, (Table{{"x", "1"}}));
    EXPECT_EQ(*s1.steps[2].docstring, "RETURN 1 + 2 AS sum");
    EXPECT_TRUE(s1.steps[3].in_order);
    EXPECT_EQ(s1.steps[3].table, (Table{{"sum"}, {"3"}}));

    const Scenario& s3 = f.scenarios[2];
    EXPECT_EQ(s3.example, 3u);
    EXPECT_TRUE(s3.has_tag("@more"));
    EXPECT_FALSE(f.scenarios[0].has_tag("@more"));
    EXPECT_EQ(*s3.steps[2].docstring, "RETURN 1.5 + 1 AS sum");
    EXPECT_EQ(s3.steps[3].table, (Table{{"sum"}, {"2.5"}}));

    const Scenario& plain = f.scenarios[3];
    EXPECT_FALSE(plain.example.has_value());
    EXPECT_EQ(plain.id(), "dir/Sample.feature: [2] Plain");
    ASSERT_EQ(plain.steps.size(), 3u);
    EXPECT_EQ(plain.steps[2].kind, StepKind::ResultEmpty);
}

TEST(FeatureParser, UnescapesTableCellsLikeGherkin) {
    const Feature f = parse_feature(
        "Feature: F\n  Scenario: S\n    Then the result should be, in any order:\n"
        "      | a\\|b | c\\\\d | e\\nf | '\\'' |\n",
        "F.feature");
    ASSERT_EQ(f.scenarios.size(), 1u);
    EXPECT_EQ(f.scenarios[0].steps[0].table, (Table{{"a|b", "c\\d", "e\nf", "'\\''"}}));
}

TEST(FeatureParser, StripsDocstringIndentationOfTheOpeningDelimiter) {
    const Feature f = parse_feature(
        "Feature: F\n  Scenario: S\n    When executing query:\n      \"\"\"\n      MATCH (n)\n"
        "        WHERE n.x = 1\n\n      RETURN n\n      \"\"\"\n",
        "F.feature");
    EXPECT_EQ(*f.scenarios[0].steps[0].docstring, "MATCH (n)\n  WHERE n.x = 1\n\nRETURN n");
}

Step classified(const std::string& text) {
    Step s;
    s.text = text;
    classify_step(s);
    return s;
}

TEST(FeatureParser, ClassifiesResultAndErrorSteps) {
    EXPECT_EQ(classified("any graph").kind, StepKind::AnyGraph);
    EXPECT_EQ(classified("executing control query:").kind, StepKind::ExecutingControlQuery);
    EXPECT_EQ(classified("the side effects should be:").kind, StepKind::SideEffects);

    const Step any = classified("the result should be, in any order:");
    EXPECT_EQ(any.kind, StepKind::ResultRows);
    EXPECT_FALSE(any.in_order);
    EXPECT_FALSE(any.ignore_list_order);

    const Step ignoring = classified("the result should be (ignoring element order for lists):");
    EXPECT_EQ(ignoring.kind, StepKind::ResultRows);
    EXPECT_FALSE(ignoring.in_order);
    EXPECT_TRUE(ignoring.ignore_list_order);

    const Step ordered =
        classified("the result should be, in order (ignoring element order for lists):");
    EXPECT_EQ(ordered.kind, StepKind::ResultRows);
    EXPECT_TRUE(ordered.in_order);
    EXPECT_TRUE(ordered.ignore_list_order);

    const Step error = classified("a ArgumentError should be raised at runtime: NumberOutOfRange");
    EXPECT_EQ(error.kind, StepKind::ErrorRaised);
    EXPECT_EQ(error.error_type, "ArgumentError");
    EXPECT_EQ(error.error_phase, "runtime");
    EXPECT_EQ(error.error_detail, "NumberOutOfRange");
    EXPECT_EQ(classified("a TypeError should be raised at any time: *").error_detail, "*");

    EXPECT_EQ(classified("the result should be, sorted:").kind, StepKind::Unknown);
    EXPECT_EQ(classified("a SyntaxError should be raised at lunch: X").kind, StepKind::Unknown);
    EXPECT_EQ(classified("an empty graph with extras").kind, StepKind::Unknown);
}

TEST(FeatureParser, RejectsMalformedFeatures) {
    EXPECT_THROW(parse_feature("Scenario: S\n", "x"), ParseError);  // no Feature
    EXPECT_THROW(parse_feature("Feature: F\n  Scenario: S\n    When executing query:\n"
                               "      \"\"\"\n      RETURN 1\n",
                               "x"),
                 ParseError);  // unterminated docstring
    EXPECT_THROW(parse_feature("Feature: F\n  Scenario: S\n    And parameters are:\n"
                               "      | a | 1\n",
                               "x"),
                 ParseError);  // row not closed
    EXPECT_THROW(parse_feature("Feature: F\n  Scenario: S\n    And parameters are:\n"
                               "      | a | 1 |\n      | b |\n",
                               "x"),
                 ParseError);  // ragged table
    EXPECT_THROW(parse_feature("Feature: F\n  Scenario: S\n    Given any graph\n    oops\n", "x"),
                 ParseError);  // stray text after a step
    EXPECT_THROW(parse_feature("Feature: F\n  Scenario: S\n    Given any graph\n"
                               "    Examples:\n",
                               "x"),
                 ParseError);  // Examples under a plain Scenario
}

}  // namespace
}  // namespace caspian::tck
