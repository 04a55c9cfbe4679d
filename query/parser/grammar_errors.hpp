// The plain-words message of every must<> target in grammar.hpp: what was expected at the point
// the parse failed. A must<> target without a message here fails to compile.
#pragma once

#include "query/parser/grammar.hpp"

namespace caspian::query::grammar {

template <typename>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr auto error_message<block_comment_rest> = "unterminated comment: expected '*/'";
template <> inline constexpr auto error_message<escaped_name_rest> = "unterminated quoted name: expected '`'";
template <> inline constexpr auto error_message<hex_digits> = "expected hexadecimal digits after '0x'";
template <> inline constexpr auto error_message<octal_digits> = "expected octal digits after '0o'";
template <> inline constexpr auto error_message<escape_code> = "invalid escape sequence in string literal";
template <> inline constexpr auto error_message<single_quoted_rest> = "unterminated string literal: expected a closing '";
template <> inline constexpr auto error_message<double_quoted_rest> = "unterminated string literal: expected a closing \"";
template <> inline constexpr auto error_message<parameter_name> = "expected a parameter name after '$'";

template <> inline constexpr auto error_message<label_name> = "expected a label name after ':'";
template <> inline constexpr auto error_message<node_close> = "expected ')' after the node pattern";
template <> inline constexpr auto error_message<rel_dash> = "expected '-' after '<' in the relationship pattern";
template <> inline constexpr auto error_message<rel_type_name> = "expected a relationship type name";
template <> inline constexpr auto error_message<rel_detail_close> = "expected ']' after the relationship details";
template <> inline constexpr auto error_message<rel_close_dash> = "expected '-' to complete the relationship pattern";
template <> inline constexpr auto error_message<node_pattern> = "expected a node pattern such as (n) or (n:Label)";
template <> inline constexpr auto error_message<path_function_close> = "expected ')' after the shortest path pattern";
template <> inline constexpr auto error_message<pattern_part> = "expected a pattern such as (n) after ','";
template <> inline constexpr auto error_message<pattern_list> = "expected a pattern such as (n) or (a)-[:T]->(b)";
template <> inline constexpr auto error_message<relationships_after_node> = "expected a relationship pattern after the node pattern";

template <> inline constexpr auto error_message<expression> = "expected an expression";
template <> inline constexpr auto error_message<expression_list> = "expected an expression";
template <> inline constexpr auto error_message<list_close> = "expected ']' to close the list";
template <> inline constexpr auto error_message<colon> = "expected ':' after the map key";
template <> inline constexpr auto error_message<map_entry> = "expected a map entry such as key: value after ','";
template <> inline constexpr auto error_message<map_close> = "expected '}' to close the map";
template <> inline constexpr auto error_message<paren_close> = "expected ')' to close the parenthesised expression";
template <> inline constexpr auto error_message<function_close> = "expected ')' after the arguments";
template <> inline constexpr auto error_message<where_expression> = "expected a condition after WHERE";
template <> inline constexpr auto error_message<projection_expression> = "expected an expression after '|'";
template <> inline constexpr auto error_message<kw_then> = "expected THEN after the WHEN condition";
template <> inline constexpr auto error_message<case_whens> = "expected WHEN in the CASE expression";
template <> inline constexpr auto error_message<kw_end> = "expected END to close the CASE expression";
template <> inline constexpr auto error_message<equals> = "expected '='";
template <> inline constexpr auto error_message<comma> = "expected ','";
template <> inline constexpr auto error_message<variable> = "expected a variable name";
template <> inline constexpr auto error_message<reduce_in> = "expected IN after the reduce variable";
template <> inline constexpr auto error_message<pipe> = "expected '|'";
template <> inline constexpr auto error_message<exists_close> = "expected '}' to close EXISTS";
template <> inline constexpr auto error_message<subquery_close> = "expected '}' to close the subquery";
template <> inline constexpr auto error_message<subquery_body> = "expected a query inside CALL { }";
template <> inline constexpr auto error_message<subquery_scope_variable> = "expected a variable name in the CALL scope";
template <> inline constexpr auto error_message<subquery_scope_close> = "expected ')' after the variables the CALL subquery imports";
template <> inline constexpr auto error_message<kw_transactions> = "expected TRANSACTIONS after IN";
template <> inline constexpr auto error_message<batch_rows> = "expected the number of rows per transaction after OF";
template <> inline constexpr auto error_message<kw_rows> = "expected ROWS after the number of rows per transaction";
template <> inline constexpr auto error_message<property_key> = "expected a property name";
template <> inline constexpr auto error_message<projection_entry> = "expected a map projection entry such as .name";
template <> inline constexpr auto error_message<index_close> = "expected ']' after the index";
template <> inline constexpr auto error_message<unary_operand> = "expected an expression after the sign";
template <> inline constexpr auto error_message<power_expression> = "expected an expression after the operator";
template <> inline constexpr auto error_message<unary_expression> = "expected an expression after '^'";
template <> inline constexpr auto error_message<multiplicative_expression> = "expected an expression after the operator";
template <> inline constexpr auto error_message<kw_null> = "expected NULL after IS or IS NOT";
template <> inline constexpr auto error_message<kw_with> = "expected WITH after STARTS or ENDS";
template <> inline constexpr auto error_message<predicate_operand> = "expected an expression after the operator";
template <> inline constexpr auto error_message<predicate_expression> = "expected an expression after the comparison operator";
template <> inline constexpr auto error_message<not_operand> = "expected an expression after NOT";
template <> inline constexpr auto error_message<not_expression> = "expected an expression after AND";
template <> inline constexpr auto error_message<and_expression> = "expected an expression after XOR";
template <> inline constexpr auto error_message<xor_expression> = "expected an expression after OR";

template <> inline constexpr auto error_message<kw_match> = "expected MATCH after OPTIONAL";
template <> inline constexpr auto error_message<unwind_as> = "expected AS after the UNWIND expression";
template <> inline constexpr auto error_message<unwind_variable> = "expected a variable name after AS";
template <> inline constexpr auto error_message<alias> = "expected a name after AS";
template <> inline constexpr auto error_message<projection_item> = "expected an expression after ','";
template <> inline constexpr auto error_message<projection_items> = "expected '*' or an expression to project";
template <> inline constexpr auto error_message<kw_by> = "expected BY after ORDER";
template <> inline constexpr auto error_message<sort_item> = "expected an expression to sort by";
template <> inline constexpr auto error_message<skip_expression> = "expected an expression after SKIP";
template <> inline constexpr auto error_message<limit_expression> = "expected an expression after LIMIT";
template <> inline constexpr auto error_message<set_value> = "expected an expression to assign";
template <> inline constexpr auto error_message<set_variable_op> = "expected '=', '+=' or a label after the variable";
template <> inline constexpr auto error_message<set_item> = "expected a property, variable or label to set after ','";
template <> inline constexpr auto error_message<set_items> = "expected a property, variable or label to set";
template <> inline constexpr auto error_message<remove_labels> = "expected a label or a property to remove";
template <> inline constexpr auto error_message<remove_item> = "expected a property or label to remove";
template <> inline constexpr auto error_message<kw_delete> = "expected DELETE after DETACH";
template <> inline constexpr auto error_message<merge_trigger> = "expected CREATE or MATCH after ON";
template <> inline constexpr auto error_message<kw_set> = "expected SET after ON CREATE or ON MATCH";
template <> inline constexpr auto error_message<procedure_name> = "expected a procedure name after CALL";
template <> inline constexpr auto error_message<call_close> = "expected ')' after the procedure arguments";
template <> inline constexpr auto error_message<yield_items> = "expected '*' or field names after YIELD";
template <> inline constexpr auto error_message<yield_item> = "expected a field name after ','";
template <> inline constexpr auto error_message<single_query> = "expected a clause after UNION";

template <> inline constexpr auto error_message<terse_search_text> = "expected a quoted text to search for after '~'";
template <> inline constexpr auto error_message<terse_step> = "expected a relationship type or property name after '.'";
template <> inline constexpr auto error_message<terse_op> = "expected a comparison operator (=, <>, <, <=, >, >=) after the property name";
template <> inline constexpr auto error_message<terse_operand> = "expected a value (a word, a quoted string or a number)";
template <> inline constexpr auto error_message<terse_group_inner> = "expected a condition after '('";
template <> inline constexpr auto error_message<terse_group_close> = "expected ')' to close the condition";
template <> inline constexpr auto error_message<terse_not_operand> = "expected a condition after NOT";
template <> inline constexpr auto error_message<terse_not> = "expected a condition after AND";
template <> inline constexpr auto error_message<terse_and> = "expected a condition after OR";
template <> inline constexpr auto error_message<terse_condition> = "expected a condition such as name = value after WHERE";

template <> inline constexpr auto error_message<index_label> = "expected ':' and a label name";
template <> inline constexpr auto error_message<index_property> = "expected a property name";
template <> inline constexpr auto error_message<index_spec_close> = "expected ')'";
template <> inline constexpr auto error_message<index_properties> = "expected '(' and property names after the label";
template <> inline constexpr auto error_message<index_variable> = "expected a variable name after '('";
template <> inline constexpr auto error_message<index_property_ref> = "expected a property such as n.name";
template <> inline constexpr auto error_message<index_pattern> = "expected a node pattern such as (n:Label) after FOR";
template <> inline constexpr auto error_message<kw_on> = "expected ON after the index pattern";
template <> inline constexpr auto error_message<index_property_refs> = "expected '(' and properties such as (n.name) after ON";
template <> inline constexpr auto error_message<create_index_spec> = "expected ON or FOR after CREATE INDEX";
template <> inline constexpr auto error_message<kw_index> = "expected INDEX or CONSTRAINT after DROP";
template <> inline constexpr auto error_message<drop_index_spec> = "expected ON :Label(property) or an index name after DROP INDEX";
template <> inline constexpr auto error_message<kw_indexes> = "expected INDEXES or CONSTRAINTS after SHOW";
template <> inline constexpr auto error_message<kw_not> = "expected NOT EXISTS after IF";
template <> inline constexpr auto error_message<kw_exists> = "expected EXISTS";
template <> inline constexpr auto error_message<fulltext_index_keyword> = "expected INDEX after CREATE FULLTEXT";
template <> inline constexpr auto error_message<fulltext_index_name> = "expected the full-text index's name";
template <> inline constexpr auto error_message<fulltext_for> = "expected FOR after the index name";
template <> inline constexpr auto error_message<fulltext_pattern> = "expected (n:Label) or ()-[r:TYPE]-() after FOR";
template <> inline constexpr auto error_message<fulltext_labels> = "expected ':' and labels such as :City|Country";
template <> inline constexpr auto error_message<fulltext_types> = "expected ':' and types such as :VISITED|LIVED_IN";
template <> inline constexpr auto error_message<fulltext_dash> = "expected '-' in ()-[r:TYPE]-()";
template <> inline constexpr auto error_message<fulltext_rel_open> = "expected '[' in ()-[r:TYPE]-()";
template <> inline constexpr auto error_message<fulltext_rel_close> = "expected ']' in ()-[r:TYPE]-()";
template <> inline constexpr auto error_message<fulltext_empty_node> = "expected '()' in ()-[r:TYPE]-()";
template <> inline constexpr auto error_message<kw_each> = "expected EACH after ON";
template <> inline constexpr auto error_message<fulltext_properties> = "expected '[' and properties such as [n.name, n.about] after ON EACH";
template <> inline constexpr auto error_message<fulltext_property_ref> = "expected a property such as n.name";
template <> inline constexpr auto error_message<fulltext_list_close> = "expected ']' after the properties";
template <> inline constexpr auto error_message<fulltext_config> = "expected a map such as {indexConfig: {`fulltext.analyzer`: 'english'}} after OPTIONS";
template <> inline constexpr auto error_message<vector_index_keyword> = "expected INDEX after CREATE VECTOR";
template <> inline constexpr auto error_message<vector_index_name> = "expected the vector index's name";
template <> inline constexpr auto error_message<vector_for> = "expected FOR after the index name";
template <> inline constexpr auto error_message<vector_pattern> = "expected (n:Label) or ()-[r:TYPE]-() after FOR";
template <> inline constexpr auto error_message<vector_type> = "expected ':' and one relationship type such as :SIMILAR";
template <> inline constexpr auto error_message<vector_property> = "expected the property such as n.embedding after ON";
template <> inline constexpr auto error_message<vector_config> = "expected a map such as {indexConfig: {`vector.dimensions`: 384}} after OPTIONS";
template <> inline constexpr auto error_message<kw_require> = "expected REQUIRE after the constraint pattern";
template <> inline constexpr auto error_message<kw_assert> = "expected ASSERT after the constraint pattern";
template <> inline constexpr auto error_message<constraint_property> = "expected a property such as n.name";
template <> inline constexpr auto error_message<constraint_unique> = "expected IS UNIQUE (only uniqueness constraints are supported)";
template <> inline constexpr auto error_message<kw_unique> = "expected UNIQUE after IS (only uniqueness constraints are supported)";
template <> inline constexpr auto error_message<constraint_body> = "expected FOR (n:Label) REQUIRE n.property IS UNIQUE";
template <> inline constexpr auto error_message<create_constraint_spec> = "expected FOR (n:Label) REQUIRE n.property IS UNIQUE after CREATE CONSTRAINT";
template <> inline constexpr auto error_message<drop_constraint_spec> = "expected a constraint name or ON (n:Label) ASSERT n.property IS UNIQUE after DROP CONSTRAINT";
template <> inline constexpr auto error_message<statement_body> = "expected a statement such as MATCH, RETURN or CREATE";
template <> inline constexpr auto error_message<statement_end> = "expected a clause or the end of the statement";
// clang-format on

struct error_table {
    template <typename R>
    static constexpr auto message = error_message<R>;
    template <typename R>
    static constexpr bool raise_on_failure = false;  // only must<> raises
};

template <typename R>
using control = must_if<error_table>::control<R>;

}  // namespace caspian::query::grammar
