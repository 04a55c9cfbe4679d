// Tests of the bound expressions' payloads (query/plan/expr.hpp, issue #14): every helper and
// every expression the binder builds carries the payload its Op names, and reading another
// operator's payload fails an assert. Links only caspian_query.
#include "query/optimizer/optimizer.hpp"
#include "query/parser/parser.hpp"
#include "query/plan/build.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <set>
#include <variant>

namespace caspian::query::plan {
namespace {

using caspian::testing::TempDir;

TEST(Expr, HelpersCarryThePayloadTheirOpNames) {
    const std::vector<Expr> built = {
        absent(),
        constant(Value(1)),
        slot_ref(2),
        parameter_ref("p", {}),
        property_ref(slot_ref(0), "year", {}),
        comparison({CompareOp::Lt}, {slot_ref(0), constant(Value(1))}, {}),
        equals_expr(slot_ref(0), slot_ref(1), {}),
        make_op(Op::Add, {slot_ref(0), constant(Value(1))}, {}),
        make_expr(Op::Quantifier, QuantifierExpr{Quantifier::Any, 3}, {slot_ref(0), absent()}, {}),
    };
    for (const Expr& e : built) {
        EXPECT_EQ(e.payload.index(), payload_of(e.op)) << "op " << int(e.op);
    }
    EXPECT_EQ(built[8].as<QuantifierExpr>().quantifier, Quantifier::Any);
    EXPECT_EQ(built[8].as<QuantifierExpr>().variable, 3);
}

TEST(Expr, OnlyAnOmittedOperandIsAbsent) {
    EXPECT_TRUE(absent().is_absent());
    EXPECT_EQ(absent().op, Op::Constant);
    EXPECT_TRUE(absent().as<ConstantExpr>().value.is_null());  // evaluates to null
    EXPECT_FALSE(constant(Value()).is_absent());
    EXPECT_FALSE(slot_ref(0).is_absent());
}

TEST(Expr, ReadingAnotherOperatorsPayloadFailsTheAssert) {
#ifdef NDEBUG
    GTEST_SKIP() << "release builds do not check (expr.hpp)";
#else
    EXPECT_DEATH((void)slot_ref(1).as<PropertyExpr>(), "holds_alternative");
    EXPECT_DEATH((void)make_op(Op::Not, {constant(Value(true))}, {}).as<ConstantExpr>(),
                 "holds_alternative");
    EXPECT_DEATH((void)make_expr(Op::Property, SlotExpr{0}, {}, {}), "payload_of");
#endif
}

TEST(Expr, SlotOfAndBinaryCompareOpLookAtTheirOperatorOnly) {
    EXPECT_EQ(slot_of(slot_ref(4)), 4);
    EXPECT_EQ(slot_of(constant(Value(4))), -1);
    EXPECT_EQ(binary_compare_op(comparison({CompareOp::Ge}, {slot_ref(0), slot_ref(1)}, {})),
              CompareOp::Ge);
    EXPECT_EQ(binary_compare_op(comparison({CompareOp::Lt, CompareOp::Lt},
                                           {slot_ref(0), slot_ref(1), slot_ref(2)}, {})),
              std::nullopt);
    EXPECT_EQ(binary_compare_op(make_op(Op::And, {slot_ref(0), slot_ref(1)}, {})), std::nullopt);
}

// Every payload the binder builds, checked in the Filters of planned statements.
class BoundPayloads : public ::testing::Test {
protected:
    PlannedQuery plan_of(const std::string& text) {
        Statement statement = parse(text);
        storage::ReadTxn read(*env_);
        graph::GraphReader reader(read);
        return optimizer::optimize(plan_query(std::get<Query>(statement.body), reader), {});
    }

    void walk(const Expr& e) {
        EXPECT_EQ(e.payload.index(), payload_of(e.op)) << "op " << int(e.op);
        seen_.insert(e.op);
        if (e.has_subplan()) walk(*e.as<SubplanExpr>().plan);
        for (const Expr& a : e.args)
            walk(a);
    }
    void walk(const PlanNode& n) {
        if (n.kind == Kind::Filter) walk(n.as<FilterArgs>().predicate);
        for (const auto& child : n.children)
            walk(*child);
    }

    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    std::set<Op> seen_;
};

TEST_F(BoundPayloads, EveryOperatorWithAPayloadCarriesIt) {
    const PlannedQuery p = plan_of(
        "MATCH (n:Visit)-[r]->(c)-[:K*1..2 {w: 1}]->() "
        "WHERE n.year > $p AND startNode(r) = n AND toString(1) = '1' "
        "AND size([x IN [1, 2] WHERE x > 0 | x]) > 0 AND any(y IN [1] WHERE y = 1) "
        "AND reduce(s = 0, z IN [1] | s + z) = 1 AND exists((n)-->()) "
        "AND size([(n)-->(m) | m]) >= 0 AND {a: 1}.a = 1 AND n {.year}.year = n.year "
        "AND 1 < 2 <= 3 AND n:Visit "
        "RETURN n");
    walk(*p.root);
    for (Op op : {Op::Constant, Op::Parameter, Op::Slot, Op::Property, Op::HasLabels, Op::Call,
                  Op::GraphCall, Op::Map, Op::Comprehension, Op::Quantifier, Op::Reduce, Op::Exists,
                  Op::PatternList, Op::Compare}) {
        EXPECT_TRUE(seen_.contains(op)) << "no op " << int(op) << " in the plan";
    }
}

}  // namespace
}  // namespace caspian::query::plan
