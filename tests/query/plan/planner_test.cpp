// Tests of the binder and planner (query/plan/, query/binder/, query/optimizer/): where patterns
// start, where filters go, which operators the clauses stack, and the semantic errors with their
// spans. Plans a parsed statement against a small stored graph; runs nothing. Links only
// caspian_query.
#include "query/optimizer/optimizer.hpp"
#include "query/parser/parser.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace caspian::query::plan {
namespace {

using caspian::testing::TempDir;

// One Minister who made ten Visits, each hosted by one of three Countries that border in a cycle.
class Planner : public ::testing::Test {
protected:
    void SetUp() override {
        storage::WriteTxn txn(*env_);
        graph::GraphWriter g(txn);
        const auto key = g.intern<graph::NameKind::Property>("key");
        const auto year = g.intern<graph::NameKind::Property>("year");
        const auto country = g.intern<graph::NameKind::Label>("Country");
        const auto visit = g.intern<graph::NameKind::Label>("Visit");
        const auto minister = g.intern<graph::NameKind::Label>("Minister");
        const auto host = g.intern<graph::NameKind::Type>("HOST");
        const auto made = g.intern<graph::NameKind::Type>("MADE");
        const auto borders = g.intern<graph::NameKind::Type>("BORDERS");
        std::vector<NodeId> countries;
        for (const char* k : {"AZ", "BY", "GE"}) {
            countries.push_back(g.create_node({country}, {{key, Value(k)}}));
        }
        for (std::size_t i = 0; i < countries.size(); ++i) {
            g.create_edge(countries[i], borders, countries[(i + 1) % countries.size()], {});
        }
        const auto m = g.create_node({minister}, {});
        for (int i = 0; i < 10; ++i) {
            const auto v = g.create_node({visit}, {{year, Value(2020 + i % 3)}});
            g.create_edge(v, host, countries[std::size_t(i) % countries.size()], {});
            g.create_edge(m, made, v, {});
        }
        txn.commit();
    }

    PlannedQuery plan_of(const std::string& text, const optimizer::Passes& passes = {}) {
        Statement statement = parse(text);
        storage::ReadTxn read(*env_);
        graph::GraphReader reader(read);
        return optimizer::optimize(plan_query(std::get<Query>(statement.body), reader), passes);
    }

    std::string explain_of(const std::string& text, const optimizer::Passes& passes = {}) {
        PlannedQuery planned = plan_of(text, passes);
        return explain(*planned.root, planned.slot_names);
    }

    Error error_of(const std::string& text) {
        try {
            plan_of(text);
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "planned without an error: " << text;
        return Error(ErrorKind::Internal, "none");
    }

    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

// The first node of the tree (pre-order) for which pred holds, or nullptr.
const PlanNode* find(const PlanNode& n, const std::function<bool(const PlanNode&)>& pred) {
    if (pred(n)) return &n;
    for (const auto& child : n.children) {
        if (const PlanNode* found = find(*child, pred)) return found;
    }
    return nullptr;
}

const PlanNode* find_kind(const PlanNode& n, Kind kind) {
    return find(n, [&](const PlanNode& x) { return x.kind == kind; });
}

// The leaf at the bottom of the leftmost chain: where the pipeline starts.
const PlanNode& first_leaf(const PlanNode& n) {
    return n.children.empty() ? n : first_leaf(*n.children[0]);
}

// --- where a pattern starts ------------------------------------------------------------------

TEST_F(Planner, KeyLookupWhenThePatternGivesAKey) {
    PlannedQuery p = plan_of("MATCH (c:Country {key: 'AZ'}) RETURN c");
    EXPECT_EQ(first_leaf(*p.root).kind, Kind::KeyLookup);
    EXPECT_EQ(find_kind(*p.root, Kind::LabelScan), nullptr);
}

TEST_F(Planner, KeyLookupStartsThePatternEvenAtItsFarEnd) {
    const std::string text =
        explain_of("MATCH (v:Visit)-[:HOST]->(c:Country {key: 'AZ'}) RETURN v");
    EXPECT_NE(text.find("KeyLookup (c) by key"), std::string::npos) << text;
    EXPECT_NE(text.find("Expand (c)<-["), std::string::npos) << text;
    EXPECT_EQ(text.find("LabelScan"), std::string::npos) << text;
}

TEST_F(Planner, LabelScanOfTheRarestLabel) {
    PlannedQuery p = plan_of("MATCH (v:Visit)<-[:MADE]-(m:Minister) RETURN v");
    const PlanNode& leaf = first_leaf(*p.root);
    ASSERT_EQ(leaf.kind, Kind::LabelScan);
    EXPECT_EQ(leaf.as<ScanArgs>().label, "Minister");
}

TEST_F(Planner, LabelScanPicksTheRarestOfANodesLabels) {
    PlannedQuery p = plan_of("MATCH (n:Visit:Minister) RETURN n");
    const PlanNode& leaf = first_leaf(*p.root);
    ASSERT_EQ(leaf.kind, Kind::LabelScan);
    EXPECT_EQ(leaf.as<ScanArgs>().label, "Minister");
}

TEST_F(Planner, UnknownLabelCountsAsRarest) {
    PlannedQuery p = plan_of("MATCH (v:Visit)-->(x:Nowhere) RETURN v");
    const PlanNode& leaf = first_leaf(*p.root);
    ASSERT_EQ(leaf.kind, Kind::LabelScan);
    EXPECT_EQ(leaf.as<ScanArgs>().label, "Nowhere");
}

TEST_F(Planner, AllNodesScanWithoutLabels) {
    PlannedQuery p = plan_of("MATCH (n) RETURN n");
    EXPECT_EQ(first_leaf(*p.root).kind, Kind::AllNodesScan);
}

TEST_F(Planner, ABoundVariableFromAnEarlierMatchIsTheStart) {
    const std::string text =
        explain_of("MATCH (c:Country {key: 'AZ'}) MATCH (v:Visit)-[:HOST]->(c) RETURN v");
    EXPECT_NE(text.find("Expand (c)<-["), std::string::npos) << text;
    EXPECT_EQ(text.find("LabelScan (v"), std::string::npos) << text;
    EXPECT_EQ(text.find("AllNodesScan"), std::string::npos) << text;
}

// --- filters -----------------------------------------------------------------------------------

TEST_F(Planner, FilterOnTheStartNodeGoesBelowTheExpand) {
    PlannedQuery p =
        plan_of("MATCH (c:Country)<-[:HOST]-(v:Visit) WHERE c.name = 'Azerbaijan' RETURN v");
    const PlanNode* expand = find_kind(*p.root, Kind::Expand);
    ASSERT_NE(expand, nullptr);
    const PlanNode* below = find_kind(*expand->children[0], Kind::Filter);
    ASSERT_NE(below, nullptr) << explain(*p.root, p.slot_names);
    EXPECT_EQ(below->children[0]->kind, Kind::LabelScan);
}

TEST_F(Planner, FilterOnTheExpandedNodeStaysAboveTheExpand) {
    PlannedQuery p = plan_of("MATCH (c:Country)<-[:HOST]-(v:Visit) WHERE v.year = 2022 RETURN v");
    // Produce -> Project -> Filter(v) -> Expand
    const PlanNode* filter = find_kind(*p.root, Kind::Filter);
    ASSERT_NE(filter, nullptr);
    EXPECT_EQ(filter->children[0]->kind, Kind::Expand) << explain(*p.root, p.slot_names);
}

TEST_F(Planner, ConstantPredicateIsAppliedBeforeAnyScan) {
    PlannedQuery p = plan_of("MATCH (n) WHERE $go RETURN n");
    const PlanNode* scan = find_kind(*p.root, Kind::AllNodesScan);
    ASSERT_NE(scan, nullptr);
    const PlanNode* apply = find_kind(*p.root, Kind::Apply);
    ASSERT_NE(apply, nullptr) << explain(*p.root, p.slot_names);
    EXPECT_EQ(apply->children[0]->kind, Kind::Filter);
}

// --- expansion ---------------------------------------------------------------------------------

TEST_F(Planner, ExpandIntoClosesACycle) {
    const std::string text = explain_of(
        "MATCH (a:Country)-[:BORDERS]->(b:Country)-[:BORDERS]->(c:Country)-[:BORDERS]->(a) "
        "RETURN a");
    EXPECT_NE(text.find("ExpandInto"), std::string::npos) << text;
}

TEST_F(Planner, ExpandIntoJoinsTwoPatternsOnBoundNodes) {
    const std::string text = explain_of("MATCH (a:Minister)-->(b), (b)<--(a) RETURN a");
    EXPECT_NE(text.find("ExpandInto"), std::string::npos) << text;
}

TEST_F(Planner, PlainExpandWithoutACycle) {
    const std::string text = explain_of("MATCH (a:Minister)-[:MADE]->(v)-[:HOST]->(c) RETURN c");
    EXPECT_EQ(text.find("ExpandInto"), std::string::npos) << text;
    EXPECT_NE(text.find("Expand (a)-["), std::string::npos) << text;
    EXPECT_NE(text.find("Expand (v)-["), std::string::npos) << text;
}

TEST_F(Planner, VariableLengthIsAVarExpandWithItsBounds) {
    PlannedQuery p = plan_of("MATCH (a:Minister)-[*1..3]->(b) RETURN b");
    const PlanNode* e = find_kind(*p.root, Kind::VarExpand);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->as<VarExpandArgs>().min_hops, 1);
    EXPECT_EQ(e->as<VarExpandArgs>().max_hops, 3);
}

TEST_F(Planner, LaterRelationshipsExcludeEarlierOnesOfTheSameMatch) {
    PlannedQuery p = plan_of("MATCH (a:Minister)-[r1]->(b)-[r2]->(c) RETURN c");
    const PlanNode* outer = find_kind(*p.root, Kind::Expand);
    ASSERT_NE(outer, nullptr);
    EXPECT_EQ(outer->as<ExpandArgs>().exclude_rel_slots.size(), 1u);
}

// --- clauses -------------------------------------------------------------------------------------

TEST_F(Planner, OptionalMatchIsAnOptionalApplyNullingItsNewVariables) {
    PlannedQuery p =
        plan_of("MATCH (c:Country) OPTIONAL MATCH (c)<-[h:HOST]-(v:Visit) RETURN c, v");
    const PlanNode* apply = find_kind(*p.root, Kind::OptionalApply);
    ASSERT_NE(apply, nullptr);
    const std::string text = apply->describe(p.slot_names);
    EXPECT_NE(text.find("h"), std::string::npos) << text;
    EXPECT_NE(text.find("v"), std::string::npos) << text;
    EXPECT_EQ(text.find("c"), std::string::npos) << text;
}

TEST_F(Planner, EagerSeparatesAMatchFromTheCreateAfterIt) {
    PlannedQuery p = plan_of("MATCH (c:Country) CREATE (:Visit)-[:HOST]->(c)");
    EXPECT_TRUE(p.writes);
    const PlanNode* create = find_kind(*p.root, Kind::Create);
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create->children[0]->kind, Kind::Eager);
}

TEST_F(Planner, CreateAloneNeedsNoEager) {
    PlannedQuery p = plan_of("CREATE (n:Visit)");
    EXPECT_TRUE(p.writes);
    EXPECT_EQ(find_kind(*p.root, Kind::Eager), nullptr);
}

TEST_F(Planner, ReadQueryDoesNotWrite) {
    EXPECT_FALSE(plan_of("MATCH (n) RETURN n").writes);
}

TEST_F(Planner, AggregationGroupsByTheOtherItems) {
    PlannedQuery p = plan_of("MATCH (v:Visit) RETURN v.year AS year, count(*) AS n");
    const PlanNode* agg = find_kind(*p.root, Kind::Aggregate);
    ASSERT_NE(agg, nullptr);
    EXPECT_EQ(agg->as<AggregateArgs>().slots.size(), 1u);
    EXPECT_EQ(agg->as<AggregateArgs>().aggregations.size(), 1u);
    EXPECT_EQ(p.columns, (std::vector<std::string>{"year", "n"}));
}

TEST_F(Planner, ColumnsAreTheExpressionTextWithoutAlias) {
    PlannedQuery p = plan_of("MATCH (v:Visit) RETURN v.year,  count( * )");
    EXPECT_EQ(p.columns, (std::vector<std::string>{"v.year", "count( * )"}));
}

TEST_F(Planner, UnionAllKeepsDuplicatesUnionDoesNot) {
    PlannedQuery all = plan_of("RETURN 1 AS x UNION ALL RETURN 1 AS x");
    const PlanNode* u = find_kind(*all.root, Kind::Union);
    ASSERT_NE(u, nullptr);
    EXPECT_FALSE(u->as<UnionArgs>().distinct);
    PlannedQuery distinct = plan_of("RETURN 1 AS x UNION RETURN 1 AS x");
    u = find_kind(*distinct.root, Kind::Union);
    ASSERT_NE(u, nullptr);
    EXPECT_TRUE(u->as<UnionArgs>().distinct);
}

// --- semantic errors
// ------------------------------------------------------------------------------

void expect_semantic(const Error& e, std::size_t offset, const std::string& message_part) {
    EXPECT_EQ(e.kind(), ErrorKind::Semantic) << e.what();
    ASSERT_TRUE(e.where().has_value()) << e.what();
    EXPECT_EQ(e.where()->offset, offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
}

TEST_F(Planner, UnknownVariableIsASemanticErrorAtItsName) {
    Error e = error_of("MATCH (a) RETURN b");
    expect_semantic(e, 17, "variable 'b' is not defined");
    EXPECT_EQ(e.where()->length, 1u);
}

TEST_F(Planner, VariableOutOfScopeAfterWith) {
    expect_semantic(error_of("MATCH (a)-->(b) WITH a RETURN b"), 30, "variable 'b' is not defined");
}

TEST_F(Planner, AggregateInWhere) {
    expect_semantic(error_of("MATCH (a) WHERE count(a) > 1 RETURN a"), 16,
                    "aggregate function 'count' is not allowed here");
}

TEST_F(Planner, CountStarInWhere) {
    expect_semantic(error_of("MATCH (a) WHERE count(*) > 1 RETURN a"), 16,
                    "count(*) is not allowed here");
}

TEST_F(Planner, NestedAggregates) {
    expect_semantic(error_of("MATCH (a) RETURN count(sum(a.x))"), 23,
                    "aggregate functions cannot be nested");
}

TEST_F(Planner, DuplicateColumnNames) {
    expect_semantic(error_of("MATCH (a) RETURN a.x AS y, a.z AS y"), 10,
                    "multiple result columns have the name 'y'");
}

TEST_F(Planner, WithExpressionWithoutAlias) {
    expect_semantic(error_of("MATCH (a) WITH a.x RETURN 1"), 15,
                    "an expression in WITH must be aliased");
}

TEST_F(Planner, OrderByANonProjectedVariableAfterDistinct) {
    expect_semantic(error_of("MATCH (a) RETURN DISTINCT a.x AS x ORDER BY a.y"), 44,
                    "ORDER BY after DISTINCT can only use the projected columns");
}

TEST_F(Planner, OrderByANonProjectedVariableAfterAggregation) {
    // `a` is neither a grouping key nor inside an aggregate: it has no value per group.
    expect_semantic(error_of("MATCH (a) RETURN count(*) AS n ORDER BY a.y"), 40,
                    "ORDER BY after aggregation");
}

TEST_F(Planner, OrderByAProjectedExpressionAfterDistinctIsFine) {
    EXPECT_NO_THROW(plan_of("MATCH (a) RETURN DISTINCT a.x ORDER BY a.x"));
}

TEST_F(Planner, SkipWithAVariable) {
    expect_semantic(error_of("MATCH (a) RETURN a SKIP a.x"), 24,
                    "SKIP must be a constant: it cannot use variables");
}

TEST_F(Planner, LimitWithAVariable) {
    expect_semantic(error_of("MATCH (a) RETURN a LIMIT a.x"), 25,
                    "LIMIT must be a constant: it cannot use variables");
}

TEST_F(Planner, UnionWithDifferentColumns) {
    expect_semantic(error_of("RETURN 1 AS a UNION RETURN 2 AS b"), 20,
                    "all parts of a UNION must return the same columns");
}

TEST_F(Planner, UnionMixedWithUnionAll) {
    expect_semantic(error_of("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a"), 20,
                    "cannot mix UNION and UNION ALL");
}

TEST_F(Planner, QueryWithoutReturnOrUpdate) {
    expect_semantic(error_of("MATCH (a)"), 0, "a query must end with RETURN or an updating clause");
}

TEST_F(Planner, RelationshipVariableRepeatedInOneMatch) {
    expect_semantic(error_of("MATCH (a)-[r]->(b)-[r]->(c) RETURN a"), 18,
                    "variable 'r' is already defined");
}

// Each optimizer pass can be switched off, giving the plain operator it would rewrite.
TEST_F(Planner, OptimizerPassesCanBeSwitchedOff) {
    const std::string degree = "MATCH (m:Minister)-[:MADE]->() RETURN count(*) AS n";
    EXPECT_NE(explain_of(degree).find("Degree"), std::string::npos) << explain_of(degree);
    const std::string plain_degree = explain_of(degree, {.count_rewrite = false});
    EXPECT_EQ(plain_degree.find("Degree"), std::string::npos) << plain_degree;
    EXPECT_NE(plain_degree.find("Expand"), std::string::npos) << plain_degree;

    const std::string reach =
        "MATCH (c:Country {key: 'AZ'})-[:BORDERS*1..3]->(d) RETURN DISTINCT d";
    EXPECT_NE(explain_of(reach).find("PruningVarExpand"), std::string::npos) << explain_of(reach);
    const std::string plain_reach = explain_of(reach, {.prune_var_expand = false});
    EXPECT_EQ(plain_reach.find("PruningVarExpand"), std::string::npos) << plain_reach;
    EXPECT_NE(plain_reach.find("VarExpand"), std::string::npos) << plain_reach;
}

}  // namespace
}  // namespace caspian::query::plan
