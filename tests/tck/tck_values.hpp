// The TCK's value notation (result cells, parameter values) parsed into caspian::Value, and the
// comparison of expected against actual values and rows. Calls nothing from storage/value.cpp,
// so it builds and is tested without the caspian libraries.
#pragma once

#include "feature_parser.hpp"

#include <caspian/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::tck {

class ValueParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses one value: null, true, false, 1, -1, 1.5, .5, 1e3, NaN, Inf, -Inf, 'text' (escapes
// \\ \' \" \n \t \r \b \f \uXXXX), [list], {key: value}, (:Label {key: value}), [:TYPE {...}]
// and paths <(:A)-[:T]->(:B)<-[:U]-(:C)>. Maps and properties come out sorted by key; node
// labels sorted. Node and edge ids are made up: a path's nodes get ids 1..n and each edge's
// src/dst follow its arrow, which is how the direction is kept. Throws ValueParseError.
Value parse_tck_value(std::string_view text);

struct CompareOptions {
    // "(ignoring element order for lists)": lists compare as multisets, at every depth.
    bool ignore_list_order = false;
};

// Whether an actual value matches an expected one: same kind (1 and 1.0 differ), floats equal
// within a relative 1e-12 (NaN matches NaN), maps and properties as key sets, node labels as
// sets, ids ignored; a path's edges must point the way the expected arrows do.
bool values_match(const Value& expected, const Value& actual, const CompareOptions& options = {});

// TCK notation, for failure messages: 'text', 1.5, [1, 2], (:A {k: 1}), <(:A)-[:T]->(:B)>.
std::string render(const Value& v);

struct ExpectedTable {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
};

// The header row and the parsed cells of a result table. Throws ValueParseError naming the cell.
ExpectedTable parse_expected_table(const Table& table);

// Compares a result with the expected table: the same column names (matched by name, in any
// order) and the same rows, in order or as a multiset. nullopt when they match, else the reason.
std::optional<std::string> compare_result(const ExpectedTable& expected,
                                          const std::vector<std::string>& columns,
                                          const std::vector<std::vector<Value>>& rows,
                                          bool in_order, const CompareOptions& options = {});

}  // namespace caspian::tck
