// Bound expressions: the AST's expressions with variables resolved to row slots, literals
// folded to values, functions looked up and aggregates replaced by the slots that hold their
// results. Immutable once planned; evaluated by exec/eval.cpp.
#pragma once

#include "query/ast.hpp"

#include <caspian/value.hpp>

#include <memory>
#include <string>
#include <vector>

namespace caspian::query {
struct FunctionInfo;
}

namespace caspian::query::plan {

struct PlanNode;

enum class Op {
    Constant,       // value
    Parameter,      // name
    Slot,           // slot
    Property,       // args{subject}, name
    Index,          // args{subject, index}
    Slice,          // args{subject, from|null, to|null}  (null = Constant null with is_absent)
    HasLabels,      // args{subject}, names = labels
    Call,           // function, args
    GraphCall,      // name (lowercase): functions that read the graph (labels, keys, type, ...)
    List,           // args
    Map,            // names[i] -> args[i]; names[i] "" merges all properties of args[i] (n {.*});
                    // slot >= 0 (a map projection's subject): null when that slot is null
    Case,           // args{subject|absent, else|absent, when1, then1, ...}
    Comprehension,  // slot (variable), args{list, where|absent, projection|absent}
    Quantifier,     // quantifier, slot, args{list, where|absent}
    Reduce,         // slot (accumulator), slot2 (variable), args{init, list, expression}
    Exists,         // subplan: true when it yields a row
    PatternList,    // subplan (Comprehension over pattern rows): args{where|absent, projection}
    Not,
    Negate,
    IsNull,
    IsNotNull,
    And,
    Or,
    Xor,
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
    Regex,
    Compare,  // args{a, b, c...}, compare_ops
    Path,     // args: node, relationship (an edge, or a list of edges), node, ...
};

enum class Quantifier { All, Any, None, Single };

struct Expr {
    Op op = Op::Constant;
    SourceSpan span;
    Value value;
    bool is_absent = false;  // an omitted optional operand
    std::string name;
    std::vector<std::string> names;
    int slot = -1;
    int slot2 = -1;
    Quantifier quantifier = Quantifier::All;
    std::vector<CompareOp> compare_ops;
    const FunctionInfo* function = nullptr;
    std::vector<Expr> args;
    std::shared_ptr<const PlanNode> subplan;  // Exists, PatternList
    // PatternList: the slot of the path (or of each pattern row) to project; -1 = use args.
};

inline Expr absent() {
    Expr e;
    e.is_absent = true;
    return e;
}

inline Expr constant(Value v, SourceSpan span = {}) {
    Expr e;
    e.value = std::move(v);
    e.span = span;
    return e;
}

inline Expr slot_ref(int slot, SourceSpan span = {}) {
    Expr e;
    e.op = Op::Slot;
    e.slot = slot;
    e.span = span;
    return e;
}

}  // namespace caspian::query::plan
