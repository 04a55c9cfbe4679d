// The data the reliability harnesses write and the invariant they check (issue #9), shared by
// the helper program (writer.cpp) and the tests. Uses only the public API.
//
// Batch K (K = 1, 2, ...) is committed in one transaction: nodes_per_batch nodes
// (:Item {key: 'b<K>-<i>', batch: K, idx: i, writer, pad}) joined in a ring by edges
// (:NEXT {batch: K}) from idx i to idx (i + 1) % n, and the counter node
// (:Counter {key: 'counter'}) whose `batches` becomes K. The invariant: the counter is C, batches
// 1..C are all complete, nothing else exists.
#pragma once

#include <caspian/database.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace caspian::reliability {

inline constexpr int default_nodes_per_batch = 8;

inline std::string item_key(std::int64_t batch, int idx) {
    return "b" + std::to_string(batch) + "-" + std::to_string(idx);
}

// The counter's value in txn; 0 before the first batch.
inline std::int64_t batch_counter(const Transaction& txn) {
    const auto id = txn.find_node("counter");
    if (!id) return 0;
    const auto node = txn.node(*id);
    const Value* v = node ? find_property(node->properties, "batches") : nullptr;
    return v != nullptr && v->kind() == ValueKind::Int ? v->as_int() : -1;
}

// Writes the next batch in txn and returns its number.
inline std::int64_t write_batch(WriteTransaction& txn, const std::string& writer, int n,
                                const std::string& pad) {
    std::optional<NodeId> counter = txn.find_node("counter");
    if (!counter) {
        counter = txn.create_node({"Counter"}, {{"batches", Value(std::int64_t{0})},
                                                {"key", Value(std::string("counter"))}});
    }
    const std::int64_t batch = batch_counter(txn) + 1;
    std::vector<NodeId> ids;
    for (int i = 0; i < n; ++i) {
        ids.push_back(txn.create_node({"Item"}, {{"batch", Value(batch)},
                                                 {"idx", Value(std::int64_t{i})},
                                                 {"key", Value(item_key(batch, i))},
                                                 {"pad", Value(pad)},
                                                 {"writer", Value(writer)}}));
    }
    for (int i = 0; i < n; ++i) {
        txn.create_edge(ids[i], "NEXT", ids[(i + 1) % n], {{"batch", Value(batch)}});
    }
    txn.set_property(*counter, "batches", Value(batch));
    return batch;
}

// The problems of batch K in txn (empty when complete); `present` is set when any of its nodes
// exists.
inline std::vector<std::string> batch_problems(const Transaction& txn, std::int64_t batch, int n,
                                               bool* present = nullptr) {
    std::vector<std::string> problems;
    std::vector<NodeId> ids;
    for (int i = 0; i < n; ++i) {
        const auto id = txn.find_node(item_key(batch, i));
        if (!id) {
            problems.push_back("batch " + std::to_string(batch) + ": node " + item_key(batch, i) +
                               " missing");
            continue;
        }
        if (present != nullptr) *present = true;
        ids.push_back(*id);
        const auto node = txn.node(*id);
        const Value* b = node ? find_property(node->properties, "batch") : nullptr;
        if (b == nullptr || b->kind() != ValueKind::Int || b->as_int() != batch) {
            problems.push_back("batch " + std::to_string(batch) + ": node " + item_key(batch, i) +
                               " has a wrong batch property");
        }
    }
    if (ids.size() != static_cast<std::size_t>(n)) return problems;
    for (int i = 0; i < n; ++i) {
        const auto out = txn.edges(ids[i], Direction::Out, "NEXT");
        const bool ring = out.size() == 1 && out[0].dst == ids[(i + 1) % n];
        if (!ring) {
            problems.push_back("batch " + std::to_string(batch) + ": node " + item_key(batch, i) +
                               " has " + std::to_string(out.size()) +
                               " NEXT edges instead of one to the next node");
        }
    }
    return problems;
}

// What a whole database holds: counter, complete and partial batches, stray nodes.
struct Inventory {
    std::int64_t counter = 0;
    std::set<std::int64_t> complete;
    std::set<std::int64_t> partial;
    std::map<std::int64_t, std::string> writer;  // batch -> the writer property of its node 0
    std::vector<std::string> problems;           // every broken rule, one line each
};

// Scans every :Item node: each batch seen is complete or partial, and the set of complete
// batches must be exactly 1..counter.
inline Inventory take_inventory(const Transaction& txn, int n) {
    Inventory inv;
    inv.counter = batch_counter(txn);
    std::map<std::int64_t, int> nodes_per_batch;
    txn.scan_label("Item", [&](NodeId id) {
        const auto node = txn.node(id);
        const Value* b = node ? find_property(node->properties, "batch") : nullptr;
        if (b == nullptr || b->kind() != ValueKind::Int) {
            inv.problems.push_back("node " + std::to_string(id.value) + " has no batch");
        } else {
            ++nodes_per_batch[b->as_int()];
        }
        return true;
    });
    for (const auto& [batch, count] : nodes_per_batch) {
        auto problems = batch_problems(txn, batch, n);
        if (count != n) {
            problems.push_back("batch " + std::to_string(batch) + " has " + std::to_string(count) +
                               " nodes, not " + std::to_string(n));
        }
        if (problems.empty()) {
            inv.complete.insert(batch);
            const auto node = txn.node(*txn.find_node(item_key(batch, 0)));
            const Value* w = find_property(node->properties, "writer");
            if (w != nullptr && w->kind() == ValueKind::String) inv.writer[batch] = w->as_string();
        } else {
            inv.partial.insert(batch);
            inv.problems.insert(inv.problems.end(), problems.begin(), problems.end());
        }
    }
    for (std::int64_t k = 1; k <= inv.counter; ++k) {
        if (!inv.complete.contains(k) && !inv.partial.contains(k)) {
            inv.problems.push_back("batch " + std::to_string(k) + " is counted but absent");
        }
    }
    for (std::int64_t k : inv.complete) {
        if (k < 1 || k > inv.counter) {
            inv.problems.push_back("batch " + std::to_string(k) + " exists beyond the counter " +
                                   std::to_string(inv.counter));
        }
    }
    const Counts counts = txn.counts();
    const auto expect = static_cast<std::uint64_t>(inv.counter);
    if (counts.nodes != expect * n + (inv.counter > 0 ? 1 : 0) || counts.edges != expect * n) {
        inv.problems.push_back("stored counts " + std::to_string(counts.nodes) + " nodes, " +
                               std::to_string(counts.edges) + " edges do not match counter " +
                               std::to_string(inv.counter));
    }
    return inv;
}

// A cheap check for one read transaction while a writer runs: the stored counts match the
// counter, the last batch and one random earlier batch are complete, the next one is absent.
// Returns the first problem, or nothing.
inline std::optional<std::string> snapshot_problem(const Transaction& txn, int n,
                                                   std::mt19937_64& rng) {
    const std::int64_t c = batch_counter(txn);
    if (c < 0) return "the counter is not an integer";
    const Counts counts = txn.counts();
    const auto expect = static_cast<std::uint64_t>(c);
    if (counts.nodes != expect * n + (c > 0 ? 1 : 0) || counts.edges != expect * n) {
        return "counter " + std::to_string(c) + " but " + std::to_string(counts.nodes) +
               " nodes and " + std::to_string(counts.edges) + " edges";
    }
    if (txn.find_node(item_key(c + 1, 0))) {
        return "batch " + std::to_string(c + 1) + " is visible beyond the counter";
    }
    if (c == 0) return std::nullopt;
    for (std::int64_t k : {c, std::int64_t(1 + rng() % static_cast<std::uint64_t>(c))}) {
        const auto problems = batch_problems(txn, k, n);
        if (!problems.empty()) return problems.front();
    }
    return std::nullopt;
}

}  // namespace caspian::reliability
