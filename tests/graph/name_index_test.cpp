// The name index (issue #17, docs/names.md): folding, upkeep on create, SET, REMOVE and DELETE,
// rollback, the bulk loader, building for a database written without it, resolution and the
// integrity check; format 7 (issue #20): lookups against a brute-force fold, the first layout read
// and rebuilt. Links only caspian_graph.
#include "graph/name_index.hpp"
#include "graph/bulk_loader.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "support/format_version.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"
#include "value/name_fold.hpp"
#include "value/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
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

// The bulk loader sorts the entries in runs (here of a few keys each) and merges them: the same
// entries as row-by-row writes, appended in key order into an empty table.
TEST_F(NameIndex, TheBulkLoaderMergesSortedRunsIntoTheSameEntries) {
    const auto entries = [&] {
        storage::ReadTxn txn(*env_);
        std::vector<std::string> out;
        storage::Cursor c(txn, txn.tables().name_index);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v))
            out.emplace_back(storage::as_view(k));
        return out;
    };
    const auto props = [&](int i) {
        const std::string n = std::to_string(i * 7919 % 1000);
        return PropertyValues{{key_, Value("K" + n)},
                              {name_, Value("Näme " + n)},
                              {aliases_, Value(List{Value("x" + n), Value("Ünï " + n)})}};
    };
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        BulkLoader loader(g, /*batch_edges=*/64);  // runs of 512 bytes of keys: about 35
        for (int i = 0; i < 300; ++i)
            loader.add_node({country_}, props(i));
        loader.finish();
        txn.commit();
    }
    const std::vector<std::string> bulk = entries();
    EXPECT_EQ(bulk.size(), 300U * 4);  // the key ("K…" does not fold to itself), name, 2 aliases
    EXPECT_TRUE(std::is_sorted(bulk.begin(), bulk.end()));
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (std::uint64_t id = 1; id <= 300; ++id)
            g.delete_node(NodeId{id}, true);
        for (int i = 0; i < 300; ++i)
            g.create_node({country_}, props(i));
        txn.commit();
    }
    std::vector<std::string> rows = entries();
    // The same entries for ids 301..600: compare without the ids.
    const auto names_only = [](std::vector<std::string> keys) {
        for (std::string& k : keys)
            k.resize(k.size() - 6);
        std::sort(keys.begin(), keys.end());
        return keys;
    };
    EXPECT_EQ(names_only(bulk), names_only(rows));
}

// --- Format version 7: no entries for keys that fold to themselves, 48-bit ids ---------------

// Pieces of names: case variants, accents, compatibility forms, several scripts, so that some
// keys fold to themselves ("ab", "ss", "е") and others do not ("AB", "ß", "Ё", "ﬁ").
const std::vector<std::string> pieces{"a", "A", "b", "B", "é", "É", "ß", "ss", "Ё", "е", "ﬁ", "fi"};

// A node's names as the model holds them (null: the property is absent).
struct Names {
    std::optional<std::string> key, name;
    std::vector<std::string> aliases;
    bool has_aliases = false;
};

class NameIndexDifferential : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::filesystem::path path_ = dir_.sub("db");
    std::mt19937 rng_{GetParam()};
    std::map<std::uint64_t, Names> model_;
    std::vector<std::tuple<std::string, int, std::uint64_t>> folded_;  // of the model, when checked
    LabelId label_{0};
    PropertyId key_{0}, name_{0}, aliases_{0};

    std::string word() {
        std::string w;
        const int n = 1 + int(rng_() % 3);
        for (int i = 0; i < n; ++i)
            w += pieces[rng_() % pieces.size()];
        return w;
    }
    bool key_taken(const std::string& key) const {
        for (const auto& [id, names] : model_) {
            if (names.key == key) return true;
        }
        return false;
    }
    std::optional<std::string> free_key() {
        for (int tries = 0; tries < 20; ++tries) {
            std::string k = word();
            if (!key_taken(k)) return k;
        }
        return std::nullopt;
    }
    std::vector<std::string> some_aliases() {
        std::vector<std::string> out(rng_() % 3);
        for (std::string& a : out)
            a = word();
        return out;
    }
    static Value list_of(const std::vector<std::string>& aliases) {
        List list;
        for (const std::string& a : aliases)
            list.emplace_back(a);
        return Value(std::move(list));
    }

    // One transaction of random creates, renames, removes and deletes, mirrored in the model.
    void random_changes(GraphWriter& g, int count) {
        for (int i = 0; i < count; ++i) {
            const unsigned op = model_.empty() ? 0 : rng_() % 6;
            if (op <= 1) {
                Names n;
                if (rng_() % 4 != 0) n.key = free_key();
                if (rng_() % 3 != 0) n.name = word();
                if (rng_() % 2 == 0) n.has_aliases = true, n.aliases = some_aliases();
                PropertyValues values;
                if (n.key) values.push_back({key_, Value(*n.key)});
                if (n.name) values.push_back({name_, Value(*n.name)});
                if (n.has_aliases) values.push_back({aliases_, list_of(n.aliases)});
                model_[g.create_node({label_}, std::move(values)).value] = n;
                continue;
            }
            auto it = std::next(model_.begin(), std::ptrdiff_t(rng_() % model_.size()));
            const NodeId id{it->first};
            Names& n = it->second;
            switch (op) {
                case 2:  // rename the key, or remove it
                    if (rng_() % 3 == 0) {
                        n.key.reset();
                        g.set_node_property(id, key_, Value());
                    } else if (auto k = free_key()) {
                        n.key = *k;
                        g.set_node_property(id, key_, Value(*k));
                    }
                    break;
                case 3:
                    n.name = word();
                    g.set_node_property(id, name_, Value(*n.name));
                    break;
                case 4:
                    n.has_aliases = rng_() % 4 != 0;
                    n.aliases = n.has_aliases ? some_aliases() : std::vector<std::string>{};
                    g.set_node_property(id, aliases_, n.has_aliases ? list_of(n.aliases) : Value());
                    break;
                default:
                    g.delete_node(id, true);
                    model_.erase(it);
            }
        }
    }

    // Every name of the model folded: (folded, source rank, node).
    std::vector<std::tuple<std::string, int, std::uint64_t>> folded_model() const {
        std::vector<std::tuple<std::string, int, std::uint64_t>> out;
        for (const auto& [id, n] : model_) {
            if (n.key) out.emplace_back(fold_name(*n.key), 0, id);
            if (n.name) out.emplace_back(fold_name(*n.name), 1, id);
            for (const std::string& a : n.aliases)
                out.emplace_back(fold_name(a), 2, id);
        }
        return out;
    }
    // The brute-force fold over the model: find_named's answer.
    std::vector<NamedNode> oracle(const std::string& text) const {
        const std::string folded = fold_name(text);
        std::set<std::pair<int, std::uint64_t>> found;  // (source rank, node)
        if (!folded.empty()) {
            for (const auto& [f, rank, id] : folded_) {
                if (f == folded) found.insert({rank, id});
            }
        }
        std::vector<NamedNode> out;
        const NameSource sources[] = {NameSource::Key, NameSource::Name, NameSource::Alias};
        for (const auto& [rank, id] : found)
            out.push_back({NodeId{id}, sources[rank]});
        return out;
    }
    NameResolution resolution_oracle(const std::string& text) const {
        for (const auto& [id, n] : model_) {
            if (n.key == text) return {{NodeId{id}}, NameSource::Key};
        }
        NameResolution out;
        for (const NamedNode& m : oracle(text)) {
            if (!out.nodes.empty() && m.source != out.source) break;
            out.source = m.source;
            out.nodes.push_back(m.node);
        }
        return out;
    }
    // Every name of the model, as scan_names_index gives them (in any order).
    std::multiset<std::tuple<std::string, char, std::uint64_t>> all_names() const {
        std::multiset<std::tuple<std::string, char, std::uint64_t>> out;
        for (const auto& [id, n] : model_) {
            std::set<std::pair<std::string, char>> names;  // once per node, as NameEntries
            const auto add = [&](const std::string& s, NameSource source) {
                if (std::string f = fold_name(s); !f.empty()) names.insert({f, char(source)});
            };
            if (n.key) add(*n.key, NameSource::Key);
            if (n.name) add(*n.name, NameSource::Name);
            for (const std::string& a : n.aliases)
                add(a, NameSource::Alias);
            for (const auto& [f, s] : names)
                out.insert({f, s, id});
        }
        return out;
    }

    // The texts asked: every piece and pair of pieces, and each stored name in upper, lower and
    // stored case.
    std::vector<std::string> queries() const {
        std::vector<std::string> out;
        for (const std::string& a : pieces) {
            out.push_back(a);
            for (const std::string& b : pieces)
                out.push_back(a + b);
        }
        for (const auto& [id, n] : model_) {
            for (const auto& s : {n.key, n.name}) {
                if (!s) continue;
                out.push_back(*s);
                std::string upper = *s;
                for (char& c : upper)
                    c = char(c >= 'a' && c <= 'z' ? c - 32 : c);
                out.push_back(upper);
                out.push_back(ascii_lower(*s));
            }
        }
        return out;
    }

    void expect_model(const storage::Txn& txn, const std::string& when) {
        const GraphReader r(txn);
        folded_ = folded_model();
        for (const std::string& q : queries()) {
            ASSERT_EQ(find_named(r, q), oracle(q))
                << "find_named('" << q << "') " << when << ", seed " << GetParam();
            const NameResolution got = resolve_name(r, q), want = resolution_oracle(q);
            ASSERT_EQ(got.nodes, want.nodes)
                << "resolve_name('" << q << "') " << when << ", seed " << GetParam();
            if (!want.nodes.empty()) {
                ASSERT_EQ(got.source, want.source) << q << " " << when;
            }
        }
        std::multiset<std::tuple<std::string, char, std::uint64_t>> scanned;
        scan_names_index(r, [&](std::string_view f, NameSource s, NodeId id) {
            scanned.insert({std::string(f), char(s), id.value});
            return true;
        });
        EXPECT_EQ(scanned, all_names()) << when << ", seed " << GetParam();
        EXPECT_EQ(check_integrity(r).problems, std::vector<std::string>{}) << when;
    }

    void SetUp() override {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        label_ = g.intern<NameKind::Label>("Thing");
        key_ = g.intern<NameKind::Property>("key");
        name_ = g.intern<NameKind::Property>("name");
        aliases_ = g.intern<NameKind::Property>("aliases");
        txn.commit();
    }
};

TEST_P(NameIndexDifferential, LookupsMatchABruteForceFoldThroughChanges) {
    auto env = storage::Env::open(path_, {});
    for (int round = 0; round < 6; ++round) {
        {
            storage::WriteTxn txn(*env);
            GraphWriter g(txn);
            random_changes(g, 40);
            txn.commit();
        }
        storage::ReadTxn txn(*env);
        expect_model(txn, "after round " + std::to_string(round));
        if (::testing::Test::HasFatalFailure()) return;
    }
    storage::ReadTxn txn(*env);
    ASSERT_EQ(name_index_layout(GraphReader(txn)), NameIndexLayout::Current);
    // The keys that fold to themselves have no entry; the others keep theirs.
    std::size_t folded_keys = 0, unfolded_keys = 0;
    for (const auto& [id, n] : model_) {
        if (n.key) ++(fold_name(*n.key) == *n.key ? folded_keys : unfolded_keys);
    }
    ASSERT_GT(folded_keys, 0U);
    ASSERT_GT(unfolded_keys, 0U);
    std::size_t key_entries = 0;
    {
        storage::Cursor c(txn, txn.tables().name_index);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v))
            key_entries += decode_name_index_key(storage::as_view(k))->source == 'k';
    }
    EXPECT_EQ(key_entries, unfolded_keys);
}

// A database of the first layout (64-bit ids, an entry for every key), as a version 6 build
// leaves it: read as it is, read-only; its first write transaction rebuilds the index.
TEST_P(NameIndexDifferential, TheFirstLayoutReadsAsItIsAndItsFirstWriteRebuildsIt) {
    {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        {
            GraphWriter g(txn);
            random_changes(g, 150);
        }
        // Rewrite the index as version 6 wrote it.
        txn.clear(txn.tables().name_index);
        std::vector<std::string> keys;  // collected first: a write ends the records' views
        const GraphReader r(txn);
        const NameProperties ids = name_properties(r);
        r.scan_node_records([&](NodeId id, std::string_view record) {
            const auto node = storage::decode_node(record);
            for (const auto& [f, s] : name_entries(node.properties, ids, NameSet::All))
                keys.push_back(name_index_key_v1(f, char(s), id.value));
            return true;
        });
        for (const std::string& k : keys)
            txn.put(txn.tables().name_index, k, "");
        txn.put(txn.tables().meta, name_index_built_key, name_index_marker_v1);
        caspian::testing::set_stored_format_version(txn, 6);
        txn.commit();
    }
    {
        storage::EnvOptions read_only;
        read_only.read_only = true;
        auto env = storage::Env::open(path_, read_only);
        storage::ReadTxn txn(*env);
        ASSERT_EQ(name_index_layout(GraphReader(txn)), NameIndexLayout::V1);
        expect_model(txn, "read-only, first layout");
        if (::testing::Test::HasFatalFailure()) return;
    }
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);  // rolled back: so is the rebuild
        GraphWriter g(txn);
        EXPECT_EQ(name_index_layout(g), NameIndexLayout::Current);
    }
    {
        storage::ReadTxn txn(*env);
        EXPECT_EQ(name_index_layout(GraphReader(txn)), NameIndexLayout::V1);
    }
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        random_changes(g, 20);
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    const GraphReader r(txn);
    EXPECT_EQ(name_index_layout(r), NameIndexLayout::Current);
    EXPECT_EQ(r.stored_format_version(), storage::format_version);
    expect_model(txn, "after the upgrade");
}

INSTANTIATE_TEST_SUITE_P(Seeds, NameIndexDifferential,
                         ::testing::Range<std::uint32_t>(1, 1 + test::seeds(5, 2)));

TEST_F(NameIndex, TheCheckFindsAMissingOrExtraEntryOfEitherKindOfKey) {
    NodeId az{0}, by{0};
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        az = country(g, "az", "Azerbaijan");  // a key that folds to itself: no entry
        by = country(g, "BY", "Belarus");     // one that does not: entry 'by'
        txn.commit();
    }
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        index_names(g, az, {{"az", NameSource::Key}}, true);   // extra
        index_names(g, by, {{"by", NameSource::Key}}, false);  // missing
        txn.commit();
    }
    const std::vector<std::string> found = problems();
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0], "name index: stale entry: key 'az' of node " + std::to_string(az.value));
    EXPECT_EQ(found[1], "name index: missing entry: key 'by' of node " + std::to_string(by.value));
}

TEST(NameIndexKeys, IdsTake48BitsAndTheFirstLayout64) {
    const std::string k = name_index_key("baku", 'n', 0x0000123456789ABCULL);
    EXPECT_EQ(k, std::string("baku\0n\x12\x34\x56\x78\x9A\xBC", 12));
    const auto e = decode_name_index_key(k);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->folded, "baku");
    EXPECT_EQ(e->source, 'n');
    EXPECT_EQ(e->id, 0x123456789ABCULL);
    const std::string v1 = name_index_key_v1("baku", 'k', 7);
    EXPECT_EQ(v1.size(), 4U + 2 + 8);
    EXPECT_EQ(decode_name_index_key(v1, 8)->id, 7U);
    EXPECT_FALSE(decode_name_index_key(std::string("\0k\0\0\0\0\0\1", 8)));  // no name
    EXPECT_THROW((void)name_index_key("baku", 'n', std::uint64_t{1} << 48), Error);
}

}  // namespace
}  // namespace caspian::graph
