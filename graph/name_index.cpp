// The name index of graph/name_index.hpp over the `name_index` table (layout: graph/keys.hpp).
// Folding is value/name_fold.hpp's; this file only stores and compares its results.
#include "graph/name_index.hpp"

#include "graph/graph_store.hpp"
#include "graph/keys.hpp"
#include "graph/sorted_keys.hpp"

#include "value/name_fold.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::graph {

namespace {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

// Whether a folded name can have an entry (a key of this name, stored or not, is found).
bool is_entry_name(std::string_view folded) {
    return !folded.empty() && folded.size() <= max_folded_name_bytes &&
           folded.find('\0') == std::string_view::npos;
}

void add_entry(NameEntries& out, const Value& v, NameSource source, bool skip_unfolded = false) {
    if (v.kind() != ValueKind::String) return;
    std::string folded = fold_name(v.as_string());
    if (!is_entry_name(folded) || (skip_unfolded && folded == v.as_string())) return;
    out.emplace(std::move(folded), source);
}

NameEntries record_entries(std::string_view record, const NameProperties& ids, NameSet which) {
    storage::PropertyIds properties;
    for (const std::optional<PropertyId>& p : {ids.key, ids.name, ids.aliases}) {
        if (!p) continue;
        Value v = record_property(record, *p);
        if (!v.is_null()) properties.emplace_back(p->value, std::move(v));
    }
    std::sort(properties.begin(), properties.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return name_entries(properties, ids, which);
}

// Visits every node's names by scanning the nodes (the index itself, or its absence).
void scan_computed(const GraphReader& reader, NameSet which,
                   const std::function<bool(std::string_view, NameSource, NodeId)>& visit) {
    const NameProperties ids = name_properties(reader);
    if (!ids.key && !ids.name && !ids.aliases) return;
    reader.scan_node_records([&](NodeId id, std::string_view record) {
        for (const auto& [folded, source] : record_entries(record, ids, which)) {
            if (!visit(folded, source, id)) return false;
        }
        return true;
    });
}

bool is_source(char c) {
    return c == char(NameSource::Key) || c == char(NameSource::Name) ||
           c == char(NameSource::Alias);
}

std::size_t id_bytes(NameIndexLayout layout) {
    return layout == NameIndexLayout::V1 ? 8 : 6;
}

// The stored entry's parts; Error{Corrupt} for a key of another shape.
NameIndexEntry decode_entry(std::string_view key, NameIndexLayout layout) {
    const auto entry = decode_name_index_key(key, id_bytes(layout));
    if (!entry || !is_source(entry->source))
        throw Error(ErrorKind::Corrupt, "a name index entry is malformed");
    return *entry;
}

std::string entry_key(std::string_view folded, NameSource source, NodeId id,
                      NameIndexLayout layout) {
    return layout == NameIndexLayout::V1 ? name_index_key_v1(folded, char(source), id.value)
                                         : name_index_key(folded, char(source), id.value);
}

// A key that folds to itself: the key index holds it under its folded text.
bool folds_to_itself(std::string_view key) {
    return is_entry_name(key) && fold_name(key) == key;
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

NameEntries name_entries(const storage::PropertyIds& properties, const NameProperties& ids,
                         NameSet which) {
    NameEntries out;
    if (ids.key) {
        if (const Value* v = find_property(properties, *ids.key))
            add_entry(out, *v, NameSource::Key, which == NameSet::Stored);
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

NameIndexLayout name_index_layout(const GraphReader& reader) {
    const storage::Txn& txn = reader.txn();
    if (!txn.tables().has_name_index) return NameIndexLayout::None;
    const auto marker = txn.get(txn.tables().meta, name_index_built_key);
    if (!marker) return NameIndexLayout::None;
    if (*marker == name_index_marker) return NameIndexLayout::Current;
    if (*marker == name_index_marker_v1) return NameIndexLayout::V1;
    throw Error(ErrorKind::Corrupt, "the name index marker in meta is unknown");
}

bool has_name_index(const GraphReader& reader) {
    return name_index_layout(reader) != NameIndexLayout::None;
}

void build_name_index(GraphWriter& writer) {
    storage::WriteTxn& txn = writer.write_txn();
    // The first layout's entries, or those of a build that lost its marker (normally none).
    txn.clear(txn.tables().name_index);
    // Sorted first (runs of 8 MiB spill to temporary files): appended, the pages come out full.
    SortedKeys keys(std::size_t{8} << 20);
    const NameProperties ids = name_properties(writer);
    if (ids.key || ids.name || ids.aliases) {
        writer.scan_node_records([&](NodeId id, std::string_view record) {
            for (const auto& [folded, source] : record_entries(record, ids, NameSet::Stored))
                keys.add(name_index_key(folded, char(source), id.value));
            return true;
        });
    }
    {
        Cursor c(txn, txn.tables().name_index);
        keys.write(c, MDB_APPEND);
    }
    txn.put(txn.tables().meta, name_index_built_key, name_index_marker);
}

void scan_names_index(const GraphReader& reader,
                      const std::function<bool(std::string_view, NameSource, NodeId)>& visit) {
    const NameIndexLayout layout = name_index_layout(reader);
    if (layout == NameIndexLayout::None) return scan_computed(reader, NameSet::All, visit);
    {
        Cursor c(reader.txn(), reader.txn().tables().name_index);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            const NameIndexEntry entry = decode_entry(as_view(k), layout);
            if (!visit(entry.folded, NameSource(entry.source), NodeId{entry.id})) return;
        }
    }
    if (layout == NameIndexLayout::V1) return;  // its entries hold every key
    bool go_on = true;
    reader.scan_keys([&](std::string_view key, std::optional<NodeId> id) {
        if (!id) throw Error(ErrorKind::Corrupt, "a key index entry is malformed");
        if (folds_to_itself(key)) go_on = visit(key, NameSource::Key, *id);
        return go_on;
    });
}

std::vector<NamedNode> find_named(const GraphReader& reader, std::string_view text) {
    const std::string folded = fold_name(text);
    std::vector<NamedNode> out;
    if (!is_entry_name(folded)) return out;
    const NameIndexLayout layout = name_index_layout(reader);
    if (layout == NameIndexLayout::None) {
        scan_computed(reader, NameSet::All, [&](std::string_view f, NameSource source, NodeId id) {
            if (f == folded) out.push_back({id, source});
            return true;
        });
    } else {
        const std::string prefix = name_index_prefix(folded);
        Cursor c(reader.txn(), reader.txn().tables().name_index);
        MDB_val k = as_val(prefix), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
             ok = c.move(MDB_NEXT, &k, &v)) {
            const NameIndexEntry entry = decode_entry(as_view(k), layout);
            if (entry.folded != folded)
                throw Error(ErrorKind::Corrupt, "a name index entry is malformed");
            out.push_back({NodeId{entry.id}, NameSource(entry.source)});
        }
        // The node whose key is the folded text, if that key folds to itself (a key that does
        // not has its own entry, under what it folds to).
        if (layout == NameIndexLayout::Current) {
            if (const auto id = reader.find_key(folded); id && fold_name(folded) == folded)
                out.push_back({*id, NameSource::Key});
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
    const NameIndexLayout layout = name_index_layout(reader);
    if (layout == NameIndexLayout::None) return problems;
    // The first layout stored every key.
    const NameSet which = layout == NameIndexLayout::V1 ? NameSet::All : NameSet::Stored;
    std::set<std::string> expected;
    scan_computed(reader, which, [&](std::string_view folded, NameSource source, NodeId id) {
        expected.insert(entry_key(folded, source, id, layout));
        return true;
    });
    const auto describe = [&](std::string_view key) {
        const auto entry = decode_name_index_key(key, id_bytes(layout));
        if (!entry || !is_source(entry->source)) return std::string("a malformed entry");
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
