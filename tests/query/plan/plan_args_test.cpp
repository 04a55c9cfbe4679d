// Typed plan nodes (query/plan/plan.hpp): every node the planner and the optimizer build holds
// the arguments its kind reads (PlanNode::args), over statements that use every operator between
// them, and a node whose kind and arguments disagree is caught. Runs nothing. Links only
// caspian_query.
#include "query/optimizer/optimizer.hpp"
#include "query/parser/parser.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

namespace caspian::query::plan {
namespace {

using caspian::testing::TempDir;

// Statements that between them plan every kind but EmptyRow (which no plan uses), on a graph of
// 3 hub countries, 300 persons visiting one each and 400 exhibitions hosted by one each (enough
// for the statistics to choose a hash join through the hub), with an index on :Person(year).
const std::vector<std::string> statements = {
    "MATCH (n) RETURN n SKIP 1 LIMIT 2",
    "MATCH (c:Country {key: 'c1'})<-[:VISITED]-(p:Person) RETURN p ORDER BY p.n",
    "MATCH (p:Person) WHERE p.year = 2003 RETURN DISTINCT p.year",
    "MATCH (p:Person)-[v:VISITED]->(c:Country)<-[h:HOST]-(e:Exhibition) WHERE p.year = e.year "
    "RETURN p.n, e.n",
    "MATCH (p:Person)-[v:VISITED]->(c:Country)<-[h:HOST]-(e:Exhibition) WHERE p.year = e.year "
    "RETURN count(DISTINCT e)",
    "MATCH (a:Country) MATCH (b:Country) WHERE (a)-[:VISITED]-(b) RETURN a, b",
    "MATCH (a:Country) OPTIONAL MATCH (a)<-[r*1..2]-(b) RETURN a, r",
    "MATCH (a:Country {key: 'c1'})-[*1..2]-(b) RETURN count(DISTINCT b)",
    "MATCH p = shortestPath((a:Country {key: 'c1'})-[*..3]-(b:Country {key: 'c2'})) RETURN p",
    "MATCH (p:Person) RETURN count(*)",
    "MATCH ()-[r:HOST]->() RETURN type(r), count(*)",
    "MATCH (p:Person)-[:VISITED]->() RETURN p.year, count(*)",
    "UNWIND [1, 2] AS x CREATE (:T {x: x})",
    "MATCH (t:Person {key: 'p1'}) SET t.y = 1 WITH t DETACH DELETE t",
    "MERGE (t:T {x: 3}) ON CREATE SET t.y = 1",
    "CALL algo.wcc() YIELD node RETURN node",
    "RETURN 1 AS x UNION RETURN 2 AS x",
};

class PlanArgs : public ::testing::Test {
protected:
    void SetUp() override {
        storage::WriteTxn txn(*env_);
        graph::GraphWriter g(txn);
        const auto key = g.intern<graph::NameKind::Property>("key");
        const auto n = g.intern<graph::NameKind::Property>("n");
        const auto year = g.intern<graph::NameKind::Property>("year");
        const auto country = g.intern<graph::NameKind::Label>("Country");
        const auto person = g.intern<graph::NameKind::Label>("Person");
        const auto exhibition = g.intern<graph::NameKind::Label>("Exhibition");
        const auto visited = g.intern<graph::NameKind::Type>("VISITED");
        const auto host = g.intern<graph::NameKind::Type>("HOST");
        g.create_index(person, year);
        const auto c1 = g.create_node({country}, {{key, Value("c1")}});
        const auto c2 = g.create_node({country}, {{key, Value("c2")}});
        const auto c3 = g.create_node({country}, {{key, Value("c3")}});
        const decltype(c1) hubs[] = {c1, c2, c3};
        for (int i = 0; i < 300; ++i) {
            const auto p = g.create_node({person}, {{n, Value(i)}, {year, Value(2000 + i % 7)}});
            g.create_edge(p, visited, hubs[i % 3], {});
        }
        for (int i = 0; i < 400; ++i) {
            const auto e =
                g.create_node({exhibition}, {{n, Value(i)}, {year, Value(2000 + i % 11)}});
            g.create_edge(e, host, hubs[i % 3], {});
        }
        txn.commit();
    }

    PlannedQuery plan_of(const std::string& text) {
        Statement statement = parse(text);
        storage::ReadTxn read(*env_);
        graph::GraphReader reader(read);
        return optimizer::optimize(plan_query(std::get<Query>(statement.body), reader));
    }

    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

// Checks node and its subtree; adds the kinds met to seen.
void check_tree(const PlanNode& node, const std::vector<std::string>& names,
                const std::string& statement, std::set<Kind>& seen) {
    seen.insert(node.kind);
    EXPECT_TRUE(args_match_kind(node))
        << "kind " << int(node.kind) << " holds alternative " << node.args.index() << " in\n"
        << statement;
    EXPECT_NO_THROW(node.describe(names)) << statement;
    for (const PlanPtr& child : node.children)
        check_tree(*child, names, statement, seen);
}

TEST_F(PlanArgs, EveryPlannedNodeHoldsTheArgumentsOfItsKind) {
    std::set<Kind> seen;
    for (const std::string& statement : statements) {
        PlannedQuery p = plan_of(statement);
        check_tree(*p.root, p.slot_names, statement, seen);
    }
    // Every kind is covered, so a construction site that forgets its arguments is caught here.
    for (int k = 0; k <= int(Kind::CountStore); ++k) {
        if (Kind(k) == Kind::EmptyRow) continue;
        EXPECT_TRUE(seen.contains(Kind(k))) << "no statement plans kind " << k;
    }
}

TEST_F(PlanArgs, RewritesKeepTheArgumentsOfTheNodesTheyReplace) {
    // The Degree of a count rewrite counts into the slot of the Expand it replaces, and a
    // PruningExpand keeps its VarExpand's hops.
    PlannedQuery degree = plan_of("MATCH (p:Person)-[:VISITED]->(c) RETURN p.year, count(*)");
    const PlanNode* node = degree.root.get();
    while (node->kind != Kind::Degree && !node->children.empty())
        node = node->children[0].get();
    ASSERT_EQ(node->kind, Kind::Degree) << explain(*degree.root, degree.slot_names);
    EXPECT_EQ(degree.slot_names[std::size_t(node->as<DegreeArgs>().count_slot)], "c");
    EXPECT_EQ(node->as<DegreeArgs>().types, std::vector<std::string>{"VISITED"});

    PlannedQuery pruned = plan_of("MATCH (a:Country)-[*0..4]->(b) RETURN count(DISTINCT b)");
    node = pruned.root.get();
    while (node->kind != Kind::PruningExpand && !node->children.empty())
        node = node->children[0].get();
    ASSERT_EQ(node->kind, Kind::PruningExpand) << explain(*pruned.root, pruned.slot_names);
    EXPECT_EQ(node->as<VarExpandArgs>().min_hops, 0);
    EXPECT_EQ(node->as<VarExpandArgs>().max_hops, 4);
}

TEST(PlanArgsMismatch, IsReportedAndNotRead) {
    PlanNode node;
    node.kind = Kind::Expand;
    node.args = ScanArgs{0, "Country", std::nullopt};
    EXPECT_FALSE(args_match_kind(node));
    EXPECT_THROW((void)node.as<ExpandArgs>(), std::bad_variant_access);
    // VarExpandArgs extends ExpandArgs but is another alternative: an Expand does not take it.
    node.args = VarExpandArgs{};
    EXPECT_FALSE(args_match_kind(node));
    node.args = ExpandArgs{};
    EXPECT_TRUE(args_match_kind(node));
    node.kind = Kind::Apply;
    EXPECT_FALSE(args_match_kind(node));
    node.args = std::monostate{};
    EXPECT_TRUE(args_match_kind(node));
}

}  // namespace
}  // namespace caspian::query::plan
