// The name index of graph/name_index.hpp over the `name_index` table (layout: graph/keys.hpp).
// Folding is value/name_fold.hpp's; this file only stores and compares its results.
#include "graph/name_index.hpp"

#include "graph/graph_store.hpp"
#include "graph/keys.hpp"

#include "value/name_fold.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::graph {

namespace {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

void add_entry(NameEntries& out, const Value& v, NameSource source) {
    if (v.kind() != ValueKind::String) return;
    std::string folded = fold_name(v.as_string());
    if (folded.empty() || folded.size() > max_folded_name_bytes ||
        folded.find('\0') != std::string::npos) {
        return;
    }
    out.emplace(std::move(folded), source);
}

NameEntries record_entries(std::string_view record, const NameProperties& ids) {
    storage::PropertyIds properties;
    for (const std::optional<PropertyId>& p : {ids.key, ids.name, ids.aliases}) {
        if (!p) continue;
        Value v = record_property(record, *p);
        if (!v.is_null()) properties.emplace_back(p->value, std::move(v));
    }
    std::sort(properties.begin(), properties.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return name_entries(properties, ids);
}

// Visits every node's entries by scanning the nodes (the index itself, or its absence).
void scan_computed(const GraphReader& reader,
                   const std::function<bool(std::string_view, NameSource, NodeId)>& visit) {
    const NameProperties ids = name_properties(reader);
    if (!ids.key && !ids.name && !ids.aliases) return;
    reader.scan_node_records([&](NodeId id, std::string_view record) {
        for (const auto& [folded, source] : record_entries(record, ids)) {
            if (!visit(folded, source, id)) return false;
        }
        return true;
    });
}

bool is_source(char c) {
    return c == char(NameSource::Key) || c == char(NameSource::Name) ||
           c == char(NameSource::Alias);
}

}  // namespace

const char* name_source_name(NameSource source) {
    switch (source) {
        case NameSource::Key:
            return "key";
        case NameSource::Name:
            return "name";
        case NameSource::Alias:
            return "alias";
    }
    return "name";
}

NameProperties name_properties(const GraphReader& reader) {
    return {reader.find_name<NameKind::Property>(key_property),
            reader.find_name<NameKind::Property>(name_property),
            reader.find_name<NameKind::Property>(aliases_property)};
}

NameEntries name_entries(const storage::PropertyIds& properties, const NameProperties& ids) {
    NameEntries out;
    if (ids.key) {
        if (const Value* v = find_property(properties, *ids.key))
            add_entry(out, *v, NameSource::Key);
    }
    if (ids.name) {
        if (const Value* v = find_property(properties, *ids.name))
            add_entry(out, *v, NameSource::Name);
    }
    if (ids.aliases) {
        if (const Value* v = find_property(properties, *ids.aliases)) {
            if (v->kind() == ValueKind::List) {
                for (const Value& alias : v->as_list())
                    add_entry(out, alias, NameSource::Alias);
            } else {
                add_entry(out, *v, NameSource::Alias);
            }
        }
    }
    return out;
}

void index_names(GraphWriter& writer, NodeId id, const NameEntries& entries, bool add) {
    storage::WriteTxn& txn = writer.write_txn();
    for (const auto& [folded, source] : entries) {
        const std::string key = name_index_key(folded, char(source), id.value);
        if (add) {
            txn.put(txn.tables().name_index, key, "");
        } else {
            txn.del(txn.tables().name_index, key);
        }
    }
}

bool has_name_index(const GraphReader& reader) {
    const storage::Txn& txn = reader.txn();
    return txn.tables().has_name_index && txn.get(txn.tables().meta, name_index_built_key);
}

void build_name_index(GraphWriter& writer) {
    storage::WriteTxn& txn = writer.write_txn();
    // Entries left by a build that lost its marker (normally none).
    std::vector<std::string> stale;
    {
        Cursor c(txn, txn.tables().name_index);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v))
            stale.emplace_back(as_view(k));
    }
    for (const std::string& key : stale)
        txn.del(txn.tables().name_index, key);
    const NameProperties ids = name_properties(writer);
    if (ids.key || ids.name || ids.aliases) {
        // In batches: the records' views die with the first write.
        std::vector<NodeId> batch;
        std::vector<std::string_view> records;
        NodeId from{0};
        for (bool more = true; more;) {
            batch.clear();
            records.clear();
            more = writer.node_records(from, 1024, batch, records);
            std::vector<std::pair<NodeId, NameEntries>> entries;
            for (std::size_t i = 0; i < batch.size(); ++i)
                entries.emplace_back(batch[i], record_entries(records[i], ids));
            for (const auto& [id, names] : entries)
                index_names(writer, id, names, true);
            if (batch.empty()) break;
            from = NodeId{batch.back().value + 1};
        }
    }
    txn.put(txn.tables().meta, name_index_built_key, "1");
}

void scan_names_index(const GraphReader& reader,
                      const std::function<bool(std::string_view, NameSource, NodeId)>& visit) {
    if (!has_name_index(reader)) return scan_computed(reader, visit);
    Cursor c(reader.txn(), reader.txn().tables().name_index);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        const auto entry = decode_name_index_key(as_view(k));
        if (!entry || !is_source(entry->source))
            throw Error(ErrorKind::Corrupt, "a name index entry is malformed");
        if (!visit(entry->folded, NameSource(entry->source), NodeId{entry->id})) return;
    }
}

std::vector<NamedNode> find_named(const GraphReader& reader, std::string_view text) {
    const std::string folded = fold_name(text);
    std::vector<NamedNode> out;
    if (folded.empty() || folded.size() > max_folded_name_bytes) return out;
    if (!has_name_index(reader)) {
        scan_computed(reader, [&](std::string_view f, NameSource source, NodeId id) {
            if (f == folded) out.push_back({id, source});
            return true;
        });
    } else {
        const std::string prefix = name_index_prefix(folded);
        Cursor c(reader.txn(), reader.txn().tables().name_index);
        MDB_val k = as_val(prefix), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
             ok = c.move(MDB_NEXT, &k, &v)) {
            const auto entry = decode_name_index_key(as_view(k));
            if (!entry || !is_source(entry->source) || entry->folded != folded)
                throw Error(ErrorKind::Corrupt, "a name index entry is malformed");
            out.push_back({NodeId{entry->id}, NameSource(entry->source)});
        }
    }
    const auto rank = [](NameSource s) {
        return s == NameSource::Key ? 0 : s == NameSource::Name ? 1 : 2;
    };
    std::sort(out.begin(), out.end(), [&](const NamedNode& a, const NamedNode& b) {
        return std::pair(rank(a.source), a.node.value) < std::pair(rank(b.source), b.node.value);
    });
    return out;
}

NameResolution resolve_name(const GraphReader& reader, std::string_view text) {
    if (const auto exact = reader.find_key(text)) return {{*exact}, NameSource::Key};
    NameResolution out;
    for (const NamedNode& n : find_named(reader, text)) {
        if (!out.nodes.empty() && n.source != out.source) break;
        out.source = n.source;
        if (std::find(out.nodes.begin(), out.nodes.end(), n.node) == out.nodes.end())
            out.nodes.push_back(n.node);
    }
    return out;
}

std::vector<std::string> check_name_index(const GraphReader& reader, std::size_t max_problems) {
    std::vector<std::string> problems;
    if (!has_name_index(reader)) return problems;
    std::set<std::string> expected;
    scan_computed(reader, [&](std::string_view folded, NameSource source, NodeId id) {
        expected.insert(name_index_key(folded, char(source), id.value));
        return true;
    });
    const auto describe = [](std::string_view key) {
        const auto entry = decode_name_index_key(key);
        if (!entry) return std::string("a malformed entry");
        return std::string(name_source_name(NameSource(entry->source))) + " '" +
               std::string(entry->folded) + "' of node " + std::to_string(entry->id);
    };
    Cursor c(reader.txn(), reader.txn().tables().name_index);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok && problems.size() < max_problems;
         ok = c.move(MDB_NEXT, &k, &v)) {
        const std::string key(as_view(k));
        if (expected.erase(key) == 0)
            problems.push_back("name index: stale entry: " + describe(key));
    }
    for (const std::string& key : expected) {
        if (problems.size() >= max_problems) break;
        problems.push_back("name index: missing entry: " + describe(key));
    }
    return problems;
}

}  // namespace caspian::graph
