// Actions for expressions: literals, compound expressions (lists, maps, calls, CASE,
// comprehensions, subqueries) and the operator levels from postfix up to OR.
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

ExprPtr name_to_variable(Name& n) {
    auto e = make_expr(ExprKind::Variable, n.span);
    e->name = std::move(n.text);
    return e;
}

// Left fold of `operand (op operand)*` where each op is a Tag{Operator, ExprKind}.
ExprPtr fold_binary(std::vector<Item>& kids) {
    ExprPtr acc = take_expr(kids[0]);
    for (std::size_t i = 1; i + 1 < kids.size(); i += 2) {
        const auto kind = static_cast<ExprKind>(std::get<Tag>(kids[i]).value);
        ExprPtr rhs = take_expr(kids[i + 1]);
        auto e = make_expr(kind, cover(acc->span, rhs->span));
        e->args.push_back(std::move(acc));
        e->args.push_back(std::move(rhs));
        acc = std::move(e);
    }
    return acc;
}

// `operand (KEYWORD operand)*` (AND, OR, XOR: the children are operands only). A left fold, or,
// for a long chain, a balanced tree: these operators are associative and the operands are still
// evaluated left to right, but the tree is only as deep as the logarithm of the chain's length
// (parser.hpp's max_expression_depth).
ExprPtr fold_keyword(std::vector<Item>& kids, ExprKind kind) {
    constexpr std::size_t longest_left_fold = 32;
    auto join = [kind](ExprPtr lhs, ExprPtr rhs) {
        auto e = make_expr(kind, cover(lhs->span, rhs->span));
        e->args.push_back(std::move(lhs));
        e->args.push_back(std::move(rhs));
        return e;
    };
    if (kids.size() <= longest_left_fold) {
        ExprPtr acc = take_expr(kids[0]);
        for (std::size_t i = 1; i < kids.size(); ++i)
            acc = join(std::move(acc), take_expr(kids[i]));
        return acc;
    }
    std::vector<ExprPtr> level;
    level.reserve(kids.size());
    for (Item& kid : kids)
        level.push_back(take_expr(kid));
    while (level.size() > 1) {  // join neighbours pairwise, keeping the operands' order
        std::vector<ExprPtr> next;
        next.reserve(level.size() / 2 + 1);
        for (std::size_t i = 0; i + 1 < level.size(); i += 2)
            next.push_back(join(std::move(level[i]), std::move(level[i + 1])));
        if (level.size() % 2 == 1) next.push_back(std::move(level.back()));
        level = std::move(next);
    }
    return std::move(level[0]);
}

// Literals.
template <>
struct action<g::null_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(make_expr(ExprKind::Null, st.span(in)));
    }
};
template <bool B>
struct bool_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Bool, st.span(in));
        e->bool_value = B;
        st.push(std::move(e));
    }
};
template <>
struct action<g::true_literal> : bool_action<true> {};
template <>
struct action<g::false_literal> : bool_action<false> {};

template <int Base, std::size_t Skip>
struct integer_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Integer, st.span(in));
        std::size_t before = e->span.offset;
        while (before > 0 && (st.source[before - 1] == ' ' || st.source[before - 1] == '\t')) {
            --before;
        }
        const bool negated = before > 0 && st.source[before - 1] == '-';
        e->int_value = parse_integer(in.string_view().substr(Skip), Base, e->span, negated);
        st.push(std::move(e));
    }
};
template <>
struct action<g::decimal_integer> : integer_action<10, 0> {};
template <>
struct action<g::hex_integer> : integer_action<16, 2> {};
template <>
struct action<g::octal_integer> : integer_action<8, 2> {};

template <>
struct action<g::float_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Float, st.span(in));
        e->float_value = parse_float(in.string_view(), e->span);
        st.push(std::move(e));
    }
};

template <>
struct action<g::string_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::String, st.span(in));
        e->string_value = unescape_string(in.string_view(), e->span.offset);
        st.push(std::move(e));
    }
};

template <>
struct action<g::parameter> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto e = make_expr(ExprKind::Parameter, st.span(in));
        e->name = unquote_name(in.string_view().substr(1));
        st.push(std::move(e));
    }
};

// Compound expressions.
template <>
struct action<g::list_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::List, st.span(in));
        for (auto& kid : kids)
            e->args.push_back(take_expr(kid));
        st.push(std::move(e));
    }
};

template <>
struct action<g::map_literal> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Map, st.span(in));
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                e->keys.push_back(std::move(n->text));
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

template <>
struct action<g::parenthesized> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        std::get<ExprPtr>(st.items.back())->span = st.span(in);  // `(a)` is the column text
    }
};

template <>
struct action<g::function_call> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::FunctionCall, st.span(in));
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                e->name = std::move(n->text);
            } else if (get<Tag>(kid)) {
                e->distinct = true;
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

template <>
struct action<g::count_star> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.take();
        st.push(make_expr(ExprKind::CountStar, st.span(in)));
    }
};

template <>
struct action<g::case_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Case, st.span(in));
        e->args.resize(2);
        for (auto& kid : kids) {
            if (auto* s = get<Slot>(kid)) {
                e->args[s->kind == SlotKind::CaseSubject ? 0 : 1] = std::move(s->expr);
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        st.push(std::move(e));
    }
};

// `[x IN list WHERE p | e]` and quantifiers `all(x IN list WHERE p)`.
template <typename Rule>
struct filter_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::ListComprehension, st.span(in));
        e->args.resize(3);
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                e->kind = static_cast<ExprKind>(t->value);
            } else if (auto* n = get<Name>(kid)) {
                e->name = std::move(n->text);
            } else if (auto* s = get<Slot>(kid)) {
                e->args[s->kind == SlotKind::Where ? 1 : 2] = std::move(s->expr);
            } else {
                e->args[0] = take_expr(kid);
            }
        }
        if (e->kind != ExprKind::ListComprehension) e->args.resize(2);
        st.push(std::move(e));
    }
};
template <>
struct action<g::list_comprehension> : filter_action<g::list_comprehension> {};
template <>
struct action<g::quantifier> : filter_action<g::quantifier> {};

template <>
struct action<g::pattern_comprehension> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::PatternComprehension, st.span(in));
        e->args.resize(1);
        std::optional<std::string> path_variable;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                path_variable = std::move(n->text);
            } else if (auto* p = get<PatternPart>(kid)) {
                e->patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                e->args[0] = std::move(s->expr);
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        e->patterns.front().path_variable = std::move(path_variable);
        st.push(std::move(e));
    }
};

template <>
struct action<g::reduce_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Reduce, st.span(in));
        e->name = std::move(std::get<Name>(kids[0]).text);
        e->args.push_back(take_expr(kids[1]));
        e->name2 = std::move(std::get<Name>(kids[2]).text);
        e->args.push_back(take_expr(kids[3]));
        e->args.push_back(take_expr(kids[4]));
        st.push(std::move(e));
    }
};

template <>
struct action<g::pattern_predicate> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::PatternPredicate, st.span(in));
        e->patterns.push_back(std::move(std::get<PatternPart>(kids.back())));
        st.push(std::move(e));
    }
};

template <MapProjectionKind K>
struct projection_entry_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MapProjectionItem item;
        item.kind = K;
        item.span = st.span(in);
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                item.name = std::move(n->text);
            } else {
                item.value = take_expr(kid);
            }
        }
        st.push(std::move(item));
    }
};
template <>
struct action<g::projection_property> : projection_entry_action<MapProjectionKind::Property> {};
template <>
struct action<g::projection_all> : projection_entry_action<MapProjectionKind::AllProperties> {};
template <>
struct action<g::projection_literal> : projection_entry_action<MapProjectionKind::Literal> {};
template <>
struct action<g::projection_variable> : projection_entry_action<MapProjectionKind::Variable> {};

template <>
struct action<g::map_projection> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::MapProjection, st.span(in));
        e->name = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i)
            e->projection.push_back(std::move(std::get<MapProjectionItem>(kids[i])));
        st.push(std::move(e));
    }
};

template <>
struct action<g::variable_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(name_to_variable(std::get<Name>(kids[0])));
    }
};

template <>
struct action<g::index_or_slice> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        IndexOp op;
        op.span = st.span(in);
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                op.slice = true;
            } else if (auto* s = get<Slot>(kid)) {
                (s->kind == SlotKind::SliceFrom ? op.from : op.to) = std::move(s->expr);
            }
        }
        st.push(std::move(op));
    }
};

// atom (.key | :Label | [i] | [a..b])*; the subject is an Expr or, in SET/REMOVE targets, a
// variable Name.
ExprPtr fold_postfix(std::vector<Item>& kids) {
    ExprPtr acc =
        get<Name>(kids[0]) ? name_to_variable(std::get<Name>(kids[0])) : take_expr(kids[0]);
    bool last_was_label = false;
    for (std::size_t i = 1; i < kids.size(); ++i) {
        if (auto* n = get<Name>(kids[i])) {
            if (n->role == Role::Label) {
                if (last_was_label) {
                    acc->labels.push_back(std::move(n->text));
                    acc->span = cover(acc->span, n->span);
                } else {
                    auto e = make_expr(ExprKind::HasLabels, cover(acc->span, n->span));
                    e->labels.push_back(std::move(n->text));
                    e->args.push_back(std::move(acc));
                    acc = std::move(e);
                }
                last_was_label = true;
                continue;
            }
            auto e = make_expr(ExprKind::Property, cover(acc->span, n->span));
            e->name = std::move(n->text);
            e->args.push_back(std::move(acc));
            acc = std::move(e);
        } else if (auto* op = get<IndexOp>(kids[i])) {
            auto e = make_expr(op->slice ? ExprKind::Slice : ExprKind::Index,
                               cover(acc->span, op->span));
            e->args.push_back(std::move(acc));
            e->args.push_back(std::move(op->from));
            if (op->slice) e->args.push_back(std::move(op->to));
            acc = std::move(e);
        }
        last_was_label = false;
    }
    return acc;
}

template <typename Rule>
struct postfix_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_postfix(kids));
    }
};
template <>
struct action<g::postfix_expression> : postfix_action<g::postfix_expression> {};
template <>
struct action<g::property_target> : postfix_action<g::property_target> {};

template <ExprKind K>
struct unary_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(K, st.span(in));
        e->args.push_back(take_expr(kids.back()));
        st.push(std::move(e));
    }
};
template <>
struct action<g::negation> : unary_action<ExprKind::Negate> {};
template <>
struct action<g::unary_plus> : unary_action<ExprKind::UnaryPlus> {};
template <>
struct action<g::not_prefix> : unary_action<ExprKind::Not> {};

template <typename Rule>
struct binary_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_binary(kids));
    }
};
template <>
struct action<g::power_expression> : binary_action<g::power_expression> {};
template <>
struct action<g::multiplicative_expression> : binary_action<g::multiplicative_expression> {};
template <>
struct action<g::additive_expression> : binary_action<g::additive_expression> {};

template <>
struct action<g::predicate_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        ExprPtr acc = take_expr(kids[0]);
        for (std::size_t i = 1; i < kids.size(); ++i) {
            const Tag& t = std::get<Tag>(kids[i]);
            if (t.kind == TagKind::IsNull || t.kind == TagKind::IsNotNull) {
                auto e =
                    make_expr(t.kind == TagKind::IsNull ? ExprKind::IsNull : ExprKind::IsNotNull,
                              cover(acc->span, t.span));
                e->args.push_back(std::move(acc));
                acc = std::move(e);
                continue;
            }
            ExprPtr rhs = take_expr(kids[++i]);
            auto e = make_expr(static_cast<ExprKind>(t.value), cover(acc->span, rhs->span));
            e->args.push_back(std::move(acc));
            e->args.push_back(std::move(rhs));
            acc = std::move(e);
        }
        st.push(std::move(acc));
    }
};

template <>
struct action<g::comparison_expression> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        if (kids.size() == 1) {
            st.push(std::move(kids[0]));
            return;
        }
        auto e = make_expr(ExprKind::Comparison, {});
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                e->ops.push_back(static_cast<CompareOp>(t->value));
            } else {
                e->args.push_back(take_expr(kid));
            }
        }
        e->span = cover(e->args.front()->span, e->args.back()->span);
        st.push(std::move(e));
    }
};

template <ExprKind K>
struct keyword_fold_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(fold_keyword(kids, K));
    }
};
template <>
struct action<g::and_expression> : keyword_fold_action<ExprKind::And> {};
template <>
struct action<g::xor_expression> : keyword_fold_action<ExprKind::Xor> {};
template <>
struct action<g::or_expression> : keyword_fold_action<ExprKind::Or> {};

}  // namespace
}  // namespace caspian::query::parser
