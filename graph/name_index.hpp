// The name index (issue #17, docs/names.md): the nodes by their key, `name` and `aliases`, each
// folded (value/name_fold.hpp), kept by GraphWriter in the writer's transaction and checked by
// the integrity check. Resolving a word to one node is here; the terse form uses it.
#pragma once

#include "graph/ids.hpp"

#include "storage/codec.hpp"

#include <caspian/ids.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::graph {

class GraphReader;
class GraphWriter;

// The convention: a node is named by its `name` (a string) and its `aliases` (a list of
// strings, or one string), besides its unique `key`.
inline constexpr std::string_view name_property = "name";
inline constexpr std::string_view aliases_property = "aliases";

// Where a name came from, in the order a lookup prefers them; the byte is stored.
enum class NameSource : char { Key = 'k', Name = 'n', Alias = 'a' };
[[nodiscard]] const char* name_source_name(NameSource source);  // "key", "name", "alias"

// The property ids of the convention in one database (nullopt: no node has ever had it).
struct NameProperties {
    std::optional<PropertyId> key, name, aliases;
    [[nodiscard]] bool contains(PropertyId p) const {
        return p == key || p == name || p == aliases;
    }
};
[[nodiscard]] NameProperties name_properties(const GraphReader& reader);

// The names of a node with these properties: each folded name with its source, once. Names that
// fold to nothing, to more than max_folded_name_bytes or to a 00 byte are left out. Stored (the
// index's entries) also leaves out a key that folds to itself: lookups find it in the key index.
enum class NameSet { Stored, All };
using NameEntries = std::set<std::pair<std::string, NameSource>>;
[[nodiscard]] NameEntries name_entries(const storage::PropertyIds& properties,
                                       const NameProperties& ids, NameSet which = NameSet::Stored);

// Adds (add) or removes the entries of node id. Throws Error{Storage} for an id beyond 2^48 - 1.
void index_names(GraphWriter& writer, NodeId id, const NameEntries& entries, bool add);
// How the stored index is laid out (keys.hpp): None, when a database written only by older
// builds has no marker (or, opened read-only, no table), and its readers scan the nodes; V1, the
// first layout (BE u64 ids, every key), read as it is until the first write transaction;
// Current.
enum class NameIndexLayout { None, V1, Current };
[[nodiscard]] NameIndexLayout name_index_layout(const GraphReader& reader);
// Whether every node is in the index (in either layout).
[[nodiscard]] bool has_name_index(const GraphReader& reader);
// Builds the index from every node in the current layout (emptying the table first, without
// reading it) and sets the marker. GraphWriter runs it when it starts on a database without the
// marker or with the first layout's.
void build_name_index(GraphWriter& writer);

struct NamedNode {
    NodeId node;
    NameSource source;
    bool operator==(const NamedNode&) const = default;
};
// The nodes with a key, name or alias folding as text does, by source (keys first), then id.
[[nodiscard]] std::vector<NamedNode> find_named(const GraphReader& reader, std::string_view text);

// A word resolved to the nodes it names: the exact key if one node has it, else the first
// source (key, name, alias: each folded) that names any node. Several nodes: ambiguous.
struct NameResolution {
    std::vector<NodeId> nodes;  // empty: the word names nothing
    NameSource source = NameSource::Key;
};
[[nodiscard]] NameResolution resolve_name(const GraphReader& reader, std::string_view text);

// Every name as folded text, source and node: the stored entries and the keys that fold to
// themselves (or, without the index, each node's names); the visitor stops the walk by returning
// false. For suggestions: O(entries + keys).
void scan_names_index(const GraphReader& reader,
                      const std::function<bool(std::string_view, NameSource, NodeId)>& visit);

// The entries the nodes call for against the stored ones, in the stored layout: one line per
// disagreement (at most max_problems). Nothing to check without the marker. The keys that fold to
// themselves are the key index's, which the integrity check compares with the nodes.
[[nodiscard]] std::vector<std::string> check_name_index(const GraphReader& reader,
                                                        std::size_t max_problems = 100);

}  // namespace caspian::graph
