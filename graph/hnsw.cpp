// The HNSW graph of a vector index (graph/vector_index.hpp), read and written in LMDB: every
// link list, reverse link and vector is an entry of the `vector` table (graph/keys.hpp), so an
// insert or a delete is part of the writer's transaction and rolls back with it. Between calls
// only a batch (VectorBatchInsert) keeps anything in memory: its bounded cache.
#include "graph/graph_store.hpp"
#include "graph/keys.hpp"
#include "graph/vector_index.hpp"
#include "graph/vector_kernels.hpp"
#include "graph/vector_quantized.hpp"

#include "storage/bytes.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <queue>
#include <unordered_map>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

namespace {

constexpr std::uint8_t max_level = 16;

struct Entry {
    std::uint64_t node = 0;
    std::uint8_t level = 0;
    std::uint64_t count = 0;
};

struct Nearer {
    bool operator()(const VectorHit& a, const VectorHit& b) const { return nearer(a, b); }
};
struct Farther {
    bool operator()(const VectorHit& a, const VectorHit& b) const { return nearer(b, a); }
};

// The nodes one search has seen: open addressing over a power-of-two table, no node per
// allocation (std::unordered_set spent more time in malloc than the search in distances).
class Visited {
public:
    explicit Visited(std::size_t expected) {
        std::size_t capacity = 1024;
        while (capacity < expected * 2)
            capacity *= 2;
        slots_.assign(capacity, empty);
    }
    // False when the node was seen already.
    bool insert(std::uint64_t node) {
        if (size_ * 2 >= slots_.size()) grow();
        if (!place(slots_, node)) return false;
        ++size_;
        return true;
    }

private:
    static constexpr std::uint64_t empty = ~std::uint64_t{0};  // no node has this id
    static bool place(std::vector<std::uint64_t>& slots, std::uint64_t node) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t at = std::size_t(node * 0x9e3779b97f4a7c15ULL >> 20) & mask;;
             at = (at + 1) & mask) {
            if (slots[at] == node) return false;
            if (slots[at] == empty) {
                slots[at] = node;
                return true;
            }
        }
    }
    void grow() {
        std::vector<std::uint64_t> bigger(slots_.size() * 2, empty);
        for (std::uint64_t n : slots_) {
            if (n != empty) place(bigger, n);
        }
        slots_ = std::move(bigger);
    }
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

struct LinkKey {
    std::uint64_t node;
    std::uint8_t level;
    bool operator==(const LinkKey&) const = default;
};
struct LinkKeyHash {
    std::size_t operator()(const LinkKey& k) const {
        return std::size_t((k.node * 0x9e3779b97f4a7c15ULL) ^ k.level);
    }
};

}  // namespace

// Decoded vectors and link lists of one index, shared by the inserts of a batch (one write
// transaction; every write of the index goes through it, so it never goes stale). Bounded by
// bytes: past the budget it empties between two operations, never during one, so the
// pointers an operation holds stay valid.
class VectorCache {
public:
    explicit VectorCache(std::size_t budget) : budget_(budget) {}

    struct Stored {
        std::uint8_t level = 0;
        std::vector<float> floats;
    };

    void trim() {
        if (bytes_ <= budget_) return;
        vectors_.clear();
        links_.clear();
        bytes_ = 0;
    }
    const Stored* vector(std::uint64_t node) const {
        const auto it = vectors_.find(node);
        return it == vectors_.end() ? nullptr : &it->second;
    }
    const Stored& put_vector(std::uint64_t node, std::uint8_t level, const char* bytes,
                             std::size_t dims) {
        Stored s{level, std::vector<float>(dims)};
        std::memcpy(s.floats.data(), bytes, dims * 4);
        const auto [it, added] = vectors_.insert_or_assign(node, std::move(s));
        if (added) bytes_ += dims * 4 + overhead;
        return it->second;
    }
    void drop_vector(std::uint64_t node) { vectors_.erase(node); }
    std::vector<std::uint64_t>* links(std::uint64_t node, std::uint8_t level) {
        const auto it = links_.find({node, level});
        return it == links_.end() ? nullptr : &it->second;
    }
    std::vector<std::uint64_t>& put_links(std::uint64_t node, std::uint8_t level,
                                          std::vector<std::uint64_t> to) {
        bytes_ += to.size() * 8 + overhead;  // a replaced list counts twice until the next trim
        return links_.insert_or_assign({node, level}, std::move(to)).first->second;
    }

private:
    static constexpr std::size_t overhead = 64;  // a hash node and a vector header, about
    std::size_t budget_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::uint64_t, Stored> vectors_;
    std::unordered_map<LinkKey, std::vector<std::uint64_t>, LinkKeyHash> links_;
};

namespace {

// One index's graph over one transaction. Without a cache (searches), vectors are compared
// where they lie in the map and link lists are decoded into scratch_; with one (writes), both
// are copied into it, since writes move the map's views.
class Graph {
public:
    Graph(const storage::Txn& txn, const VectorIndex& index, VectorCache* cache = nullptr)
        : txn_(txn), table_(txn.tables().vector), index_(index), cache_(cache) {}

    std::optional<Entry> entry() const {
        const auto v = txn_.get(table_, vector_prefix(VectorEntry::Entry, index_.id));
        if (!v) return std::nullopt;
        if (v->size() != 17) corrupt(index_, "the entry point is corrupt");
        return Entry{storage::read_be64(v->data()), std::uint8_t((*v)[8]),
                     storage::read_be64(v->data() + 9)};
    }

    struct StoredRef {
        const char* floats;  // index_.dimensions float32s, maybe unaligned
        std::uint8_t level;
    };

    // A node's level and floats; nullopt when it is not indexed. Without a cache the floats
    // live until the transaction's next write.
    std::optional<StoredRef> find(std::uint64_t node) const {
        if (cache_ != nullptr) {
            if (const VectorCache::Stored* s = cache_->vector(node))
                return StoredRef{reinterpret_cast<const char*>(s->floats.data()), s->level};
        }
        const auto v = txn_.get(table_, vector_node_key(VectorEntry::Vector, index_.id, node));
        if (!v) return std::nullopt;
        if (v->size() != 1 + std::size_t{index_.dimensions} * 4)
            corrupt(index_, "the vector of node " + std::to_string(node) + " is corrupt");
        const auto level = std::uint8_t((*v)[0]);
        if (cache_ == nullptr) return StoredRef{v->data() + 1, level};
        const VectorCache::Stored& s =
            cache_->put_vector(node, level, v->data() + 1, index_.dimensions);
        return StoredRef{reinterpret_cast<const char*>(s.floats.data()), level};
    }

    StoredRef at(std::uint64_t node) const {
        const auto s = find(node);
        if (!s) corrupt(index_, "a link names node " + std::to_string(node) + ", not indexed");
        return *s;
    }

    float distance_to(const float* q, std::uint64_t node) const {
        return vector_distance(index_.similarity, q, at(node).floats, index_.dimensions);
    }

    // A node's links at a level, valid until the next call (scratch_) or the next write.
    const std::vector<std::uint64_t>& links(std::uint64_t node, std::uint8_t level) const {
        if (cache_ != nullptr) {
            if (std::vector<std::uint64_t>* cached = cache_->links(node, level)) return *cached;
        }
        std::vector<std::uint64_t> out;
        const auto v = txn_.get(table_, vector_links_key(index_.id, node, level));
        if (v) {
            if (v->size() % 8 != 0) corrupt(index_, "a link list is corrupt");
            out.reserve(v->size() / 8);
            for (std::size_t i = 0; i < v->size(); i += 8)
                out.push_back(storage::read_be64(v->data() + i));
        }
        if (cache_ != nullptr) return cache_->put_links(node, level, std::move(out));
        scratch_ = std::move(out);
        return scratch_;
    }

    // The greedy walk of the upper levels: the nearest node reachable from start.
    VectorHit greedy(const float* q, VectorHit at, std::uint8_t level) const {
        for (bool moved = true; moved;) {
            moved = false;
            for (std::uint64_t n : links(at.node, level)) {
                const VectorHit h{n, distance_to(q, n)};
                if (nearer(h, at)) {
                    at = h;
                    moved = true;
                }
            }
        }
        return at;
    }

    // The ef nearest nodes of one level reachable from the entries, nearest first.
    std::vector<VectorHit> search_level(const float* q, const std::vector<VectorHit>& entries,
                                        std::size_t ef, std::uint8_t level) const {
        Visited visited(ef * 8);
        std::priority_queue<VectorHit, std::vector<VectorHit>, Farther> candidates;
        std::priority_queue<VectorHit, std::vector<VectorHit>, Nearer> found;  // top: farthest
        for (const VectorHit& e : entries) {
            if (!visited.insert(e.node)) continue;
            candidates.push(e);
            found.push(e);
            if (found.size() > ef) found.pop();
        }
        while (!candidates.empty()) {
            const VectorHit c = candidates.top();
            candidates.pop();
            if (found.size() >= ef && nearer(found.top(), c)) break;
            for (std::uint64_t n : links(c.node, level)) {
                if (!visited.insert(n)) continue;
                const VectorHit h{n, distance_to(q, n)};
                if (found.size() < ef || nearer(h, found.top())) {
                    candidates.push(h);
                    found.push(h);
                    if (found.size() > ef) found.pop();
                }
            }
        }
        std::vector<VectorHit> out(found.size());
        for (std::size_t i = out.size(); i-- > 0; found.pop())
            out[i] = found.top();
        return out;
    }

    std::vector<VectorHit> search(const float* q, std::size_t ef) const {
        const auto e = entry();
        if (!e) return {};
        VectorHit at{e->node, distance_to(q, e->node)};
        for (std::uint8_t l = e->level; l > 0; --l)
            at = greedy(q, at, l);
        return search_level(q, {at}, ef, 0);
    }

protected:
    const storage::Txn& txn_;
    MDB_dbi table_;
    const VectorIndex& index_;
    VectorCache* cache_;
    mutable std::vector<std::uint64_t> scratch_;
};

// The writes: links kept with their reverse entries, the heuristic of the HNSW paper
// (Malkov & Yashunin, algorithm 4) to choose among candidates. Every vector and link list
// read or written goes through the cache.
class GraphWrite : public Graph {
public:
    GraphWrite(storage::WriteTxn& txn, const VectorIndex& index, VectorCache& cache)
        : Graph(txn, index, &cache), w_(txn) {}

    float between(std::uint64_t a, std::uint64_t b) const {
        const char* va = at(a).floats;  // both are the cache's copies: no trim inside an operation
        const char* vb = at(b).floats;
        return vector_distance(index_.similarity, reinterpret_cast<const float*>(va), vb,
                               index_.dimensions);
    }

    std::size_t max_links(std::uint8_t level) const {
        return level == 0 ? std::size_t{index_.m} * 2 : index_.m;
    }

    // Candidates sorted nearest first (distances to the base node): a candidate is kept when it
    // is nearer to the base than to every one kept so far, so links spread in all directions.
    // The nearest of the others fill the list up to m: in many dimensions the rule alone keeps
    // too few links, and recall drops.
    std::vector<std::uint64_t> choose(const std::vector<VectorHit>& sorted, std::size_t m) const {
        std::vector<std::uint64_t> kept, skipped;
        for (const VectorHit& c : sorted) {
            if (kept.size() >= m) break;
            bool good = true;
            for (std::uint64_t k : kept) {
                if (between(c.node, k) < c.distance) {
                    good = false;
                    break;
                }
            }
            (good ? kept : skipped).push_back(c.node);
        }
        for (std::size_t i = 0; i < skipped.size() && kept.size() < m; ++i)
            kept.push_back(skipped[i]);
        return kept;
    }

    void set_links(std::uint64_t node, std::uint8_t level, std::vector<std::uint64_t> to) {
        const std::vector<std::uint64_t> old = links(node, level);
        for (std::uint64_t n : old) {
            if (std::find(to.begin(), to.end(), n) == to.end())
                w_.del(table_, vector_reverse_key(index_.id, n, level, node));
        }
        for (std::uint64_t n : to) {
            if (std::find(old.begin(), old.end(), n) == old.end())
                w_.put(table_, vector_reverse_key(index_.id, n, level, node), "");
        }
        const std::string key = vector_links_key(index_.id, node, level);
        if (to.empty()) {
            if (!old.empty()) w_.del(table_, key);
        } else {
            std::string bytes;
            bytes.reserve(to.size() * 8);
            for (std::uint64_t n : to)
                storage::append_be64(bytes, n);
            w_.put(table_, key, bytes);
        }
        cache_->put_links(node, level, std::move(to));
    }

    // Links node to `to` at level and back, pruning a neighbour's list that grows too long.
    void connect(std::uint64_t node, std::uint8_t level, const std::vector<std::uint64_t>& to) {
        set_links(node, level, to);
        for (std::uint64_t n : to) {
            std::vector<std::uint64_t> theirs = links(n, level);
            theirs.push_back(node);
            if (theirs.size() > max_links(level)) {
                std::vector<VectorHit> sorted;
                sorted.reserve(theirs.size());
                for (std::uint64_t t : theirs)
                    sorted.push_back({t, between(n, t)});
                std::sort(sorted.begin(), sorted.end(), nearer);
                theirs = choose(sorted, max_links(level));
            }
            set_links(n, level, std::move(theirs));
        }
    }

    void put_entry(const Entry& e) {
        std::string bytes;
        storage::append_be64(bytes, e.node);
        bytes += char(e.level);
        storage::append_be64(bytes, e.count);
        w_.put(table_, vector_prefix(VectorEntry::Entry, index_.id), bytes);
    }

    void insert(std::uint64_t node, std::span<const float> v) {
        cache_->trim();
        const std::uint8_t level = level_for(node);
        std::string bytes(1, char(level));
        bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * 4);
        const std::string key = vector_node_key(VectorEntry::Vector, index_.id, node);
        if (find(node)) corrupt(index_, "node " + std::to_string(node) + " is in twice");
        const auto e = entry();
        if (e && !first_with(vector_prefix(VectorEntry::Quantized, index_.id))) add_quantized();
        w_.put(table_, key, bytes);
        w_.put(table_, vector_node_key(VectorEntry::Quantized, index_.id, node),
               quantize_vector(v));
        cache_->put_vector(node, level, bytes.data() + 1, index_.dimensions);
        for (std::uint8_t l = 1; l <= level; ++l)
            w_.put(table_, vector_level_key(index_.id, l, node), "");
        if (!e) {
            put_entry({node, level, 1});
            return;
        }
        const float* q = v.data();
        VectorHit at{e->node, distance_to(q, e->node)};
        for (std::uint8_t l = e->level; l > level; --l)
            at = greedy(q, at, l);
        std::vector<VectorHit> entries{at};
        for (int l = std::min(level, e->level); l >= 0; --l) {
            const auto lv = std::uint8_t(l);
            std::vector<VectorHit> found = search_level(q, entries, index_.ef_construction, lv);
            connect(node, lv, choose(found, index_.m));
            entries = std::move(found);
        }
        put_entry(level > e->level ? Entry{node, level, e->count + 1}
                                   : Entry{e->node, e->level, e->count + 1});
    }

    // Every node linking to node at level (the reverse entries).
    std::vector<std::uint64_t> linked_from(std::uint64_t node, std::uint8_t level) const {
        std::string prefix = vector_node_key(VectorEntry::Reverse, index_.id, node);
        prefix += char(level);
        std::vector<std::uint64_t> out;
        Cursor c(txn_, table_);
        MDB_val k = as_val(prefix), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
             ok = c.move(MDB_NEXT, &k, &v)) {
            if (k.mv_size != prefix.size() + 8) corrupt(index_, "a reverse link is corrupt");
            out.push_back(storage::read_be64(as_view(k).data() + prefix.size()));
        }
        return out;
    }

    // The first key of a range, or nullopt.
    std::optional<std::string> first_with(const std::string& prefix) const {
        Cursor c(txn_, table_);
        MDB_val k = as_val(prefix), v;
        if (!c.move(MDB_SET_RANGE, &k, &v) || !as_view(k).starts_with(prefix)) return std::nullopt;
        return std::string(as_view(k));
    }

    void remove(std::uint64_t node) {
        cache_->trim();
        const auto stored = find(node);
        if (!stored) corrupt(index_, "node " + std::to_string(node) + " is missing");
        const std::uint8_t level = stored->level;
        for (int l = level; l >= 0; --l) {
            const auto lv = std::uint8_t(l);
            const std::vector<std::uint64_t> mine = links(node, lv);
            // Each node that linked here chooses again among its links and the removed node's.
            for (std::uint64_t from : linked_from(node, lv)) {
                std::vector<std::uint64_t> choices = links(from, lv);
                choices.insert(choices.end(), mine.begin(), mine.end());
                std::sort(choices.begin(), choices.end());
                choices.erase(std::unique(choices.begin(), choices.end()), choices.end());
                std::vector<VectorHit> sorted;
                for (std::uint64_t n : choices) {
                    if (n != node && n != from) sorted.push_back({n, between(from, n)});
                }
                std::sort(sorted.begin(), sorted.end(), nearer);
                set_links(from, lv, choose(sorted, max_links(lv)));
            }
            set_links(node, lv, {});
            if (lv > 0) w_.del(table_, vector_level_key(index_.id, lv, node));
        }
        w_.del(table_, vector_node_key(VectorEntry::Vector, index_.id, node));
        w_.del(table_, vector_node_key(VectorEntry::Quantized, index_.id, node));
        cache_->drop_vector(node);
        const auto e = entry();
        if (!e) corrupt(index_, "the entry point is missing");
        if (e->count <= 1) {
            w_.del(table_, vector_prefix(VectorEntry::Entry, index_.id));
            return;
        }
        if (e->node != node) {
            put_entry({e->node, e->level, e->count - 1});
            return;
        }
        // The entry point moves to a node of the highest level left.
        for (int l = e->level; l >= 1; --l) {
            std::string prefix = vector_prefix(VectorEntry::Level, index_.id);
            prefix += char(l);
            if (const auto k = first_with(prefix)) {
                put_entry(
                    {storage::read_be64(k->data() + prefix.size()), std::uint8_t(l), e->count - 1});
                return;
            }
        }
        const std::string prefix = vector_prefix(VectorEntry::Vector, index_.id);
        const auto k = first_with(prefix);
        if (!k) corrupt(index_, "the count says nodes are left, but none are");
        put_entry({storage::read_be64(k->data() + prefix.size()), 0, e->count - 1});
    }

    // The int8 copies of an index made by a build from before them, added on its first insert
    // (graph/vector_quantized.hpp): read a thousand float32 copies, write theirs, go on.
    void add_quantized() {
        const std::string prefix = vector_prefix(VectorEntry::Vector, index_.id);
        std::string from = prefix;
        for (bool more = true; more;) {
            std::vector<std::pair<std::uint64_t, std::vector<float>>> chunk;
            {
                Cursor c(txn_, table_);
                MDB_val k = as_val(from), v;
                for (bool ok = c.move(MDB_SET_RANGE, &k, &v);; ok = c.move(MDB_NEXT, &k, &v)) {
                    more = ok && as_view(k).starts_with(prefix);
                    if (!more || chunk.size() == 1000) break;
                    if (k.mv_size != prefix.size() + 8 ||
                        v.mv_size != 1 + std::size_t{index_.dimensions} * 4)
                        corrupt(index_, "a vector entry is corrupt");
                    std::vector<float> floats(index_.dimensions);
                    std::memcpy(floats.data(), as_view(v).data() + 1, floats.size() * 4);
                    chunk.emplace_back(storage::read_be64(as_view(k).data() + prefix.size()),
                                       std::move(floats));
                }
                if (more) from = std::string(as_view(k));
            }
            for (const auto& [node, floats] : chunk)
                w_.put(table_, vector_node_key(VectorEntry::Quantized, index_.id, node),
                       quantize_vector(floats));
        }
    }

    // A node's level, from its id (splitmix64): the same in every run and every rebuild, with
    // P(level >= l) = m^-l as the paper's mL = 1/ln(m) gives.
    std::uint8_t level_for(std::uint64_t node) const {
        std::uint64_t z = node + 0x9e3779b97f4a7c15ULL * (std::uint64_t{index_.id} + 1);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        const double u = (double(z >> 11) + 1.0) * 0x1.0p-53;  // in (0, 1]
        const double level = -std::log(u) / std::log(double(std::max(index_.m, 2u)));
        return std::uint8_t(std::min(level, double(max_level)));
    }

private:
    storage::WriteTxn& w_;
};

}  // namespace

void vector_insert(GraphWriter& writer, const VectorIndex& index, std::uint64_t node,
                   std::span<const float> vector) {
    VectorCache cache(vector_cache_bytes);
    GraphWrite(writer.write_txn(), index, cache).insert(node, vector);
}

void vector_remove(GraphWriter& writer, const VectorIndex& index, std::uint64_t node) {
    VectorCache cache(vector_cache_bytes);
    GraphWrite(writer.write_txn(), index, cache).remove(node);
}

VectorBatchInsert::VectorBatchInsert(GraphWriter& writer, const VectorIndex& index,
                                     std::size_t cache_bytes)
    : writer_(writer), index_(index), cache_(std::make_unique<VectorCache>(cache_bytes)) {}

VectorBatchInsert::~VectorBatchInsert() = default;

void VectorBatchInsert::insert(std::uint64_t node, std::span<const float> vector) {
    GraphWrite(writer_.write_txn(), index_, *cache_).insert(node, vector);
}

bool vector_exact_is_cheaper(const VectorIndex& index, std::uint64_t count, std::size_t ef) {
    return std::uint64_t{ef} * 2 * std::max<std::uint64_t>(index.m, 1) >= count;
}

namespace {

// Whether two answers name the same k nearest (as sets: ties may swap places).
bool same_nearest(const std::vector<VectorHit>& a, const std::vector<VectorHit>& b, std::size_t k) {
    const std::size_t n = std::min({k, a.size(), b.size()});
    if (std::min(k, a.size()) != std::min(k, b.size())) return false;
    std::vector<std::uint64_t> x, y;
    for (std::size_t i = 0; i < n; ++i) {
        x.push_back(a[i].node);
        y.push_back(b[i].node);
    }
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    return x == y;
}

}  // namespace

VectorSearchResult vector_search_adaptive(const GraphReader& reader, const VectorIndex& index,
                                          std::span<const float> query, std::size_t k) {
    const std::uint64_t count = vector_count(reader, index);
    std::vector<VectorHit> last;
    bool scan = true;  // false once the index turned out to lack int8 copies
    for (std::size_t ef = std::max<std::size_t>(128, 2 * k);; ef *= 2) {
        if (scan && vector_scan_is_cheaper(index, count, ef)) {
            if (auto hits = vector_quantized_scan(reader, index, query, quantized_candidates(k)))
                return {std::move(*hits), std::max<std::size_t>(ef, count), false};
            scan = false;
        }
        if (vector_exact_is_cheaper(index, count, ef))
            return {vector_exact(reader, index, query), ef, true};
        std::vector<VectorHit> hits = vector_search(reader, index, query, ef);
        if (!last.empty() && same_nearest(last, hits, k)) return {std::move(hits), ef, false};
        last = std::move(hits);
    }
}

std::vector<VectorHit> vector_search(const GraphReader& reader, const VectorIndex& index,
                                     std::span<const float> query, std::size_t ef) {
    if (!reader.txn().tables().has_vector) return {};
    return Graph(reader.txn(), index).search(query.data(), std::max<std::size_t>(ef, 1));
}

std::vector<VectorHit> vector_exact(const GraphReader& reader, const VectorIndex& index,
                                    std::span<const float> query, std::size_t limit) {
    std::vector<VectorHit> out;
    if (!reader.txn().tables().has_vector) return out;
    out.reserve(vector_count(reader, index));
    const std::string prefix = vector_prefix(VectorEntry::Vector, index.id);
    const std::size_t n = index.dimensions;
    Cursor c(reader.txn(), reader.txn().tables().vector);
    MDB_val k = as_val(prefix), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
         ok = c.move(MDB_NEXT, &k, &v)) {
        if (k.mv_size != prefix.size() + 8 || v.mv_size != 1 + n * 4)
            corrupt(index, "a vector entry is corrupt");
        const char* key = static_cast<const char*>(k.mv_data);
        const char* floats = static_cast<const char*>(v.mv_data) + 1;
        out.push_back({storage::read_be64(key + prefix.size()),
                       vector_distance(index.similarity, query.data(), floats, n)});
    }
    // Only the nearest `limit` need an order.
    if (limit < out.size()) {
        std::nth_element(out.begin(), out.begin() + std::ptrdiff_t(limit), out.end(), nearer);
        out.resize(limit);
    }
    std::sort(out.begin(), out.end(), nearer);
    return out;
}

std::uint64_t vector_count(const GraphReader& reader, const VectorIndex& index) {
    if (!reader.txn().tables().has_vector) return 0;
    const auto e = Graph(reader.txn(), index).entry();
    return e ? e->count : 0;
}

}  // namespace caspian::graph
