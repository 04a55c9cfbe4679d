// :schema (cli/shell_schema.hpp).
#include "cli/shell_schema.hpp"

#include "cli/text_width.hpp"

#include <map>
#include <set>
#include <string>

namespace caspian::cli {

namespace {

struct PropertyKinds {
    std::set<std::string> kinds;
    std::set<std::string> mandatory_in;  // the node types (label sets) where every node has it
};

// Per label (or relationship type): the node types it is part of, and its properties.
struct Group {
    std::set<std::string> types;
    std::map<std::string, PropertyKinds> properties;
};

using PropertiesOf = std::map<std::string, Group>;

// Rows of a db.schema.* procedure, as (type, names, propertyName, propertyTypes, mandatory):
// the type is a label set (or the relationship type) and names the labels in it.
void add_rows(Session& session, const char* call, PropertiesOf& out) {
    Result r = session.execute(call);
    while (r.next()) {
        const auto& row = r.row();
        const std::string& type = row[0].as_string();
        for (const Value& name : row[1].as_list()) {
            Group& g = out[name.as_string()];
            g.types.insert(type);
            if (row[2].is_null()) continue;
            PropertyKinds& p = g.properties[row[2].as_string()];
            for (const Value& kind : row[3].as_list())
                p.kinds.insert(kind.as_string());
            if (row[4].as_bool()) p.mandatory_in.insert(type);
        }
    }
}

void print_group(const char* title, const char* prefix, const char* unit,
                 const std::vector<std::pair<std::string, std::uint64_t>>& counts,
                 const PropertiesOf& properties, std::ostream& out) {
    out << title << ":\n";
    if (counts.empty()) out << "  (none)\n";
    std::vector<std::pair<std::string, std::uint64_t>> sorted = counts;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [name, count] : sorted) {
        out << "  " << prefix << name << "  " << count << ' ' << unit << (count == 1 ? "" : "s")
            << '\n';
        const auto it = properties.find(name);
        if (it == properties.end()) continue;
        std::size_t width = 0;
        for (const auto& [key, kinds] : it->second.properties)
            width = std::max(width, display_width(key));
        for (const auto& [key, p] : it->second.properties) {
            std::string kinds;
            for (const std::string& k : p.kinds)
                kinds += (kinds.empty() ? "" : "|") + k;
            out << "      " << key << std::string(width - display_width(key) + 2, ' ') << kinds
                << (p.mandatory_in == it->second.types ? "" : "  (some)") << '\n';
        }
    }
}

}  // namespace

void print_schema(Session& session, const Counts& counts, std::ostream& out) {
    PropertiesOf labels, types;
    add_rows(session,
             "CALL db.schema.nodeTypeProperties() YIELD nodeType, nodeLabels, propertyName, "
             "propertyTypes, mandatory RETURN nodeType, nodeLabels, propertyName, propertyTypes, "
             "mandatory",
             labels);
    add_rows(session,
             "CALL db.schema.relTypeProperties() YIELD relType, propertyName, propertyTypes, "
             "mandatory RETURN relType, [substring(relType, 2, size(relType) - 3)], "
             "propertyName, propertyTypes, mandatory",
             types);
    out << counts.nodes << " node" << (counts.nodes == 1 ? "" : "s") << ", " << counts.edges
        << " relationship" << (counts.edges == 1 ? "" : "s") << '\n';
    print_group("labels", ":", "node", counts.labels, labels, out);
    print_group("relationship types", ":", "relationship", counts.edge_types, types, out);
    out << "(some): not every node or relationship of the label or type has the property\n";
}

}  // namespace caspian::cli
