// The name index (issue #17, docs/names.md): folding, upkeep on create, SET, REMOVE and DELETE,
// rollback, the bulk loader, building for a database written without it, resolution and the
// integrity check. Links only caspian_graph.
#include "graph/name_index.hpp"
#include "graph/bulk_loader.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "support/temp_dir.hpp"
#include "value/name_fold.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

// fold_name skips ICU for ASCII text: every ASCII byte, alone and amid others, folds as ICU does.
TEST(FoldName, AsciiFoldsAsTheUnicodePathDoes) {
    std::string all;
    for (int c = 0; c < 0x80; ++c) {
        const std::string one(1, char(c));
        EXPECT_EQ(fold_name(one), fold_name_unicode(one)) << "byte " << c;
        all += one;
    }
    EXPECT_EQ(fold_name(all), fold_name_unicode(all));
    for (const char* text : {"Roman Golovchenko", "AZ", "Person 00042", "Baku-Expo 2022 (BAKU)"})
        EXPECT_EQ(fold_name(text), fold_name_unicode(text)) << text;
    EXPECT_EQ(fold_name("Golovchenko"), "golovchenko");
}

TEST(FoldName, IgnoresCaseAndAccentsButKeepsTheScript) {
    EXPECT_EQ(fold_name("Azərbaycan"), "azerbaycan");
    EXPECT_EQ(fold_name("AZƏRBAYCAN"), fold_name("azerbaycan"));
    EXPECT_EQ(fold_name("Łódź"), "lodz");
    EXPECT_EQ(fold_name("Straße"), "strasse");
    EXPECT_EQ(fold_name("ﬁle"), "file");     // compatibility form
    EXPECT_EQ(fold_name("e\xCC\x81"), "e");  // a combining accent
    EXPECT_EQ(fold_name("Азербайджан"), fold_name("азербайджан"));
    EXPECT_EQ(fold_name("Ёлка"), "елка");
    EXPECT_NE(fold_name("Азербайджан"), fold_name("Azerbaijan"));  // no transliteration
    EXPECT_EQ(fold_name("क्षत्रिय"), "क्षत्रिय");                      // marks of other scripts stay
    EXPECT_EQ(fold_name(""), "");
}

class NameIndex : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId country_{0};
    PropertyId key_{0}, name_{0}, aliases_{0};

    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        country_ = g.intern<NameKind::Label>("Country");
        key_ = g.intern<NameKind::Property>("key");
        name_ = g.intern<NameKind::Property>("name");
        aliases_ = g.intern<NameKind::Property>("aliases");
        txn.commit();
    }

    NodeId country(GraphWriter& g, const std::string& key, const std::string& name,
                   std::vector<std::string> aliases = {}) {
        List list;
        for (std::string& a : aliases)
            list.emplace_back(std::move(a));
        return g.create_node(
            {country_},
            {{key_, Value(key)}, {name_, Value(name)}, {aliases_, Value(std::move(list))}});
    }

    std::vector<NamedNode> named(const std::string& text) {
        storage::ReadTxn txn(*env_);
        return find_named(GraphReader(txn), text);
    }
    NameResolution resolve(const std::string& text) {
        storage::ReadTxn txn(*env_);
        return resolve_name(GraphReader(txn), text);
    }
    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }
};

TEST_F(NameIndex, FindsKeysNamesAndAliasesFolded) {
    NodeId az{0};
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        az = country(g, "AZ", "Azerbaijan", {"Azərbaycan", "Азербайджан"});
        country(g, "BY", "Belarus", {"Беларусь"});
        txn.commit();
    }
    EXPECT_EQ(named("az"), (std::vector<NamedNode>{{az, NameSource::Key}}));
    EXPECT_EQ(named("AZERBAIJAN"), (std::vector<NamedNode>{{az, NameSource::Name}}));
    EXPECT_EQ(named("azerbaycan"), (std::vector<NamedNode>{{az, NameSource::Alias}}));
    EXPECT_EQ(named("АЗЕРБАЙДЖАН"), (std::vector<NamedNode>{{az, NameSource::Alias}}));
    EXPECT_TRUE(named("Georgia").empty());
    EXPECT_TRUE(problems().empty());
}

TEST_F(NameIndex, FollowsSetRemoveDeleteAndRollback) {
    NodeId by{0};
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        by = country(g, "BY", "Belarus");
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.set_node_property(by, name_, Value("Republic of Belarus"));
        g.set_node_property(by, aliases_, Value(List{Value("Беларусь")}));
        txn.commit();
    }
    EXPECT_TRUE(named("belarus").empty());
    EXPECT_EQ(named("republic of belarus").size(), 1U);
    EXPECT_EQ(named("беларусь").size(), 1U);
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);  // rolled back
        GraphWriter g(txn);
        g.set_node_property(by, aliases_, Value());
        g.delete_node(by, true);
    }
    EXPECT_EQ(named("беларусь").size(), 1U);
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.set_node_property(by, aliases_, Value());  // REMOVE
        txn.commit();
    }
    EXPECT_TRUE(named("беларусь").empty());
    EXPECT_EQ(named("by").size(), 1U);
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.delete_node(by, true);
        txn.commit();
    }
    EXPECT_TRUE(named("by").empty());
    EXPECT_TRUE(named("republic of belarus").empty());
    EXPECT_TRUE(problems().empty());
}

TEST_F(NameIndex, ResolvesExactKeyThenFoldedKeyThenNameThenAlias) {
    NodeId ge{0}, georgia_person{0}, az_lower{0};
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        country(g, "AZ", "Azerbaijan");
        az_lower = country(g, "az", "a lower-case key");
        ge = country(g, "GE", "Georgia", {"Sakartvelo"});
        georgia_person = country(g, "georgia-smith", "Georgia");
        country(g, "x", "Sakartvelo Ltd", {"Iberia"});
        txn.commit();
    }
    EXPECT_EQ(resolve("az").nodes, std::vector<NodeId>{az_lower});  // the exact key wins
    const NameResolution both = resolve("Az");                      // two keys fold alike
    EXPECT_EQ(both.nodes.size(), 2U);
    EXPECT_EQ(both.source, NameSource::Key);
    const NameResolution georgia = resolve("georgia");
    EXPECT_EQ(georgia.nodes, (std::vector<NodeId>{ge, georgia_person}));
    EXPECT_EQ(georgia.source, NameSource::Name);
    EXPECT_EQ(resolve("SAKARTVELO").nodes, std::vector<NodeId>{ge});
    EXPECT_EQ(resolve("SAKARTVELO").source, NameSource::Alias);
    EXPECT_TRUE(resolve("Armenia").nodes.empty());
}

TEST_F(NameIndex, TheBulkLoaderIndexesToo) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        BulkLoader loader(g);
        loader.add_node({country_}, {{key_, Value("AZ")}, {name_, Value("Azerbaijan")}});
        loader.finish();
        txn.commit();
    }
    EXPECT_EQ(named("azerbaijan").size(), 1U);
    EXPECT_TRUE(problems().empty());
}

TEST_F(NameIndex, ABuildWithoutTheMarkerIndexesEveryNodeAndTheCheckFindsStaleEntries) {
    NodeId az{0};
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        az = country(g, "AZ", "Azerbaijan");
        // As an older build leaves it: entries missing, no marker.
        index_names(g, az, {{"azerbaijan", NameSource::Name}}, false);
        txn.del(txn.tables().meta, name_index_built_key);
        txn.commit();
    }
    {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        EXPECT_FALSE(has_name_index(r));
        EXPECT_EQ(find_named(r, "Azerbaijan").size(), 1U);  // by scanning the nodes
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);  // builds it
        txn.commit();
    }
    {
        storage::ReadTxn txn(*env_);
        EXPECT_TRUE(has_name_index(GraphReader(txn)));
    }
    EXPECT_EQ(named("Azerbaijan").size(), 1U);
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        index_names(g, az, {{"azerbaijan", NameSource::Name}}, false);
        index_names(g, az, {{"atlantis", NameSource::Alias}}, true);
        txn.commit();
    }
    const std::vector<std::string> found = problems();
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0],
              "name index: stale entry: alias 'atlantis' of node " + std::to_string(az.value));
    EXPECT_EQ(found[1],
              "name index: missing entry: name 'azerbaijan' of node " + std::to_string(az.value));
}

}  // namespace
}  // namespace caspian::graph
