// Bound expressions: the AST's expressions with variables resolved to row slots, literals
// folded to values, functions looked up and aggregates replaced by the slots that hold their
// results. Immutable once planned; evaluated by exec/eval.cpp.
#pragma once

#include "query/ast.hpp"

#include <caspian/value.hpp>

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace caspian::query {
struct FunctionInfo;
}

namespace caspian::query::plan {

struct PlanNode;

// Each operator's operands are Expr::args; what else it needs is its payload (below), named in
// the comment and checked by payload_of().
enum class Op {
    Constant,       // ConstantExpr
    Parameter,      // ParameterExpr
    Slot,           // SlotExpr
    Property,       // PropertyExpr, args{subject}
    Index,          // args{subject, index}
    Slice,          // args{subject, from|absent, to|absent}
    HasLabels,      // LabelsExpr, args{subject}
    Call,           // CallExpr (function set), args
    GraphCall,      // CallExpr (name only, lowercase): functions that read the graph (startNode,
                    // endNode)
    List,           // args
    Map,            // MapExpr, args[i] the value of keys[i]
    Case,           // args{subject|absent, else|absent, when1, then1, ...}
    Comprehension,  // ComprehensionExpr, args{list, where|absent, projection|absent}
    Quantifier,     // QuantifierExpr, args{list, where|absent}
    Reduce,         // ReduceExpr, args{init, list, expression}
    Exists,         // SubplanExpr: true when it yields a row
    PatternList,    // SubplanExpr (Comprehension over pattern rows), args{where|absent, projection}
    CountRows,      // SubplanExpr: how many rows it yields (COUNT { ... })
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
    Compare,  // CompareExpr, args{a, b, c...}: a ops[0] b ops[1] c ...
    Path,     // args: node, relationship (an edge, or a list of edges), node, ...
};

enum class Quantifier { All, Any, None, Single };

// The payloads (issue #14): one per operator family, so that reading a field the operator does
// not have fails to compile (and reading another operator's payload fails an assert).
struct Operands {};  // the operators that have only args
struct ConstantExpr {
    Value value;
    bool absent = false;  // an omitted optional operand (a null constant to whoever evaluates it)
};
struct ParameterExpr {
    std::string name;
};
struct SlotExpr {
    int slot = -1;
};
struct PropertyExpr {
    std::string key;
};
struct LabelsExpr {
    std::vector<std::string> labels;  // all of them: n:A:B
};
struct CallExpr {
    std::string name;                        // lowercase
    const FunctionInfo* function = nullptr;  // Call; nullptr for GraphCall
};
struct MapExpr {
    std::vector<std::string> keys;  // "" merges all properties of its arg (n {.*})
    int subject_slot = -1;          // a map projection's subject: the map is null when it is
};
struct ComprehensionExpr {
    int variable = -1;  // the slot the list's items are bound to
};
struct QuantifierExpr {
    Quantifier quantifier = Quantifier::All;
    int variable = -1;
};
struct ReduceExpr {
    int accumulator = -1;
    int variable = -1;
};
struct SubplanExpr {
    std::shared_ptr<const PlanNode> plan;  // seeded with the evaluating row
    bool collect = false;  // PatternList: a COLLECT { } subquery, not a pattern comprehension
};
struct CompareExpr {
    std::vector<CompareOp> ops;  // one fewer than args
};

using Payload = std::variant<Operands, ConstantExpr, ParameterExpr, SlotExpr, PropertyExpr,
                             LabelsExpr, CallExpr, MapExpr, ComprehensionExpr, QuantifierExpr,
                             ReduceExpr, SubplanExpr, CompareExpr>;

template <typename P, typename Variant>
struct PayloadIndex;
template <typename P, typename... Ts>
struct PayloadIndex<P, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        std::size_t i = 0;
        (void)((std::is_same_v<P, Ts> ? true : (++i, false)) || ...);
        return i;
    }();
};
template <typename P>
inline constexpr std::size_t payload_index = PayloadIndex<P, Payload>::value;

// The index in Payload of the payload op carries.
constexpr std::size_t payload_of(Op op) {
    switch (op) {
        case Op::Constant:
            return payload_index<ConstantExpr>;
        case Op::Parameter:
            return payload_index<ParameterExpr>;
        case Op::Slot:
            return payload_index<SlotExpr>;
        case Op::Property:
            return payload_index<PropertyExpr>;
        case Op::HasLabels:
            return payload_index<LabelsExpr>;
        case Op::Call:
        case Op::GraphCall:
            return payload_index<CallExpr>;
        case Op::Map:
            return payload_index<MapExpr>;
        case Op::Comprehension:
            return payload_index<ComprehensionExpr>;
        case Op::Quantifier:
            return payload_index<QuantifierExpr>;
        case Op::Reduce:
            return payload_index<ReduceExpr>;
        case Op::Exists:
        case Op::PatternList:
        case Op::CountRows:
            return payload_index<SubplanExpr>;
        case Op::Compare:
            return payload_index<CompareExpr>;
        default:
            return payload_index<Operands>;
    }
}

struct Expr {
    Op op = Op::Constant;
    SourceSpan span;
    std::vector<Expr> args;
    Payload payload = ConstantExpr{};

    // The payload of type P, which op must carry (make_expr sees to it). Reading another
    // operator's payload is a bug the assert catches; release builds skip the check, as the
    // evaluator reads a payload at every step (issue #14's measurements).
    template <typename P>
    const P& as() const {
        assert(std::holds_alternative<P>(payload));
        if (!std::holds_alternative<P>(payload)) __builtin_unreachable();
        return *std::get_if<P>(&payload);
    }
    bool is_absent() const {
        const auto* c = std::get_if<ConstantExpr>(&payload);
        return c != nullptr && c->absent;
    }
    bool has_subplan() const { return std::holds_alternative<SubplanExpr>(payload); }
};

// Every bound expression is built here or by the helpers below, so op and payload agree.
inline Expr make_expr(Op op, Payload payload, std::vector<Expr> args, SourceSpan span) {
    assert(payload.index() == payload_of(op));
    Expr e;
    e.op = op;
    e.span = span;
    e.args = std::move(args);
    e.payload = std::move(payload);
    return e;
}

// An operator with only operands (Not, Add, Index, Path, ...).
inline Expr make_op(Op op, std::vector<Expr> args, SourceSpan span) {
    return make_expr(op, Operands{}, std::move(args), span);
}

inline Expr absent() {
    return make_expr(Op::Constant, ConstantExpr{Value(), true}, {}, {});
}

inline Expr constant(Value v, SourceSpan span = {}) {
    return make_expr(Op::Constant, ConstantExpr{std::move(v)}, {}, span);
}

inline Expr slot_ref(int slot, SourceSpan span = {}) {
    return make_expr(Op::Slot, SlotExpr{slot}, {}, span);
}

inline Expr parameter_ref(std::string name, SourceSpan span) {
    return make_expr(Op::Parameter, ParameterExpr{std::move(name)}, {}, span);
}

inline Expr property_ref(Expr subject, std::string key, SourceSpan span) {
    std::vector<Expr> args;
    args.push_back(std::move(subject));
    return make_expr(Op::Property, PropertyExpr{std::move(key)}, std::move(args), span);
}

inline Expr comparison(std::vector<CompareOp> ops, std::vector<Expr> args, SourceSpan span) {
    return make_expr(Op::Compare, CompareExpr{std::move(ops)}, std::move(args), span);
}

// The slot a Slot expression reads; -1 for any other expression.
inline int slot_of(const Expr& e) {
    return e.op == Op::Slot ? e.as<SlotExpr>().slot : -1;
}

// The operator of a comparison of two operands (`a < b`, not `a < b < c`); none otherwise.
inline std::optional<CompareOp> binary_compare_op(const Expr& e) {
    if (e.op != Op::Compare) return std::nullopt;
    const std::vector<CompareOp>& ops = e.as<CompareExpr>().ops;
    if (ops.size() != 1) return std::nullopt;
    return ops[0];
}

// The slot s of a comparison `s.key <op> operand` of two operands (what the Filter compares on
// stored records); -1 for any other expression.
inline int compared_property_slot(const Expr& e) {
    if (!binary_compare_op(e) || e.args.size() != 2 || e.args[0].op != Op::Property ||
        e.args[0].args.size() != 1) {
        return -1;
    }
    return slot_of(e.args[0].args[0]);
}

// Whether e has one value for the whole statement, known before the first row: a constant, a
// parameter, or a temporal constructor of constants (without arguments those read the clock).
// Such operands can be compared on stored records (exec/record_filter.hpp).
inline bool is_fixed_operand(const Expr& e) {
    if (e.op == Op::Constant || e.op == Op::Parameter) return true;
    if (e.op != Op::Call || e.args.empty()) return false;
    const std::string& name = e.as<CallExpr>().name;
    if (name != "date" && name != "datetime" && name != "localdatetime" && name != "time" &&
        name != "localtime" && name != "duration") {
        return false;
    }
    for (const Expr& a : e.args) {
        if (a.op != Op::Constant) return false;
    }
    return true;
}

}  // namespace caspian::query::plan
