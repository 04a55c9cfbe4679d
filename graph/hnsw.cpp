// The HNSW graph of a vector index (graph/vector_index.hpp), read and written in LMDB: every
// link list, reverse link and vector is an entry of the `vector` table (graph/keys.hpp), so an
// insert or a delete is part of the writer's transaction and rolls back with it. Nothing of the
// graph is kept in memory between calls.
#include "graph/graph_store.hpp"
#include "graph/keys.hpp"
#include "graph/vector_index.hpp"

#include "storage/bytes.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

namespace {

constexpr std::uint8_t max_level = 16;

[[noreturn]] void corrupt(const VectorIndex& index, const std::string& what) {
    throw Error(ErrorKind::Corrupt, "vector index '" + index.name + "': " + what);
}

// The distance the graph orders by: 1 - dot for unit vectors (cosine), else squared L2. The
// stored floats are read with memcpy: LMDB aligns values to 2 bytes only.
float distance(Similarity s, const float* q, const char* stored, std::size_t n) {
    float a[4] = {0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        float x[4];
        std::memcpy(x, stored + i * 4, sizeof x);
        for (int j = 0; j < 4; ++j) {
            const float d = s == Similarity::Cosine ? q[i + j] * x[j] : q[i + j] - x[j];
            a[j] += s == Similarity::Cosine ? d : d * d;
        }
    }
    for (; i < n; ++i) {
        float x;
        std::memcpy(&x, stored + i * 4, sizeof x);
        const float d = s == Similarity::Cosine ? q[i] * x : q[i] - x;
        a[0] += s == Similarity::Cosine ? d : d * d;
    }
    const float sum = (a[0] + a[1]) + (a[2] + a[3]);
    return s == Similarity::Cosine ? 1.0f - sum : sum;
}

struct Entry {
    std::uint64_t node = 0;
    std::uint8_t level = 0;
    std::uint64_t count = 0;
};

bool nearer(const VectorHit& a, const VectorHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.node < b.node);
}

struct Nearer {
    bool operator()(const VectorHit& a, const VectorHit& b) const { return nearer(a, b); }
};
struct Farther {
    bool operator()(const VectorHit& a, const VectorHit& b) const { return nearer(b, a); }
};

// One index's graph over one transaction. Views into the map are used before the next write
// only; vectors needed across writes are copied (cache_), for one operation at a time.
class Graph {
public:
    Graph(const storage::Txn& txn, const VectorIndex& index)
        : txn_(txn), table_(txn.tables().vector), index_(index) {}

    std::optional<Entry> entry() const {
        const auto v = txn_.get(table_, vector_prefix(VectorEntry::Entry, index_.id));
        if (!v) return std::nullopt;
        if (v->size() != 17) corrupt(index_, "the entry point is corrupt");
        return Entry{storage::read_be64(v->data()), std::uint8_t((*v)[8]),
                     storage::read_be64(v->data() + 9)};
    }

    // The stored floats of a node (after its level byte); nullopt when it is not indexed.
    std::optional<std::string_view> stored(std::uint64_t node) const {
        const auto v = txn_.get(table_, vector_node_key(VectorEntry::Vector, index_.id, node));
        if (!v) return std::nullopt;
        if (v->size() != 1 + std::size_t{index_.dimensions} * 4)
            corrupt(index_, "the vector of node " + std::to_string(node) + " is corrupt");
        return v->substr(1);
    }

    std::uint8_t level_of(std::uint64_t node) const {
        const auto v = txn_.get(table_, vector_node_key(VectorEntry::Vector, index_.id, node));
        if (!v || v->empty()) corrupt(index_, "a link names node " + std::to_string(node));
        return std::uint8_t((*v)[0]);
    }

    float distance_to(const float* q, std::uint64_t node) const {
        const auto s = stored(node);
        if (!s) corrupt(index_, "a link names node " + std::to_string(node) + ", not indexed");
        return distance(index_.similarity, q, s->data(), index_.dimensions);
    }

    std::vector<std::uint64_t> links(std::uint64_t node, std::uint8_t level) const {
        std::vector<std::uint64_t> out;
        const auto v = txn_.get(table_, vector_links_key(index_.id, node, level));
        if (!v) return out;
        if (v->size() % 8 != 0) corrupt(index_, "a link list is corrupt");
        for (std::size_t i = 0; i < v->size(); i += 8)
            out.push_back(storage::read_be64(v->data() + i));
        return out;
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
        std::unordered_set<std::uint64_t> visited;
        std::priority_queue<VectorHit, std::vector<VectorHit>, Farther> candidates;
        std::priority_queue<VectorHit, std::vector<VectorHit>, Nearer> found;  // top: farthest
        for (const VectorHit& e : entries) {
            if (!visited.insert(e.node).second) continue;
            candidates.push(e);
            found.push(e);
            if (found.size() > ef) found.pop();
        }
        while (!candidates.empty()) {
            const VectorHit c = candidates.top();
            candidates.pop();
            if (found.size() >= ef && nearer(found.top(), c)) break;
            for (std::uint64_t n : links(c.node, level)) {
                if (!visited.insert(n).second) continue;
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

    const VectorIndex& index() const { return index_; }
    const storage::Txn& txn() const { return txn_; }
    MDB_dbi table() const { return table_; }

protected:
    const storage::Txn& txn_;
    MDB_dbi table_;
    const VectorIndex& index_;
};

// The writes: links kept with their reverse entries, the heuristic of the HNSW paper
// (Malkov & Yashunin, algorithm 4) to choose among candidates.
class GraphWrite : public Graph {
public:
    GraphWrite(storage::WriteTxn& txn, const VectorIndex& index) : Graph(txn, index), w_(txn) {}

    // A copy of a node's vector, kept for this operation (writes move the map's views).
    const std::vector<float>& vec(std::uint64_t node) {
        auto it = cache_.find(node);
        if (it != cache_.end()) return it->second;
        const auto s = stored(node);
        if (!s) corrupt(index_, "a link names node " + std::to_string(node) + ", not indexed");
        std::vector<float> v(index_.dimensions);
        std::memcpy(v.data(), s->data(), v.size() * 4);
        return cache_.emplace(node, std::move(v)).first->second;
    }

    float between(std::uint64_t a, std::uint64_t b) {
        const std::vector<float>& va = vec(a);  // references into cache_ survive a rehash
        const std::vector<float>& vb = vec(b);
        return distance(index_.similarity, va.data(), reinterpret_cast<const char*>(vb.data()),
                        va.size());
    }

    std::size_t max_links(std::uint8_t level) const {
        return level == 0 ? std::size_t{index_.m} * 2 : index_.m;
    }

    // Candidates sorted nearest first (distances to the base node): a candidate is kept when it
    // is nearer to the base than to every one kept so far, so links spread in all directions.
    // The nearest of the others fill the list up to m: in many dimensions the rule alone keeps
    // too few links, and recall drops.
    std::vector<std::uint64_t> choose(const std::vector<VectorHit>& sorted, std::size_t m) {
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

    void set_links(std::uint64_t node, std::uint8_t level, const std::vector<std::uint64_t>& to) {
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
            w_.del(table_, key);
            return;
        }
        std::string bytes;
        for (std::uint64_t n : to)
            storage::append_be64(bytes, n);
        w_.put(table_, key, bytes);
    }

    // Links node to `to` at level and back, pruning a neighbour's list that grows too long.
    void connect(std::uint64_t node, std::uint8_t level, const std::vector<std::uint64_t>& to) {
        set_links(node, level, to);
        for (std::uint64_t n : to) {
            std::vector<std::uint64_t> theirs = links(n, level);
            theirs.push_back(node);
            if (theirs.size() > max_links(level)) {
                std::vector<VectorHit> sorted;
                for (std::uint64_t t : theirs)
                    sorted.push_back({t, between(n, t)});
                std::sort(sorted.begin(), sorted.end(), nearer);
                theirs = choose(sorted, max_links(level));
            }
            set_links(n, level, theirs);
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
        const std::uint8_t level = level_for(node);
        std::string bytes(1, char(level));
        bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * 4);
        const std::string key = vector_node_key(VectorEntry::Vector, index_.id, node);
        if (txn_.get(table_, key)) corrupt(index_, "node " + std::to_string(node) + " is in twice");
        w_.put(table_, key, bytes);
        for (std::uint8_t l = 1; l <= level; ++l)
            w_.put(table_, vector_level_key(index_.id, l, node), "");
        const auto e = entry();
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
            cache_.insert_or_assign(node, std::vector<float>(v.begin(), v.end()));
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
        if (!stored(node)) corrupt(index_, "node " + std::to_string(node) + " is missing");
        const std::uint8_t level = level_of(node);
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
    std::unordered_map<std::uint64_t, std::vector<float>> cache_;
};

}  // namespace

void vector_insert(GraphWriter& writer, const VectorIndex& index, std::uint64_t node,
                   std::span<const float> vector) {
    GraphWrite g(writer.write_txn(), index);
    g.insert(node, vector);
}

void vector_remove(GraphWriter& writer, const VectorIndex& index, std::uint64_t node) {
    GraphWrite g(writer.write_txn(), index);
    g.remove(node);
}

std::vector<VectorHit> vector_search(const GraphReader& reader, const VectorIndex& index,
                                     std::span<const float> query, std::size_t ef) {
    if (!reader.txn().tables().has_vector) return {};
    return Graph(reader.txn(), index).search(query.data(), std::max<std::size_t>(ef, 1));
}

std::vector<VectorHit> vector_exact(const GraphReader& reader, const VectorIndex& index,
                                    std::span<const float> query) {
    std::vector<VectorHit> out;
    if (!reader.txn().tables().has_vector) return out;
    const std::string prefix = vector_prefix(VectorEntry::Vector, index.id);
    Cursor c(reader.txn(), reader.txn().tables().vector);
    MDB_val k = as_val(prefix), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
         ok = c.move(MDB_NEXT, &k, &v)) {
        if (k.mv_size != prefix.size() + 8 || v.mv_size != 1 + std::size_t{index.dimensions} * 4)
            corrupt(index, "a vector entry is corrupt");
        out.push_back(
            {storage::read_be64(as_view(k).data() + prefix.size()),
             distance(index.similarity, query.data(), as_view(v).data() + 1, index.dimensions)});
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
