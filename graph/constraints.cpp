// Uniqueness constraints: the `meta` entries that list them (laid out by graph/keys.hpp), and
// the duplicate checks.
#include "graph/constraints.hpp"

#include "graph/keys.hpp"

#include <caspian/error.hpp>

#include <cmath>
#include <map>

namespace caspian::graph {

namespace {

UniqueConstraint decode_entry(std::string_view name, std::string_view v) {
    const auto c = decode_constraint(v);
    if (!c) {
        throw Error(ErrorKind::Corrupt, "constraint entry '" + std::string(name) + "' is corrupt");
    }
    return {std::string(name), c->label, c->property, c->owns_index};
}

bool is_number(const Value& v) {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

// Equal for uniqueness: numbers by value (1 and 1.0), everything else structurally.
bool same_value(const Value& a, const Value& b) {
    if (is_number(a) && is_number(b) && a.kind() != b.kind()) {
        const std::int64_t i = a.kind() == ValueKind::Int ? a.as_int() : b.as_int();
        const double d = a.kind() == ValueKind::Float ? a.as_float() : b.as_float();
        // 2^63 is the first double above every int64; the cast is exact below it.
        return d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
               static_cast<std::int64_t>(d) == i;
    }
    return a == b;
}

// creating: the constraint cannot be created over stored duplicates; otherwise a write broke it.
[[noreturn]] void duplicate(const GraphReader& reader, std::string_view constraint, LabelId label,
                            PropertyId property, const Value& value, bool creating = false) {
    const std::string label_name = reader.name(label);
    const std::string property_name = reader.name(property);
    const std::string named = constraint.empty() ? "" : " '" + std::string(constraint) + "'";
    const std::string pair = property_name + " = " + to_literal(value);
    if (creating) {
        throw Error(ErrorKind::Constraint,
                    "cannot create the uniqueness constraint" + named + " on :" + label_name + "(" +
                        property_name + "): two nodes with label :" + label_name + " have " + pair);
    }
    throw Error(ErrorKind::Constraint, "the uniqueness constraint" + named + " on :" + label_name +
                                           "(" + property_name + ") already has a node with " +
                                           pair);
}

std::optional<UniqueConstraint> find_by_name(const GraphReader& reader, std::string_view name) {
    const std::string key = constraint_key(name);
    if (key.size() > storage::max_key_size) return std::nullopt;
    auto v = reader.txn().get(reader.txn().tables().meta, key);
    if (!v) return std::nullopt;
    return decode_entry(name, *v);
}

}  // namespace

std::vector<UniqueConstraint> unique_constraints(const GraphReader& reader) {
    std::vector<UniqueConstraint> out;
    storage::Cursor c(reader.txn(), reader.txn().tables().meta);
    MDB_val k = storage::as_val(constraint_key_prefix), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        const std::string_view key = storage::as_view(k);
        if (key.substr(0, constraint_key_prefix.size()) != constraint_key_prefix) break;
        out.push_back(decode_entry(key.substr(constraint_key_prefix.size()), storage::as_view(v)));
    }
    return out;
}

std::string default_constraint_name(std::string_view label, std::string_view property) {
    return "constraint_" + std::string(label) + "_" + std::string(property);
}

void check_unique_value(const GraphReader& reader, LabelId label, PropertyId property,
                        const Value& value, NodeId self) {
    if (value.is_null()) return;
    auto clashes = [&](NodeId id) {
        if (id == self) return false;
        const auto node = reader.node(id);
        if (!node) throw Error(ErrorKind::Corrupt, "an index names a missing node");
        const Value* other = find_property(node->properties, property);
        return other != nullptr && same_value(*other, value);
    };
    bool found = false;
    if (reader.has_index(label, property) && is_indexable(value)) {
        reader.index_scan(label, property, value, value,
                          [&](NodeId id) { return !(found = clashes(id)); });
    } else {
        // Lists are not indexed: look at every node with the label.
        reader.scan_label(label, [&](NodeId id) { return !(found = clashes(id)); });
    }
    if (!found) return;
    for (const UniqueConstraint& c : unique_constraints(reader)) {
        if (c.label == label && c.property == property)
            duplicate(reader, c.name, label, property, value);
    }
    duplicate(reader, "", label, property, value);
}

bool create_unique_constraint(GraphWriter& writer, const std::string& name, LabelId label,
                              PropertyId property, bool if_not_exists) {
    for (const UniqueConstraint& c : unique_constraints(writer)) {
        if (c.name != name && (c.label != label || c.property != property)) continue;
        if (if_not_exists) return false;
        if (c.name == name) {
            throw Error(ErrorKind::Semantic, "a constraint named '" + name + "' already exists");
        }
        throw Error(ErrorKind::Semantic, "the constraint '" + c.name +
                                             "' already requires :" + writer.name(label) + "(" +
                                             writer.name(property) + ") to be unique");
    }
    if (constraint_key(name).size() > storage::max_key_size) {
        throw Error(ErrorKind::Semantic, "the constraint name '" + name + "' is too long");
    }
    // Check the stored nodes before writing anything: values that can be equal share a group
    // (the ordered encoding's prefix puts 1 and 1.0 together), unindexable ones share one.
    std::map<std::string, std::vector<Value>> groups;
    writer.scan_label(label, [&](NodeId id) {
        const auto node = writer.node(id);
        if (!node) throw Error(ErrorKind::Corrupt, "the label index names a missing node");
        const Value* v = find_property(node->properties, property);
        if (v == nullptr || v->is_null()) return true;
        std::string group(1, '\1');
        if (!storage::encode_ordered_prefix(group, *v)) group.assign(1, '\0');
        std::vector<Value>& members = groups[group];
        for (const Value& seen : members) {
            if (same_value(seen, *v)) duplicate(writer, name, label, property, *v, true);
        }
        members.push_back(*v);
        return true;
    });
    UniqueConstraint c{name, label, property, writer.create_index(label, property)};
    writer.write_txn().put(writer.txn().tables().meta, constraint_key(name),
                           encode_constraint({c.label, c.property, c.owns_index}));
    writer.require_unique(label, property, true);
    return true;
}

bool drop_constraint(GraphWriter& writer, std::string_view name) {
    const auto c = find_by_name(writer, name);
    if (!c) return false;
    writer.write_txn().del(writer.txn().tables().meta, constraint_key(name));
    writer.require_unique(c->label, c->property, false);
    if (c->owns_index) writer.drop_index(c->label, c->property);
    return true;
}

}  // namespace caspian::graph
