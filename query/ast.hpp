// The typed AST the parser builds: statements, clauses, patterns and expressions, each node with
// the byte span of its source text. Plain data only: no PEGTL, no binding or evaluation here.
#pragma once

#include <caspian/error.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace caspian::query {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Query;

// ---- patterns ---------------------------------------------------------------------------------

struct NodePattern {
    std::optional<std::string> variable;
    std::vector<std::string> labels;
    ExprPtr properties;  // a Map or Parameter expression, or null
    SourceSpan span;
};

// Which way a relationship pattern points, read left to right: `-->` is Right, `<--` Left,
// `--` (and `<-->`) Both.
enum class Direction { Right, Left, Both };

// `*` = {}, `*2` = {2, 2}, `*1..3` = {1, 3}, `*..5` = {none, 5}, `*2..` = {2, none}.
struct VarLength {
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
};

struct RelPattern {
    std::optional<std::string> variable;
    std::vector<std::string> types;  // alternatives: T1|T2
    std::optional<VarLength> length;
    ExprPtr properties;  // a Map or Parameter expression, or null
    Direction direction = Direction::Both;
    SourceSpan span;
};

enum class PathFunction { None, ShortestPath, AllShortestPaths };

struct PatternStep {
    RelPattern rel;
    NodePattern node;
};

// `p = shortestPath((a)-[*]->(b))`: a start node then relationship/node steps.
struct PatternPart {
    std::optional<std::string> path_variable;
    PathFunction function = PathFunction::None;
    NodePattern start;
    std::vector<PatternStep> steps;
    SourceSpan span;
};

// ---- expressions ------------------------------------------------------------------------------

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

// Fields used per kind (unused fields stay empty; "null" means an empty ExprPtr):
//   Null, Bool(bool_value), Integer(int_value), Float(float_value), String(string_value)
//   Parameter(name: "x" or "0"), Variable(name)
//   Property: args{subject}, name = key          Index: args{subject, index}
//   Slice: args{subject, from|null, to|null}    HasLabels: args{subject}, labels
//   FunctionCall: name (dotted, "duration.between"), distinct, args     CountStar
//   List: args                                   Map: keys[i] -> args[i]
//   MapProjection: name = variable, projection
//   Case: args{subject|null, else|null, when1, then1, when2, then2, ...}
//   ListComprehension: name = variable, args{list, where|null, projection|null}
//   PatternComprehension: patterns{1}, args{where|null, projection}
//   All, Any, None, Single: name = variable, args{list, where|null}
//   Reduce: name = accumulator, name2 = variable, args{init, list, expression}
//   Exists (EXISTS { ... }): patterns, args{where|null}; or, for a full query body (issue #16),
//     subquery and no patterns
//   CountSubquery (COUNT { ... }), CollectSubquery (COLLECT { ... }): subquery
//   PatternPredicate: patterns{1}
//   Not, Negate, UnaryPlus, IsNull, IsNotNull: args{operand}
//   Or ... RegexMatch (binary): args{left, right}
//   Comparison: args{a, b, c, ...}, ops{a?b, b?c, ...} (a < b < c is a < b AND b < c)
enum class ExprKind {
    Null,
    Bool,
    Integer,
    Float,
    String,
    Parameter,
    Variable,
    Property,
    Index,
    Slice,
    HasLabels,
    FunctionCall,
    CountStar,
    List,
    Map,
    MapProjection,
    Case,
    ListComprehension,
    PatternComprehension,
    All,
    Any,
    None,
    Single,
    Reduce,
    Exists,
    PatternPredicate,
    CountSubquery,
    CollectSubquery,
    Not,
    Negate,
    UnaryPlus,
    IsNull,
    IsNotNull,
    Or,
    Xor,
    And,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    StartsWith,
    EndsWith,
    Contains,
    In,
    RegexMatch,
    Comparison,
};

enum class MapProjectionKind { Property, AllProperties, Literal, Variable };

// In `n{.name, .*, k: expr, v}`: Property(name), AllProperties, Literal(name, value),
// Variable(name).
struct MapProjectionItem {
    MapProjectionKind kind = MapProjectionKind::Property;
    std::string name;
    ExprPtr value;
    SourceSpan span;
};

struct Expr {
    Expr() = default;
    Expr(Expr&&) noexcept = default;
    Expr& operator=(Expr&&) noexcept = default;
    // Iterative (ast.cpp): a 100,000-term chain is 100,000 levels deep (issue #15).
    ~Expr();

    ExprKind kind = ExprKind::Null;
    SourceSpan span;  // the expression's text as written, without surrounding whitespace
    std::string name;
    std::string name2;
    std::string string_value;
    std::int64_t int_value = 0;
    double float_value = 0.0;
    bool bool_value = false;
    bool distinct = false;
    std::vector<std::string> labels;
    std::vector<CompareOp> ops;
    std::vector<std::string> keys;
    std::vector<MapProjectionItem> projection;
    std::vector<PatternPart> patterns;
    std::vector<ExprPtr> args;
    std::shared_ptr<const Query> subquery;  // immutable once parsed: copies share it
};

// ---- clauses ----------------------------------------------------------------------------------

// `expr AS alias`; column is the alias, or the expression text exactly as written.
struct ProjectionItem {
    ExprPtr expr;
    std::optional<std::string> alias;
    std::string column;
    SourceSpan span;
};

struct SortItem {
    ExprPtr expr;
    bool descending = false;
    SourceSpan span;
};

struct Projection {
    bool distinct = false;
    bool star = false;  // `RETURN *` (items may follow: `RETURN *, a`)
    std::vector<ProjectionItem> items;
    std::vector<SortItem> order_by;
    ExprPtr skip;   // or null
    ExprPtr limit;  // or null
};

struct MatchClause {
    bool optional = false;
    std::vector<PatternPart> patterns;
    ExprPtr where;  // or null
};

struct WithClause {
    Projection projection;
    ExprPtr where;  // or null
};

struct ReturnClause {
    Projection projection;
};

struct UnwindClause {
    ExprPtr list;
    std::string variable;
};

struct CreateClause {
    std::vector<PatternPart> patterns;
};

// Property: `target = value` with target a Property expression;
// Replace: `variable = value`; Merge: `variable += value`; Labels: `variable:L1:L2`.
enum class SetItemKind { Property, Replace, Merge, Labels };

struct SetItem {
    SetItemKind kind = SetItemKind::Property;
    ExprPtr target;  // Property kind only
    std::string variable;
    std::vector<std::string> labels;
    ExprPtr value;  // null for Labels
    SourceSpan span;
};

struct SetClause {
    std::vector<SetItem> items;
};

// `n.p` (property set, is_labels false) or `n:L1:L2`.
struct RemoveItem {
    bool is_labels = false;
    ExprPtr property;
    std::string variable;
    std::vector<std::string> labels;
    SourceSpan span;
};

struct RemoveClause {
    std::vector<RemoveItem> items;
};

struct DeleteClause {
    bool detach = false;
    std::vector<ExprPtr> targets;
};

struct MergeClause {
    PatternPart pattern;
    std::vector<SetItem> on_create;
    std::vector<SetItem> on_match;
};

struct YieldItem {
    std::string field;
    std::optional<std::string> alias;
    SourceSpan span;
};

struct CallClause {
    std::string procedure;  // dotted: "db.labels"
    // False for `CALL name` without parentheses: a standalone call then takes the procedure's
    // arguments from the parameters of the same names.
    bool parenthesized = true;
    std::vector<ExprPtr> args;
    bool yield_star = false;
    std::vector<YieldItem> yields;
    ExprPtr where;  // or null
};

// `[OPTIONAL] CALL [(a, b) | (*) | ()] { query } [IN TRANSACTIONS [OF n ROWS]]` (issue #16).
// Without a scope clause the body imports what a leading `WITH a, b` names (Neo4j 5).
enum class SubqueryScope { Importing, Listed, All };

struct SubqueryClause {
    std::shared_ptr<const Query> body;
    SubqueryScope scope = SubqueryScope::Importing;
    std::vector<std::string> variables;  // Listed
    std::vector<SourceSpan> variable_spans;
    bool optional = false;
    bool in_transactions = false;
    ExprPtr batch_rows;  // OF n ROWS, or null (1000)
};

struct Clause {
    std::variant<MatchClause, WithClause, ReturnClause, UnwindClause, CreateClause, MergeClause,
                 SetClause, RemoveClause, DeleteClause, CallClause, SubqueryClause>
        body;
    SourceSpan span;
};

struct SingleQuery {
    std::vector<Clause> clauses;
    SourceSpan span;
};

// parts[0] UNION parts[1] ...; union_all[i] tells whether parts[i] and parts[i + 1] are joined by
// UNION ALL.
struct Query {
    std::vector<SingleQuery> parts;
    std::vector<bool> union_all;
};

// ---- the terse form: MATCH label WHERE key op operand ... [RETURN ...] ---------------------

enum class TerseOperandKind { Word, String, Integer, Float };

struct TerseOperand {
    TerseOperandKind kind = TerseOperandKind::Word;
    std::string text;  // Word: the bare word; String: the decoded string
    std::int64_t int_value = 0;
    double float_value = 0.0;
    SourceSpan span;
};

enum class TerseConditionKind { Compare, And, Or, Not, Search };  // Search: ~"text"

// A relationship type walked before the key (`visitor.` in `visitor.holds_office=BY`); incoming
// when written `<-type.`.
struct TerseHop {
    std::string type;
    bool incoming = false;
    SourceSpan span;
};

struct TerseCondition {
    TerseConditionKind kind = TerseConditionKind::Compare;
    std::vector<TerseHop> hops;  // Compare: the path before key, in order
    std::string key;             // Compare
    bool incoming = false;       // Compare: `<-key`, a relationship pointing at the node
    CompareOp op = CompareOp::Eq;
    TerseOperand operand;
    std::vector<std::unique_ptr<TerseCondition>> children;  // And/Or: 2+, Not: 1
    SourceSpan span;
};

struct TerseMatch {
    std::string label;       // `node` for MATCH *
    bool any_label = false;  // MATCH *
    SourceSpan label_span;
    std::unique_ptr<TerseCondition> where;  // or null
    std::optional<ReturnClause> return_clause;
    SourceSpan return_span;
};

// ---- schema and transaction commands ----------------------------------------------------------

// `CREATE INDEX ON :L(p)` (variable empty) or `CREATE INDEX [name] FOR (n:L) ON (n.p)`.
struct CreateIndex {
    std::optional<std::string> name;
    std::optional<std::string> variable;
    std::string label;
    std::vector<std::string> properties;
};

// `DROP INDEX ON :L(p)` (label set) or `DROP INDEX name`.
struct DropIndex {
    std::optional<std::string> name;
    std::string label;
    std::vector<std::string> properties;
};

struct ShowIndexes {};

// `CREATE FULLTEXT INDEX name [IF NOT EXISTS] FOR (n:L1|L2) ON EACH [n.p1, n.p2]
// [OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}]`, or `FOR ()-[r:T1|T2]-()`.
struct CreateFulltextIndex {
    std::string name;
    bool if_not_exists = false;
    bool is_relationship = false;
    std::vector<std::string> labels;  // label names, or relationship type names
    std::vector<std::string> properties;
    std::string analyzer = "standard";  // checked by the parser
};

// `CREATE VECTOR INDEX name [IF NOT EXISTS] FOR (n:L) ON n.p [OPTIONS {indexConfig: {...}}]`,
// or `FOR ()-[r:T]-() ON r.p`; the settings are checked by the parser, the dimensions required
// by the planner.
struct CreateVectorIndex {
    std::string name;
    bool if_not_exists = false;
    bool is_relationship = false;
    std::string label;  // a label name, or the relationship type's name
    std::string property;
    std::optional<std::int64_t> dimensions;  // `vector.dimensions`
    std::string similarity = "cosine";       // `vector.similarity_function`, lower case
    std::int64_t m = 16;                     // `vector.hnsw.m`
    std::int64_t ef_construction = 200;      // `vector.hnsw.ef_construction`
};

// `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:L) REQUIRE n.p IS UNIQUE`, or the older
// `CREATE CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE` (is_old_syntax).
struct CreateConstraint {
    std::optional<std::string> name;
    bool if_not_exists = false;
    bool is_old_syntax = false;
    std::string variable;           // in the pattern
    std::string property_variable;  // before `.p`: must be `variable`
    SourceSpan property_span;
    std::string label;
    std::string property;
};

// `DROP CONSTRAINT name [IF EXISTS]` or `DROP CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE`.
struct DropConstraint {
    std::optional<std::string> name;
    bool if_exists = false;
    std::string variable;
    std::string property_variable;
    SourceSpan property_span;
    std::string label;
    std::string property;
};

struct ShowConstraints {};

// ANALYZE: refreshes the planner's statistics, as CALL db.stats.refresh() (issue #20).
struct Analyze {};

enum class TransactionCommand { Begin, Commit, Rollback };

struct TransactionControl {
    TransactionCommand command = TransactionCommand::Begin;
};

enum class ExplainMode { None, Explain, Profile };

struct Statement {
    ExplainMode mode = ExplainMode::None;
    std::variant<Query, TerseMatch, CreateIndex, DropIndex, ShowIndexes, TransactionControl,
                 CreateConstraint, DropConstraint, ShowConstraints, CreateFulltextIndex,
                 CreateVectorIndex, Analyze>
        body;
    SourceSpan span;
};

// ---- printing (ast_print.cpp), comparison (ast_compare.cpp) and copying (ast_clone.cpp) ------

// Canonical query text that parses back to an equal AST (same_ast): keywords upper case, operators
// fully parenthesised, strings single-quoted, names backticked when needed.
std::string to_string(const Statement& statement);
const char* to_string(CompareOp op) noexcept;  // "=", "<>", "<", "<=", ">", ">="
std::string to_string(const Expr& expr);
std::string to_string(const PatternPart& pattern);

// Structural equality ignoring source spans and ProjectionItem::column (which is source text).
bool same_ast(const Statement& a, const Statement& b);
bool same_ast(const Expr& a, const Expr& b);

// Deep copies, spans and columns included.
[[nodiscard]] ExprPtr clone(const Expr& expr);
[[nodiscard]] Projection clone(const Projection& projection);

}  // namespace caspian::query
