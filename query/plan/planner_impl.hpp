// The Planner class, private to query/plan/ and query/binder/: one pass over the clauses, each
// binding its expressions against the variables in scope and stacking its operators on the
// plan so far. Its members are defined by concern in plan_*.cpp, cardinality.cpp and binder/.
#pragma once

#include "query/binder/scope.hpp"
#include "query/plan/build.hpp"
#include "query/plan/planner.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace caspian::query::plan {

using AstExpr = query::Expr;
using binder::Aggregates;
using binder::BindContext;
using binder::kind_name;
using binder::Scope;
using binder::semantic;
using binder::VarKind;

// A WHERE or pattern condition waiting for the slots it reads (needs) to be bound.
struct Conjunct {
    Expr expr;
    std::set<int> needs;
    bool wait_for_all = false;  // holds a subquery: placed once the whole pattern is bound
    bool applied = false;
};

class Planner {
public:
    explicit Planner(const graph::GraphReader& stats)
        : stats_(stats), costed_(pattern_plans() == PatternPlans::Costed) {}

    // plan_query.cpp
    PlannedQuery plan(const Query& query);

private:
    // The slots of one pattern part's nodes and relationships, in pattern order.
    struct PartSlots {
        std::vector<int> nodes;
        std::vector<int> rels;
    };
    // A path variable of CREATE, projected after the Create fills its slots.
    struct PendingPath {
        int slot;
        std::vector<int> nodes;
        std::vector<int> rels;
    };
    // Filters a pipeline binding the slots `have` by the conjuncts it can evaluate now
    // (final_pass: by all that are left).
    using ApplyConjuncts =
        std::function<void(PlanPtr& target, const std::set<int>& have, bool final_pass)>;
    using AddCondition = std::function<void(Expr)>;

    // plan_query.cpp
    int new_slot(const std::string& name);
    // outer: the variables a subquery body starts with (its plan starts at an Argument seeded
    // with the outer row); null for a statement.
    PlanPtr plan_single(const SingleQuery& q, std::vector<std::string>& columns,
                        std::vector<int>& column_slots, const Scope* outer = nullptr);
    // Where the parts of a UNION put their columns: slots 0..n-1 (a statement's result) or
    // fresh slots (a subquery body, whose outer row keeps its slots).
    enum class UnionSlots { Leading, Fresh };
    // The parts of q (one part: plan_single) under a Union; outer as for plan_single.
    PlanPtr plan_union(const Query& q, const Scope* outer, UnionSlots target,
                       std::vector<std::string>& columns, std::vector<int>& column_slots);

    // plan_subquery.cpp (issue #16)
    PlanPtr plan_subquery(const Query& q, const Scope& outer, std::vector<std::string>& columns,
                          std::vector<int>& column_slots);
    PlanPtr plan_call_subquery(PlanPtr input, const SubqueryClause& call, Scope& scope,
                               SourceSpan span);
    // Before the CALL's body is planned; wrote_before: an earlier clause writes.
    void check_in_transactions(SourceSpan span, bool wrote_before);

    // plan_match.cpp
    PlanPtr plan_match(PlanPtr input, const MatchClause& m, Scope& scope);
    PlanPtr plan_patterns(PlanPtr input, const std::vector<PatternPart>& parts,
                          const AstExpr* where, Scope& scope, BindContext ctx);
    PlanPtr plan_patterns(PlanPtr input, const std::vector<const PatternPart*>& parts,
                          const AstExpr* where, Scope& scope, BindContext ctx,
                          std::vector<PartSlots>* slots_out = nullptr);
    PlanPtr plan_shortest_path(PlanPtr plan, const PatternPart& part, const PartSlots& ps,
                               const Scope& scope, std::set<int>& bound,
                               std::vector<int>& match_rels, BindContext ctx);
    // The path value of `p = (...)`: its nodes and relationships in pattern order.
    static Expr path_of(const PatternPart& part, const PartSlots& ps);
    PlanPtr expand(PlanPtr input, const RelPattern& rp, int from, int rel, int to, bool reversed,
                   std::set<int>& bound, std::vector<int>& match_rels);

    // cardinality.cpp
    double fan_out(const RelPattern& rp, bool reversed) const;
    double label_rows(const NodePattern& np) const;
    double start_cost(const NodePattern& np, int slot, const std::set<int>& bound) const;
    double index_seek(const NodePattern& np, int slot, const std::vector<Conjunct>& conjuncts,
                      std::shared_ptr<PlanNode>& out) const;
    static const AstExpr* key_literal(const NodePattern& np);
    static void drop_key_condition(const NodePattern& np, int slot,
                                   std::vector<Conjunct>& conjuncts);
    static void drop_scanned_label(const NodePattern& np, int slot, const std::string& label,
                                   std::vector<Conjunct>& conjuncts);
    // The fraction of np's nodes that its equalities `slot.p = e` (e reading no row) keep,
    // from the statistics of db.stats.refresh(); nullopt when none of them has statistics.
    std::optional<double> equality_selectivity(const NodePattern& np, int slot,
                                               const std::vector<Conjunct>& conjuncts) const;
    // Where a chain pattern with no bound node is cheapest to start, counting the rows of the
    // scan and of each step after it (issue #20); `fallback` without property statistics.
    std::size_t costed_start(const PatternPart& part, const PartSlots& ps,
                             const std::vector<Conjunct>& conjuncts, std::size_t fallback) const;
    std::shared_ptr<PlanNode> scan_for(const NodePattern& np, int slot, const Scope& scope,
                                       BindContext ctx);

    // join_order.cpp (issue #20): the order of a MATCH's scans and expands by dynamic
    // programming over its connected sub-patterns (greedy beyond join_order_exact_nodes), and
    // hash joins between its disconnected parts. False: the plain plan is left to do it.
    bool plan_join_order(PlanPtr& plan, const std::vector<const PatternPart*>& parts,
                         const std::vector<PartSlots>& slots, const std::vector<std::size_t>& order,
                         const Scope& scope, std::set<int>& bound, std::vector<int>& match_rels,
                         std::vector<Conjunct>& conjuncts, const ApplyConjuncts& apply_to,
                         BindContext ctx);
    // Where the plain plan starts a chain part: a bound node, a key lookup, an index seek, the
    // rarest label, or (with property statistics) where the walk reads fewest rows.
    std::size_t plain_start(const PatternPart& part, const PartSlots& ps,
                            const std::set<int>& bound, const std::vector<Conjunct>& conjuncts,
                            std::shared_ptr<PlanNode>& seek) const;
    // The average edges of rp at a node (any type too), over var-length steps as well.
    double step_rows(const RelPattern& rp, bool reversed) const;

    // plan_join.cpp
    bool plan_hash_join(PlanPtr& plan, const PatternPart& part, const PartSlots& ps,
                        const Scope& scope, std::set<int>& bound, std::vector<int>& match_rels,
                        std::vector<Conjunct>& conjuncts, const ApplyConjuncts& apply_to,
                        BindContext ctx);
    void semi_join_below(PlanNode& agg);

    // plan_update.cpp
    PlanPtr eager(PlanPtr input);
    PlanPtr plan_create(PlanPtr input, const std::vector<PatternPart>& parts, Scope& scope);
    Expr variable_ref(const std::string& name, SourceSpan span, const Scope& scope);
    std::vector<SetOp> bind_set_items(const std::vector<SetItem>& items, const Scope& scope);
    PlanPtr plan_set(PlanPtr input, const std::vector<SetItem>& items, const Scope& scope);
    PlanPtr plan_remove(PlanPtr input, const RemoveClause& rm, const Scope& scope);
    PlanPtr plan_merge(PlanPtr input, const MergeClause& mg, Scope& scope);

    // plan_call.cpp
    // standalone: the statement is this CALL alone.
    PlanPtr plan_call(PlanPtr input, const CallClause& call, Scope& scope, SourceSpan span,
                      bool standalone);

    // plan_projection.cpp
    PlanPtr plan_projection(PlanPtr input, const Projection& proj, const AstExpr* where,
                            Scope& scope, bool is_return, std::vector<std::string>& columns,
                            std::vector<int>& column_slots, SourceSpan clause_span);
    Expr bind_constant(const AstExpr& e, const char* clause);

    // binder/bind_pattern.cpp
    int declare_node(const NodePattern& np, Scope& scope);
    int declare_rel(const RelPattern& rp, Scope& scope, const std::set<int>& bound_before,
                    std::vector<std::pair<int, int>>& rebound);
    void inline_conditions(const NodePattern& np, int slot, const Scope& scope, BindContext ctx,
                           const AddCondition& add);
    void property_conditions(const AstExpr* props, Expr subject, const Scope& scope,
                             BindContext ctx, const AddCondition& add);
    void rel_conditions(const RelPattern& rp, int slot, const Scope& scope, BindContext ctx,
                        const AddCondition& add);

    // binder/bind_expression.cpp
    static VarKind static_kind(const AstExpr& e, const Scope& scope);
    std::vector<Expr> bind_all(const std::vector<ExprPtr>& args, const Scope& scope,
                               Aggregates* aggs, BindContext ctx);
    Expr bind_function(const AstExpr& e, const Scope& scope, Aggregates* aggs, BindContext ctx);
    PlanPtr bind_subpattern(const std::vector<PatternPart>& patterns, const AstExpr* where,
                            Scope& inner, BindContext ctx);
    Expr bind_where(const AstExpr& e, const Scope& scope, BindContext ctx);
    void check_pattern_predicate(const AstExpr& e, const Scope& scope, BindContext ctx) const;
    Expr bind(const AstExpr& e, const Scope& scope, Aggregates* aggs, BindContext ctx);

    // binder/bind_subquery.cpp: EXISTS, COUNT and COLLECT { query } (issue #16)
    Expr bind_subquery(const AstExpr& e, const Scope& scope);
    // Throws when a subquery body introduces name (WITH ... AS name, UNWIND ... AS name) while
    // the scope it started with has it, as Neo4j 5 does: a subquery cannot shadow a variable.
    void check_shadowing(const std::string& name, SourceSpan span) const;

    const graph::GraphReader& stats_;
    bool costed_ = true;  // PatternPlans::Costed
    int count_ = 0;
    std::vector<std::string> names_;
    bool writes_ = false;
    const Scope* outer_ = nullptr;  // the scope the subquery body being planned started with
    std::vector<PendingPath> pending_paths_;
    // CALL { } IN TRANSACTIONS may only stand in the statement itself (issue #16).
    int subquery_depth_ = 0;
    bool in_union_ = false;
    std::optional<SourceSpan> in_transactions_;
};

}  // namespace caspian::query::plan
