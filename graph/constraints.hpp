// Uniqueness constraints (issue #6): their list in the `meta` table, creating and dropping them,
// and the check GraphWriter runs on every write. A constraint is backed by the property index
// on its (label, property), which finds an equal value without a scan.
#pragma once

#include "graph/graph_store.hpp"

#include <caspian/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::graph {

struct UniqueConstraint {
    std::string name;
    LabelId label;
    PropertyId property;
    bool owns_index = false;  // the index was created for the constraint and goes with it
};

// In name order. Throws Error{Corrupt} for an entry of the wrong size.
std::vector<UniqueConstraint> unique_constraints(const GraphReader& reader);

// The default name of the constraint on (label, property): constraint_<Label>_<property>.
std::string default_constraint_name(std::string_view label, std::string_view property);

// Requires every node with `label` to have a distinct `property` value (nodes without it are
// free). Builds the index unless it exists. Returns false, changing nothing, when if_not_exists
// and a constraint of that name or on that (label, property) exists. Throws Error{Semantic} when
// one exists without if_not_exists, and Error{Constraint} naming the label, the property and a
// duplicated value when stored nodes already break it; nothing is written then.
bool create_unique_constraint(GraphWriter& writer, const std::string& name, LabelId label,
                              PropertyId property, bool if_not_exists);

// Drops the named constraint, and its index when the constraint created it. Returns false when
// there is none.
bool drop_constraint(GraphWriter& writer, std::string_view name);

// Throws Error{Constraint} when another node than `self` (NodeId{0} for a node being created)
// has `label` and a `property` value equal to `value` (numbers by value, so 1 and 1.0 are equal).
void check_unique_value(const GraphReader& reader, LabelId label, PropertyId property,
                        const Value& value, NodeId self);

}  // namespace caspian::graph
