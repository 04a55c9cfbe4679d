// The integrity check of graph/integrity_check.hpp: one pass per table, problems collected as
// lines of text. Reads everything through GraphReader, never a table's bytes.
#include "graph/integrity_check.hpp"

#include "graph/adj_chunk.hpp"
#include "storage/edge_block.hpp"
#include "storage/env.hpp"
#include "storage/page_check.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace caspian::graph {

namespace {

class Checker {
public:
    Checker(const GraphReader& r, IntegrityReport& report) : r_(r), report_(report) {}

    void run() {
        guard("names", [&] { check_names(); });
        guard("label index", [&] { load_label_index(); });
        guard("nodes", [&] { check_nodes(); });
        guard("edges", [&] { check_edges(); });
        guard("encodings", [&] { check_encodings(); });
        guard("key index", [&] { check_key_index(); });
        guard("property indexes", [&] { check_property_indexes(); });
        guard("full-text indexes", [&] {
            for (const FulltextIndex& index : fulltext_indexes(r_)) {
                for (std::string& p : check_fulltext_index(r_, index))
                    problem(std::move(p));
            }
        });
        guard("name index", [&] {
            for (std::string& p : check_name_index(r_))
                problem(std::move(p));
        });
        guard("vector indexes", [&] {
            for (const VectorIndex& index : vector_indexes(r_)) {
                for (std::string& p : check_vector_index(r_, index))
                    problem(std::move(p));
            }
        });
        guard("counts", [&] { check_counts(); });
        if (dropped_ > 0) {
            report_.problems.push_back("... and " + std::to_string(dropped_) + " more problems");
        }
        report_.nodes = node_count_;
        report_.edges = edge_count_;
    }

private:
    static constexpr std::size_t max_problems = 1000;

    void problem(std::string text) {
        if (report_.problems.size() < max_problems) {
            report_.problems.push_back(std::move(text));
        } else {
            ++dropped_;
        }
    }

    template <typename F>
    void guard(const char* what, F&& f) {
        try {
            f();
        } catch (const storage::MapFull&) {
            throw;
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Storage) throw;
            problem(std::string("cannot read the ") + what + ": " + e.what());
        }
    }

    bool resolves(NameKind kind, std::uint32_t id) const {
        const auto& known = kind == NameKind::Label  ? labels_
                            : kind == NameKind::Type ? types_
                                                     : props_;
        return known.count(id) != 0;
    }

    void check_names() {
        check_names_of<NameKind::Label>(labels_);
        check_names_of<NameKind::Type>(types_);
        check_names_of<NameKind::Property>(props_);
        if (auto key = r_.find_name<NameKind::Property>(key_property)) key_prop_ = key->value;
    }

    // Records hold raw ids, so the checker keeps the known ones raw.
    template <NameKind Kind>
    void check_names_of(std::set<std::uint32_t>& known) {
        for (const auto& [id, name] : r_.names<Kind>()) {
            auto back = r_.find_name<Kind>(name);
            if (!back || *back != id) {
                problem("dictionary: name '" + name + "' (id " + std::to_string(id.value) +
                        ") does not map back to its id");
            }
            known.insert(id.value);
        }
    }

    void load_label_index() {
        for (std::uint32_t label : labels_) {
            auto& members = label_index_[label];
            r_.scan_label(LabelId(label), [&](NodeId n) {
                members.insert(n.value);
                return true;
            });
        }
    }

    void check_nodes() {
        std::vector<NodeId> ids;
        r_.scan_nodes([&](NodeId n) {
            ids.push_back(n);
            return true;
        });
        for (NodeId n : ids) {
            const std::string who = "node " + std::to_string(n.value);
            std::optional<storage::NodeRecord> rec;
            try {
                rec = r_.node(n);
            } catch (const Error& e) {
                if (e.kind() == ErrorKind::Storage) throw;
                problem(who + ": record does not decode: " + e.what());
                continue;
            }
            if (!rec) continue;
            ++node_count_;
            for (std::uint32_t label : rec->labels) {
                if (!resolves(NameKind::Label, label)) {
                    problem(who + ": label id " + std::to_string(label) + " does not resolve");
                } else if (label_index_[label].count(n.value) == 0) {
                    problem(who + ": label '" + r_.name(LabelId(label)) +
                            "' is missing from the label index");
                }
                ++label_counts_[label];
            }
            for (const auto& [prop, value] : rec->properties) {
                if (!resolves(NameKind::Property, prop)) {
                    problem(who + ": property id " + std::to_string(prop) + " does not resolve");
                }
                if (key_prop_ && prop == *key_prop_ && value.kind() == ValueKind::String) {
                    auto found = r_.find_key(value.as_string());
                    if (!found || *found != n) {
                        problem(who + ": key '" + value.as_string() +
                                "' is missing from the key index");
                    }
                }
            }
            check_adjacency(n, Direction::Out);
            check_adjacency(n, Direction::In);
        }
        for (const auto& [label, members] : label_index_) {
            for (std::uint64_t n : members) {
                auto rec = r_.node(NodeId{n});
                if (!rec || !std::binary_search(rec->labels.begin(), rec->labels.end(), label)) {
                    problem("label index: '" + r_.name(LabelId(label)) + "' lists node " +
                            std::to_string(n) + " which does not carry it");
                }
            }
        }
    }

    void check_adjacency(NodeId n, Direction dir) {
        const bool out = dir == Direction::Out;
        auto& seen = out ? out_seen_ : in_seen_;
        r_.adjacency(n, dir, std::nullopt, [&](const AdjEntry& e) {
            const std::string who = std::string(out ? "out" : "in") + "-entry of node " +
                                    std::to_string(n.value) + " for edge " +
                                    std::to_string(e.edge.value);
            auto rec = r_.edge(e.edge);
            if (!rec) {
                problem(who + ": the edge does not exist");
                return true;
            }
            const std::uint64_t self = out ? rec->src : rec->dst;
            const std::uint64_t other = out ? rec->dst : rec->src;
            if (self != n.value || other != e.neighbour.value || rec->type != e.type.value) {
                problem(who + ": does not match the edge record");
                return true;
            }
            seen.insert(e.edge.value);
            return true;
        });
    }

    void check_edges() {
        r_.scan_edges([&](EdgeId edge, const storage::EdgeRecord& rec) {
            const std::uint64_t id = edge.value;
            ++edge_count_;
            ++type_counts_[rec.type];
            const std::string who = "edge " + std::to_string(id) + " (" + std::to_string(rec.src) +
                                    ")->(" + std::to_string(rec.dst) + ")";
            if (!resolves(NameKind::Type, rec.type)) {
                problem(who + ": type id " + std::to_string(rec.type) + " does not resolve");
            }
            if (!r_.has_node(NodeId{rec.src})) problem(who + ": source node does not exist");
            if (!r_.has_node(NodeId{rec.dst})) problem(who + ": target node does not exist");
            if (out_seen_.count(id) == 0) problem(who + ": no out-entry at its source");
            if (in_seen_.count(id) == 0) problem(who + ": no in-entry at its target");
            return true;
        });
    }

    // The stored format version fixes the adjacency's layout and the edge records' version
    // (issue #20): a file holds no entry or record its upgrade left behind.
    void check_encodings() {
        const std::uint32_t version = r_.stored_format_version();
        const storage::Txn& txn = r_.txn();
        for (const Direction dir : {Direction::Out, Direction::In}) {
            const std::string side = dir == Direction::Out ? "out" : "in";
            storage::Cursor c(
                txn, dir == Direction::Out ? txn.tables().out_edges : txn.tables().in_edges);
            const std::size_t width = version >= 4 ? adj_entry_size : adj_entry_size_v3;
            MDB_val k, v;
            for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT_NODUP, &k, &v)) {
                if (version < 6 && v.mv_size == width) continue;
                problem(side + "-entries of node " + std::to_string(read_id(k.mv_data)) + ": " +
                        (version >= 6 ? std::string("unpacked entries in a file of format version ")
                                      : std::to_string(v.mv_size) + " bytes each, not the " +
                                            std::to_string(width) + " of format version ") +
                        std::to_string(version));
            }
            if (version >= 6) check_chunks(side, dir);
        }
        check_edge_encodings(version >= 4 ? char(storage::edge_record_version) : char(1));
    }

    // Each chunk decodes, and a node's chunks follow each other without overlap.
    void check_chunks(const std::string& side, Direction dir) {
        const storage::Txn& txn = r_.txn();
        storage::Cursor c(txn, dir == Direction::Out ? txn.tables().out_adj : txn.tables().in_adj);
        MDB_val k, v;
        std::optional<std::pair<NodeId, AdjEntry>> last;
        AdjChunkBuffer entries;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            try {
                const NodeId node = adj_chunk_node(storage::as_view(k));
                const std::size_t n =
                    decode_adj_chunk(storage::as_view(k), storage::as_view(v), entries);
                if (last && last->first == node && !adj_less(last->second, entries[0])) {
                    problem(side + "-chunks of node " + std::to_string(node.value) +
                            " overlap at edge " + std::to_string(entries[0].edge.value));
                }
                last.emplace(node, entries[n - 1]);
            } catch (const Error& error) {
                problem(side + "-chunk: " + error.what());
                last.reset();
            }
        }
    }

    // Version 5 packs the records in blocks keyed by their first id; older versions hold one
    // record per entry. Every record is of the version the format writes.
    void check_edge_encodings(char version) {
        const bool v5 = r_.stored_format_version() >= 5;
        const storage::Txn& txn = r_.txn();
        const auto wrong_record = [&](std::uint64_t id) {
            problem("edge " + std::to_string(id) +
                    ": the record is not of the version format version " +
                    std::to_string(r_.stored_format_version()) + " writes");
        };
        storage::Cursor c(txn, txn.tables().edges);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            const std::uint64_t key = read_id(k.mv_data);
            if (v5 != storage::is_edge_block(storage::as_view(v))) {
                problem("edges entry " + std::to_string(key) +
                        (v5 ? ": not an edge block, which format version 5 writes"
                            : ": an edge block in a file of format version " +
                                  std::to_string(r_.stored_format_version())));
                continue;
            }
            if (!v5) {
                if (storage::as_view(v)[0] != version) wrong_record(key);
                continue;
            }
            if (key != storage::edge_block_first(key)) {
                problem("edge block " + std::to_string(key) + ": its key is not a multiple of " +
                        std::to_string(storage::edge_block_slots));
            }
            const storage::EdgeBlockView block = storage::decode_edge_block(storage::as_view(v));
            for (unsigned slot = 0; slot < storage::edge_block_slots; ++slot) {
                if ((block.present >> slot & 1U) != 0 && block.records[slot][0] != version)
                    wrong_record(key + slot);
            }
        }
    }

    void check_key_index() {
        r_.scan_keys([&](std::string_view key_bytes, std::optional<NodeId> node) {
            const std::string key(key_bytes);
            if (!node) {
                problem("key index: entry '" + key + "' has a malformed value");
                return true;
            }
            const NodeId n = *node;
            auto rec = r_.node(n);
            const Value* value = nullptr;
            if (rec && key_prop_) {
                for (const auto& [prop, val] : rec->properties) {
                    if (prop == *key_prop_) value = &val;
                }
            }
            if (value == nullptr || value->kind() != ValueKind::String ||
                value->as_string() != key) {
                problem("key index: '" + key + "' names node " + std::to_string(n.value) +
                        " which does not have that key");
            }
            return true;
        });
    }

    // Each node with the label and a value the index holds is found by an equality scan, and
    // the index has no more entries than such nodes (a stale entry or a missing one shows).
    void check_property_indexes() {
        for (const auto& [label, property] : r_.indexes()) {
            const std::string which =
                "property index :" + r_.name(label) + "(" + r_.name(property) + ")";
            std::uint64_t expected = 0, entries = 0;
            for (std::uint64_t raw : label_index_[label.value]) {
                const NodeId n(raw);
                auto rec = r_.node(n);
                const Value* v = rec ? find_property(rec->properties, property) : nullptr;
                if (v == nullptr || !r_.index_holds(*v)) continue;
                ++expected;
                bool found = false;
                r_.index_scan(label, property, *v, *v, [&](NodeId id) {
                    found = id == n;
                    return !found;
                });
                if (!found) problem(which + ": node " + std::to_string(raw) + " is missing");
            }
            r_.index_scan(label, property, std::nullopt, std::nullopt, [&](NodeId) {
                ++entries;
                return true;
            });
            if (entries != expected) {
                problem(which + ": " + std::to_string(entries) + " entries for " +
                        std::to_string(expected) + " indexed values");
            }
        }
    }

    void check_counts() {
        if (r_.node_count() != node_count_) {
            problem("counts: " + std::to_string(r_.node_count()) + " nodes recorded, " +
                    std::to_string(node_count_) + " stored");
        }
        if (r_.edge_count() != edge_count_) {
            problem("counts: " + std::to_string(r_.edge_count()) + " edges recorded, " +
                    std::to_string(edge_count_) + " stored");
        }
        for (std::uint32_t label : labels_) {
            const auto recorded = r_.label_count(LabelId(label));
            const auto actual = label_counts_[label];
            if (recorded != actual) {
                problem("counts: label '" + r_.name(LabelId(label)) + "' has " +
                        std::to_string(recorded) + " recorded, " + std::to_string(actual) +
                        " stored");
            }
        }
        for (std::uint32_t type : types_) {
            const auto recorded = r_.type_stats(TypeId(type)).edges;
            const auto actual = type_counts_[type];
            if (recorded != actual) {
                problem("counts: type '" + r_.name(TypeId(type)) + "' has " +
                        std::to_string(recorded) + " recorded, " + std::to_string(actual) +
                        " stored");
            }
        }
    }

    const GraphReader& r_;
    IntegrityReport& report_;
    std::size_t dropped_ = 0;
    std::set<std::uint32_t> labels_, types_, props_;
    std::optional<std::uint32_t> key_prop_;
    std::map<std::uint32_t, std::unordered_set<std::uint64_t>> label_index_;
    std::map<std::uint32_t, std::uint64_t> label_counts_, type_counts_;
    std::unordered_set<std::uint64_t> out_seen_, in_seen_;
    std::uint64_t node_count_ = 0, edge_count_ = 0;
};

}  // namespace

IntegrityReport check_integrity(const GraphReader& reader) {
    IntegrityReport report;
    // The pages first (issue #15): LMDB trusts them, so records are read through it only when
    // every page of the snapshot is sound.
    storage::PageReport pages = storage::check_pages(reader.txn());
    if (!pages.problems.empty()) {
        report.problems = std::move(pages.problems);
        return report;
    }
    Checker(reader, report).run();
    return report;
}

}  // namespace caspian::graph
