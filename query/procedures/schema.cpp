// db.schema.nodeTypeProperties() and db.schema.relTypeProperties(), as Neo4j names and shapes
// them: one row per node type (its combination of labels) or relationship type and property,
// with the kinds of value the property holds and whether every node or relationship of the
// type has it. Read from the data itself (a full scan), so the answer is exact.
#include "query/exec/context.hpp"
#include "query/procedures/registry.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace caspian::query {

namespace {

// Neo4j's names of value types, so that tools written against Neo4j read them.
std::string type_name(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return "Boolean";
        case ValueKind::Int:
            return "Long";
        case ValueKind::Float:
            return "Double";
        case ValueKind::String:
            return "String";
        case ValueKind::Date:
            return "Date";
        case ValueKind::DateTime:
            return "DateTime";
        case ValueKind::Duration:
            return "Duration";
        case ValueKind::List: {
            std::set<std::string> element;
            for (const Value& item : v.as_list())
                element.insert(type_name(item));
            return element.size() == 1 ? *element.begin() + "Array" : "List";
        }
        default:
            return "Any";
    }
}

// What is seen of one type: how many nodes or relationships it has, and per property key how
// many hold it and with which kinds.
struct TypeProperties {
    std::uint64_t count = 0;
    std::map<std::string, std::pair<std::uint64_t, std::set<std::string>>> properties;

    void add(const exec::ExecContext& ctx, const storage::PropertyIds& props) {
        ++count;
        for (const auto& [id, value] : props) {
            auto& [seen, types] = properties[ctx.reader().name(graph::PropertyId(id))];
            ++seen;
            types.insert(type_name(value));
        }
    }

    // One row per property (fields after the type's own), or one with nulls when none.
    void rows(std::vector<Value> head, std::vector<std::vector<Value>>& out) const {
        if (properties.empty()) {
            head.insert(head.end(), {Value(), Value(), Value(false)});
            out.push_back(std::move(head));
            return;
        }
        for (const auto& [name, seen_types] : properties) {
            List types(seen_types.second.begin(), seen_types.second.end());
            std::vector<Value> row = head;
            row.insert(row.end(),
                       {Value(name), Value(std::move(types)), Value(seen_types.first == count)});
            out.push_back(std::move(row));
        }
    }
};

std::string quoted_type(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += ":`" + n + "`";
    return out;
}

std::vector<std::vector<Value>> node_type_properties(exec::ExecContext& ctx,
                                                     std::span<const Value>) {
    std::map<std::vector<std::string>, TypeProperties> by_labels;
    ctx.reader().scan_nodes([&](NodeId id) {
        ctx.check_cancel();
        if (auto node = ctx.reader().node(id)) {
            std::vector<std::string> labels;
            for (auto label : node->labels)
                labels.push_back(ctx.reader().name(graph::LabelId(label)));
            std::sort(labels.begin(), labels.end());
            by_labels[labels].add(ctx, node->properties);
        }
        return true;
    });
    std::vector<std::vector<Value>> rows;
    for (const auto& [labels, seen] : by_labels) {
        seen.rows({Value(quoted_type(labels)), Value(List(labels.begin(), labels.end()))}, rows);
    }
    return rows;
}

std::vector<std::vector<Value>> rel_type_properties(exec::ExecContext& ctx,
                                                    std::span<const Value>) {
    std::map<std::string, TypeProperties> by_type;
    // scan_edges decodes only each record's header: read the properties by id.
    ctx.reader().scan_edges([&](EdgeId id, const storage::EdgeRecord& header) {
        ctx.check_cancel();
        if (auto edge = ctx.reader().edge(id)) {
            by_type[ctx.reader().name(graph::TypeId(header.type))].add(ctx, edge->properties);
        }
        return true;
    });
    std::vector<std::vector<Value>> rows;
    for (const auto& [type, seen] : by_type)
        seen.rows({Value(quoted_type({type}))}, rows);
    return rows;
}

}  // namespace

std::span<const ProcedureInfo> schema_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"db.schema.nodetypeproperties",
         0,
         0,
         {"nodeType", "nodeLabels", "propertyName", "propertyTypes", "mandatory"},
         &node_type_properties},
        {"db.schema.reltypeproperties",
         0,
         0,
         {"relType", "propertyName", "propertyTypes", "mandatory"},
         &rel_type_properties},
    };
    return table;
}

}  // namespace caspian::query
