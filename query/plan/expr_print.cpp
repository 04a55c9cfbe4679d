// Bound expressions printed back as Cypher text for EXPLAIN: slots by their names, parentheses
// only where precedence needs them. The one printer of plan::Expr (the AST has ast_print.cpp).
#include "query/plan/expr_print.hpp"
#include "query/ast_print.hpp"
#include "query/functions/functions.hpp"
#include "value/literal.hpp"

#include <algorithm>

namespace caspian::query::plan {
namespace {

// Binding strength, loosest first, as Cypher's grammar nests its operators.
enum Level { Or = 1, Xor, And, Not, Predicate, Additive, Multiplicative, Power, Unary, Atom };

Level level_of(const Expr& e) {
    switch (e.op) {
        case Op::Or:
            return Or;
        case Op::Xor:
            return Xor;
        case Op::And:
            return And;
        case Op::Not:
            return Not;
        case Op::Compare:
        case Op::IsNull:
        case Op::IsNotNull:
        case Op::StartsWith:
        case Op::EndsWith:
        case Op::Contains:
        case Op::In:
        case Op::Regex:
            return Predicate;
        case Op::Add:
        case Op::Subtract:
            return Additive;
        case Op::Multiply:
        case Op::Divide:
        case Op::Modulo:
            return Multiplicative;
        case Op::Power:
            return Power;
        case Op::Negate:
        case Op::HasLabels:
            return Unary;
        default:
            return Atom;
    }
}

const char* infix_text(Op op) {
    switch (op) {
        case Op::Or:
            return " OR ";
        case Op::Xor:
            return " XOR ";
        case Op::And:
            return " AND ";
        case Op::Add:
            return " + ";
        case Op::Subtract:
            return " - ";
        case Op::Multiply:
            return " * ";
        case Op::Divide:
            return " / ";
        case Op::Modulo:
            return " % ";
        case Op::Power:
            return " ^ ";
        case Op::StartsWith:
            return " STARTS WITH ";
        case Op::EndsWith:
            return " ENDS WITH ";
        case Op::Contains:
            return " CONTAINS ";
        case Op::In:
            return " IN ";
        case Op::Regex:
            return " =~ ";
        default:
            return " ? ";
    }
}

class Printer {
public:
    explicit Printer(const std::vector<std::string>& names) : names_(names) {}
    std::string out;

    // e, in parentheses when it binds looser than min.
    void operand(const Expr& e, int min) {
        const bool parens = level_of(e) < min;
        if (parens) out += '(';
        expr(e);
        if (parens) out += ')';
    }

    void expr(const Expr& e) {
        switch (e.op) {
            case Op::Constant:
                out += e.is_absent() ? "" : to_literal(e.as<ConstantExpr>().value);
                break;
            case Op::Parameter:
                out += "$" + e.as<ParameterExpr>().name;
                break;
            case Op::Slot:
                out += slot_name(names_, e.as<SlotExpr>().slot);
                break;
            case Op::Property:
                operand(e.args[0], Atom);
                out += "." + schema_name_text(e.as<PropertyExpr>().key);
                break;
            case Op::Index:
                operand(e.args[0], Atom);
                out += '[';
                expr(e.args[1]);
                out += ']';
                break;
            case Op::Slice:
                operand(e.args[0], Atom);
                out += '[';
                expr(e.args[1]);
                out += "..";
                expr(e.args[2]);
                out += ']';
                break;
            case Op::HasLabels:
                operand(e.args[0], Atom);
                for (const std::string& label : e.as<LabelsExpr>().labels)
                    out += ":" + schema_name_text(label);
                break;
            case Op::Call:
            case Op::GraphCall:
                call(e);
                break;
            case Op::List:
                out += '[';
                list(e.args, 0);
                out += ']';
                break;
            case Op::Map:
                map(e);
                break;
            case Op::Case:
                case_(e);
                break;
            case Op::Comprehension:
                out += "[" + slot_name(names_, e.as<ComprehensionExpr>().variable) + " IN ";
                expr(e.args[0]);
                where_then(e, 1, " | ");
                out += ']';
                break;
            case Op::Quantifier:
                quantifier(e);
                break;
            case Op::Reduce: {
                const auto& r = e.as<ReduceExpr>();
                out += "reduce(" + slot_name(names_, r.accumulator) + " = ";
                expr(e.args[0]);
                out += ", " + slot_name(names_, r.variable) + " IN ";
                expr(e.args[1]);
                out += " | ";
                expr(e.args[2]);
                out += ')';
                break;
            }
            case Op::Exists:
                out += "EXISTS " + subplan(e);
                break;
            case Op::CountRows:
                out += "COUNT " + subplan(e);
                break;
            case Op::PatternList:
                if (e.as<SubplanExpr>().collect) {
                    out += "COLLECT " + subplan(e);
                    break;
                }
                out += "[" + subplan(e, false);
                where_then(e, 0, " | ");
                out += ']';
                break;
            case Op::Not:
                out += "NOT ";
                operand(e.args[0], Not);
                break;
            case Op::Negate:
                out += '-';
                operand(e.args[0], Unary);
                break;
            case Op::IsNull:
            case Op::IsNotNull:
                operand(e.args[0], Predicate + 1);
                out += e.op == Op::IsNull ? " IS NULL" : " IS NOT NULL";
                break;
            case Op::Compare: {
                const auto& ops = e.as<CompareExpr>().ops;
                operand(e.args[0], Predicate + 1);
                for (std::size_t i = 0; i < ops.size() && i + 1 < e.args.size(); ++i) {
                    out += std::string(" ") + to_string(ops[i]) + " ";
                    operand(e.args[i + 1], Predicate + 1);
                }
                break;
            }
            case Op::Path:
                path(e);
                break;
            default:  // the binary operators; left-associative
                infix(e);
                break;
        }
    }

private:
    const std::vector<std::string>& names_;

    // `{ #2 }` (`(#2)` for a pattern comprehension), 2 the number EXPLAIN prints the subplan
    // under; `{...}` (`(...)`) outside EXPLAIN.
    static std::string subplan(const Expr& e, bool braces = true) {
        SubplanNumbering* numbering = SubplanNumbering::current();
        if (numbering == nullptr) return braces ? "{...}" : "(...)";
        const std::string n =
            "#" + std::to_string(numbering->number(e.as<SubplanExpr>().plan.get()));
        return braces ? "{ " + n + " }" : "(" + n + ")";
    }

    void infix(const Expr& e) {
        const int own = level_of(e);
        const bool predicate = own == Predicate;  // comparisons do not chain this way
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            if (i > 0) out += infix_text(e.op);
            operand(e.args[i], i == 0 && !predicate ? own : own + 1);
        }
    }

    void list(const std::vector<Expr>& items, std::size_t from) {
        for (std::size_t i = from; i < items.size(); ++i) {
            if (i > from) out += ", ";
            expr(items[i]);
        }
    }

    void call(const Expr& e) {
        const auto& c = e.as<CallExpr>();
        out += c.function != nullptr ? std::string(c.function->name) : c.name;
        out += '(';
        list(e.args, 0);
        out += ')';
    }

    void map(const Expr& e) {
        const auto& m = e.as<MapExpr>();
        if (m.subject_slot >= 0) out += slot_name(names_, m.subject_slot);
        out += '{';
        for (std::size_t i = 0; i < m.keys.size() && i < e.args.size(); ++i) {
            if (i > 0) out += ", ";
            if (m.keys[i].empty()) {
                out += ".*";
                continue;
            }
            out += schema_name_text(m.keys[i]) + ": ";
            expr(e.args[i]);
        }
        out += '}';
    }

    void case_(const Expr& e) {
        out += "CASE";
        if (!e.args[0].is_absent()) {
            out += ' ';
            expr(e.args[0]);
        }
        for (std::size_t i = 2; i + 1 < e.args.size(); i += 2) {
            out += " WHEN ";
            expr(e.args[i]);
            out += " THEN ";
            expr(e.args[i + 1]);
        }
        if (!e.args[1].is_absent()) {
            out += " ELSE ";
            expr(e.args[1]);
        }
        out += " END";
    }

    // " WHERE args[at]" and then `then` args[at + 1], each when present.
    void where_then(const Expr& e, std::size_t at, const char* then) {
        if (at < e.args.size() && !e.args[at].is_absent()) {
            out += " WHERE ";
            expr(e.args[at]);
        }
        if (at + 1 < e.args.size() && !e.args[at + 1].is_absent()) {
            out += then;
            expr(e.args[at + 1]);
        }
    }

    void quantifier(const Expr& e) {
        const auto& q = e.as<QuantifierExpr>();
        out += q.quantifier == Quantifier::All    ? "all("
               : q.quantifier == Quantifier::Any  ? "any("
               : q.quantifier == Quantifier::None ? "none("
                                                  : "single(";
        out += slot_name(names_, q.variable) + " IN ";
        expr(e.args[0]);
        where_then(e, 1, "");
        out += ')';
    }

    // (a)-[r]-(b)-[s]-(c): nodes and relationships alternate.
    void path(const Expr& e) {
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            const bool node = i % 2 == 0;
            out += node ? "(" : "-[";
            expr(e.args[i]);
            out += node ? ")" : "]-";
        }
    }
};

thread_local SubplanNumbering* current_numbering = nullptr;

}  // namespace

SubplanNumbering::SubplanNumbering() : previous_(current_numbering) {
    current_numbering = this;
}

SubplanNumbering::~SubplanNumbering() {
    current_numbering = previous_;
}

SubplanNumbering* SubplanNumbering::current() noexcept {
    return current_numbering;
}

int SubplanNumbering::number(const PlanNode* plan) {
    const int n = numbers_.emplace(plan, int(numbers_.size()) + 1).first->second;
    const auto same = [plan](const std::pair<int, const PlanNode*>& q) { return q.second == plan; };
    if (!printed_.contains(plan) && std::none_of(queued_.begin(), queued_.end(), same)) {
        queued_.emplace_back(n, plan);
    }
    return n;
}

std::vector<std::pair<int, const PlanNode*>> SubplanNumbering::take() {
    for (const auto& q : queued_)
        printed_.insert(q.second);
    return std::exchange(queued_, {});
}

void SubplanNumbering::forget() {
    queued_.clear();
}

std::string slot_name(const std::vector<std::string>& names, int slot) {
    if (slot < 0 || std::size_t(slot) >= names.size() || names[std::size_t(slot)].empty()) {
        return "_" + std::to_string(slot);
    }
    return names[std::size_t(slot)];
}

std::string to_text(const Expr& e, const std::vector<std::string>& slot_names) {
    Printer p(slot_names);
    p.expr(e);
    return std::move(p.out);
}

}  // namespace caspian::query::plan
