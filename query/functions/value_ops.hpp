// openCypher value semantics for the expression evaluator: three-valued logic, equality,
// comparability, orderability, equivalence (DISTINCT/grouping), arithmetic, string and list
// operators. Pure functions on caspian::Value: no graph access, no evaluation of expressions.
#pragma once

#include "value/literal.hpp"

#include <caspian/value.hpp>

#include <compare>
#include <cstddef>
#include <optional>
#include <string>

namespace caspian::query {

// Every function here is thread-safe (no shared mutable state beyond a thread-local regex cache)
// and throws only caspian::Error, always of kind ErrorKind::Type, with a lowercase message
// naming the operator and the kinds involved (e.g. "cannot add a string and a boolean").

// ---- Three-valued logic -------------------------------------------------------------------
// A ternary result is a Value holding a bool or null. Operands must be bool or null, otherwise
// Error{Type} ("cannot apply AND to an integer"). false AND null = false, true OR null = true,
// null XOR x = null, NOT null = null.
Value logical_and(const Value& a, const Value& b);
Value logical_or(const Value& a, const Value& b);
Value logical_xor(const Value& a, const Value& b);
Value logical_not(const Value& a);

// True when the value is boolean true: how WHERE treats a ternary result (null and false drop
// the row). Error{Type} for a non-boolean, non-null predicate.
bool is_true(const Value& predicate);

// ---- Equality (=, <>, IN) -------------------------------------------------------------------
// openCypher equality, returning true, false or null:
// - null on either side gives null;
// - integers and floats compare numerically and exactly (1 = 1.0; 2^53 + 1 <> 2.0^53); NaN is
//   equal to nothing, itself included;
// - lists: different lengths give false; otherwise false if any pair of elements is false, else
//   null if any pair is null, else true ([1, 2] = [null, 'a'] is false, [1, 2] = [null, 2] null);
// - maps: different key sets give false; otherwise the values decide as for lists;
// - nodes and relationships by id; paths by their node and relationship ids in order;
// - dates, datetimes and durations by value (durations component-wise: P1M <> P30D); values of
// different kinds are not equal (false).
Value equals(const Value& a, const Value& b);
Value not_equals(const Value& a, const Value& b);

// ---- Comparability (<, <=, >, >=) -----------------------------------------------------------
// std::nullopt when the comparison is undefined and the operator yields null: a null operand,
// or kinds that are not comparable with each other. Comparable: numbers (integers and floats
// mixed, exactly), strings (by byte, i.e. by code point for UTF-8), booleans (false < true),
// dates, datetimes, and lists (lexicographically; a pair of elements that is not comparable
// makes the whole comparison null, unless an earlier pair already decided it).
// std::partial_ordering::unordered when NaN is involved: every operator is then false (TCK
// Comparison2 [5]). Callers may test the result as they would an int: `*c < 0`, `*c == 0`.
std::optional<std::partial_ordering> compare(const Value& a, const Value& b);
Value less_than(const Value& a, const Value& b);
Value less_equal(const Value& a, const Value& b);
Value greater_than(const Value& a, const Value& b);
Value greater_equal(const Value& a, const Value& b);

// ---- Orderability (ORDER BY, min, max) ------------------------------------------------------
// A total order over all values, <0, 0 or >0. Ascending, by kind first (openCypher CIP2016-06-14
// "orderability", checked against TCK ReturnOrderBy1 [11]/[12] and Aggregation2 [11]/[12]):
//     map < node < relationship < list < path < datetime < date < duration < string < boolean
//         < number < null
// Within a kind: maps by their sorted (key, value) entries then size; nodes and relationships by
// id; lists lexicographically by this same order (a shorter prefix first, so [] < ['a'] <
// ['a', 1] < [1] < [1, null] < [null, 1]); paths as the alternating list of their nodes and
// relationships; datetimes and dates chronologically; durations by months, then days, then
// seconds (as Neo4j places them among the kinds; durations are not comparable with `<`); strings by
// byte; false < true; numbers numerically with integers and floats mixed, NaN after every other
// number. 1 and 1.0 tie (0). Never throws.
int order_compare(const Value& a, const Value& b);

// ---- Equivalence (DISTINCT, grouping keys, hash joins) --------------------------------------
// Equality made total: null is equivalent to null and NaN to NaN (also inside lists and maps);
// otherwise it agrees with `=` where that is true or false. So 1 and 1.0 are equivalent (1 = 1.0
// is true; openCypher defines equivalence as equality except for null and NaN), [null] ~ [null],
// {k: null} ~ {k: null}. hash_value is consistent with it: equivalent values hash equally.
// Neither throws.
bool equivalent(const Value& a, const Value& b);
std::size_t hash_value(const Value& v);

// Function objects for std::unordered_map/set keyed by Value under equivalence.
struct ValueHash {
    std::size_t operator()(const Value& v) const { return hash_value(v); }
};
struct ValueEquivalent {
    bool operator()(const Value& a, const Value& b) const { return equivalent(a, b); }
};

// ---- Arithmetic -------------------------------------------------------------------------------
// A null operand gives null. Integer arithmetic is checked: a result outside int64 throws
// Error{Type, "integer overflow"} of class ArithmeticError, detail IntegerOverflow
// (query/functions/errors.hpp). An integer and a float give a float. Other kinds throw
// Error{Type} naming both kinds ("cannot multiply a string and an integer").
// add also concatenates: string + string; string + number and number + string (the number
// rendered as toString() does); list + list; list + x appends x; x + list prepends x.
// Durations: see temporal_arithmetic in value/temporal.hpp (date + duration, duration * 2, ...).
Value add(const Value& a, const Value& b);
Value subtract(const Value& a, const Value& b);
Value multiply(const Value& a, const Value& b);
// Integer / integer truncates toward zero; an integer zero divisor throws
// Error{Type, "division by zero"} (ArithmeticError, DivisionByZero). Float division follows
// IEEE 754 (1.0 / 0 = Infinity, 0.0 / 0.0 = NaN).
Value divide(const Value& a, const Value& b);
// Integer % integer has the sign of the dividend (-7 % 2 = -1) and throws "division by zero" on
// a zero divisor; with a float operand it is std::fmod.
Value modulo(const Value& a, const Value& b);
// Always a float: 2 ^ 3 = 8.0.
Value power(const Value& a, const Value& b);
// Unary minus: numbers and durations (-(-2^63) overflows); null gives null.
Value negate(const Value& a);
// Unary plus: numbers only, returned unchanged; null gives null.
Value unary_plus(const Value& a);

// ---- String predicates ----------------------------------------------------------------------
// null when either operand is null or not a string (TCK String8-10 [8]); otherwise true/false.
Value starts_with(const Value& s, const Value& prefix);
Value ends_with(const Value& s, const Value& suffix);
Value contains(const Value& s, const Value& part);
// s =~ pattern: the pattern must match the whole string (std::regex, ECMAScript grammar). A
// leading "(?i)" makes it case-insensitive (a Java flag common in Cypher). null when either
// operand is null or not a string; Error{Type} for a malformed pattern.
Value regex_match(const Value& s, const Value& pattern);

// ---- Lists ------------------------------------------------------------------------------------
// x IN list, with equality's three-valued result: true when some element equals x; otherwise
// null when some comparison was null (4 IN [1, null] is null, null IN [1] is null); otherwise
// false (null IN [] is false). A null list gives null; any other non-list throws Error{Type}.
Value in_list(const Value& x, const Value& list);

// container[idx]. Lists take an integer (negative counts from the end; out of range gives null);
// maps, nodes and relationships take a string key (absent gives null). A null container or
// index gives null. Other container kinds, or an index of the wrong kind, throw Error{Type}
// (TCK List1 [6]-[9]).
Value index(const Value& container, const Value& idx);

// list[from..to], either bound optional (std::nullopt when omitted in the query). Negative
// bounds count from the end; bounds are clamped to the list; from >= to gives []. A null list
// or a present-but-null bound gives null (TCK List2 [9]); a non-list or non-integer bound throws
// Error{Type}.
Value slice(const Value& list, const std::optional<Value>& from, const std::optional<Value>& to);

// ---- Helpers shared with the function library ---------------------------------------------------
// The text toString() produces for a scalar: 1, 2.5, 3.0, NaN, true, the string itself,
// 2022-05-18, 2022-05-18T09:30:00Z, P1Y2M. Error{Type} for lists, maps, nodes, relationships,
// paths.
std::string scalar_to_string(const Value& v);

}  // namespace caspian::query
