// Actions for the leaf fragments other rules reduce: names (variables, labels, keys, ...), tags
// (a keyword, operator or bound that was present) and slots (an expression and its role).
// Included only by parse.cpp: every action<> specialisation must be visible where parse<> is
// instantiated, so the actions stay in one translation unit and the grammar is compiled once.
// state.hpp says why the namespace is unnamed.
#pragma once

#include "query/parser/state.hpp"

namespace caspian::query::parser {
namespace {

// Names.
template <Role R>
struct name_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const std::string_view text(in.begin(), in.size());
        std::string value = (R == Role::Function || R == Role::Procedure) ? unquote_dotted(text)
                                                                          : unquote_name(text);
        st.push(Name{R, std::move(value), st.span(in)});
    }
};
template <>
struct action<g::variable> : name_action<Role::Variable> {};
template <>
struct action<g::path_variable> : name_action<Role::PathVariable> {};
template <>
struct action<g::label_name> : name_action<Role::Label> {};
template <>
struct action<g::rel_type_name> : name_action<Role::RelType> {};
template <>
struct action<g::property_key> : name_action<Role::Key> {};
template <>
struct action<g::function_name> : name_action<Role::Function> {};
template <>
struct action<g::procedure_name> : name_action<Role::Procedure> {};
template <>
struct action<g::yield_field> : name_action<Role::Field> {};
template <>
struct action<g::index_name> : name_action<Role::IndexName> {};
template <>
struct action<g::constraint_name> : name_action<Role::IndexName> {};
template <>
struct action<g::constraint_variable> : name_action<Role::ConstraintVariable> {};
template <>
struct action<g::terse_label> : name_action<Role::Label> {};
template <>
struct action<g::terse_key> : name_action<Role::Key> {};

// Tags.
template <TagKind K, std::int64_t V = 0>
struct tag_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{K, st.span(in), V});
    }
};
template <ExprKind K>
struct operator_action : tag_action<TagKind::Operator, static_cast<std::int64_t>(K)> {};

template <>
struct action<g::kw_optional> : tag_action<TagKind::Optional> {};
template <>
struct action<g::projection_distinct> : tag_action<TagKind::Distinct> {};
template <>
struct action<g::function_distinct> : tag_action<TagKind::Distinct> {};
template <>
struct action<g::projection_star> : tag_action<TagKind::Star> {};
template <>
struct action<g::kw_desc> : tag_action<TagKind::Desc> {};
template <>
struct action<g::dot_dot> : tag_action<TagKind::Dots> {};
template <>
struct action<g::slice_dots> : tag_action<TagKind::Dots> {};
template <>
struct action<g::arrow_left> : tag_action<TagKind::ArrowLeft> {};
template <>
struct action<g::arrow_right> : tag_action<TagKind::ArrowRight> {};
template <>
struct action<g::is_null_op> : tag_action<TagKind::IsNull> {};
template <>
struct action<g::is_not_null_op> : tag_action<TagKind::IsNotNull> {};
template <>
struct action<g::kw_detach> : tag_action<TagKind::Detach> {};
template <>
struct action<g::union_all> : tag_action<TagKind::UnionAll> {};
template <>
struct action<g::on_create> : tag_action<TagKind::OnCreate> {};
template <>
struct action<g::on_match> : tag_action<TagKind::OnMatch> {};
template <>
struct action<g::set_merge_op> : tag_action<TagKind::SetMerge> {};
template <>
struct action<g::set_replace_op> : tag_action<TagKind::SetReplace> {};
template <>
struct action<g::yield_star> : tag_action<TagKind::YieldStar> {};
template <>
struct action<g::call_open> : tag_action<TagKind::CallParentheses> {};
template <>
struct action<g::kw_explain> : tag_action<TagKind::Explain> {};
template <>
struct action<g::kw_profile> : tag_action<TagKind::Profile> {};
template <>
struct action<g::kw_begin>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Begin)> {};
template <>
struct action<g::kw_commit>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Commit)> {};
template <>
struct action<g::kw_rollback>
    : tag_action<TagKind::Transaction, static_cast<std::int64_t>(TransactionCommand::Rollback)> {};
template <>
struct action<g::power_op> : operator_action<ExprKind::Power> {};
template <>
struct action<g::multiply_op> : operator_action<ExprKind::Multiply> {};
template <>
struct action<g::divide_op> : operator_action<ExprKind::Divide> {};
template <>
struct action<g::modulo_op> : operator_action<ExprKind::Modulo> {};
template <>
struct action<g::add_op> : operator_action<ExprKind::Add> {};
template <>
struct action<g::subtract_op> : operator_action<ExprKind::Subtract> {};
template <>
struct action<g::starts_with_op> : operator_action<ExprKind::StartsWith> {};
template <>
struct action<g::ends_with_op> : operator_action<ExprKind::EndsWith> {};
template <>
struct action<g::contains_op> : operator_action<ExprKind::Contains> {};
template <>
struct action<g::in_op> : operator_action<ExprKind::In> {};
template <>
struct action<g::regex_op> : operator_action<ExprKind::RegexMatch> {};

template <>
struct action<g::range_bound> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const SourceSpan s = st.span(in);
        st.push(Tag{TagKind::Bound, s, parse_integer(in.string_view(), 10, s)});
    }
};

template <>
struct action<g::path_function> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const bool all = in.size() > 0 && (in.begin()[0] == 'a' || in.begin()[0] == 'A');
        const auto f = all ? PathFunction::AllShortestPaths : PathFunction::ShortestPath;
        st.push(Tag{TagKind::PathFunction, st.span(in), static_cast<std::int64_t>(f)});
    }
};

template <>
struct action<g::quantifier_name> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        const char c = static_cast<char>(in.begin()[0] | 0x20);
        const char c2 = static_cast<char>(in.begin()[1] | 0x20);
        ExprKind kind = ExprKind::All;
        if (c == 'a' && c2 == 'n') kind = ExprKind::Any;
        if (c == 'n') kind = ExprKind::None;
        if (c == 's') kind = ExprKind::Single;
        st.push(Tag{TagKind::Quantifier, st.span(in), static_cast<std::int64_t>(kind)});
    }
};

CompareOp compare_op_of(std::string_view text) {
    if (text.starts_with("<>")) return CompareOp::Ne;
    if (text.starts_with("<=")) return CompareOp::Le;
    if (text.starts_with(">=")) return CompareOp::Ge;
    if (text.starts_with("<")) return CompareOp::Lt;
    if (text.starts_with(">")) return CompareOp::Gt;
    return CompareOp::Eq;
}

template <typename Rule>
struct compare_action {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.push(Tag{TagKind::Compare, st.span(in),
                    static_cast<std::int64_t>(compare_op_of(in.string_view()))});
    }
};
template <>
struct action<g::comparison_op> : compare_action<g::comparison_op> {};
template <>
struct action<g::terse_op> : compare_action<g::terse_op> {};

// Slots: an expression tagged with its role in the enclosing construct.
template <SlotKind K>
struct slot_action {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        auto kids = st.take();
        st.push(Slot{K, take_expr(kids.back())});
    }
};
template <>
struct action<g::where_expression> : slot_action<SlotKind::Where> {};
template <>
struct action<g::projection_expression> : slot_action<SlotKind::Projection> {};
template <>
struct action<g::case_subject> : slot_action<SlotKind::CaseSubject> {};
template <>
struct action<g::case_else> : slot_action<SlotKind::CaseElse> {};
template <>
struct action<g::slice_from> : slot_action<SlotKind::SliceFrom> {};
template <>
struct action<g::slice_to> : slot_action<SlotKind::SliceTo> {};
template <>
struct action<g::skip_expression> : slot_action<SlotKind::Skip> {};
template <>
struct action<g::limit_expression> : slot_action<SlotKind::Limit> {};

}  // namespace
}  // namespace caspian::query::parser
