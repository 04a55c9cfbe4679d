// BulkLoader: appends nodes and edges in id order and adjacency in sorted batches (see header).
#include "graph/bulk_loader.hpp"

#include "graph/adj_chunk.hpp"
#include "graph/keys.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <future>
#include <iterator>
#include <queue>
#include <utility>

namespace caspian::graph {

using storage::as_val;

namespace {

[[noreturn]] void temp_failed(const char* what) {
    throw Error(ErrorKind::Storage, std::string("cannot ") + what +
                                        " the bulk load's temporary file: " + std::strerror(errno));
}

}  // namespace

// The table's order: by node, then BE (type, neighbour, edge).
bool BulkLoader::by_position(const Pending& a, const Pending& b) {
    if (a.node != b.node) return a.node < b.node;
    if (a.type != b.type) return a.type < b.type;
    if (a.neighbour != b.neighbour) return a.neighbour < b.neighbour;
    return a.edge < b.edge;
}

// Sorts a batch into table order: a radix sort on the node id less the batch's smallest (at
// most 11 bits a pass, so that the counters and the write positions of a pass stay in cache;
// as few passes as the id range needs), then each node's entries by comparison. buffer is
// scratch space, kept by the caller so that its pages are not faulted in again for every
// batch. An optimisation only: std::sort with by_position gives the same order, more slowly.
void BulkLoader::sort_batch(std::vector<Pending>& entries, std::vector<Pending>& buffer) {
    if (entries.empty()) return;
    const auto [lowest, highest] =
        std::minmax_element(entries.begin(), entries.end(),
                            [](const Pending& a, const Pending& b) { return a.node < b.node; });
    const std::uint64_t base = lowest->node;
    const unsigned bits = unsigned(std::bit_width(highest->node - base));
    constexpr unsigned max_digit_bits = 11;
    const unsigned passes = (bits + max_digit_bits - 1) / max_digit_bits;
    buffer.resize(entries.size());
    if (passes > 0) {
        const unsigned digit_bits = (bits + passes - 1) / passes;
        const std::uint64_t mask = (std::uint64_t{1} << digit_bits) - 1;
        std::vector<std::size_t> start(std::size_t{1} << digit_bits);
        for (unsigned shift = 0; shift < bits; shift += digit_bits) {
            std::fill(start.begin(), start.end(), 0);
            for (const Pending& e : entries)
                ++start[((e.node - base) >> shift) & mask];
            std::size_t sum = 0;
            for (std::size_t& n : start)
                sum += std::exchange(n, sum);
            for (const Pending& e : entries)
                buffer[start[((e.node - base) >> shift) & mask]++] = e;
            entries.swap(buffer);
        }
    }
    auto less = [](const Pending& a, const Pending& b) { return by_position(a, b); };
    for (auto it = entries.begin(); it != entries.end();) {
        auto end = it + 1;
        while (end != entries.end() && end->node == it->node)
            ++end;
        if (end - it > 1) std::sort(it, end, less);
        it = end;
    }
}

// Reads a run back a block at a time.
class BulkLoader::RunReader {
public:
    explicit RunReader(const Run& run) : file_(run.file), left_(run.entries) {}
    const Pending* next() {
        if (pos_ == block_.size()) {
            if (left_ == 0) return nullptr;
            block_.resize(std::min<std::uint64_t>(left_, block_entries));
            if (std::fread(block_.data(), sizeof(Pending), block_.size(), file_) != block_.size()) {
                temp_failed("read");
            }
            left_ -= block_.size();
            pos_ = 0;
        }
        return &block_[pos_++];
    }

private:
    static constexpr std::size_t block_entries = 1 << 15;  // 1 MiB
    std::FILE* file_;
    std::uint64_t left_;
    std::vector<Pending> block_;
    std::size_t pos_ = 0;
};

BulkLoader::BulkLoader(GraphWriter& writer, std::size_t batch_edges)
    : writer_(&writer),
      batch_edges_(std::max<std::size_t>(batch_edges, 1)),
      name_keys_(8 * batch_edges_) {
    writer.refresh_schema();
    first_node_ = next_node_ = counter(next_node_key);
    first_edge_ = next_edge_ = counter(next_edge_key);
    const storage::Txn& txn = writer.write_txn();
    nodes_.emplace(txn, txn.tables().nodes);
    edges_.emplace(txn, txn.tables().edges);
    names_were_empty_ = txn.entries(txn.tables().name_index) == 0;
    writer.name_sink_ = &name_keys_;
    writer.schema_pinned_ = true;
}

BulkLoader::~BulkLoader() {
    if (spilling_.valid()) spilling_.wait();
    writer_->name_sink_ = nullptr;
    writer_->schema_pinned_ = false;
    for (const auto* runs : {&out_runs_, &in_runs_}) {
        for (const Run& run : *runs) {
            if (run.file != nullptr) std::fclose(run.file);
        }
    }
}

std::uint64_t BulkLoader::counter(std::string_view name) const {
    const storage::Txn& txn = writer_->write_txn();
    return decode_counter(txn.get(txn.tables().meta, name));
}

std::uint32_t BulkLoader::intern_raw(NameKind kind, std::string_view name) {
    auto& cache = names_[kind == NameKind::Label ? 0 : kind == NameKind::Type ? 1 : 2];
    // std::string keys: C++20 heterogeneous lookup needs a transparent hash; a short string
    // copy here costs less than the B-tree lookup it saves.
    std::string k(name);
    if (auto it = cache.find(k); it != cache.end()) return it->second;
    const std::uint32_t id = writer_->intern_raw(kind, name);
    cache.emplace(std::move(k), id);
    return id;
}

bool BulkLoader::node_exists(std::uint64_t id) const {
    // Nodes added here exist (nothing deletes them meanwhile); older ones are looked up.
    if (id >= first_node_) return id < next_node_;
    return writer_->has_node(NodeId{id});
}

NodeId BulkLoader::add_node(const std::vector<LabelId>& labels_in, PropertyValues properties_in) {
    if (finished_) throw Error(ErrorKind::Internal, "the bulk loader has finished");
    std::vector<std::uint32_t> labels = record_labels(labels_in);
    PropertyIds properties = record_properties(std::move(properties_in));
    normalise_labels(labels);
    normalise_properties(properties);
    const Value* key = writer_->key_id_ ? find_property(properties, *writer_->key_id_) : nullptr;
    // Finds keys of earlier rows too: their key_index entries are already written.
    if (key != nullptr) writer_->check_key(NodeId{0}, *key);
    // Sees earlier rows too: their property index entries are already written.
    writer_->check_unique_as_read(labels, properties, NodeId{0});
    const NodeId id{next_node_};
    NodeRecord node{std::move(labels), std::move(properties)};
    // Ids only grow, so every new node id is past the table's last key.
    nodes_->put(id_key(id), storage::encode_node(node), MDB_APPEND);
    ++next_node_;
    storage::WriteTxn& txn = writer_->write_txn();
    if (key != nullptr) {
        // properties has moved into node: find the key there.
        const Value* stored = find_property(node.properties, *writer_->key_id_);
        txn.put(txn.tables().key_index, stored->as_string(), id_key(id));
    }
    for (std::uint32_t label : node.labels) {
        // The new id is above every id already under the label.
        txn.put(txn.tables().label_index, id_key(LabelId(label)), id_key(id), MDB_APPENDDUP);
        ++labels_[label];
    }
    writer_->index_node(id, node, true);
    return id;
}

EdgeId BulkLoader::add_edge(NodeId src_id, TypeId type, NodeId dst_id,
                            PropertyValues properties_in) {
    const std::uint64_t src = src_id.value, dst = dst_id.value;  // the records' raw ids
    if (finished_) throw Error(ErrorKind::Internal, "the bulk loader has finished");
    PropertyIds properties = record_properties(std::move(properties_in));
    for (std::uint64_t n : {src, dst}) {
        if (!node_exists(n)) {
            throw Error(ErrorKind::Constraint, "node " + std::to_string(n) + " does not exist");
        }
    }
    normalise_properties(properties);
    const std::uint64_t id = next_edge_;
    const EdgeRecord edge{type.value, src, dst, std::move(properties)};
    // Vectors first, as GraphWriter::create_edge: a value the index refuses throws before writing.
    if (writer_->vector_touches(VectorEntity::Relationship, {type.value}, std::nullopt))
        writer_->vector_update(EdgeId{id}, nullptr, &edge);
    const std::uint64_t first = storage::edge_block_first(id);
    if (!edge_block_open_ || first != edge_block_first_) {
        flush_edge_block();
        const storage::Txn& txn = writer_->write_txn();
        const auto stored = txn.get(txn.tables().edges, id_key(first));
        if (stored) edge_block_ = storage::EdgeBlock(*stored);
        edge_block_stored_ = stored.has_value();
        edge_block_first_ = first;
        edge_block_open_ = true;
    }
    edge_block_.set(storage::edge_block_slot(id), storage::encode_edge(edge));
    if (!writer_->fulltext().empty()) {
        writer_->fulltext_update(FulltextEntity::Relationship, id, {type.value}, edge.properties,
                                 true);
    }
    ++next_edge_;
    out_.push_back({src, dst, id, type.value});
    in_.push_back({dst, src, id, type.value});
    ++types_[type.value].edges;
    if (out_.size() >= batch_edges_) spill();
    return EdgeId{id};
}

void BulkLoader::spill() {
    wait_for_spill();
    spill_out_.swap(out_);
    spill_in_.swap(in_);
    out_.reserve(batch_edges_);
    in_.reserve(batch_edges_);
    spilling_ = std::async(std::launch::async, [this] {
        for (auto [entries, runs] :
             {std::pair{&spill_out_, &out_runs_}, std::pair{&spill_in_, &in_runs_}}) {
            sort_batch(*entries, sort_buffer_);
            Run run{std::tmpfile(), entries->size()};
            if (run.file == nullptr) temp_failed("create");
            runs->push_back(run);
            if (std::fwrite(entries->data(), sizeof(Pending), entries->size(), run.file) !=
                entries->size()) {
                temp_failed("write");
            }
            std::rewind(run.file);
            entries->clear();
        }
    });
}

void BulkLoader::wait_for_spill() {
    if (spilling_.valid()) spilling_.get();
}

// Writes the entries of one direction in (node, value) order: the sorted runs and the sorted
// in-memory batch merged.
void BulkLoader::write_dir(Direction dir, std::vector<Pending>& entries, std::vector<Run>& runs) {
    std::vector<RunReader> readers;
    readers.reserve(runs.size());
    for (const Run& run : runs)
        readers.emplace_back(run);
    // Min-heap of (entry, source): source runs.size() is the in-memory batch.
    std::size_t next_in_memory = 0;
    using Head = std::pair<Pending, std::size_t>;
    auto later = [](const Head& a, const Head& b) { return by_position(b.first, a.first); };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
    auto advance = [&](std::size_t source) {
        if (source == readers.size()) {
            if (next_in_memory < entries.size()) heads.emplace(entries[next_in_memory++], source);
        } else if (const Pending* e = readers[source].next()) {
            heads.emplace(*e, source);
        }
    };
    for (std::size_t source = 0; source <= readers.size(); ++source)
        advance(source);

    storage::WriteTxn& txn = writer_->write_txn();
    const MDB_dbi table = dir == Direction::Out ? txn.tables().out_adj : txn.tables().in_adj;
    std::uint64_t last = 0;  // the node of the table's last key: 0 (no node) when empty
    bool has_last = false;
    {
        storage::Cursor c(txn, table);
        MDB_val k, v;
        if (c.move(MDB_LAST, &k, &v)) {
            last = adj_chunk_node(storage::as_view(k)).value;
            has_last = true;
        }
    }
    auto count_new_type = [&](std::uint32_t type) {
        TypeCounts& counts = types_[type];
        ++(dir == Direction::Out ? counts.sources : counts.targets);
    };
    // One node's entries at a time: past the table's last node they are appended as full
    // chunks, each type new at the node; otherwise merged with the node's stored entries.
    std::vector<AdjEntry> group;
    std::uint64_t node = 0;
    storage::Cursor c(txn, table);
    auto put_group = [&] {
        if (group.empty()) return;
        const bool append = !has_last || node > last;
        std::vector<AdjEntry> stored;
        if (!append) stored = take_adj_entries(txn, table, NodeId{node});
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (i > 0 && group[i].type == group[i - 1].type) continue;
            const auto t = group[i].type;
            if (std::none_of(stored.begin(), stored.end(),
                             [t](const AdjEntry& e) { return e.type == t; }))
                count_new_type(t.value);
        }
        if (!stored.empty()) {
            std::vector<AdjEntry> merged;
            merged.reserve(stored.size() + group.size());
            std::merge(stored.begin(), stored.end(), group.begin(), group.end(),
                       std::back_inserter(merged), adj_less);
            group.swap(merged);
        }
        put_adj_chunks(c, NodeId{node}, group, append ? unsigned(MDB_APPEND) : 0U);
        group.clear();
    };
    while (!heads.empty()) {
        const auto [e, source] = heads.top();
        heads.pop();
        advance(source);
        if (e.node != node) {
            put_group();
            node = e.node;
        }
        group.push_back({TypeId(e.type), NodeId{e.neighbour}, EdgeId{e.edge}});
    }
    put_group();
    entries.clear();
    for (Run& run : runs) {
        std::fclose(run.file);
        run.file = nullptr;
    }
    runs.clear();
}

void BulkLoader::flush_edge_block() {
    if (!edge_block_open_) return;
    edges_->put(id_key(edge_block_first_), edge_block_.encode(),
                edge_block_stored_ ? 0U : unsigned(MDB_APPEND));
    edge_block_ = {};
    edge_block_open_ = false;
}

void BulkLoader::finish() {
    if (finished_) return;
    wait_for_spill();
    flush_edge_block();
    // The incoming batch is sorted on a thread of its own while the outgoing one is written (an
    // optimisation only).
    auto in_sorted = std::async(std::launch::async, [this] { sort_batch(in_, spill_in_); });
    sort_batch(out_, sort_buffer_);
    write_dir(Direction::Out, out_, out_runs_);
    in_sorted.get();
    write_dir(Direction::In, in_, in_runs_);
    writer_->name_sink_ = nullptr;
    writer_->schema_pinned_ = false;
    {
        storage::Cursor c(writer_->write_txn(), writer_->write_txn().tables().name_index);
        name_keys_.write(c, names_were_empty_ ? MDB_APPEND : 0);
    }
    nodes_.reset();
    edges_.reset();
    finished_ = true;
    storage::WriteTxn& txn = writer_->write_txn();
    if (next_node_ != first_node_) {
        txn.put(txn.tables().meta, next_node_key, id_key(next_node_));
        writer_->add_stat(StatKind::Nodes, 0, std::int64_t(next_node_ - first_node_));
    }
    if (next_edge_ != first_edge_) {
        txn.put(txn.tables().meta, next_edge_key, id_key(next_edge_));
        writer_->add_stat(StatKind::Edges, 0, std::int64_t(next_edge_ - first_edge_));
    }
    for (const auto& [label, n] : labels_)
        writer_->add_stat(StatKind::Label, label, n);
    for (const auto& [type, counts] : types_) {
        writer_->add_stat(StatKind::Type, type, counts.edges);
        if (counts.sources != 0) writer_->add_stat(StatKind::Sources, type, counts.sources);
        if (counts.targets != 0) writer_->add_stat(StatKind::Targets, type, counts.targets);
    }
}

}  // namespace caspian::graph
