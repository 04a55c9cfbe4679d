// TopByCount (issue #20): a top-N Sort whose first key is a count DESC over a stream of one group
// per node (Aggregate with a row key over Degree over a node scan) keeps the nodes that can
// still make the top N by their count alone, and evaluates the grouping key (`n.key`) and the
// rest of the plan only for those; then sorts them as the Sort would: the same rows in order.
#include "query/exec/top_by_count.hpp"

#include "graph/keys.hpp"
#include "query/exec/eval.hpp"
#include "query/functions/value_ops.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

namespace caspian::query::exec {

namespace {

using plan::Kind;
using plan::PlanNode;
using plan::PlanPtr;

// Where the shape matches: the nodes between the Sort and the Degree, and what the count is.
struct Shape {
    std::vector<const PlanNode*> chain;  // the Sort's child down to the Aggregate
    const PlanNode* degree = nullptr;
    int node_slot = -1;
    bool key_is_property = false;  // grouping by n.key (null when n has none), not by n
    bool count_is_degree = false;  // sum(degree) rather than count(*): 1 per row
};

// The slot an expression only copies, or -1.
int copied_slot(const plan::Expr& e) {
    return plan::slot_of(e);
}

// The aggregation the count key reads, traced down through Projects that only copy slots.
std::optional<Shape> match(const PlanNode& sort) {
    const auto& args = sort.as<plan::SortArgs>();
    if (!args.limit || args.keys.empty() || !args.keys[0].descending) return std::nullopt;
    // Later keys read only slots: evaluating them for fewer rows cannot skip an error.
    for (const plan::SortKey& k : args.keys) {
        if (copied_slot(k.expr) < 0) return std::nullopt;
    }
    Shape shape;
    int slot = copied_slot(args.keys[0].expr);
    const PlanNode* n = sort.children[0].get();
    while (n->kind == Kind::Project) {
        const auto& project = n->as<plan::ProjectArgs>();
        for (std::size_t i = 0; i < project.slots.size(); ++i) {
            const int from = copied_slot(project.exprs[i]);
            if (from < 0) return std::nullopt;  // an expression that might throw for some row
            if (project.slots[i] == slot) slot = from;
        }
        shape.chain.push_back(n);
        n = n->children[0].get();
    }
    if (n->kind != Kind::Aggregate) return std::nullopt;
    shape.chain.push_back(n);
    const auto& agg = n->as<plan::AggregateArgs>();
    if (agg.row_key < 0 || agg.keys.size() != 1) return std::nullopt;
    const PlanNode* degree = n->children[0].get();
    if (degree->kind != Kind::Degree) return std::nullopt;
    const auto& d = degree->as<plan::DegreeArgs>();
    const PlanNode* scan = degree->children[0].get();
    if ((scan->kind != Kind::AllNodesScan && scan->kind != Kind::LabelScan) ||
        !scan->children.empty() || scan->as<plan::ScanArgs>().slot != d.from_slot) {
        return std::nullopt;
    }
    shape.degree = degree;
    shape.node_slot = d.from_slot;
    const plan::Expr& key = agg.keys[0];
    if (plan::slot_of(key) != d.from_slot) {
        if (key.op != plan::Op::Property ||
            key.as<plan::PropertyExpr>().key != graph::key_property ||
            plan::slot_of(key.args[0]) != d.from_slot) {
            return std::nullopt;
        }
        shape.key_is_property = true;
    }
    // Every aggregation must be one that cannot fail on a Degree row, the count among them.
    bool found = false;
    for (const plan::Aggregation& a : agg.aggregations) {
        if (a.distinct || !a.extra_args.empty()) return std::nullopt;
        const bool star = a.function == "count" && a.star;
        const bool sum = a.function == "sum" && plan::slot_of(a.arg) == d.count_slot;
        if (!star && !sum) return std::nullopt;
        if (a.slot == slot) {
            found = true;
            shape.count_is_degree = sum;
        }
    }
    if (!found) return std::nullopt;
    return shape;
}

// Grouping by n.key puts the nodes without a key in one group whose count is their sum: only
// when every node has a key (the key index holds one entry per keyed node) is every group a
// single node's, which TopByCount needs.
bool groups_are_nodes(const Shape& shape, const graph::GraphReader& g) {
    if (!shape.key_is_property) return true;
    return g.txn().entries(g.txn().tables().key_index) == g.node_count();
}

// The Degree of shape, its AllNodesScan taking only the nodes with adjacency entries from the
// adjacency tables' keys (ScanArgs::with_edges): the Degree drops the others anyway, and the
// grouping key is read for the candidates only, so the node records are not needed.
PlanPtr degree_over_nodes_with_edges(const PlanNode& degree) {
    auto copy = std::make_shared<PlanNode>(degree);
    const PlanNode& scan = *degree.children[0];
    if (scan.kind == Kind::AllNodesScan) {
        auto from_adjacency = std::make_shared<PlanNode>(scan);
        from_adjacency->as<plan::ScanArgs>().with_edges = degree.as<plan::DegreeArgs>().direction;
        copy->children = {from_adjacency};
    }
    return copy;
}

struct Candidate {
    std::int64_t count = 0;
    std::uint64_t seq = 0;  // input order, as the Sort's ties keep it
    Row row;                // the Degree row
};

class TopByCountCursor : public Cursor {
public:
    TopByCountCursor(const PlanNode& sort, Shape shape, ExecContext& ctx, CursorPtr plain)
        : args_(sort.as<plan::SortArgs>()),
          shape_(std::move(shape)),
          ctx_(ctx),
          plain_(std::move(plain)),
          hold_(ctx) {
        // The chain above the Degree, reading one seeded Degree row at a time.
        PlanPtr below = std::make_shared<PlanNode>();  // Argument: yields the seed
        for (auto it = shape_.chain.rbegin(); it != shape_.chain.rend(); ++it) {
            auto copy = std::make_shared<PlanNode>(**it);
            copy->children = {below};
            below = copy;
        }
        chain_plan_ = below;
        degree_plan_ = degree_over_nodes_with_edges(*shape_.degree);
    }

    void open(const Row& seed) override {
        use_plain_ = !every_node_keyed();
        if (use_plain_) {
            plain_->open(seed);
            return;
        }
        seed_ = seed;
        hold_.reset();
        rows_.clear();
        pos_ = 0;
        loaded_ = false;
        keep_ = std::numeric_limits<std::uint64_t>::max();
        const std::int64_t skip = args_.skip ? eval_count(*args_.skip, ctx_, "SKIP") : 0;
        const std::int64_t limit = eval_count(*args_.limit, ctx_, "LIMIT");
        if (limit <= std::numeric_limits<std::int64_t>::max() - skip) {
            keep_ = std::uint64_t(skip + limit);
        }
    }

    bool next(Row& row) override {
        if (use_plain_) return plain_->next(row);
        if (!loaded_) load();
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++].second);
        return true;
    }

private:
    bool every_node_keyed() const { return groups_are_nodes(shape_, ctx_.reader()); }

    // The Degree rows whose count can still be among the first keep_: all with a count at
    // least the keep_-th greatest (ties at it all kept, as the later keys decide among them).
    std::vector<Candidate> candidates() {
        std::vector<Candidate> kept;
        if (keep_ == 0) return kept;
        std::vector<std::int64_t> best;  // min-heap of the keep_ greatest counts so far
        const auto greater = std::greater<std::int64_t>();
        CursorPtr degree = make_cursor(*degree_plan_, ctx_);
        degree->open(seed_);
        Row row;
        std::uint64_t seq = 0;
        std::size_t next_prune = std::size_t(std::min<std::uint64_t>(keep_, 1u << 20)) * 2 + 64;
        while (degree->next(row)) {
            const std::int64_t c =
                shape_.count_is_degree
                    ? row[std::size_t(shape_.degree->as<plan::DegreeArgs>().count_slot)].as_int()
                    : 1;
            const std::uint64_t at = seq++;
            if (best.size() == keep_) {
                if (c < best.front()) continue;
                if (c > best.front()) {
                    std::pop_heap(best.begin(), best.end(), greater);
                    best.back() = c;
                    std::push_heap(best.begin(), best.end(), greater);
                }
            } else {
                best.push_back(c);
                std::push_heap(best.begin(), best.end(), greater);
            }
            hold_.add(row);  // the memory budget counts the candidates, as Sort its rows
            kept.push_back({c, at, row});
            // Drop the candidates below the bar now and then (the bar doubling with the ties
            // kept, so that many ties cost no more than a pass each): O(keep_ + ties) memory.
            if (best.size() == keep_ && kept.size() >= next_prune) {
                prune(kept, best.front());
                next_prune = std::max(next_prune, 2 * kept.size());
            }
        }
        if (best.size() == keep_) prune(kept, best.front());
        return kept;
    }

    void prune(std::vector<Candidate>& kept, std::int64_t bar) {
        kept.erase(std::remove_if(kept.begin(), kept.end(),
                                  [bar](const Candidate& c) { return c.count < bar; }),
                   kept.end());
        hold_.reset();
        for (const Candidate& c : kept)
            hold_.add(c.row);
    }

    void load() {
        loaded_ = true;
        std::vector<Candidate> kept = candidates();
        // Each survivor through the Aggregate and Projects, then ordered as the Sort orders.
        CursorPtr chain = make_cursor(*chain_plan_, ctx_);
        std::vector<std::pair<List, Row>> sorted;
        std::vector<std::uint64_t> seqs;
        Row out;
        for (Candidate& c : kept) {
            chain->open(c.row);
            while (chain->next(out)) {
                List keys;
                for (const plan::SortKey& k : args_.keys)
                    keys.push_back(eval(k.expr, out, ctx_));
                sorted.emplace_back(std::move(keys), out);
                seqs.push_back(c.seq);
            }
        }
        std::vector<std::size_t> order(sorted.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            for (std::size_t i = 0; i < args_.keys.size(); ++i) {
                int c = order_compare(sorted[a].first[i], sorted[b].first[i]);
                if (args_.keys[i].descending) c = -c;
                if (c != 0) return c < 0;
            }
            return seqs[a] < seqs[b];
        });
        if (order.size() > keep_) order.resize(std::size_t(keep_));
        for (std::size_t i : order)
            rows_.push_back(std::move(sorted[i]));
    }

    const plan::SortArgs& args_;
    Shape shape_;
    ExecContext& ctx_;
    CursorPtr plain_;  // the plain Sort, for when not every node has a key
    PlanPtr chain_plan_;
    PlanPtr degree_plan_;
    bool use_plain_ = false;
    Row seed_;
    std::vector<std::pair<List, Row>> rows_;
    std::size_t pos_ = 0;
    bool loaded_ = false;
    std::uint64_t keep_ = 0;
    RowHold hold_;
};

}  // namespace

std::string top_by_count_note(const PlanNode& node, const graph::GraphReader& reader) {
    if (node.kind != Kind::Sort) return {};
    const std::optional<Shape> shape = match(node);
    if (!shape || !groups_are_nodes(*shape, reader)) return {};
    const bool all_nodes = shape->degree->children[0]->kind == Kind::AllNodesScan;
    return std::string("  [top by count: keeps the leading rows, not a group per node") +
           (all_nodes ? "; nodes from the adjacency keys]" : "]");
}

CursorPtr make_top_by_count(const PlanNode& sort, ExecContext& ctx,
                            const std::function<CursorPtr()>& make_plain) {
    if (ctx.profile != nullptr) return make_plain();  // PROFILE counts the plan's operators
    std::optional<Shape> shape = match(sort);
    if (!shape) return make_plain();
    return std::make_unique<TopByCountCursor>(sort, std::move(*shape), ctx, make_plain());
}

}  // namespace caspian::query::exec
