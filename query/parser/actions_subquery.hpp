// Actions for subqueries (issue #16): EXISTS, COUNT and COLLECT { ... } in expressions and the
// CALL { ... } clause. Included only by parse.cpp (see actions_expression.hpp for why).
#pragma once

#include "query/parser/actions_clause.hpp"
#include "query/parser/actions_names.hpp"
#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

// The query of a `{ [MATCH] pattern [WHERE ...] }` body.
std::shared_ptr<const Query> pattern_query(std::vector<Item>& kids, SourceSpan span) {
    MatchClause m;
    for (auto& kid : kids) {
        if (auto* p = get<PatternPart>(kid)) {
            m.patterns.push_back(std::move(*p));
        } else if (auto* s = get<Slot>(kid)) {
            m.where = std::move(s->expr);
        }
    }
    SingleQuery single;
    single.span = span;
    single.clauses.push_back(Clause{std::move(m), span});
    auto q = std::make_shared<Query>();
    q->parts.push_back(std::move(single));
    return q;
}

std::shared_ptr<const Query> take_query(std::vector<Item>& kids, SourceSpan span) {
    for (auto& kid : kids) {
        if (auto* q = get<Query>(kid)) return std::make_shared<Query>(std::move(*q));
    }
    return pattern_query(kids, span);
}

// EXISTS { MATCH pattern [WHERE ...] } keeps the pattern form, which is planned as a pattern
// predicate (a semi-join where that is cheaper); any other query is a subquery.
template <>
struct action<g::exists_subquery> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(ExprKind::Exists, st.span(in));
        e->args.resize(1);
        auto* q = kids.empty() ? nullptr : get<Query>(kids.front());
        if (q != nullptr) {
            auto* m = q->parts.size() == 1 && q->parts[0].clauses.size() == 1
                          ? std::get_if<MatchClause>(&q->parts[0].clauses[0].body)
                          : nullptr;
            if (m == nullptr || m->optional) {
                e->subquery = std::make_shared<Query>(std::move(*q));
                e->args.clear();
                st.push(std::move(e));
                return;
            }
            e->patterns = std::move(m->patterns);
            e->args[0] = std::move(m->where);
            st.push(std::move(e));
            return;
        }
        for (auto& kid : kids) {
            if (auto* p = get<PatternPart>(kid)) {
                e->patterns.push_back(std::move(*p));
            } else if (auto* s = get<Slot>(kid)) {
                e->args[0] = std::move(s->expr);
            }
        }
        st.push(std::move(e));
    }
};

template <ExprKind K>
struct subquery_expression_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        auto e = make_expr(K, st.span(in));
        e->subquery = take_query(kids, e->span);
        st.push(std::move(e));
    }
};
template <>
struct action<g::count_subquery> : subquery_expression_action<ExprKind::CountSubquery> {};
template <>
struct action<g::collect_subquery> : subquery_expression_action<ExprKind::CollectSubquery> {};

template <>
struct action<g::subquery_scope_star> : tag_action<TagKind::Star> {};
template <>
struct action<g::in_transactions> : tag_action<TagKind::Transaction> {};

template <>
struct action<g::subquery_call> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        auto kids = st.take();
        SubqueryClause c;
        for (auto& kid : kids) {
            if (auto* t = get<Tag>(kid)) {
                switch (t->kind) {
                    case TagKind::Optional:
                        c.optional = true;
                        break;
                    case TagKind::CallParentheses:
                        c.scope = SubqueryScope::Listed;
                        break;
                    case TagKind::Star:
                        c.scope = SubqueryScope::All;
                        break;
                    default:
                        c.in_transactions = true;
                        break;
                }
            } else if (auto* n = get<Name>(kid)) {
                c.variables.push_back(std::move(n->text));
                c.variable_spans.push_back(n->span);
            } else if (auto* q = get<Query>(kid)) {
                c.body = std::make_shared<Query>(std::move(*q));
            } else {
                c.batch_rows = take_expr(kid);
            }
        }
        push_clause(in, st, std::move(c));
    }
};

}  // namespace
}  // namespace caspian::query::parser
