// The 'v' entries of `stats`: | 'v' | BE u32 label | BE u32 property | -> | BE u64 nodes |
// BE u64 distinct |. Unlike the counts beside them they are not kept by each write: a refresh
// rewrites them all (docs/performance.md says how stale they may be).
#include "graph/property_stats.hpp"

#include "storage/bytes.hpp"

#include <caspian/error.hpp>

namespace caspian::graph {

namespace {

constexpr char property_stat_kind = 'v';

std::string property_stat_key(LabelId label, PropertyId property) {
    std::string key(1, property_stat_kind);
    storage::append_be32(key, label.value);
    storage::append_be32(key, property.value);
    return key;
}

}  // namespace

std::optional<PropertyStats> property_stats(const GraphReader& reader, LabelId label,
                                            PropertyId property) {
    const storage::Txn& txn = reader.txn();
    auto v = txn.get(txn.tables().stats, property_stat_key(label, property));
    if (!v) return std::nullopt;
    if (v->size() != 16)
        throw Error(ErrorKind::Corrupt, "property statistics entry has a bad size");
    return PropertyStats{storage::read_be64(v->data()), storage::read_be64(v->data() + 8)};
}

void replace_property_stats(GraphWriter& writer, const std::vector<PropertyStatsEntry>& entries) {
    storage::WriteTxn& txn = writer.write_txn();
    const MDB_dbi stats = txn.tables().stats;
    std::vector<std::string> old;
    {
        storage::Cursor cursor(txn, stats);
        std::string prefix(1, property_stat_kind);
        MDB_val key = storage::as_val(prefix), value;
        for (bool at = cursor.move(MDB_SET_RANGE, &key, &value);
             at && storage::as_view(key).substr(0, 1) == prefix;
             at = cursor.move(MDB_NEXT, &key, &value)) {
            old.emplace_back(storage::as_view(key));
        }
    }
    for (const std::string& key : old)
        txn.del(stats, key);
    for (const PropertyStatsEntry& e : entries) {
        std::string value;
        storage::append_be64(value, e.stats.nodes);
        storage::append_be64(value, e.stats.distinct);
        txn.put(stats, property_stat_key(e.label, e.property), value);
    }
}

}  // namespace caspian::graph
