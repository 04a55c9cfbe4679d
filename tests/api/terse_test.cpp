// Tests of the terse form's translation (query/api/terse.cpp): the AST it builds is the one its
// EXPLAIN text parses to, its spans point into the terse statement, and errors in a RETURN clause
// point at the user's text. What the translation means is in tests/query/cases/terse/.
#include <caspian/database.hpp>

#include "graph/graph_store.hpp"
#include "query/api/terse.hpp"
#include "query/parser/parser.hpp"
#include "storage/env.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian::query {
namespace {

using caspian::testing::TempDir;

class TerseTranslationTest : public ::testing::Test {
protected:
    void SetUp() override {
        env_ = storage::Env::open(dir_.path(), {});
        txn_ = std::make_unique<storage::WriteTxn>(*env_);
        writer_ = std::make_unique<graph::GraphWriter>(*txn_);
        // Two spellings of Visit and of HOST: the translation matches either.
        for (const char* label : {"Visit", "VISIT", "Country"})
            writer_->intern<graph::NameKind::Label>(label);
        for (const char* type : {"HOST", "Host", "GUEST"})
            writer_->intern<graph::NameKind::Type>(type);
    }

    TerseTranslation translate(const Statement& s, const std::string& text) const {
        return translate_terse(std::get<TerseMatch>(s.body), text, *writer_);
    }

    TempDir dir_;
    std::shared_ptr<storage::Env> env_;
    std::unique_ptr<storage::WriteTxn> txn_;
    std::unique_ptr<graph::GraphWriter> writer_;
};

const std::vector<std::string> terse_statements = {
    "MATCH visit",
    "MATCH country",
    "MATCH meeting WHERE host=AZ",
    "MATCH visit WHERE host=AZ",
    "MATCH country WHERE guest<>'B\\'Y' RETURN country.key AS k",
    "MATCH visit WHERE year=2022 OR year>=2024 RETURN visit.key ORDER BY visit.key DESC LIMIT 3",
    "MATCH visit WHERE NOT (year<2023 OR year>2023) AND days<=-1.5e3 AND n>-0.0",
    "MATCH Visit WHERE y=-9223372036854775808 OR y=9223372036854775807 OR y<>-1",
    "MATCH visit WHERE a=x AND b=y AND c=z OR NOT NOT d<>w",
    "MATCH `odd``name` WHERE `we ird`=x RETURN `odd``name`.k",
    "MATCH visit WHERE host='line\nbreak' RETURN DISTINCT visit {.key}, count(*) SKIP 1",
    "EXPLAIN MATCH visit WHERE host=AZ RETURN visit.start",
};

TEST_F(TerseTranslationTest, TextParsesToTheBuiltQuery) {
    for (const std::string& text : terse_statements) {
        const Statement terse = parse(text);
        TerseTranslation t = translate(terse, text);
        const Statement reparsed = parse(t.text);
        Statement built;
        built.body = std::move(t.query);
        EXPECT_TRUE(same_ast(reparsed, built))
            << text << "\n  text:  " << t.text << "\n  built: " << to_string(built);
        // Columns are the RETURN clause's text as written, or the label word.
        const auto& want =
            std::get<ReturnClause>(std::get<Query>(reparsed.body).parts[0].clauses.back().body)
                .projection.items;
        const auto& got =
            std::get<ReturnClause>(std::get<Query>(built.body).parts[0].clauses.back().body)
                .projection.items;
        ASSERT_EQ(got.size(), want.size()) << text;
        for (std::size_t i = 0; i < got.size(); ++i)
            EXPECT_EQ(got[i].column, want[i].column) << text;
    }
}

TEST_F(TerseTranslationTest, ExplainTextIsUnchanged) {
    const std::string text = "MATCH visit WHERE host<>AZ AND year=2022 RETURN visit.key";
    EXPECT_EQ(translate(parse(text), text).text,
              "MATCH (`visit`) WHERE (`visit`:`Visit` OR `visit`:`VISIT`) AND ((NOT "
              "(exists((`visit`)-[:`HOST`|`Host`]->({key: 'AZ'})) OR coalesce(`visit`.`host` = "
              "'AZ', false))) AND (`visit`.`year` = 2022)) RETURN visit.key");
}

std::string_view text_at(std::string_view source, SourceSpan span) {
    return source.substr(span.offset, span.length);
}

TEST_F(TerseTranslationTest, SpansPointIntoTheTerseText) {
    const std::string text = "MATCH country WHERE year=2022 RETURN country.key";
    const TerseTranslation t = translate(parse(text), text);
    const SingleQuery& q = t.query.parts.at(0);
    const auto& match = std::get<MatchClause>(q.clauses.at(0).body);
    EXPECT_EQ(text_at(text, match.patterns.at(0).start.span), "country");
    EXPECT_EQ(text_at(text, match.where->span), "year=2022");
    EXPECT_EQ(text_at(text, match.where->args.at(1)->span), "2022");
    EXPECT_EQ(text_at(text, q.clauses.at(0).span), "country WHERE year=2022");
    const auto& ret = std::get<ReturnClause>(q.clauses.at(1).body);
    EXPECT_EQ(text_at(text, ret.projection.items.at(0).span), "country.key");
    EXPECT_EQ(text_at(text, q.clauses.at(1).span), "RETURN country.key");
}

TEST(TerseErrors, PointAtTheReturnClauseAsWritten) {
    TempDir dir;
    Database db = Database::open(dir.path());
    const std::string text = "MATCH visit WHERE year=2022 RETURN visit.key, nope.x";
    try {
        db.query(text).all();
        FAIL() << "expected an error";
    } catch (const Error& e) {
        ASSERT_TRUE(e.where().has_value());
        EXPECT_EQ(text_at(text, *e.where()).substr(0, 4), "nope") << e.what();
    }
}

}  // namespace
}  // namespace caspian::query
