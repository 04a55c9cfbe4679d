// PEGTL rules of the query language: an openCypher core plus the terse `MATCH label WHERE ...`
// form. Rules only: actions live in actions_*.hpp, must<> messages in grammar_errors.hpp.
// Include it only from parse.cpp (through state.hpp) and the grammar tests: it is heavy.
#pragma once

#include "query/parser/reserved_words.hpp"

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <cstddef>
#include <set>
#include <utility>

namespace caspian::query::grammar {
using namespace tao::pegtl;

// ---- speculation ------------------------------------------------------------------------------

// Rules deriving from `nesting` count towards the nesting depth limit (state.hpp's control).
struct nesting {};

// attempt<R> tries R; when the parse state has a `failed_attempts` set, a failure of R at an
// offset is remembered and R is not tried there again. This keeps alternatives that re-parse the
// same nested text (a pattern vs a parenthesised expression, a comprehension vs a list) from
// going exponential in the nesting depth.
template <typename R>
struct attempt_key {
    static constexpr char id = 0;
};

template <typename R>
struct attempt_guard {
    using rule_t = attempt_guard;
    using subs_t = empty_list;

    template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&... st) {
        if constexpr (sizeof...(States) == 1) {
            const auto offset = static_cast<std::size_t>(in.current() - in.begin());
            return ((!st.failed_attempts.contains({&attempt_key<R>::id, offset})) && ...);
        } else {
            (void)in;
            return true;
        }
    }
};

template <typename R>
struct attempt : seq<attempt_guard<R>, R> {
    using attempted = R;
};

// ---- whitespace and comments ------------------------------------------------------------------

struct block_comment_rest : until<string<'*', '/'>> {};
struct block_comment : seq<string<'/', '*'>, must<block_comment_rest>> {};
struct line_comment : seq<two<'/'>, until<eolf>> {};
struct ws : star<sor<space, line_comment, block_comment>> {};
template <typename R>
struct tok : seq<R, ws> {};

struct comma : tok<one<','>> {};
struct open_paren : tok<one<'('>> {};
struct open_bracket : tok<one<'['>> {};
struct open_brace : tok<one<'{'>> {};
struct colon : tok<one<':'>> {};
struct pipe : tok<one<'|'>> {};
struct equals : tok<seq<one<'='>, not_at<one<'~'>>>> {};
struct dot_dot : tok<two<'.'>> {};

// ---- names and keywords -----------------------------------------------------------------------

struct ident_first : sor<ranges<'a', 'z', 'A', 'Z', '_'>, utf8::range<0x80, 0x10FFFF>> {};
struct ident_other : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>, utf8::range<0x80, 0x10FFFF>> {};
template <typename S>
struct word : seq<S, not_at<ident_other>> {};
template <typename S>
struct kw : seq<word<S>, ws> {};

// Words that cannot name a variable unquoted: an istring<> per word of reserved_words.hpp (shared
// with the AST printer, so the two cannot drift), tried in descending order so a word precedes its
// own prefixes (ASCENDING before ASC).
template <std::size_t Word, std::size_t... Char>
istring<reserved_words[Word][Char]...> reserved_istring(std::index_sequence<Char...>);
template <std::size_t... Index>
sor<decltype(reserved_istring<reserved_words.size() - 1 - Index>(
    std::make_index_sequence<reserved_words[reserved_words.size() - 1 - Index].size()>()))...>
    reserved_sor(std::index_sequence<Index...>);
struct reserved_word
    : word<decltype(reserved_sor(std::make_index_sequence<reserved_words.size()>()))> {};

struct escaped_name_rest : seq<star<sor<two<'`'>, not_one<'`'>>>, one<'`'>> {};
struct escaped_name : seq<one<'`'>, must<escaped_name_rest>> {};
struct plain_name : seq<ident_first, star<ident_other>> {};
struct symbolic_name : sor<escaped_name, seq<not_at<reserved_word>, plain_name>> {};
struct schema_name : sor<escaped_name, plain_name> {};

// Value-carrying names: bare, the enclosing rule eats the whitespace.
struct variable : symbolic_name {};
struct path_variable : symbolic_name {};
struct label_name : schema_name {};
struct rel_type_name : schema_name {};
struct property_key : schema_name {};
struct function_name
    : seq<sor<word<TAO_PEGTL_ISTRING("EXISTS")>, symbolic_name>, star<one<'.'>, schema_name>> {};
struct procedure_name : seq<schema_name, star<one<'.'>, schema_name>> {};

struct kw_all : kw<TAO_PEGTL_ISTRING("ALL")> {};
struct kw_and : kw<TAO_PEGTL_ISTRING("AND")> {};
struct kw_as : kw<TAO_PEGTL_ISTRING("AS")> {};
struct kw_asc : kw<sor<TAO_PEGTL_ISTRING("ASCENDING"), TAO_PEGTL_ISTRING("ASC")>> {};
struct kw_begin : kw<TAO_PEGTL_ISTRING("BEGIN")> {};
struct kw_by : kw<TAO_PEGTL_ISTRING("BY")> {};
struct kw_call : kw<TAO_PEGTL_ISTRING("CALL")> {};
struct kw_case : kw<TAO_PEGTL_ISTRING("CASE")> {};
struct kw_commit : kw<TAO_PEGTL_ISTRING("COMMIT")> {};
struct kw_contains : kw<TAO_PEGTL_ISTRING("CONTAINS")> {};
struct kw_create : kw<TAO_PEGTL_ISTRING("CREATE")> {};
struct kw_delete : kw<TAO_PEGTL_ISTRING("DELETE")> {};
struct kw_desc : kw<sor<TAO_PEGTL_ISTRING("DESCENDING"), TAO_PEGTL_ISTRING("DESC")>> {};
struct kw_detach : kw<TAO_PEGTL_ISTRING("DETACH")> {};
struct kw_distinct : kw<TAO_PEGTL_ISTRING("DISTINCT")> {};
struct kw_assert : kw<TAO_PEGTL_ISTRING("ASSERT")> {};
struct kw_constraint : kw<TAO_PEGTL_ISTRING("CONSTRAINT")> {};
struct kw_constraints : kw<sor<TAO_PEGTL_ISTRING("CONSTRAINTS"), TAO_PEGTL_ISTRING("CONSTRAINT")>> {
};
struct kw_drop : kw<TAO_PEGTL_ISTRING("DROP")> {};
struct kw_else : kw<TAO_PEGTL_ISTRING("ELSE")> {};
struct kw_end : kw<TAO_PEGTL_ISTRING("END")> {};
struct kw_ends : kw<TAO_PEGTL_ISTRING("ENDS")> {};
struct kw_exists : kw<TAO_PEGTL_ISTRING("EXISTS")> {};
struct kw_explain : kw<TAO_PEGTL_ISTRING("EXPLAIN")> {};
struct kw_false : kw<TAO_PEGTL_ISTRING("FALSE")> {};
struct kw_for : kw<TAO_PEGTL_ISTRING("FOR")> {};
struct kw_if : kw<TAO_PEGTL_ISTRING("IF")> {};
struct kw_in : kw<TAO_PEGTL_ISTRING("IN")> {};
struct kw_index : kw<TAO_PEGTL_ISTRING("INDEX")> {};
struct kw_indexes : kw<sor<TAO_PEGTL_ISTRING("INDEXES"), TAO_PEGTL_ISTRING("INDEX")>> {};
struct kw_is : kw<TAO_PEGTL_ISTRING("IS")> {};
struct kw_limit : kw<TAO_PEGTL_ISTRING("LIMIT")> {};
struct kw_match : kw<TAO_PEGTL_ISTRING("MATCH")> {};
struct kw_merge : kw<TAO_PEGTL_ISTRING("MERGE")> {};
struct kw_not : kw<TAO_PEGTL_ISTRING("NOT")> {};
struct kw_null : kw<TAO_PEGTL_ISTRING("NULL")> {};
struct kw_on : kw<TAO_PEGTL_ISTRING("ON")> {};
struct kw_optional : kw<TAO_PEGTL_ISTRING("OPTIONAL")> {};
struct kw_or : kw<TAO_PEGTL_ISTRING("OR")> {};
struct kw_order : kw<TAO_PEGTL_ISTRING("ORDER")> {};
struct kw_profile : kw<TAO_PEGTL_ISTRING("PROFILE")> {};
struct kw_remove : kw<TAO_PEGTL_ISTRING("REMOVE")> {};
struct kw_require : kw<TAO_PEGTL_ISTRING("REQUIRE")> {};
struct kw_return : kw<TAO_PEGTL_ISTRING("RETURN")> {};
struct kw_rollback : kw<TAO_PEGTL_ISTRING("ROLLBACK")> {};
struct kw_set : kw<TAO_PEGTL_ISTRING("SET")> {};
struct kw_show : kw<TAO_PEGTL_ISTRING("SHOW")> {};
struct kw_skip : kw<TAO_PEGTL_ISTRING("SKIP")> {};
struct kw_starts : kw<TAO_PEGTL_ISTRING("STARTS")> {};
struct kw_then : kw<TAO_PEGTL_ISTRING("THEN")> {};
struct kw_true : kw<TAO_PEGTL_ISTRING("TRUE")> {};
struct kw_union : kw<TAO_PEGTL_ISTRING("UNION")> {};
struct kw_unique : kw<TAO_PEGTL_ISTRING("UNIQUE")> {};
struct kw_unwind : kw<TAO_PEGTL_ISTRING("UNWIND")> {};
struct kw_when : kw<TAO_PEGTL_ISTRING("WHEN")> {};
struct kw_where : kw<TAO_PEGTL_ISTRING("WHERE")> {};
struct kw_with : kw<TAO_PEGTL_ISTRING("WITH")> {};
struct kw_xor : kw<TAO_PEGTL_ISTRING("XOR")> {};
struct kw_yield : kw<TAO_PEGTL_ISTRING("YIELD")> {};

// ---- literals (bare) --------------------------------------------------------------------------

struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, plus<digit>> {};
struct float_literal : sor<seq<plus<digit>, one<'.'>, plus<digit>, opt<exponent>>,
                           seq<one<'.'>, plus<digit>, opt<exponent>>, seq<plus<digit>, exponent>> {
};
struct hex_digits : plus<xdigit> {};
struct hex_integer : seq<one<'0'>, one<'x', 'X'>, must<hex_digits>> {};
struct octal_digits : plus<odigit> {};
struct octal_integer : seq<one<'0'>, one<'o', 'O'>, must<octal_digits>> {};
struct decimal_integer : plus<digit> {};
struct number_literal : sor<hex_integer, octal_integer, float_literal, decimal_integer> {};

struct escape_code : sor<one<'\\', '\'', '"', 'n', 't', 'r', 'b', 'f'>,
                         seq<one<'u'>, rep<4, xdigit>>, seq<one<'U'>, rep<8, xdigit>>> {};
struct escape : seq<one<'\\'>, must<escape_code>> {};
struct single_quoted_rest : seq<star<sor<plus<not_one<'\'', '\\'>>, escape>>, one<'\''>> {};
struct double_quoted_rest : seq<star<sor<plus<not_one<'"', '\\'>>, escape>>, one<'"'>> {};
struct string_literal
    : sor<seq<one<'\''>, must<single_quoted_rest>>, seq<one<'"'>, must<double_quoted_rest>>> {};

struct parameter_name : sor<schema_name, plus<digit>> {};
struct parameter : seq<one<'$'>, must<parameter_name>> {};

// ---- patterns ---------------------------------------------------------------------------------

struct expression;
struct map_literal;

struct properties : sor<map_literal, seq<parameter, ws>> {};
struct label : seq<colon, must<label_name>, ws> {};
struct node_close : tok<one<')'>> {};
struct node_pattern
    : seq<open_paren, opt<variable, ws>, star<label>, opt<properties>, must<node_close>> {};

struct arrow_left : one<'<'> {};
struct arrow_right : one<'>'> {};
struct rel_dash : one<'-'> {};
struct rel_close_dash : one<'-'> {};
struct rel_types
    : seq<colon, must<rel_type_name>, ws, star<pipe, opt<colon>, must<rel_type_name>, ws>> {};
struct range_bound : plus<digit> {};
struct var_length : seq<tok<one<'*'>>, opt<range_bound, ws>, opt<dot_dot, opt<range_bound, ws>>> {};
struct rel_detail_close : tok<one<']'>> {};
struct rel_detail : seq<open_bracket, opt<variable, ws>, opt<rel_types>, opt<var_length>,
                        opt<properties>, must<rel_detail_close>> {};
struct rel_pattern : seq<sor<seq<arrow_left, ws, must<rel_dash>>, rel_dash>, ws, opt<rel_detail>,
                         must<rel_close_dash>, ws, opt<arrow_right, ws>> {};
struct pattern_step : seq<rel_pattern, must<node_pattern>> {};
struct path_function
    : sor<word<TAO_PEGTL_ISTRING("shortestPath")>, word<TAO_PEGTL_ISTRING("allShortestPaths")>> {};
struct path_function_close : tok<one<')'>> {};
struct shortest_path : seq<path_function, ws, open_paren, must<node_pattern>, star<pattern_step>,
                           must<path_function_close>> {};
struct path_assignment : seq<path_variable, ws, equals> {};
struct pattern_part
    : seq<opt<path_assignment>, sor<shortest_path, node_pattern>, star<pattern_step>> {};
struct pattern_list : seq<pattern_part, star<comma, must<pattern_part>>> {};

// In an expression, `(` may start a pattern or a parenthesised expression: the first node is
// tried without committing; a relationship after it commits.
struct rel_start : at<sor<seq<one<'<'>, ws, one<'-'>>, seq<one<'-'>, ws, one<'[', '-'>>>> {};
struct relationships_after_node : plus<pattern_step> {};
struct expression_pattern
    : seq<try_catch<node_pattern>, rel_start, must<relationships_after_node>> {};

// ---- expressions ------------------------------------------------------------------------------

struct expression_list : seq<expression, star<comma, must<expression>>> {};

struct null_literal : kw_null {};
struct true_literal : kw_true {};
struct false_literal : kw_false {};

struct list_close : tok<one<']'>> {};
struct list_literal : seq<open_bracket, opt<expression_list>, must<list_close>> {};

struct map_close : tok<one<'}'>> {};
struct map_entry : seq<property_key, ws, must<colon>, must<expression>> {};
struct map_literal
    : seq<open_brace, opt<map_entry, star<comma, must<map_entry>>>, must<map_close>> {};

struct paren_close : tok<one<')'>> {};
struct parenthesized : seq<open_paren, must<expression>, must<paren_close>> {};

struct function_close : tok<one<')'>> {};
struct function_distinct : kw_distinct {};
struct function_call : seq<function_name, ws, open_paren, opt<function_distinct>,
                           opt<expression_list>, must<function_close>> {};
struct count_star
    : seq<word<TAO_PEGTL_ISTRING("count")>, ws, open_paren, tok<one<'*'>>, must<function_close>> {};

struct where_expression : seq<expression> {};
struct where_part : seq<kw_where, must<where_expression>> {};
struct projection_expression : seq<expression> {};
struct pipe_part : seq<pipe, must<projection_expression>> {};

struct case_subject : seq<expression> {};
struct case_when : seq<kw_when, must<expression>, must<kw_then>, must<expression>> {};
struct case_whens : plus<case_when> {};
struct case_else : seq<kw_else, must<expression>> {};
struct case_expression
    : seq<kw_case, opt<case_subject>, must<case_whens>, opt<case_else>, must<kw_end>> {};

struct in_list : seq<kw_in, must<expression>> {};
struct list_comprehension
    : seq<open_bracket, variable, ws, in_list, opt<where_part>, opt<pipe_part>, list_close> {};
struct pattern_comprehension : seq<open_bracket, opt<path_assignment>, expression_pattern,
                                   opt<where_part>, pipe, must<expression>, must<list_close>> {};

struct quantifier_name : sor<word<TAO_PEGTL_ISTRING("all")>, word<TAO_PEGTL_ISTRING("any")>,
                             word<TAO_PEGTL_ISTRING("none")>, word<TAO_PEGTL_ISTRING("single")>> {};
struct quantifier : seq<quantifier_name, ws, open_paren, variable, ws, in_list, opt<where_part>,
                        must<function_close>> {};

struct reduce_in : seq<kw_in> {};
struct reduce_expression
    : seq<word<TAO_PEGTL_ISTRING("reduce")>, ws, open_paren, variable, ws, must<equals>,
          must<expression>, must<comma>, must<variable>, ws, must<reduce_in>, must<expression>,
          must<pipe>, must<expression>, must<function_close>> {};

// Subqueries (issue #16): a full query in braces, or for EXISTS and COUNT the older pattern
// form `[MATCH] pattern [WHERE ...]` (tried second: a query commits at its first clause).
struct query;
struct subquery_query : seq<query>, nesting {};
struct exists_pattern : seq<opt<kw_match>, must<pattern_list>, opt<where_part>> {};
struct exists_close : tok<one<'}'>> {};
struct exists_subquery : seq<word<TAO_PEGTL_ISTRING("EXISTS")>, ws, open_brace,
                             sor<subquery_query, exists_pattern>, must<exists_close>> {};
// `count {.x}` and `collect {.x}` stay map projections: nothing commits before a query or a
// pattern is seen.
struct count_pattern : seq<opt<kw_match>, pattern_list, opt<where_part>> {};
struct subquery_close : tok<one<'}'>> {};
struct count_subquery : seq<word<TAO_PEGTL_ISTRING("COUNT")>, ws, open_brace,
                            sor<subquery_query, count_pattern>, must<subquery_close>> {};
struct collect_subquery : seq<word<TAO_PEGTL_ISTRING("COLLECT")>, ws, open_brace, subquery_query,
                              must<subquery_close>> {};

struct pattern_predicate : seq<expression_pattern> {};

struct projection_property : seq<one<'.'>, ws, must<property_key>, ws> {};
struct projection_all : seq<one<'.'>, ws, tok<one<'*'>>> {};
struct projection_literal : seq<property_key, ws, colon, must<expression>> {};
struct projection_variable : seq<variable, ws> {};
struct projection_entry
    : sor<projection_all, projection_property, projection_literal, projection_variable> {};
struct map_projection
    : seq<variable, ws, open_brace, opt<projection_entry, star<comma, must<projection_entry>>>,
          must<map_close>> {};

struct variable_expression : seq<variable, ws> {};

struct atom : sor<null_literal, true_literal, false_literal, seq<number_literal, ws>,
                  seq<string_literal, ws>, seq<parameter, ws>, case_expression, count_star,
                  attempt<pattern_comprehension>, attempt<list_comprehension>, list_literal,
                  map_literal, quantifier, reduce_expression, exists_subquery, count_subquery,
                  collect_subquery, attempt<pattern_predicate>, parenthesized, function_call,
                  map_projection, variable_expression> {};

struct property_lookup : seq<one<'.'>, not_at<one<'.'>>, ws, must<property_key>, ws> {};
struct label_check : seq<colon, must<label_name>, ws> {};
struct index_close : tok<one<']'>> {};
struct slice_from : seq<expression> {};
struct slice_to : seq<expression> {};
struct slice_dots : dot_dot {};
struct index_or_slice
    : seq<open_bracket,
          sor<seq<slice_dots, opt<slice_to>>, seq<slice_from, opt<slice_dots, opt<slice_to>>>>,
          must<index_close>> {};
struct postfix_expression : seq<atom, star<sor<property_lookup, label_check, index_or_slice>>> {};

struct unary_expression;
struct unary_operand : seq<unary_expression>, nesting {};
struct negation : seq<tok<one<'-'>>, must<unary_operand>> {};
struct unary_plus : seq<tok<one<'+'>>, must<unary_operand>> {};
struct unary_expression : sor<negation, unary_plus, postfix_expression> {};

struct power_op : tok<one<'^'>> {};
struct power_expression : seq<unary_expression, star<power_op, must<unary_expression>>> {};
struct multiply_op : tok<one<'*'>> {};
struct divide_op : tok<one<'/'>> {};
struct modulo_op : tok<one<'%'>> {};
struct multiplicative_expression
    : seq<power_expression, star<sor<multiply_op, divide_op, modulo_op>, must<power_expression>>> {
};
struct add_op : tok<one<'+'>> {};
struct subtract_op : tok<one<'-'>> {};
struct additive_expression : seq<multiplicative_expression,
                                 star<sor<add_op, subtract_op>, must<multiplicative_expression>>> {
};

struct is_not_null_op : seq<kw_is, kw_not, must<kw_null>> {};
struct is_null_op : seq<kw_is, must<kw_null>> {};
struct starts_with_op : seq<kw_starts, must<kw_with>> {};
struct ends_with_op : seq<kw_ends, must<kw_with>> {};
struct contains_op : kw_contains {};
struct in_op : kw_in {};
struct regex_op : tok<string<'=', '~'>> {};
struct predicate_operand : seq<additive_expression> {};
struct predicate_expression
    : seq<additive_expression,
          star<sor<is_not_null_op, is_null_op,
                   seq<sor<starts_with_op, ends_with_op, contains_op, in_op, regex_op>,
                       must<predicate_operand>>>>> {};

struct comparison_op : tok<sor<string<'<', '>'>, string<'<', '='>, string<'>', '='>,
                               seq<one<'='>, not_at<one<'~'>>>, one<'<'>, one<'>'>>> {};
struct comparison_expression
    : seq<predicate_expression, star<comparison_op, must<predicate_expression>>> {};

struct not_expression;
struct not_operand : seq<not_expression>, nesting {};
struct not_prefix : seq<kw_not, must<not_operand>> {};
struct not_expression : sor<not_prefix, comparison_expression> {};
struct and_expression : seq<not_expression, star<kw_and, must<not_expression>>> {};
struct xor_expression : seq<and_expression, star<kw_xor, must<and_expression>>> {};
struct or_expression : seq<xor_expression, star<kw_or, must<xor_expression>>> {};
struct expression : seq<or_expression>, nesting {};

// ---- clauses ----------------------------------------------------------------------------------

struct match_keyword : sor<seq<kw_optional, must<kw_match>>, kw_match> {};
struct match_clause : seq<match_keyword, must<pattern_list>, opt<where_part>> {};

struct unwind_as : seq<kw_as> {};
struct unwind_variable : seq<variable> {};
struct unwind_clause
    : seq<kw_unwind, must<expression>, must<unwind_as>, must<unwind_variable>, ws> {};

struct alias : seq<variable> {};
struct projection_item : seq<expression, opt<kw_as, must<alias>, ws>> {};
struct projection_star : tok<one<'*'>> {};
struct projection_items : sor<seq<projection_star, star<comma, must<projection_item>>>,
                              seq<projection_item, star<comma, must<projection_item>>>> {};
struct sort_item : seq<expression, opt<sor<kw_desc, kw_asc>>> {};
struct order_by : seq<kw_order, must<kw_by>, must<sort_item>, star<comma, must<sort_item>>> {};
struct skip_expression : seq<expression> {};
struct limit_expression : seq<expression> {};
struct projection_distinct : kw_distinct {};
struct projection_body
    : seq<opt<projection_distinct>, must<projection_items>, opt<order_by>,
          opt<kw_skip, must<skip_expression>>, opt<kw_limit, must<limit_expression>>> {};
struct return_clause : seq<kw_return, projection_body> {};
struct with_clause : seq<kw_with, projection_body, opt<where_part>> {};

struct create_clause : seq<kw_create, must<pattern_list>> {};

struct property_target : seq<variable, ws, plus<property_lookup>> {};
struct set_value : seq<expression> {};
struct set_property_item : seq<property_target, equals, must<set_value>> {};
struct set_merge_op : tok<string<'+', '='>> {};
struct set_replace_op : equals {};
struct set_variable_op
    : sor<seq<set_merge_op, must<set_value>>, seq<set_replace_op, must<set_value>>, plus<label>> {};
struct set_variable_item : seq<variable, ws, must<set_variable_op>> {};
struct set_item : sor<set_property_item, set_variable_item> {};
struct set_items : seq<set_item, star<comma, must<set_item>>> {};
struct set_clause : seq<kw_set, must<set_items>> {};

struct remove_property_item : seq<property_target> {};
struct remove_labels : plus<label> {};
struct remove_label_item : seq<variable, ws, must<remove_labels>> {};
struct remove_item : sor<remove_property_item, remove_label_item> {};
struct remove_clause : seq<kw_remove, must<remove_item>, star<comma, must<remove_item>>> {};

struct delete_keyword : sor<seq<kw_detach, must<kw_delete>>, kw_delete> {};
struct delete_clause : seq<delete_keyword, must<expression_list>> {};

struct on_create : kw<TAO_PEGTL_ISTRING("CREATE")> {};
struct on_match : kw<TAO_PEGTL_ISTRING("MATCH")> {};
struct merge_trigger : sor<on_create, on_match> {};
struct merge_action : seq<kw_on, must<merge_trigger>, must<kw_set>, must<set_items>> {};
struct merge_clause : seq<kw_merge, must<pattern_part>, star<merge_action>> {};

struct call_close : tok<one<')'>> {};
struct call_open : tok<one<'('>> {};
struct call_arguments : seq<call_open, opt<expression_list>, must<call_close>> {};
struct yield_field : schema_name {};
struct yield_item : seq<yield_field, ws, opt<kw_as, must<alias>, ws>> {};
struct yield_star : tok<one<'*'>> {};
struct yield_items : sor<yield_star, seq<yield_item, star<comma, must<yield_item>>>> {};
struct yield_part : seq<kw_yield, must<yield_items>, opt<where_part>> {};
struct call_clause : seq<kw_call, must<procedure_name>, ws, opt<call_arguments>, opt<yield_part>> {
};

// `[OPTIONAL] CALL [(a, b) | (*) | ()] { query } [IN TRANSACTIONS [OF n ROWS]]` (issue #16);
// tried before MATCH (OPTIONAL commits to MATCH there) and before a procedure CALL.
struct subquery_scope_star : tok<one<'*'>> {};
struct subquery_scope_variable : seq<variable, ws> {};
struct subquery_scope_close : tok<one<')'>> {};
struct subquery_scope
    : seq<call_open,
          opt<sor<subquery_scope_star,
                  seq<subquery_scope_variable, star<comma, must<subquery_scope_variable>>>>>,
          must<subquery_scope_close>> {};
struct subquery_body : seq<query> {};
struct kw_transactions : kw<TAO_PEGTL_ISTRING("TRANSACTIONS")> {};
struct kw_rows : kw<sor<TAO_PEGTL_ISTRING("ROWS"), TAO_PEGTL_ISTRING("ROW")>> {};
struct batch_rows : seq<expression> {};
struct in_transactions : seq<kw_in, must<kw_transactions>,
                             opt<kw<TAO_PEGTL_ISTRING("OF")>, must<batch_rows>, must<kw_rows>>> {};
struct subquery_call : seq<opt<kw_optional>, kw_call, opt<subquery_scope>, open_brace,
                           must<subquery_body>, must<subquery_close>, opt<in_transactions>>,
                       nesting {};
struct clause
    : sor<subquery_call, match_clause, unwind_clause, with_clause, return_clause, create_clause,
          merge_clause, set_clause, remove_clause, delete_clause, call_clause> {};
struct single_query : plus<clause> {};
struct union_all : kw_all {};
struct union_part : seq<kw_union, opt<union_all>, must<single_query>> {};
struct query : seq<single_query, star<union_part>> {};

// ---- the terse form ---------------------------------------------------------------------------

struct terse_label : symbolic_name {};
struct terse_any_label : one<'*'> {};
struct terse_key : symbolic_name {};
struct terse_op
    : sor<string<'<', '>'>, string<'<', '='>, string<'>', '='>, one<'='>, one<'<'>, one<'>'>> {};
struct terse_number : seq<opt<one<'-'>>, sor<float_literal, decimal_integer>> {};
struct terse_string : seq<string_literal> {};
struct terse_word : schema_name {};  // keywords too: BY, IN, AS are country codes
struct terse_operand : sor<terse_string, terse_number, terse_word> {};
struct terse_incoming : string<'<', '-'> {};
struct terse_step : seq<opt<terse_incoming>, terse_key> {};
// `a.b.key`: relationship types walked, then the key (docs/query-language.md, the terse form).
struct terse_path : seq<terse_step, star<one<'.'>, must<terse_step>>> {};
struct terse_comparison : seq<terse_path, ws, must<terse_op>, ws, must<terse_operand>, ws> {};
struct terse_or;
struct terse_group_close : tok<one<')'>> {};
struct terse_group_inner : seq<terse_or>, nesting {};
struct terse_group : seq<open_paren, must<terse_group_inner>, must<terse_group_close>> {};
struct terse_not;
struct terse_not_operand : seq<terse_not>, nesting {};
struct terse_negation : seq<kw_not, must<terse_not_operand>> {};
// ~"text": a full-text search (docs/query-language.md, the terse form).
struct terse_search_text : seq<string_literal> {};
struct terse_search : seq<one<'~'>, ws, must<terse_search_text>, ws> {};
struct terse_not : sor<terse_negation, terse_group, terse_search, terse_comparison> {};
struct terse_and : seq<terse_not, star<kw_and, must<terse_not>>> {};
struct terse_or : seq<terse_and, star<kw_or, must<terse_and>>> {};
struct terse_condition : seq<terse_or> {};
struct terse_where : seq<kw_where, must<terse_condition>> {};
// MATCH followed by a bare word that is not a path variable (`p = ...`) or a function
// (`shortestPath(...)`) names a label.
struct terse_match : seq<kw_match, sor<terse_any_label, terse_label>, ws, not_at<one<'=', '('>>,
                         opt<terse_where>, opt<return_clause>> {};

// ---- schema and transaction commands ----------------------------------------------------------

struct index_name : symbolic_name {};
struct index_label : seq<colon, must<label_name>, ws> {};
struct index_property : seq<property_key, ws> {};
struct index_spec_close : tok<one<')'>> {};
struct index_properties : seq<open_paren, must<index_property>, star<comma, must<index_property>>,
                              must<index_spec_close>> {};
struct index_variable : seq<variable, ws> {};
struct index_property_ref : seq<symbolic_name, ws, one<'.'>, ws, must<index_property>> {};
struct index_pattern
    : seq<open_paren, must<index_variable>, must<index_label>, must<index_spec_close>> {};
struct index_property_refs : seq<open_paren, must<index_property_ref>,
                                 star<comma, must<index_property_ref>>, must<index_spec_close>> {};
struct index_on_label : seq<kw_on, must<index_label>, must<index_properties>> {};
struct index_for : seq<opt<not_at<kw_for>, index_name, ws>, kw_for, must<index_pattern>,
                       must<kw_on>, must<index_property_refs>> {};
struct create_index_spec : sor<index_on_label, index_for> {};
struct create_index : seq<kw_create, kw_index, must<create_index_spec>> {};
struct drop_index_spec : sor<index_on_label, seq<index_name, ws>> {};
struct drop_index : seq<kw_drop, must<kw_index>, must<drop_index_spec>> {};
struct show_indexes : seq<kw_show, must<kw_indexes>> {};

// Uniqueness constraints (issue #6).
struct constraint_name : symbolic_name {};
struct if_not_exists : seq<kw_if, must<kw_not>, must<kw_exists>> {};
struct if_exists : seq<kw_if, must<kw_exists>> {};
struct constraint_variable : symbolic_name {};
struct constraint_property : seq<constraint_variable, ws, one<'.'>, ws, must<index_property>> {};
struct constraint_unique : seq<kw_is, must<kw_unique>> {};
struct constraint_for : seq<kw_for, must<index_pattern>, must<kw_require>,
                            must<constraint_property>, must<constraint_unique>> {};
struct constraint_on : seq<kw_on, must<index_pattern>, must<kw_assert>, must<constraint_property>,
                           must<constraint_unique>> {};
struct constraint_body : sor<constraint_for, constraint_on> {};
struct create_constraint_spec : seq<opt<not_at<sor<kw_for, kw_on, kw_if>>, constraint_name, ws>,
                                    opt<if_not_exists>, must<constraint_body>> {};
struct create_constraint : seq<kw_create, kw_constraint, must<create_constraint_spec>> {};
struct drop_constraint_spec : sor<constraint_on, seq<constraint_name, ws, opt<if_exists>>> {};
struct drop_constraint : seq<kw_drop, kw_constraint, must<drop_constraint_spec>> {};
struct show_constraints : seq<kw_show, kw_constraints> {};
struct transaction_command : sor<kw_begin, kw_commit, kw_rollback> {};
// ANALYZE (issue #20): not a reserved word, since a statement cannot start with a name.
struct kw_analyze : kw<TAO_PEGTL_ISTRING("ANALYZE")> {};
struct analyze : seq<kw_analyze> {};

// Full-text indexes (issue #17): CREATE FULLTEXT INDEX name [IF NOT EXISTS]
// FOR (n:L1|L2) | ()-[r:T1|T2]-() ON EACH [n.p1, n.p2] [OPTIONS {indexConfig: {...}}].
struct kw_fulltext : kw<TAO_PEGTL_ISTRING("FULLTEXT")> {};
struct kw_each : kw<TAO_PEGTL_ISTRING("EACH")> {};
struct kw_options : kw<TAO_PEGTL_ISTRING("OPTIONS")> {};
struct fulltext_index_keyword : seq<kw_index> {};
struct fulltext_index_name : seq<index_name, ws> {};
struct fulltext_for : seq<kw_for> {};
struct fulltext_bar : tok<one<'|'>> {};
struct fulltext_labels
    : seq<colon, must<label_name>, ws, star<fulltext_bar, must<label_name>, ws>> {};
struct fulltext_types
    : seq<colon, must<rel_type_name>, ws, star<fulltext_bar, must<rel_type_name>, ws>> {};
struct fulltext_dash : tok<one<'-'>> {};
struct fulltext_rel_open : tok<one<'['>> {};
struct fulltext_rel_close : tok<one<']'>> {};
struct fulltext_empty_node : seq<open_paren, must<index_spec_close>> {};
struct fulltext_rel_pattern
    : seq<open_paren, tok<one<')'>>, must<fulltext_dash>, must<fulltext_rel_open>,
          must<index_variable>, must<fulltext_types>, must<fulltext_rel_close>, must<fulltext_dash>,
          must<fulltext_empty_node>> {};
struct fulltext_node_pattern
    : seq<open_paren, index_variable, must<fulltext_labels>, must<index_spec_close>> {};
struct fulltext_pattern : sor<fulltext_rel_pattern, fulltext_node_pattern> {};
// The trailing `failure` makes PEGTL rewind a partial match (must<> matches its rule without
// rewinding), so an error points at the start of what is not a property, not past it.
struct fulltext_property_ref
    : sor<seq<constraint_variable, ws, one<'.'>, ws, must<index_property>>, failure> {};
struct fulltext_list_close : tok<one<']'>> {};
struct fulltext_properties
    : seq<tok<one<'['>>, must<fulltext_property_ref>, star<comma, must<fulltext_property_ref>>,
          must<fulltext_list_close>> {};
struct fulltext_config : seq<map_literal, ws> {};
struct fulltext_options : seq<kw_options, must<fulltext_config>> {};
struct create_fulltext_index
    : seq<kw_create, kw_fulltext, must<fulltext_index_keyword>, must<fulltext_index_name>,
          opt<if_not_exists>, must<fulltext_for>, must<fulltext_pattern>, must<kw_on>,
          must<kw_each>, must<fulltext_properties>, opt<fulltext_options>> {};

// Vector indexes (issue #17): CREATE VECTOR INDEX name [IF NOT EXISTS] FOR (n:L) ON n.p
// (or ON (n.p)), or FOR ()-[r:T]-() ON r.p, [OPTIONS {indexConfig: {`vector.dimensions`: 384,
// ...}}].
struct kw_vector : kw<TAO_PEGTL_ISTRING("VECTOR")> {};
struct vector_index_keyword : seq<kw_index> {};
struct vector_index_name : seq<index_name, ws> {};
struct vector_for : seq<kw_for> {};
struct vector_type : seq<colon, must<rel_type_name>, ws> {};
struct vector_rel_pattern
    : seq<open_paren, tok<one<')'>>, must<fulltext_dash>, must<fulltext_rel_open>,
          must<index_variable>, must<vector_type>, must<fulltext_rel_close>, must<fulltext_dash>,
          must<fulltext_empty_node>> {};
struct vector_pattern : sor<vector_rel_pattern, index_pattern> {};
struct vector_property : sor<seq<open_paren, must<fulltext_property_ref>, must<index_spec_close>>,
                             fulltext_property_ref, failure> {};
struct vector_config : seq<map_literal, ws> {};
struct vector_options : seq<kw_options, must<vector_config>> {};
struct create_vector_index
    : seq<kw_create, kw_vector, must<vector_index_keyword>, must<vector_index_name>,
          opt<if_not_exists>, must<vector_for>, must<vector_pattern>, must<kw_on>,
          must<vector_property>, opt<vector_options>> {};

// ---- statements -------------------------------------------------------------------------------

struct explain_prefix : sor<kw_explain, kw_profile> {};
struct statement_body : sor<terse_match, create_fulltext_index, create_vector_index,
                            create_constraint, create_index, drop_constraint, drop_index,
                            show_constraints, show_indexes, transaction_command, analyze, query> {};
struct statement_end : eof {};
struct statement
    : seq<ws, opt<explain_prefix>, must<statement_body>, opt<tok<one<';'>>>, must<statement_end>> {
};

}  // namespace caspian::query::grammar

// attempt_guard consumes nothing and may succeed: for analyze() it behaves like opt<>.
template <typename Name, typename R>
struct tao::pegtl::analyze_traits<Name, caspian::query::grammar::attempt_guard<R>>
    : analyze_opt_traits<> {};
