// Full-text indexes in the graph layer (issue #17): building over stored data, upkeep on every
// write, rollback, dropping, the check, the query language and BM25 against a brute-force
// oracle. Links only caspian_graph.
#include "graph/bulk_loader.hpp"
#include "graph/fulltext_search.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "support/format_version.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

class Fulltext : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId city_{0}, person_{0};
    PropertyId name_{0}, about_{0};
    TypeId visited_{0};

    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        city_ = g.intern<NameKind::Label>("City");
        person_ = g.intern<NameKind::Label>("Person");
        name_ = g.intern<NameKind::Property>("name");
        about_ = g.intern<NameKind::Property>("about");
        visited_ = g.intern<NameKind::Type>("VISITED");
        txn.commit();
    }

    NodeId add(GraphWriter& g, LabelId label, const std::string& name, const std::string& about) {
        return g.create_node({label}, {{name_, Value(name)}, {about_, Value(about)}});
    }

    FulltextIndex node_index(const std::string& name = "places",
                             Analyzer analyzer = Analyzer::Standard) const {
        FulltextIndex index;
        index.name = name;
        index.analyzer = analyzer;
        index.tokens = {city_.value};
        index.properties = {name_, about_};
        return index;
    }

    // The ids found for query, best first.
    std::vector<std::uint64_t> ids(const std::string& query, const std::string& index = "places") {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        const auto found = find_fulltext_index(r, index);
        EXPECT_TRUE(found.has_value()) << index;
        if (!found) return {};
        std::vector<std::uint64_t> out;
        for (const FulltextHit& h : fulltext_search(r, *found, query))
            out.push_back(h.id);
        return out;
    }

    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }
};

using Ids = std::vector<std::uint64_t>;

TEST_F(Fulltext, BuildsOverStoredNodesAndFindsTerms) {
    NodeId ganja, baku, alice;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        ganja = add(g, city_, "Ganja", "the second city of Azerbaijan");
        baku = add(g, city_, "Baku", "capital of Azerbaijan, on the Caspian");
        alice = add(g, person_, "Alice Ganja", "not a city");
        EXPECT_TRUE(create_fulltext_index(g, node_index(), false));
        EXPECT_FALSE(create_fulltext_index(g, node_index(), true));
        EXPECT_THROW((void)create_fulltext_index(g, node_index(), false), Error);
        txn.commit();
    }
    EXPECT_EQ(ids("ganja"), (Ids{ganja.value}));  // Alice is no :City
    EXPECT_EQ(ids("GANJA"), (Ids{ganja.value}));
    EXPECT_EQ(ids("azerbaijan").size(), 2u);
    EXPECT_EQ(ids("tbilisi"), Ids{});
    EXPECT_EQ(ids("\"capital of azerbaijan\""), (Ids{baku.value}));
    EXPECT_EQ(ids("\"of capital\""), Ids{});
    EXPECT_EQ(ids("\"second city\""), (Ids{ganja.value}));
    EXPECT_EQ(ids("azerbaijan -caspian"), (Ids{ganja.value}));
    EXPECT_EQ(ids("azerbaijan AND NOT caspian"), (Ids{ganja.value}));
    EXPECT_EQ(ids("ganja OR baku").size(), 2u);
    EXPECT_EQ(ids("ganja AND baku"), Ids{});
    EXPECT_EQ(ids("+capital +azerbaijan"), (Ids{baku.value}));
    EXPECT_EQ(ids("cas*"), (Ids{baku.value}));
    EXPECT_EQ(ids("gnaja~"), (Ids{ganja.value}));
    EXPECT_EQ(ids("ganxx~1"), Ids{});
    EXPECT_EQ(ids("name:ganja"), (Ids{ganja.value}));
    EXPECT_EQ(ids("about:ganja"), Ids{});
    EXPECT_EQ(ids("about:(caspian OR second)").size(), 2u);
    EXPECT_TRUE(problems().empty());
    (void)alice;
}

TEST_F(Fulltext, BadQueriesNameTheColumn) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        add(g, city_, "Ganja", "a city");
        create_fulltext_index(g, node_index(), false);
        txn.commit();
    }
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "column 1: the query has no terms"},
        {"ganja AND", "column 7: expected a term after 'AND'"},
        {"OR ganja", "column 1: expected a term before 'OR'"},
        {"\"open phrase", "column 1: the phrase has no closing '\"'"},
        {"(ganja", "column 1: '(' without a matching ')'"},
        {"ganja)", "column 6: ')' without a matching '('"},
        {"Ганджа colour:red", "column 8: the index 'places' has no property 'colour'"},
        {"ganja~3", "column 6: a fuzzy term allows 0, 1 or 2 edits"},
    };
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto index = find_fulltext_index(r, "places");
    ASSERT_TRUE(index);
    for (const auto& [query, message] : cases) {
        try {
            (void)fulltext_search(r, *index, query);
            ADD_FAILURE() << "no error for " << query;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Syntax) << query;
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
                << query << ": " << e.what();
        }
    }
}

TEST_F(Fulltext, WritesKeepTheIndexInStep) {
    NodeId ganja, baku;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        create_fulltext_index(g, node_index(), false);
        ganja = add(g, city_, "Ganja", "an old city");
        baku = add(g, city_, "Baku", "the capital");
        txn.commit();
    }
    EXPECT_EQ(ids("ganja"), (Ids{ganja.value}));
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.set_node_property(ganja, name_, Value("Gəncə"));
        g.set_node_property(baku, about_, Value());  // REMOVE
        txn.commit();
    }
    EXPECT_EQ(ids("ganja"), Ids{});
    EXPECT_EQ(ids("gəncə"), (Ids{ganja.value}));
    EXPECT_EQ(ids("capital"), Ids{});
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.remove_label(baku, city_);
        txn.commit();
    }
    EXPECT_EQ(ids("baku"), Ids{});
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.add_label(baku, city_);
        g.add_label(baku, person_);  // a label the index ignores changes nothing
        txn.commit();
    }
    EXPECT_EQ(ids("baku"), (Ids{baku.value}));
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.delete_node(baku, true);
        txn.commit();
    }
    EXPECT_EQ(ids("baku"), Ids{});
    EXPECT_TRUE(problems().empty());
}

TEST_F(Fulltext, RollbackLeavesTheIndexAsItWas) {
    NodeId ganja;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        create_fulltext_index(g, node_index(), false);
        ganja = add(g, city_, "Ganja", "an old city");
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.set_node_property(ganja, name_, Value("Baku"));
        add(g, city_, "Sheki", "in the mountains");
        g.delete_node(ganja, true);
        EXPECT_TRUE(drop_fulltext_index(g, "places"));
    }  // rolled back
    EXPECT_EQ(ids("ganja"), (Ids{ganja.value}));
    EXPECT_EQ(ids("sheki"), Ids{});
    EXPECT_TRUE(problems().empty());
}

TEST_F(Fulltext, DropDeletesEveryEntry) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        add(g, city_, "Ganja", "an old city");
        create_fulltext_index(g, node_index(), false);
        EXPECT_TRUE(drop_fulltext_index(g, "places"));
        EXPECT_FALSE(drop_fulltext_index(g, "places"));
        txn.commit();
    }
    storage::ReadTxn txn(*env_);
    storage::Cursor c(txn, txn.tables().fulltext);
    MDB_val k, v;
    EXPECT_FALSE(c.move(MDB_FIRST, &k, &v));
    EXPECT_TRUE(fulltext_indexes(GraphReader(txn)).empty());
}

TEST_F(Fulltext, RelationshipIndexesFollowTheirEdges) {
    EdgeId trip;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const NodeId a = add(g, person_, "Alice", ""), b = add(g, city_, "Ganja", "");
        FulltextIndex index;
        index.name = "trips";
        index.entity = FulltextEntity::Relationship;
        index.tokens = {visited_.value};
        index.properties = {about_};
        create_fulltext_index(g, index, false);
        trip = g.create_edge(a, visited_, b, {{about_, Value("a summer visit")}});
        txn.commit();
    }
    EXPECT_EQ(ids("summer", "trips"), (Ids{trip.value}));
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.set_edge_property(trip, about_, Value("a winter visit"));
        txn.commit();
    }
    EXPECT_EQ(ids("summer", "trips"), Ids{});
    EXPECT_EQ(ids("winter", "trips"), (Ids{trip.value}));
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.delete_edge(trip);
        txn.commit();
    }
    EXPECT_EQ(ids("visit", "trips"), Ids{});
    EXPECT_TRUE(problems().empty());
}

// `caspian import` appends through the bulk loader: it keeps existing full-text indexes too.
TEST_F(Fulltext, BulkLoadingKeepsTheIndexes) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        create_fulltext_index(g, node_index(), false);
        FulltextIndex trips;
        trips.name = "trips";
        trips.entity = FulltextEntity::Relationship;
        trips.tokens = {visited_.value};
        trips.properties = {about_};
        create_fulltext_index(g, trips, false);
        {
            BulkLoader loader(g, 2);
            const NodeId a = loader.add_node({city_}, {{name_, Value("Ganja")}});
            const NodeId b = loader.add_node({person_}, {{name_, Value("Ganja Smith")}});
            loader.add_edge(b, visited_, a, {{about_, Value("a long summer trip")}});
            loader.finish();
        }
        txn.commit();
    }
    EXPECT_EQ(ids("ganja"), (Ids{1}));
    EXPECT_EQ(ids("summer", "trips"), (Ids{1}));
    EXPECT_TRUE(problems().empty());
}

// A statement runs in a nested transaction with a writer of its own: a writer of the outer
// transaction sees the index that statement created, and indexes its own writes in it.
TEST_F(Fulltext, AnOuterWriterSeesAnIndexANestedWriterCreated) {
    NodeId n;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter outer(txn);
        EXPECT_TRUE(outer.fulltext().empty());
        {
            storage::WriteTxn statement(txn);
            GraphWriter nested(statement);
            create_fulltext_index(nested, node_index(), false);
            statement.commit();
        }
        n = add(outer, city_, "Ganja", "");
        txn.commit();
    }
    EXPECT_EQ(ids("ganja"), (Ids{n.value}));
    EXPECT_TRUE(problems().empty());
}

TEST_F(Fulltext, CheckFindsAMissingPosting) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        add(g, city_, "Ganja", "an old city");
        create_fulltext_index(g, node_index(), false);
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const auto index = find_fulltext_index(g, "places");
        ASSERT_TRUE(index);
        EXPECT_TRUE(txn.del(txn.tables().fulltext, fulltext_posting_key(index->id, "old", 1)));
        txn.commit();
    }
    const auto found = problems();
    ASSERT_FALSE(found.empty());
    EXPECT_NE(found[0].find("full-text index 'places'"), std::string::npos) << found[0];
}

TEST_F(Fulltext, EnglishAnalyzerStemsQueriesAndText) {
    NodeId n;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        n = add(g, city_, "Ganja", "Ganja's plants were running");
        create_fulltext_index(g, node_index("english", Analyzer::English), false);
        txn.commit();
    }
    EXPECT_EQ(ids("plant", "english"), (Ids{n.value}));
    EXPECT_EQ(ids("runs", "english"), (Ids{n.value}));
    EXPECT_EQ(ids("the", "english"), Ids{});  // a stop word only: nothing to search
    EXPECT_EQ(ids("\"ganja plants\"", "english"), (Ids{n.value}));
}

// BM25 (k1 1.2, b 0.75, Lucene's idf) computed from the raw texts, for one term.
std::map<std::uint64_t, double> brute_force_bm25(
    const std::map<std::uint64_t, std::vector<std::string>>& docs, const std::string& term) {
    double total = 0;
    std::size_t df = 0;
    for (const auto& [id, words] : docs) {
        total += double(words.size());
        df += std::count(words.begin(), words.end(), term) > 0 ? 1 : 0;
    }
    const double n = double(docs.size()), avg = total / n;
    const double idf = std::log(1 + (n - double(df) + 0.5) / (double(df) + 0.5));
    std::map<std::uint64_t, double> out;
    for (const auto& [id, words] : docs) {
        const double tf = double(std::count(words.begin(), words.end(), term));
        if (tf == 0) continue;
        const double dl = double(words.size());
        out[id] = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avg));
    }
    return out;
}

TEST_F(Fulltext, ScoresMatchABruteForceBm25AfterUpdates) {
    const std::uint32_t seed = 17;
    std::mt19937 rng(seed);
    const std::vector<std::string> vocabulary = {"ganja", "baku", "sheki", "plant", "river",
                                                 "city",  "tea",  "silk",  "wine",  "road"};
    std::map<std::uint64_t, std::vector<std::string>> docs;
    const auto text = [&](std::size_t words) {
        std::string s;
        std::vector<std::string> w;
        for (std::size_t i = 0; i < words; ++i) {
            w.push_back(vocabulary[rng() % vocabulary.size()]);
            s += (i ? " " : "") + w.back();
        }
        return std::pair(s, w);
    };
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        create_fulltext_index(g, node_index(), false);
        for (int i = 0; i < 60; ++i) {
            auto [s, w] = text(1 + rng() % 12);
            docs[g.create_node({city_}, {{about_, Value(s)}}).value] = w;
        }
        // Changes and deletes after the build.
        for (int i = 0; i < 20; ++i) {
            const std::uint64_t id = 1 + rng() % 60;
            if (!docs.contains(id)) continue;
            if (i % 3 == 0) {
                g.delete_node(NodeId{id}, true);
                docs.erase(id);
            } else {
                auto [s, w] = text(1 + rng() % 12);
                g.set_node_property(NodeId{id}, about_, Value(s));
                docs[id] = w;
            }
        }
        txn.commit();
    }
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto index = find_fulltext_index(r, "places");
    ASSERT_TRUE(index);
    for (const std::string& term : vocabulary) {
        const auto want = brute_force_bm25(docs, term);
        const auto hits = fulltext_search(r, *index, term);
        ASSERT_EQ(hits.size(), want.size()) << "seed " << seed << " term " << term;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            ASSERT_TRUE(want.contains(hits[i].id)) << term;
            EXPECT_NEAR(hits[i].score, want.at(hits[i].id), 1e-9) << "seed " << seed << " " << term;
            if (i > 0) {
                EXPECT_TRUE(hits[i - 1].score > hits[i].score ||
                            (hits[i - 1].score == hits[i].score && hits[i - 1].id < hits[i].id));
            }
        }
    }
    const auto page = fulltext_search(r, *index, "ganja", 1, 2);
    const auto all = fulltext_search(r, *index, "ganja");
    ASSERT_GE(all.size(), 3u);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].id, all[1].id);
    EXPECT_TRUE(check_integrity(r).problems.empty());
}

// A version 2 database has no `fulltext` table: read-only it opens without full-text indexes,
// read-write it gains the table and its first write marks it version 3.
TEST(FulltextUpgrade, AVersion2DatabaseOpensAndUpgrades) {
    TempDir dir;
    const auto path = dir.sub("db");
    {
        auto env = storage::Env::open(path, {});
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        g.create_node({g.intern<NameKind::Label>("City")}, {});
        // Back to version 2: without the table and with the old version number.
        ASSERT_EQ(mdb_drop(txn.get(), txn.tables().fulltext, 1), 0);
        caspian::testing::set_stored_format_version(txn, 2);
        txn.commit();
    }
    {
        storage::EnvOptions read_only;
        read_only.read_only = true;
        auto env = storage::Env::open(path, read_only);
        storage::ReadTxn txn(*env);
        EXPECT_FALSE(txn.tables().has_fulltext);
        EXPECT_TRUE(fulltext_indexes(GraphReader(txn)).empty());
        EXPECT_EQ(GraphReader(txn).stored_format_version(), 2u);
        EXPECT_TRUE(check_integrity(GraphReader(txn)).problems.empty());
    }
    auto env = storage::Env::open(path, {});
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        EXPECT_TRUE(txn.tables().has_fulltext);
        FulltextIndex index;
        index.name = "cities";
        index.tokens = {g.intern<NameKind::Label>("City").value};
        index.properties = {g.intern<NameKind::Property>("name")};
        EXPECT_TRUE(create_fulltext_index(g, index, false));
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    EXPECT_EQ(fulltext_indexes(GraphReader(txn)).size(), 1u);
}

}  // namespace
}  // namespace caspian::graph
