// Full-text indexes of graph/fulltext_index.hpp: the catalog record, one document's entries,
// building, dropping and checking. The key layouts are graph/keys.hpp's.
#include "graph/fulltext_index.hpp"

#include "graph/graph_store.hpp"
#include "graph/keys.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace caspian::graph {

namespace {

constexpr std::uint8_t catalog_version = 1;
constexpr std::size_t max_name_bytes = 400;

// | 01 | BE u32 id | 'n'/'r' | varint len, analyzer | varint n, varint ids | varint n, ids |
std::string encode_catalog(const FulltextIndex& index) {
    std::string out(1, char(catalog_version));
    storage::append_be32(out, index.id);
    out += char(index.entity);
    const std::string_view analyzer = analyzer_name(index.analyzer);
    storage::append_varint(out, analyzer.size());
    out += analyzer;
    storage::append_varint(out, index.tokens.size());
    for (std::uint32_t t : index.tokens)
        storage::append_varint(out, t);
    storage::append_varint(out, index.properties.size());
    for (PropertyId p : index.properties)
        storage::append_varint(out, p.value);
    return out;
}

FulltextIndex decode_catalog(std::string_view name, std::string_view bytes) {
    const auto corrupt = [&] {
        return Error(ErrorKind::Corrupt,
                     "full-text index entry '" + std::string(name) + "' is corrupt");
    };
    storage::Reader r(bytes);
    FulltextIndex index;
    index.name = std::string(name);
    if (r.byte() != catalog_version) throw corrupt();
    index.id = storage::read_be32(r.bytes(4).data());
    const char entity = char(r.byte());
    if (entity != char(FulltextEntity::Node) && entity != char(FulltextEntity::Relationship)) {
        throw corrupt();
    }
    index.entity = FulltextEntity(entity);
    const auto analyzer = find_analyzer(r.bytes(r.varint()));
    if (!analyzer) throw corrupt();
    index.analyzer = *analyzer;
    for (std::uint64_t n = r.varint(); n > 0; --n) {
        const std::uint64_t t = r.varint();
        if (t > UINT32_MAX) throw corrupt();
        index.tokens.push_back(std::uint32_t(t));
    }
    for (std::uint64_t n = r.varint(); n > 0; --n) {
        const std::uint64_t p = r.varint();
        if (p > UINT32_MAX) throw corrupt();
        index.properties.emplace_back(std::uint32_t(p));
    }
    if (!r.at_end() || index.properties.empty() || index.tokens.empty()) throw corrupt();
    return index;
}

// A document's terms, each with its (field, position) pairs in order.
using Occurrences = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
using DocumentTerms = std::map<std::string, Occurrences>;

std::uint64_t document_terms(const FulltextIndex& index, const storage::PropertyIds& properties,
                             DocumentTerms& terms) {
    std::uint64_t length = 0;
    for (std::uint32_t field = 0; field < index.properties.size(); ++field) {
        const Value* v = find_property(properties, index.properties[field]);
        if (v == nullptr || v->kind() != ValueKind::String) continue;
        for (Token& t : analyze(index.analyzer, v->as_string())) {
            terms[std::move(t.term)].emplace_back(field, t.position);
            ++length;
        }
    }
    return length;
}

std::string encode_occurrences(const Occurrences& occurrences) {
    std::string out;
    storage::append_varint(out, occurrences.size());
    for (const auto& [field, position] : occurrences) {
        storage::append_varint(out, field);
        storage::append_varint(out, position);
    }
    return out;
}

std::string encode_stats(const FulltextStats& s) {
    std::string out;
    storage::append_be64(out, s.documents);
    storage::append_be64(out, s.tokens);
    return out;
}

std::string stats_key(std::uint32_t index) {
    return fulltext_prefix(FulltextEntry::Stats, index);
}

std::string encode_count(std::uint64_t n) {
    std::string out;
    storage::append_varint(out, n);
    return out;
}

std::uint64_t decode_count(std::string_view bytes, const char* what) {
    storage::Reader r(bytes);
    const std::uint64_t n = r.varint();
    if (!r.at_end())
        throw Error(ErrorKind::Corrupt, std::string("a full-text ") + what + " is corrupt");
    return n;
}

// Every key of the table that starts with prefix.
std::vector<std::string> keys_with_prefix(const GraphReader& reader, std::string_view prefix) {
    std::vector<std::string> keys;
    storage::for_each_with_prefix(
        reader.txn(), reader.txn().tables().fulltext, prefix,
        [&](std::string_view k, std::string_view) { return keys.emplace_back(k), true; });
    return keys;
}

// The ids of the nodes (relationships) the index covers, with their properties.
void visit_documents(const GraphReader& reader, const FulltextIndex& index,
                     const std::function<void(std::uint64_t, const storage::PropertyIds&)>& visit) {
    if (index.entity == FulltextEntity::Node) {
        std::set<std::uint64_t> ids;
        for (std::uint32_t label : index.tokens) {
            reader.scan_label(LabelId(label),
                              [&](NodeId id) { return ids.insert(id.value), true; });
        }
        for (std::uint64_t id : ids) {
            const auto node = reader.node(NodeId{id});
            if (!node) throw Error(ErrorKind::Corrupt, "the label index names a missing node");
            visit(id, node->properties);
        }
        return;
    }
    std::vector<std::uint64_t> ids;
    reader.scan_edges([&](EdgeId id, const EdgeRecord& e) {
        if (index.covers({e.type})) ids.push_back(id.value);
        return true;
    });
    for (std::uint64_t id : ids) {
        const auto edge = reader.edge(EdgeId{id});
        if (!edge) throw Error(ErrorKind::Corrupt, "an edge vanished during a scan");
        visit(id, edge->properties);
    }
}

}  // namespace

bool FulltextIndex::covers(const std::vector<std::uint32_t>& labels_or_type) const {
    for (std::uint32_t t : labels_or_type) {
        if (std::binary_search(tokens.begin(), tokens.end(), t)) return true;
    }
    return false;
}

std::optional<std::uint32_t> FulltextIndex::field(PropertyId property) const {
    const auto it = std::find(properties.begin(), properties.end(), property);
    if (it == properties.end()) return std::nullopt;
    return std::uint32_t(it - properties.begin());
}

std::vector<FulltextIndex> fulltext_indexes(const GraphReader& reader) {
    std::vector<FulltextIndex> out;
    if (!reader.txn().tables().has_fulltext) return out;
    storage::for_each_with_prefix(reader.txn(), reader.txn().tables().fulltext,
                                  std::string(1, char(FulltextEntry::Catalog)),
                                  [&](std::string_view k, std::string_view v) {
                                      return out.push_back(decode_catalog(k.substr(1), v)), true;
                                  });
    return out;
}

std::optional<FulltextIndex> find_fulltext_index(const GraphReader& reader, std::string_view name) {
    if (!reader.txn().tables().has_fulltext || name.size() > max_name_bytes) return std::nullopt;
    const auto v = reader.txn().get(reader.txn().tables().fulltext, fulltext_catalog_key(name));
    if (!v) return std::nullopt;
    return decode_catalog(name, *v);
}

FulltextStats fulltext_stats(const GraphReader& reader, std::uint32_t index) {
    if (!reader.txn().tables().has_fulltext) return {};
    const auto v = reader.txn().get(reader.txn().tables().fulltext, stats_key(index));
    if (!v) return {};
    if (v->size() != 16) throw Error(ErrorKind::Corrupt, "full-text index statistics are corrupt");
    return {storage::read_be64(v->data()), storage::read_be64(v->data() + 8)};
}

void fulltext_document(GraphWriter& writer, const FulltextIndex& index, std::uint64_t id,
                       const storage::PropertyIds& properties, bool add) {
    DocumentTerms terms;
    const std::uint64_t length = document_terms(index, properties, terms);
    if (length == 0) return;  // a document without words is not stored
    storage::WriteTxn& txn = writer.write_txn();
    const MDB_dbi table = txn.tables().fulltext;
    const std::string length_key = fulltext_length_key(index.id, id);
    if (txn.get(table, length_key).has_value() == add) {
        throw Error(ErrorKind::Corrupt, "the full-text index '" + index.name + "' " +
                                            (add ? "already holds" : "lacks") + " document " +
                                            std::to_string(id));
    }
    for (const auto& [term, occurrences] : terms) {
        const std::string term_key = fulltext_term_key(index.id, term);
        const auto df_bytes = txn.get(table, term_key);
        std::uint64_t df = df_bytes ? decode_count(*df_bytes, "term") : 0;
        if (add) {
            txn.put(table, fulltext_posting_key(index.id, term, id),
                    encode_occurrences(occurrences));
            txn.put(table, term_key, encode_count(df + 1));
            continue;
        }
        txn.del(table, fulltext_posting_key(index.id, term, id));
        if (df <= 1) {
            txn.del(table, term_key);
        } else {
            txn.put(table, term_key, encode_count(df - 1));
        }
    }
    FulltextStats stats = fulltext_stats(writer, index.id);
    if (add) {
        txn.put(table, length_key, encode_count(length));
        stats.documents += 1;
        stats.tokens += length;
    } else {
        txn.del(table, length_key);
        stats.documents -= 1;
        stats.tokens -= length;
    }
    if (stats.documents == 0) {
        txn.del(table, stats_key(index.id));
    } else {
        txn.put(table, stats_key(index.id), encode_stats(stats));
    }
}

bool create_fulltext_index(GraphWriter& writer, FulltextIndex index, bool if_not_exists) {
    if (index.name.empty() || index.name.size() > max_name_bytes) {
        throw Error(ErrorKind::Semantic, "a full-text index name must hold 1 to 400 bytes");
    }
    if (index.tokens.empty() || index.properties.empty()) {
        throw Error(ErrorKind::Semantic, "the full-text index '" + index.name +
                                             "' needs at least one label or type and property");
    }
    if (find_fulltext_index(writer, index.name) || find_vector_index(writer, index.name)) {
        if (if_not_exists) return false;
        throw Error(ErrorKind::Semantic, "an index named '" + index.name + "' already exists");
    }
    std::sort(index.tokens.begin(), index.tokens.end());
    index.tokens.erase(std::unique(index.tokens.begin(), index.tokens.end()), index.tokens.end());
    for (std::size_t i = 0; i < index.properties.size(); ++i) {
        if (std::find(index.properties.begin(), index.properties.begin() + long(i),
                      index.properties[i]) != index.properties.begin() + long(i)) {
            throw Error(ErrorKind::Semantic, "the full-text index '" + index.name +
                                                 "' names the property '" +
                                                 writer.name(index.properties[i]) + "' twice");
        }
    }
    storage::WriteTxn& txn = writer.write_txn();
    const std::uint64_t id = decode_counter(txn.get(txn.tables().meta, next_fulltext_key));
    if (id > UINT32_MAX) throw Error(ErrorKind::Constraint, "too many full-text indexes");
    txn.put(txn.tables().meta, next_fulltext_key, id_key(id + 1));
    index.id = std::uint32_t(id);
    txn.put(txn.tables().fulltext, fulltext_catalog_key(index.name), encode_catalog(index));
    visit_documents(writer, index, [&](std::uint64_t doc, const storage::PropertyIds& props) {
        fulltext_document(writer, index, doc, props, true);
    });
    writer.bump_schema_version();
    writer.reload_schema();
    return true;
}

bool drop_fulltext_index(GraphWriter& writer, std::string_view name) {
    const auto index = find_fulltext_index(writer, name);
    if (!index) return false;
    storage::WriteTxn& txn = writer.write_txn();
    for (FulltextEntry entry : {FulltextEntry::Term, FulltextEntry::Posting, FulltextEntry::Length,
                                FulltextEntry::Stats}) {
        for (const std::string& key : keys_with_prefix(writer, fulltext_prefix(entry, index->id)))
            txn.del(txn.tables().fulltext, key);
    }
    txn.del(txn.tables().fulltext, fulltext_catalog_key(name));
    writer.bump_schema_version();
    writer.reload_schema();
    return true;
}

std::vector<std::string> check_fulltext_index(const GraphReader& reader, const FulltextIndex& index,
                                              std::size_t max_problems) {
    // Every entry the data implies, key -> value, then compared with the stored ranges.
    std::map<std::string, std::string> expected;
    std::map<std::string, std::uint64_t> df;
    FulltextStats stats;
    visit_documents(reader, index, [&](std::uint64_t id, const storage::PropertyIds& props) {
        DocumentTerms terms;
        const std::uint64_t length = document_terms(index, props, terms);
        if (length == 0) return;
        for (const auto& [term, occurrences] : terms) {
            expected[fulltext_posting_key(index.id, term, id)] = encode_occurrences(occurrences);
            ++df[term];
        }
        expected[fulltext_length_key(index.id, id)] = encode_count(length);
        stats.documents += 1;
        stats.tokens += length;
    });
    for (const auto& [term, n] : df)
        expected[fulltext_term_key(index.id, term)] = encode_count(n);
    if (stats.documents > 0) expected[stats_key(index.id)] = encode_stats(stats);

    std::vector<std::string> problems;
    const auto problem = [&](std::string text) {
        if (problems.size() < max_problems)
            problems.push_back("full-text index '" + index.name + "': " + std::move(text));
    };
    const auto printable = [](std::string_view key) {
        std::string out;
        for (char c : key.substr(5))
            out += (static_cast<unsigned char>(c) < 0x20) ? '.' : c;
        return out;
    };
    std::set<std::string> stored;
    for (FulltextEntry entry : {FulltextEntry::Term, FulltextEntry::Posting, FulltextEntry::Length,
                                FulltextEntry::Stats}) {
        storage::for_each_with_prefix(
            reader.txn(), reader.txn().tables().fulltext, fulltext_prefix(entry, index.id),
            [&](std::string_view k, std::string_view v) {
                const std::string key(k);
                stored.insert(key);
                const auto it = expected.find(key);
                if (it == expected.end()) {
                    problem("stale entry '" + std::string(1, char(entry)) + printable(key) + "'");
                } else if (it->second != v) {
                    problem("entry '" + std::string(1, char(entry)) + printable(key) +
                            "' does not match the data");
                }
                return true;
            });
    }
    for (const auto& [key, value] : expected) {
        if (!stored.contains(key))
            problem("missing entry '" + key.substr(0, 1) + printable(key) + "'");
    }
    return problems;
}

}  // namespace caspian::graph
