// Actions for patterns: node and relationship patterns, variable lengths and pattern parts.
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

PatternPart build_pattern_part(std::vector<Item>& kids, SourceSpan span) {
    PatternPart part;
    part.span = span;
    bool have_start = false;
    std::optional<RelPattern> pending;
    for (auto& kid : kids) {
        if (auto* n = get<Name>(kid)) {
            part.path_variable = std::move(n->text);
        } else if (auto* t = get<Tag>(kid)) {
            part.function = static_cast<PathFunction>(t->value);
        } else if (auto* node = get<NodePattern>(kid)) {
            if (!have_start) {
                part.start = std::move(*node);
                have_start = true;
            } else {
                part.steps.push_back(PatternStep{std::move(*pending), std::move(*node)});
                pending.reset();
            }
        } else if (auto* rel = get<RelPattern>(kid)) {
            pending = std::move(*rel);
        }
    }
    return part;
}

template <>
struct action<g::node_pattern> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        NodePattern node;
        node.span = st.span(in);
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                if (n->role == Role::Variable) {
                    node.variable = std::move(n->text);
                } else {
                    node.labels.push_back(std::move(n->text));
                }
            } else if (get<ExprPtr>(kid)) {
                node.properties = take_expr(kid);
            }
        }
        st.push(std::move(node));
    }
};

template <>
struct action<g::var_length> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        VarLength length;
        bool dots = false;
        for (auto& kid : kids) {
            const Tag& t = std::get<Tag>(kid);
            if (t.kind == TagKind::Dots) {
                dots = true;
            } else if (dots) {
                length.max = t.value;
            } else {
                length.min = t.value;
            }
        }
        if (!dots) length.max = length.min;
        st.push(length);
    }
};

template <>
struct action<g::rel_pattern> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RelPattern rel;
        rel.span = st.span(in);
        bool left = false;
        bool right = false;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                (t->kind == TagKind::ArrowLeft ? left : right) = true;
            } else if (auto* n = get<Name>(kid)) {
                if (n->role == Role::Variable) {
                    rel.variable = std::move(n->text);
                } else {
                    rel.types.push_back(std::move(n->text));
                }
            } else if (auto* v = get<VarLength>(kid)) {
                rel.length = *v;
            } else if (get<ExprPtr>(kid)) {
                rel.properties = take_expr(kid);
            }
        }
        rel.direction = left == right ? Direction::Both : left ? Direction::Left : Direction::Right;
        st.push(std::move(rel));
    }
};

template <typename Rule>
struct pattern_part_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        st.push(build_pattern_part(kids, st.span(in)));
    }
};
template <>
struct action<g::pattern_part> : pattern_part_action<g::pattern_part> {};
template <>
struct action<g::expression_pattern> : pattern_part_action<g::expression_pattern> {};

}  // namespace
}  // namespace caspian::query::parser
