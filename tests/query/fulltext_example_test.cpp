// Full-text search on the example graph (issue #17): every answer of
// db.index.fulltext.queryNodes on its `search` index is compared with the brute-force BM25 of
// support/fulltext_oracle.hpp over the nodes and properties SHOW INDEXES lists for it, as loaded,
// after an update and after a rolled-back transaction.
#include <caspian/database.hpp>
#include <caspian/maintenance.hpp>
#include <caspian/script.hpp>

#include "support/fulltext_oracle.hpp"
#include "support/temp_dir.hpp"
#include "value/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;
using namespace caspian::fulltext_oracle;

class FulltextExampleGraph : public ::testing::Test {
protected:
    void SetUp() override {
        const std::filesystem::path graph =
            std::filesystem::path(CASPIAN_SOURCE_DIR) / "examples" / "azerbaijan-visit.cq";
        std::ifstream in(graph, std::ios::binary);
        ASSERT_TRUE(in) << "cannot read " << graph;
        std::ostringstream text;
        text << in.rdbuf();
        const std::string script = text.str();
        for (const StatementSpan& span : split_statements(script).statements)
            db_.query(std::string_view(script).substr(span.offset, span.length));
    }

    // The `search` index as SHOW INDEXES lists it: labels, properties and analyzer.
    IndexSpec search_index() {
        IndexSpec spec;
        Result r = db_.query("SHOW INDEXES");
        while (r.next()) {
            if (r.row()[2].kind() != ValueKind::String || r.row()[2].as_string() != "search")
                continue;
            EXPECT_EQ(r.row()[3], Value("FULLTEXT"));
            EXPECT_EQ(r.row()[4], Value("NODE"));
            spec.name = "search";
            for (const Value& l : r.row()[0].as_list())
                spec.labels.push_back(l.as_string());
            for (const Value& p : r.row()[1].as_list())
                spec.properties.push_back(p.as_string());
            const Value* config = find_property(r.row()[5].as_map().entries, "indexConfig");
            const Value* analyzer =
                config ? find_property(config->as_map().entries, "fulltext.analyzer") : nullptr;
            const std::optional<Analyzer> found =
                analyzer ? find_analyzer(analyzer->as_string()) : std::nullopt;
            EXPECT_TRUE(found.has_value()) << "no analyzer in the options of 'search'";
            spec.analyzer = found.value_or(Analyzer::Standard);
        }
        EXPECT_EQ(spec.name, "search") << "the example graph has no full-text index 'search'";
        return spec;
    }

    static std::vector<Query> queries() {
        return {
            leaf(Query::Term, "Ganja"),
            leaf(Query::Term, "Belarus"),
            leaf(Query::Term, "exhibition"),  // a label, not a word of the texts: nothing
            leaf(Query::Term, "AZERBAIJAN"),
            leaf(Query::Term, "of"),
            leaf(Query::Phrase, "business circles"),
            leaf(Query::Phrase, "fresh fruits"),
            leaf(Query::Prefix, "fruit"),
            leaf(Query::Prefix, "Belarus"),
            leaf(Query::Fuzzy, "tractr"),
            leaf(Query::Fuzzy, "Lukashneko"),
            leaf(Query::Term, "plant", "name"),
            leaf(Query::Term, "plant", "kind"),
            both(Query::And, leaf(Query::Term, "Belarus"), leaf(Query::Term, "business")),
            both(Query::Or, leaf(Query::Term, "Azerbaijan"), leaf(Query::Phrase, "Caspian Agro")),
            both(Query::AndNot, leaf(Query::Term, "Belarus"), leaf(Query::Prefix, "circ")),
            both(Query::Or,
                 both(Query::And, leaf(Query::Term, "meeting"), leaf(Query::Fuzzy, "leadershp")),
                 both(Query::AndNot, leaf(Query::Term, "cooperation"),
                      leaf(Query::Term, "industrial"))),
        };
    }

    // Every query against the oracle in txn; returns the answers, and at least `non_empty` of
    // them must find something (so that a search finding nothing cannot pass).
    std::vector<Scores> check_all(Transaction& txn, const std::string& when,
                                  std::size_t non_empty = 10) {
        const IndexSpec spec = search_index();
        const Corpus corpus(txn, spec);
        EXPECT_GE(corpus.docs.size(), 40u) << when;
        std::vector<Scores> seen;
        std::size_t found = 0;
        for (const Query& q : queries()) {
            SCOPED_TRACE(when + ", query " + q.render());
            seen.push_back(expect_oracle_answer(txn, spec, corpus, q));
            found += seen.back().empty() ? 0 : 1;
        }
        EXPECT_GE(found, non_empty) << when;
        return seen;
    }

    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
};

TEST_F(FulltextExampleGraph, AnswersMatchABruteForceBm25ThroughAnUpdateAndARollback) {
    {
        ReadTransaction txn = db_.begin_read();
        check_all(txn, "as loaded");
    }
    {
        // New and changed texts, a text that is not a string, a node leaving and one joining the
        // index's labels, a deleted node, a new node with none of the index's labels.
        WriteTransaction txn = db_.begin_write();
        txn.query(
            "MATCH (n {key: 'ganja-auto-plant'}) "
            "SET n.name = 'Ganja automobile plant of Ganja', n.kind = 'plant'");
        txn.query("MATCH (n:Exhibition {key: 'inter-food'}) SET n.text = 'fresh fruits in Baku'");
        txn.query("MATCH (n {key: 'iglim'}) SET n.kind = 7");
        txn.query("MATCH (n:Product {name: 'tractors'}) REMOVE n:Product");
        txn.query("MATCH (n:TradeFigure) WITH n LIMIT 1 SET n:Field, n.name = 'Belarus trade'");
        txn.query("MATCH (n:Product {name: 'butter'}) DETACH DELETE n");
        txn.query(
            "CREATE (:Exhibition {key: 'expo', name: 'Belarus exhibition in Ganja', "
            "text: 'Belarusian tractors and trucks, fresh fruits'})");
        txn.query("CREATE (:Article {name: 'Belarus and Azerbaijan in Ganja'})");  // not indexed
        txn.commit();
    }
    std::vector<Scores> committed;
    {
        ReadTransaction txn = db_.begin_read();
        committed = check_all(txn, "after the update");
    }
    {
        // Inside the transaction the index follows its writes; rolled back, it is as before.
        WriteTransaction txn = db_.begin_write();
        txn.query("MATCH (n:Country) DETACH DELETE n");
        txn.query("MATCH (n:Group) SET n.name = 'Caspian Agro circles of ' + n.name");
        txn.query("MATCH (n:Statement) REMOVE n:Statement");
        txn.query("UNWIND range(1, 30) AS i CREATE (:Meeting {name: 'meeting ' + toString(i)})");
        check_all(txn, "inside the rolled-back transaction", 8);
    }
    ReadTransaction txn = db_.begin_read();
    EXPECT_EQ(check_all(txn, "after the rollback"), committed);
    EXPECT_TRUE(check(db_).problems.empty());
}

}  // namespace
}  // namespace caspian
