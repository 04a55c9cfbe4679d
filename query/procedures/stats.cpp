// CALL db.stats.refresh() (issue #20): recounts, for every (label, property), the nodes holding
// the property and their distinct values, and stores them for the planner (graph/
// property_stats.hpp); yields one row per pair. A full scan that holds each pair's distinct values.
#include "graph/property_stats.hpp"
#include "query/exec/context.hpp"
#include "query/functions/value_ops.hpp"
#include "query/procedures/registry.hpp"

#include <map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace caspian::query {

namespace {

struct Seen {
    std::uint64_t nodes = 0;
    std::unordered_set<Value, ValueHash, ValueEquivalent> values;
};

ProcedureRows refresh(exec::ExecContext& ctx, std::span<const Value>) {
    graph::GraphWriter& writer = ctx.writer();
    std::map<std::pair<std::uint32_t, std::uint32_t>, Seen> seen;  // (label, property)
    writer.scan_nodes([&](NodeId id) {
        ctx.check_cancel();
        const auto node = writer.node(id);
        if (!node) return true;
        for (std::uint32_t label : node->labels) {
            for (const auto& [property, value] : node->properties) {
                Seen& s = seen[{label, property}];
                ++s.nodes;
                s.values.insert(value);
            }
        }
        return true;
    });
    std::vector<graph::PropertyStatsEntry> entries;
    ProcedureRows rows;
    for (const auto& [pair, s] : seen) {
        const graph::LabelId label(pair.first);
        const graph::PropertyId property(pair.second);
        entries.push_back({label, property, {s.nodes, s.values.size()}});
        rows.push_back({Value(writer.name(label)), Value(writer.name(property)),
                        Value(std::int64_t(s.nodes)), Value(std::int64_t(s.values.size()))});
    }
    graph::replace_property_stats(writer, entries);
    writer.bump_schema_version();  // cached plans were chosen with the old statistics
    return rows;
}

}  // namespace

std::span<const ProcedureInfo> stats_procedures() {
    static const std::vector<ProcedureInfo> table = {
        {"db.stats.refresh",
         0,
         0,
         {"label", "property", "nodes", "distinctValues"},
         &refresh,
         {},
         {},
         /*writes=*/true},
    };
    return table;
}

}  // namespace caspian::query
