// Actions for the terse form `MATCH label WHERE key op value ...`: operands, conditions and the
// statement itself.
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

template <>
struct action<g::terse_number> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        ExprPtr literal = take_expr(kids[0]);
        TerseOperand op;
        op.span = st.span(in);
        const bool negative = in.begin()[0] == '-';
        if (literal->kind == ExprKind::Integer) {
            op.kind = TerseOperandKind::Integer;
            // Through unsigned: -2^63 is written as the negation of its magnitude, which wraps.
            op.int_value =
                negative
                    ? static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(literal->int_value))
                    : literal->int_value;
        } else {
            op.kind = TerseOperandKind::Float;
            op.float_value = negative ? -literal->float_value : literal->float_value;
        }
        op.text = st.text(op.span);
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_string> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        TerseOperand op;
        op.kind = TerseOperandKind::String;
        op.span = st.span(in);
        op.text = std::move(std::get<ExprPtr>(kids[0])->string_value);
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_word> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        TerseOperand op;
        op.kind = TerseOperandKind::Word;
        op.span = st.span(in);
        op.text = unquote_name(in.string_view());
        st.push(std::move(op));
    }
};

template <>
struct action<g::terse_any_label> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{TagKind::Star, st.span(in)});
    }
};

template <>
struct action<g::terse_search> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto c = std::make_unique<TerseCondition>();
        c->kind = TerseConditionKind::Search;
        c->span = st.span(in);
        ExprPtr text = take_expr(kids[0]);
        c->operand.kind = TerseOperandKind::String;
        c->operand.span = text->span;
        c->operand.text = std::move(text->string_value);
        st.push(std::move(c));
    }
};

template <>
struct action<g::terse_incoming> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{TagKind::ArrowLeft, st.span(in)});
    }
};

template <>
struct action<g::terse_comparison> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto c = std::make_unique<TerseCondition>();
        c->kind = TerseConditionKind::Compare;
        c->span = st.span(in);
        // [<-] name ( [<-] name )* op operand: the last name is the key, the others hops.
        std::optional<SourceSpan> incoming;
        for (auto& kid : kids) {
            if (auto* name = get<Name>(kid)) {
                SourceSpan span = name->span;
                if (incoming)
                    span = {incoming->offset, span.offset + span.length - incoming->offset};
                c->hops.push_back({std::move(name->text), incoming.has_value(), span});
                incoming.reset();
            } else if (auto* tag = get<Tag>(kid)) {
                if (tag->kind == TagKind::ArrowLeft) {
                    incoming = tag->span;
                } else {
                    c->op = static_cast<CompareOp>(tag->value);
                }
            } else if (auto* operand = get<TerseOperand>(kid)) {
                c->operand = std::move(*operand);
            }
        }
        c->key = std::move(c->hops.back().type);
        c->incoming = c->hops.back().incoming;
        c->hops.pop_back();
        st.push(std::move(c));
    }
};

template <>
struct action<g::terse_negation> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto c = std::make_unique<TerseCondition>();
        c->kind = TerseConditionKind::Not;
        c->span = st.span(in);
        c->children.push_back(std::move(std::get<TersePtr>(kids[0])));
        st.push(std::move(c));
    }
};

template <TerseConditionKind K>
struct terse_fold_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        if (kids.size() == 1) {
            st.push(std::move(kids[0]));
            return;
        }
        auto c = std::make_unique<TerseCondition>();
        c->kind = K;
        c->span = st.span(in);
        for (auto& kid : kids)
            c->children.push_back(std::move(std::get<TersePtr>(kid)));
        st.push(std::move(c));
    }
};
template <>
struct action<g::terse_and> : terse_fold_action<TerseConditionKind::And> {};
template <>
struct action<g::terse_or> : terse_fold_action<TerseConditionKind::Or> {};

template <>
struct action<g::terse_match> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        TerseMatch m;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                m.label = std::move(n->text);
                m.label_span = n->span;
            } else if (auto* star = get<Tag>(kid)) {
                m.label = "node";
                m.label_span = star->span;
                m.any_label = true;
            } else if (auto* c = get<TersePtr>(kid)) {
                m.where = std::move(*c);
            } else if (auto* clause = get<Clause>(kid)) {
                m.return_span = clause->span;
                m.return_clause = std::move(std::get<ReturnClause>(clause->body));
            }
        }
        st.push(std::move(m));
    }
};

}  // namespace
}  // namespace caspian::query::parser
