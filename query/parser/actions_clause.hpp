// Actions for clauses (MATCH, UNWIND, WITH, RETURN, CREATE, SET, REMOVE, DELETE, MERGE, CALL) and
// for the single queries and UNIONs they make up.
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

std::vector<SetItem> collect_set_items(std::vector<Item>& kids) {
    std::vector<SetItem> items;
    for (auto& kid : kids)
        if (auto* s = get<SetItem>(kid)) items.push_back(std::move(*s));
    return items;
}

template <typename ActionInput, typename T>
void push_clause(const ActionInput& in, State& st, T&& body) {
    st.push(Clause{std::forward<T>(body), st.span(in)});
}

template <>
struct action<g::match_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MatchClause m;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                m.optional = true;
            } else if (auto* p = get<PatternPart>(kid)) {
                m.patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                m.where = std::move(s->expr);
            }
        }
        push_clause(in, st, std::move(m));
    }
};

template <>
struct action<g::unwind_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        UnwindClause u;
        u.list = take_expr(kids[0]);
        u.variable = std::move(std::get<Name>(kids[1]).text);
        push_clause(in, st, std::move(u));
    }
};

template <>
struct action<g::projection_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        ProjectionItem item;
        item.span = st.span(in);
        item.expr = take_expr(kids[0]);
        if (kids.size() > 1) item.alias = std::move(std::get<Name>(kids[1]).text);
        item.column = item.alias ? *item.alias : st.text(item.expr->span);
        st.push(std::move(item));
    }
};

template <>
struct action<g::sort_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SortItem item;
        item.span = st.span(in);
        item.expr = take_expr(kids[0]);
        item.descending = kids.size() > 1;
        st.push(std::move(item));
    }
};

template <>
struct action<g::projection_body> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        Projection p;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                (t->kind == TagKind::Distinct ? p.distinct : p.star) = true;
            } else if (auto* item = get<ProjectionItem>(kid)) {
                p.items.push_back(std::move(*item));
            } else if (auto* sort = get<SortItem>(kid)) {
                p.order_by.push_back(std::move(*sort));
            } else if (auto* s = get<Slot>(kid)) {
                (s->kind == SlotKind::Skip ? p.skip : p.limit) = std::move(s->expr);
            }
        }
        st.push(std::move(p));
    }
};

template <>
struct action<g::return_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        push_clause(in, st, ReturnClause{std::move(std::get<Projection>(kids[0]))});
    }
};

template <>
struct action<g::with_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        WithClause w;
        w.projection = std::move(std::get<Projection>(kids[0]));
        if (kids.size() > 1) w.where = std::move(std::get<Slot>(kids[1]).expr);
        push_clause(in, st, std::move(w));
    }
};

template <>
struct action<g::create_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        CreateClause c;
        for (auto& kid : kids)
            c.patterns.push_back(std::move(std::get<PatternPart>(kid)));
        push_clause(in, st, std::move(c));
    }
};

template <>
struct action<g::set_property_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SetItem item;
        item.kind = SetItemKind::Property;
        item.span = st.span(in);
        item.target = take_expr(kids[0]);
        item.value = take_expr(kids.back());
        st.push(std::move(item));
    }
};

template <>
struct action<g::set_variable_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SetItem item;
        item.kind = SetItemKind::Labels;
        item.span = st.span(in);
        item.variable = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i) {
            if (auto* t = get<Tag>(kids[i])) {
                item.kind =
                    t->kind == TagKind::SetMerge ? SetItemKind::Merge : SetItemKind::Replace;
            } else if (auto* n = get<Name>(kids[i])) {
                item.labels.push_back(std::move(n->text));
            } else {
                item.value = take_expr(kids[i]);
            }
        }
        st.push(std::move(item));
    }
};

template <>
struct action<g::set_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        push_clause(in, st, SetClause{collect_set_items(kids)});
    }
};

template <>
struct action<g::remove_property_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveItem item;
        item.span = st.span(in);
        item.property = take_expr(kids[0]);
        st.push(std::move(item));
    }
};

template <>
struct action<g::remove_label_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveItem item;
        item.is_labels = true;
        item.span = st.span(in);
        item.variable = std::move(std::get<Name>(kids[0]).text);
        for (std::size_t i = 1; i < kids.size(); ++i)
            item.labels.push_back(std::move(std::get<Name>(kids[i]).text));
        st.push(std::move(item));
    }
};

template <>
struct action<g::remove_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        RemoveClause r;
        for (auto& kid : kids)
            r.items.push_back(std::move(std::get<RemoveItem>(kid)));
        push_clause(in, st, std::move(r));
    }
};

template <>
struct action<g::delete_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        DeleteClause d;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                d.detach = true;
            } else {
                d.targets.push_back(take_expr(kid));
            }
        }
        push_clause(in, st, std::move(d));
    }
};

template <>
struct action<g::merge_action> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        MergeAction m;
        m.on_create = std::get<Tag>(kids[0]).kind == TagKind::OnCreate;
        m.items = collect_set_items(kids);
        st.push(std::move(m));
    }
};

template <>
struct action<g::merge_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        MergeClause m;
        m.pattern = std::move(std::get<PatternPart>(kids[0]));
        for (std::size_t i = 1; i < kids.size(); ++i) {
            auto& a = std::get<MergeAction>(kids[i]);
            auto& target = a.on_create ? m.on_create : m.on_match;
            for (auto& item : a.items)
                target.push_back(std::move(item));
        }
        push_clause(in, st, std::move(m));
    }
};

template <>
struct action<g::yield_item> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        YieldItem item;
        item.span = st.span(in);
        item.field = std::move(std::get<Name>(kids[0]).text);
        if (kids.size() > 1) item.alias = std::move(std::get<Name>(kids[1]).text);
        st.push(std::move(item));
    }
};

template <>
struct action<g::call_clause> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        CallClause c;
        c.parenthesized = false;
        for (auto& kid : kids) {
            if (auto* n = get<Name>(kid)) {
                c.procedure = std::move(n->text);
            } else if (auto* t = get<Tag>(kid)) {
                if (t->kind == TagKind::CallParentheses) {
                    c.parenthesized = true;
                } else {
                    c.yield_star = true;
                }
            } else if (auto* y = get<YieldItem>(kid)) {
                c.yields.push_back(std::move(*y));
            } else if (auto* s = get<Slot>(kid)) {
                c.where = std::move(s->expr);
            } else {
                c.args.push_back(take_expr(kid));
            }
        }
        push_clause(in, st, std::move(c));
    }
};

template <>
struct action<g::single_query> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SingleQuery q;
        q.span = st.span(in);
        for (auto& kid : kids)
            q.clauses.push_back(std::move(std::get<Clause>(kid)));
        st.push(std::move(q));
    }
};

template <>
struct action<g::query> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        Query q;
        bool all = false;
        for (auto& kid : kids) {
            if (get<Tag>(kid)) {
                all = true;
                continue;
            }
            if (!q.parts.empty()) q.union_all.push_back(all);
            all = false;
            q.parts.push_back(std::move(std::get<SingleQuery>(kid)));
        }
        st.push(std::move(q));
    }
};

}  // namespace
}  // namespace caspian::query::parser
