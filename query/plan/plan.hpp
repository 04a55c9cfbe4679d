// The immutable plan: a tree of operators with their bound parameters, built by the planner
// and run by the executor (exec/), which opens one cursor per node for each run.
// EXPLAIN prints it with describe().
#pragma once

#include "query/plan/expr.hpp"

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace caspian::query::plan {

enum class Kind {
    Argument,       // leaf: yields the row the parent seeded, once
    AllNodesScan,   // slot
    LabelScan,      // slot, label
    KeyLookup,      // slot, expr (the key): the unique key index
    IndexSeek,      // slot, label, property, expr (equality)
    Expand,         // from_slot, rel_slot, to_slot, direction, types; into: to_slot bound
    VarExpand,      // as Expand plus min_hops, max_hops; rel_slot holds the list of edges
    PruningExpand,  // as VarExpand (min_hops <= 1, never into) but each end node once, rel_slot
                    // unbound; where only distinct ends matter (optimizer/)
    Filter,         // expr
    Apply,          // children{left, right}: right runs seeded with each left row
    OptionalApply,  // as Apply; a left row without right rows gets nulls in slots
    Project,        // slots[i] = exprs[i]
    Aggregate,      // group: slots[i] = exprs[i]; aggregations
    Distinct,       // slots
    Sort,           // sort_keys; top-N under LIMIT: exprs{limit, skip (optional)}
    Skip,           // CountArgs
    Limit,          // CountArgs
    Unwind,         // slot, expr
    Create,         // CreateArgs
    SetItems,       // SetArgs (SET and REMOVE)
    Delete,         // DeleteArgs
    Merge,          // children{input, match}; MergeArgs
    Call,           // CallArgs
    HashJoin,       // children{probe, build}; slots{probe key, build key} (nodes, equal ids);
                    // more keys: exprs (probe side) = sort_keys[i].expr (build side);
                    // join_slots: the build side's slots copied into each joined row;
                    // distinct: a semi-join, one row per probe row (the first match passing
                    // expr, the filters it took in)
    ShortestPath,   // from_slot, to_slot, rel_slot (edges), types, direction, min/max hops;
                    // distinct: all shortest paths
    Eager,          // reads all its input before yielding (updates must not see their output)
    Union,          // children; distinct; each child yields the output slots
    Produce,        // slots -> columns: the statement's result
    EmptyRow,       // leaf: one row of nulls (the start of a query)
    Degree,         // from_slot, direction, types: each input row once, with slot = the
                    // number of edges Expand would yield for it (rows of degree 0 vanish)
    CountStore,     // leaf: the counts of the stored statistics, one row per seed (per type
                    // when slot >= 0): label (nodes; "" all) or, with rel_slot >= 0, types
                    // (edges; none: all); slots = the counts
};

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

struct Aggregation {
    int slot = -1;
    std::string function;  // lowercase: count, sum, avg, min, max, collect, ...
    bool distinct = false;
    bool star = false;  // count(*)
    Expr arg;
    std::vector<Expr> extra_args;  // percentileCont(x, 0.5)
    // DISTINCT whose argument's values the optimizer proved distinct already
    // (optimizer/prune_var_expand.cpp): it runs without a set of seen values.
    // EXPLAIN: "(DISTINCT x needs no set)".
    bool distinct_input = false;
};

struct SortKey {
    Expr expr;
    bool descending = false;
};

// The arguments of one kind of operator (PlanNode::args), so that an operator reading another
// kind's field fails to compile. The kinds not listed here still use PlanNode's shared fields.
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
};

struct CountArgs {  // Skip, Limit
    Expr count;     // a constant, a parameter or an expression of them
};

using OperatorArgs =
    std::variant<std::monostate, CreateArgs, SetArgs, DeleteArgs, MergeArgs, CallArgs, CountArgs>;

struct PlanNode {
    Kind kind = Kind::Argument;
    std::vector<std::shared_ptr<const PlanNode>> children;
    SourceSpan span;
    OperatorArgs args;  // per kind (above); monostate for the kinds still untyped

    int slot = -1;
    int from_slot = -1;
    int rel_slot = -1;
    int to_slot = -1;
    std::string label;
    std::string property;
    std::vector<std::string> types;
    Direction direction = Direction::Both;
    bool into = false;
    std::int64_t min_hops = 1;
    std::int64_t max_hops = -1;          // -1: unbounded
    std::vector<int> exclude_rel_slots;  // relationships bound earlier in the same MATCH
    std::vector<int> join_slots;

    Expr expr;
    std::vector<Expr> exprs;
    std::vector<int> slots;
    std::vector<Aggregation> aggregations;
    // Aggregate: the input slots read above it (besides the seed's), kept from each group's
    // first row; carry_all keeps the whole first row (issue #8).
    std::vector<int> carry_slots;
    bool carry_all = true;
    std::vector<SortKey> sort_keys;
    bool distinct = false;
    std::vector<std::string> columns;
    int slot_count = 0;  // Produce: the width of rows in this plan

    // One line per node for EXPLAIN, e.g. "Expand (a)-[:HOST]->(b)".
    std::string describe(const std::vector<std::string>& slot_names) const;
};

using PlanPtr = std::shared_ptr<const PlanNode>;

// The plan tree as indented lines for EXPLAIN; annotate (when given) appends to each line
// (PROFILE's rows and time).
std::string explain(const PlanNode& root, const std::vector<std::string>& slot_names,
                    const std::function<std::string(const PlanNode&)>& annotate = {});

}  // namespace caspian::query::plan
