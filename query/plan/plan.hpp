// The immutable plan: a tree of operators with their bound parameters, built by the planner
// and run by the executor (exec/), which opens one cursor per node for each run.
// EXPLAIN prints it with describe().
#pragma once

#include "query/plan/expr.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace caspian::query::plan {

enum class Kind {
    Argument,       // leaf: yields the row the parent seeded, once
    AllNodesScan,   // ScanArgs (no label)
    LabelScan,      // ScanArgs
    KeyLookup,      // KeyLookupArgs: the unique key index
    IndexSeek,      // IndexSeekArgs
    Expand,         // ExpandArgs
    VarExpand,      // VarExpandArgs
    PruningExpand,  // VarExpandArgs (min_hops <= 1, never into) but each end node once, rel_slot
                    // unbound; where only distinct ends matter (optimizer/)
    Filter,         // FilterArgs
    Apply,          // children{left, right}: right runs seeded with each left row
    OptionalApply,  // as Apply; OptionalApplyArgs: a left row without right rows gets nulls
    Project,        // ProjectArgs
    Aggregate,      // AggregateArgs
    Distinct,       // DistinctArgs
    Sort,           // SortArgs
    Skip,           // CountArgs
    Limit,          // CountArgs
    Unwind,         // UnwindArgs
    Create,         // CreateArgs
    SetItems,       // SetArgs (SET and REMOVE)
    Delete,         // DeleteArgs
    Merge,          // children{input, match}; MergeArgs
    Call,           // CallArgs
    HashJoin,       // children{probe, build}; HashJoinArgs
    ShortestPath,   // ShortestPathArgs
    Eager,          // reads all its input before yielding (updates must not see their output)
    Union,          // children; UnionArgs
    Produce,        // ProduceArgs: the statement's result
    EmptyRow,       // leaf: one row of nulls (the start of a query)
    Degree,         // DegreeArgs
    CountStore,     // leaf: CountStoreArgs
    // children{left, right} as Apply, committing after each TransactionApplyArgs::batch_rows
    // left rows
    TransactionApply,
    EndCount,  // EndCountArgs: replaces Aggregate(count(DISTINCT end)) over a PruningExpand
};

// The arguments of each kind of operator (PlanNode::args), so that an operator reading another
// kind's field fails to compile. Kept in this one header, grouped by operator family in the
// order of the planner files that build them, rather than one header per family: the variant
// below needs every one of them complete, every operator of exec/ sees them all through
// cursor.hpp anyway, and the whole plan language reads in one place.

// --- Leaves that find nodes (plan_match.cpp, cardinality.cpp; exec/scan.cpp) ---------------

struct ScanArgs {  // AllNodesScan, LabelScan
    int slot = -1;
    std::string label;  // LabelScan; empty for AllNodesScan
    // AllNodesScan under a Degree in that direction (exec/top_by_count.cpp sets it): only the
    // nodes with adjacency entries there, read from the adjacency tables' keys, not `nodes`.
    // The Degree drops the others, so the rows are the same; the node records go unread.
    std::optional<Direction> with_edges;
};

struct KeyLookupArgs {  // KeyLookup: the node whose `key` property equals key, if any
    int slot = -1;
    Expr key;
};

// IndexSeek: the candidates of a property index, lower <= v <= upper (absent: unbounded; an
// equality sets both). Bounds read no slot; the conjunct stays as a Filter above.
struct IndexSeekArgs {
    int slot = -1;
    std::string label;
    std::string property;
    std::optional<Expr> lower;
    std::optional<Expr> upper;
};

// --- Steps along relationships (plan_match.cpp; exec/expand.cpp, pruning_expand.cpp,
// shortest_path.cpp) ---------------------------------------------------------------------------

struct ExpandArgs {  // Expand
    int from_slot = -1;
    int rel_slot = -1;  // < 0: the edge is not bound
    int to_slot = -1;
    std::vector<std::string> types;  // empty: any type
    Direction direction = Direction::Both;
    bool into = false;                   // to_slot is bound: only edges ending there
    std::vector<int> exclude_rel_slots;  // relationships bound earlier in the same MATCH
};

struct VarExpandArgs : ExpandArgs {  // VarExpand, PruningExpand: rel_slot holds a list of edges
    std::int64_t min_hops = 1;
    std::int64_t max_hops = -1;  // -1: unbounded
};

// ShortestPath: between two bound nodes; rel_slot gets the path's edges.
struct ShortestPathArgs {
    int from_slot = -1;
    int rel_slot = -1;
    int to_slot = -1;
    std::vector<std::string> types;
    Direction direction = Direction::Both;
    std::int64_t min_hops = 1;
    std::int64_t max_hops = -1;
    bool all = false;  // allShortestPaths
};

// --- Joins (plan_match.cpp, plan_join.cpp, plan_query.cpp; exec/apply.cpp, hash_join.cpp,
// union.cpp) ----------------------------------------------------------------------------------

struct OptionalApplyArgs {   // OptionalApply
    std::vector<int> slots;  // the right side's new slots: null in an unmatched left row
};

// TransactionApply: CALL { } IN TRANSACTIONS [OF n ROWS] (issue #16). The left side is read
// whole first (no cursor may outlive a commit), then the right side runs for batch_rows left
// rows at a time, each batch committed before the next begins (exec/transaction_apply.cpp).
struct TransactionApplyArgs {
    Expr batch_rows;  // a constant or a parameter: 1000 when the query names none
};

// HashJoin: the probe row's node in probe_slot joins build rows with the same node in
// build_slot (equal ids; both < 0: the keys alone join, issue #20); more keys: probe_keys[i] =
// build_keys[i] (equivalent values).
// copied_slots: the build side's slots copied into each joined row. semi: one row per probe
// row, the first match passing residual (the filters the join took in).
struct HashJoinArgs {
    int probe_slot = -1;
    int build_slot = -1;
    std::vector<Expr> probe_keys;
    std::vector<Expr> build_keys;
    std::vector<int> copied_slots;
    bool semi = false;
    Expr residual;  // semi only
    // Semi only: a probe row whose value in this slot already passed is dropped unprobed, as
    // what is above sees only the set of its values (count(DISTINCT p)), which then needs no
    // set of its own; -1: none.
    int distinct_slot = -1;
};

struct UnionArgs {            // Union: each child yields the output columns in slots 0..n-1
    std::size_t columns = 0;  // n
    bool distinct = false;    // UNION (not UNION ALL) drops equivalent rows
};

// --- Rows: filters, projections, aggregation, order (plan_projection.cpp, plan_query.cpp;
// exec/filter.cpp, project.cpp, aggregate.cpp, distinct.cpp, sort.cpp, limit.cpp) -------------

struct FilterArgs {  // Filter: passes the rows where predicate is true
    Expr predicate;
    // A row whose value in this slot is equivalent to one that passed is dropped untested, as
    // what is above sees only the set of its values (count(DISTINCT p) over the Filter), which
    // then needs no set of its own; -1: none.
    int distinct_slot = -1;
};

struct ProjectArgs {  // Project: slots[i] = exprs[i], all computed from the input row
    std::vector<int> slots;
    std::vector<Expr> exprs;
};

struct UnwindArgs {  // Unwind: one row per element of list, in slot
    int slot = -1;
    Expr list;
};

struct Aggregation {
    int slot = -1;
    std::string function;  // lowercase: count, sum, avg, min, max, collect, ...
    bool distinct = false;
    bool star = false;  // count(*)
    Expr arg;
    std::vector<Expr> extra_args;  // percentileCont(x, 0.5)
    // DISTINCT whose argument's values are distinct already (optimizer/prune_var_expand.cpp; a
    // Filter's or semi-join's distinct_slot): it runs without a set of seen values.
    // EXPLAIN: "(DISTINCT x needs no set)".
    bool distinct_input = false;
};

struct AggregateArgs {  // Aggregate: group by slots[i] = keys[i]; one row per group
    std::vector<int> slots;
    std::vector<Expr> keys;
    std::vector<Aggregation> aggregations;
    // The input slots read above it (besides the seed's), kept from each group's first row;
    // carry_all keeps the whole first row (issue #8).
    std::vector<int> carry_slots;
    bool carry_all = true;
    // Set by optimizer/stream_groups.cpp (issue #20): keys[row_key] has a different value in
    // every input row where it is not null (a node the input yields once, or its unique key),
    // so such a row is a group of its own, yielded as it comes without a table; -1: none.
    int row_key = -1;
};

struct DistinctArgs {  // Distinct: drops rows equivalent to an earlier one on slots
    std::vector<int> slots;
};

struct SortKey {
    Expr expr;
    bool descending = false;
};

struct SortArgs {  // Sort; top-N under LIMIT: keeps the first skip + limit rows only
    std::vector<SortKey> keys;
    std::optional<Expr> limit;
    std::optional<Expr> skip;  // with limit only
};

struct CountArgs {  // Skip, Limit
    Expr count;     // a constant, a parameter or an expression of them
};

struct ProduceArgs {  // Produce: slots -> columns
    std::vector<std::string> columns;
    std::vector<int> slots;
    int slot_count = 0;  // the width of rows in this plan
};

// --- Counts from degrees and statistics (optimizer/count_rewrite.cpp; exec/degree.cpp) ------

// Degree: each input row once, with count_slot = the number of edges an Expand from from_slot
// would yield for it (rows of degree 0 vanish).
struct DegreeArgs {
    int from_slot = -1;
    std::vector<std::string> types;
    Direction direction = Direction::Both;
    int count_slot = -1;
};

// EndCount (optimizer/count_distinct_ends.cpp, issue #20): stands for an Aggregate without
// grouping keys whose aggregates are all count(DISTINCT end) over a PruningExpand (`step`) of an
// input of at most one row, maybe under a Filter `end <> start`: one row per seed, each of
// slots holding the number of distinct end nodes (the start never among them when
// exclude_start), found by a breadth-first search that builds no rows.
struct EndCountArgs {
    VarExpandArgs step;
    std::vector<int> slots;
    bool exclude_start = false;
};

// CountStore: the counts of the stored statistics, one row per seed, in count_slots: nodes of
// label ("" all), or with edges, edges of types (none: all), one row per type with type_slot
// >= 0 holding its name.
struct CountStoreArgs {
    bool edges = false;
    std::string label;
    std::vector<std::string> types;
    int type_slot = -1;
    std::vector<int> count_slots;
};

// --- Updates (plan_update.cpp, plan_call.cpp; exec/create.cpp, set.cpp, delete.cpp,
// merge.cpp, call.cpp) -------------------------------------------------------------------------

// A node or relationship to create. Nodes whose slot is already bound are not created.
struct CreateNode {
    int slot = -1;
    bool bound = false;
    std::vector<std::string> labels;
    Expr properties;  // absent, Map or Parameter
};

struct CreateRel {
    int slot = -1;
    int from_slot = -1;
    int to_slot = -1;
    std::string type;
    Expr properties;
};

struct CreateItem {
    std::vector<CreateNode> nodes;
    std::vector<CreateRel> rels;
    int path_slot = -1;  // `p = (...)`: the path of the nodes and rels in order
};

// One item of SET or REMOVE, applied to the node or relationship `subject` evaluates to.
enum class SetKind { Property, Replace, Merge, AddLabels, RemoveLabels };

struct SetOp {
    SetKind kind = SetKind::Property;
    Expr subject;
    std::string key;  // Property
    Expr value;       // Property (null removes), Replace and Merge (a map, node or edge)
    std::vector<std::string> labels;
};

struct CreateArgs {  // Create
    std::vector<CreateItem> items;
};

struct SetArgs {  // SetItems: SET and REMOVE items, applied in order
    std::vector<SetOp> items;
};

struct DeleteArgs {  // Delete
    std::vector<Expr> targets;
    bool detach = false;
};

struct MergeArgs {                    // Merge: children{input, match}
    std::vector<CreateItem> creates;  // one item: the pattern, created when match yields none
    std::vector<SetOp> on_create;
    std::vector<SetOp> on_match;
};

struct CallArgs {  // Call: one row per result row of the procedure, per input row
    std::string procedure;
    std::vector<Expr> arguments;
    std::vector<int> slots;  // slots[i] <- the result's field fields[i]
    std::vector<std::string> fields;
    // Inside a query, a procedure without fields (void) passes each input row on once; a
    // standalone call of one yields nothing.
    bool void_passes_rows = false;
    // YIELD ... WHERE of a procedure with run_filtered (registry.hpp): evaluated inside the call
    // so that the procedure's k counts the rows that pass. Otherwise a Filter above.
    std::optional<Expr> where;
};

// monostate: Argument, EmptyRow, Apply, Eager (no arguments).
using OperatorArgs =
    std::variant<std::monostate, ScanArgs, KeyLookupArgs, IndexSeekArgs, ExpandArgs, VarExpandArgs,
                 ShortestPathArgs, OptionalApplyArgs, HashJoinArgs, UnionArgs, FilterArgs,
                 ProjectArgs, UnwindArgs, AggregateArgs, DistinctArgs, SortArgs, CountArgs,
                 ProduceArgs, DegreeArgs, CountStoreArgs, CreateArgs, SetArgs, DeleteArgs,
                 MergeArgs, CallArgs, TransactionApplyArgs, EndCountArgs>;

struct PlanNode {
    Kind kind = Kind::Argument;
    std::vector<std::shared_ptr<const PlanNode>> children;
    SourceSpan span;
    OperatorArgs args;  // the alternative of kind (above)
    // The rows it is expected to yield in all, set by with_estimates (estimate.hpp); < 0: none.
    double estimated_rows = -1;

    // The arguments as the operator of this kind reads them; throws std::bad_variant_access
    // when kind and args disagree (a planner bug).
    template <typename A>
    const A& as() const {
        return std::get<A>(args);
    }
    template <typename A>
    A& as() {
        return std::get<A>(args);
    }

    // One line per node for EXPLAIN, e.g. "Expand (a)-[:HOST]->(b)".
    std::string describe(const std::vector<std::string>& slot_names) const;
};

// Whether node.args holds the alternative that node.kind reads (not its children's).
bool args_match_kind(const PlanNode& node);

using PlanPtr = std::shared_ptr<const PlanNode>;

// "120", "3.5", "0.02": how EXPLAIN prints an estimate (whole rows from 10 on).
std::string estimate_text(double rows);

// The plan tree as indented lines for EXPLAIN, each with its estimated rows when it has them
// ("  est. 120"); annotate (when given) appends to each line (PROFILE's rows and time).
std::string explain(const PlanNode& root, const std::vector<std::string>& slot_names,
                    const std::function<std::string(const PlanNode&)>& annotate = {});

}  // namespace caspian::query::plan
