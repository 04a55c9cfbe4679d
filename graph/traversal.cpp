// Traversals over GraphReader's adjacency: BFS, bidirectional BFS, DFS over trails, Dijkstra.
// Holds only frontiers, visited sets and results; never copies the graph.
#include "graph/traversal.hpp"

#include "graph/adjacency_reader.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace caspian::graph {

namespace {

// Cancellation and the deadline are polled once per this many visited edges.
constexpr unsigned cancel_stride = 1024;

Direction reverse(Direction dir) {
    switch (dir) {
        case Direction::Out:
            return Direction::In;
        case Direction::In:
            return Direction::Out;
        case Direction::Both:
            return Direction::Both;
    }
    return dir;
}

std::vector<TypeId> normalised(std::vector<TypeId> types) {
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    return types;
}

// for_each_step's body as a template, so that the searches below call their visitor directly
// rather than through a second std::function per edge. The searches keep one AdjacencyReader
// for the whole search (its cursors open once, not per node): their visitors neither write nor
// read adjacency, so nothing moves the kept cursors under it.
template <typename Visit>
void each_step(AdjacencyReader& adjacency, NodeId node, Direction dir,
               const std::vector<TypeId>& types, Visit&& visit) {
    bool go_on = true;
    auto scan = [&](Direction d, std::optional<TypeId> type) {
        adjacency.visit(node, d, type, [&](const AdjEntry& a) {
            const bool out = d == Direction::Out;
            // An undirected step meets a self-loop among the out- and the in-edges: keep one.
            if (!out && dir == Direction::Both && a.neighbour == node) return true;
            const EdgeRef e{a.edge, out ? node : a.neighbour, out ? a.neighbour : node, a.type};
            go_on = visit(e, a.neighbour);
            return go_on;
        });
    };
    for (Direction d : {Direction::Out, Direction::In}) {
        if (d == Direction::Out && dir == Direction::In) continue;
        if (d == Direction::In && dir == Direction::Out) continue;
        if (types.empty()) {
            scan(d, std::nullopt);
        } else {
            for (TypeId t : types) {
                if (!go_on) return;
                scan(d, t);
            }
        }
        if (!go_on) return;
    }
}

struct Step {
    EdgeRef edge;
    NodeId neighbour;
};

std::vector<Step> steps_of(const GraphReader& reader, NodeId node, Direction dir,
                           const std::vector<TypeId>& types) {
    std::vector<Step> out;
    AdjacencyReader adjacency(reader.txn());
    each_step(adjacency, node, dir, types, [&](const EdgeRef& e, NodeId v) {
        out.push_back({e, v});
        return true;
    });
    return out;
}

// Where a BFS reached a node from: the parent and the edge walked.
struct Parent {
    NodeId node;
    EdgeRef edge;
    std::uint64_t depth = 0;
};

// Single shortest path by a level-synchronous bidirectional BFS that always expands the smaller
// frontier. Before a level both balls are disjoint, so the least meeting total found while
// expanding one whole level is the distance (see docs/algorithms.md). Moreover every meeting in
// that level has the same total: a node met at depth k < depth[other] would make its parent
// (inside this side's ball) at most k + 1 <= depth[other] from the other end, so the balls would
// already have touched. The first meeting is therefore the one the whole level would pick, and
// the search stops there (issue #8: the last level is the largest one).
std::optional<PathResult> bidirectional_bfs(const GraphReader& reader, NodeId from, NodeId to,
                                            Direction dir, const std::vector<TypeId>& types,
                                            std::int64_t max_hops, EdgeId exclude,
                                            InterruptPoll& poll) {
    AdjacencyReader adjacency(reader.txn());
    std::unordered_map<NodeId, Parent> seen[2];  // 0: forward from `from`, 1: backward
    std::vector<NodeId> frontier[2] = {{from}, {to}};
    std::vector<NodeId> next;
    std::uint64_t depth[2] = {0, 0};
    seen[0][from] = {from, {}, 0};
    seen[1][to] = {to, {}, 0};
    while (!frontier[0].empty() && !frontier[1].empty()) {
        if (max_hops >= 0 && depth[0] + depth[1] >= std::uint64_t(max_hops)) return std::nullopt;
        const int side = frontier[0].size() <= frontier[1].size() ? 0 : 1;
        const Direction d = side == 0 ? dir : reverse(dir);
        auto& mine = seen[side];
        const auto& other = seen[1 - side];
        next.clear();
        std::optional<NodeId> meet;
        for (NodeId u : frontier[side]) {
            each_step(adjacency, u, d, types, [&](const EdgeRef& e, NodeId v) {
                poll.tick();
                if (e.id == exclude) return true;
                auto [it, fresh] = mine.try_emplace(v, Parent{u, e, depth[side] + 1});
                if (!fresh) return true;
                next.push_back(v);
                if (other.contains(v)) meet = v;
                return !meet;
            });
            if (meet) break;
        }
        ++depth[side];
        std::swap(frontier[side], next);
        if (meet) {
            const std::uint64_t total = depth[0] + depth[1];
            if (max_hops >= 0 && total > std::uint64_t(max_hops)) return std::nullopt;
            PathResult path;
            path.nodes.reserve(total + 1);
            path.edges.reserve(total);
            for (NodeId v = *meet; v != from;) {
                const Parent& p = seen[0].at(v);
                path.nodes.push_back(v);
                path.edges.push_back(p.edge);
                v = p.node;
            }
            path.nodes.push_back(from);
            std::reverse(path.nodes.begin(), path.nodes.end());
            std::reverse(path.edges.begin(), path.edges.end());
            for (NodeId v = *meet; v != to;) {
                const Parent& p = seen[1].at(v);
                path.nodes.push_back(p.node);
                path.edges.push_back(p.edge);
                v = p.node;
            }
            return path;
        }
    }
    return std::nullopt;
}

// Every shortest path: a BFS from `from` keeping every predecessor edge at the previous level,
// then the paths enumerated backwards from `to`. Returns nullopt when `to` is not reached.
std::optional<std::vector<PathResult>> all_shortest_bfs(const GraphReader& reader, NodeId from,
                                                        NodeId to, Direction dir,
                                                        const std::vector<TypeId>& types,
                                                        std::int64_t max_hops, std::uint64_t limit,
                                                        EdgeId exclude, InterruptPoll& poll) {
    struct Info {
        std::uint64_t depth;
        std::vector<Step> preds;  // edge walked and the node it came from
    };
    AdjacencyReader adjacency(reader.txn());
    std::unordered_map<NodeId, Info> seen;
    seen[from] = {0, {}};
    std::vector<NodeId> frontier{from};
    std::uint64_t depth = 0;
    while (!frontier.empty() && !seen.contains(to)) {
        if (max_hops >= 0 && depth >= std::uint64_t(max_hops)) return std::nullopt;
        std::vector<NodeId> next;
        for (NodeId u : frontier) {
            each_step(adjacency, u, dir, types, [&](const EdgeRef& e, NodeId v) {
                poll.tick();
                if (e.id == exclude) return true;
                auto [it, fresh] = seen.try_emplace(v, Info{depth + 1, {}});
                if (fresh) next.push_back(v);
                if (it->second.depth == depth + 1) it->second.preds.push_back({e, u});
                return true;
            });
        }
        ++depth;
        frontier = std::move(next);
    }
    if (!seen.contains(to)) return std::nullopt;
    // Depth-first over the predecessor DAG from `to`; each branch is one path.
    std::vector<PathResult> out;
    PathResult rev{{to}, {}};
    std::vector<std::pair<NodeId, std::size_t>> stack{{to, 0}};  // node, next pred
    while (!stack.empty()) {
        poll.tick();  // the paths can be exponentially many
        auto& [node, pos] = stack.back();
        if (node == from) {
            PathResult p{{rev.nodes.rbegin(), rev.nodes.rend()},
                         {rev.edges.rbegin(), rev.edges.rend()}};
            out.push_back(std::move(p));
            if (limit > 0 && out.size() >= limit) break;
        }
        const auto& preds = seen.at(node).preds;
        if (node == from || pos == preds.size()) {
            stack.pop_back();
            rev.nodes.pop_back();
            if (!rev.edges.empty()) rev.edges.pop_back();
            continue;
        }
        const Step& s = preds[pos++];
        rev.edges.push_back(s.edge);
        rev.nodes.push_back(s.neighbour);
        stack.emplace_back(s.neighbour, 0);
    }
    return out;
}

// Shortest cycles through `node` (paths node..node of at least one edge, no edge repeated): the
// first edge e, then a shortest path back that avoids e. A shortest path is simple, so it cannot
// repeat an edge; the least 1 + distance over the first edges is therefore the answer.
std::vector<PathResult> shortest_cycles(const GraphReader& reader, NodeId node, Direction dir,
                                        const std::vector<TypeId>& types, std::int64_t max_hops,
                                        bool all, std::uint64_t limit, InterruptPoll& poll) {
    std::vector<PathResult> best;
    for (const Step& first : steps_of(reader, node, dir, types)) {
        std::vector<PathResult> back;
        const std::int64_t rest = max_hops < 0 ? -1 : max_hops - 1;
        if (first.neighbour == node) {
            back.push_back({{node}, {}});  // a self-loop is a cycle of one edge
        } else if (rest != 0) {
            if (all) {
                if (auto p = all_shortest_bfs(reader, first.neighbour, node, dir, types, rest, 0,
                                              first.edge.id, poll)) {
                    back = std::move(*p);
                }
            } else if (auto p = bidirectional_bfs(reader, first.neighbour, node, dir, types, rest,
                                                  first.edge.id, poll)) {
                back.push_back(std::move(*p));
            }
        }
        if (back.empty()) continue;
        const std::size_t length = back.front().edges.size() + 1;
        if (!best.empty() && length > best.front().edges.size()) continue;
        if (!best.empty() && length < best.front().edges.size()) best.clear();
        if (!all && !best.empty()) continue;
        for (PathResult& b : back) {
            PathResult p{{node}, {first.edge}};
            p.nodes.insert(p.nodes.end(), b.nodes.begin(), b.nodes.end());
            p.edges.insert(p.edges.end(), b.edges.begin(), b.edges.end());
            best.push_back(std::move(p));
        }
    }
    if (limit > 0 && best.size() > limit) best.resize(limit);
    return best;
}

// Shortest trails (no repeated edge) of at least min_hops edges, by iterative deepening.
std::vector<PathResult> shortest_trails(const GraphReader& reader, NodeId from, NodeId to,
                                        Direction dir, const std::vector<TypeId>& types,
                                        std::int64_t min_hops, std::int64_t max_hops, bool all,
                                        std::uint64_t limit, Interrupt cancel) {
    std::vector<PathResult> out;
    for (std::int64_t length = std::max<std::int64_t>(min_hops, 1);
         max_hops < 0 || length <= max_hops; ++length) {
        bool any_of_length = false;  // no trail of this length anywhere: none longer either
        expand_paths(
            reader, from, dir, types, length, length,
            [&](const PathResult& p) {
                any_of_length = true;
                if (p.nodes.back() != to) return true;
                out.push_back(p);
                return all && (limit == 0 || out.size() < limit);
            },
            cancel);
        if (!out.empty() || !any_of_length) break;
    }
    return out;
}

}  // namespace

void check_cancel(const Interrupt& cancel) {
    cancel.check();
}

void for_each_step(const GraphReader& reader, NodeId node, Direction dir,
                   const std::vector<TypeId>& types,
                   const std::function<bool(const EdgeRef&, NodeId)>& visit) {
    AdjacencyReader adjacency(reader.txn());
    each_step(adjacency, node, dir, types, visit);
}

std::vector<Reached> k_hop(const GraphReader& reader, NodeId from, std::uint64_t k, Direction dir,
                           const std::vector<TypeId>& types_in, std::uint64_t limit,
                           Interrupt cancel) {
    const auto types = normalised(types_in);
    std::vector<Reached> out;
    if (!reader.has_node(from)) return out;
    InterruptPoll poll(cancel, cancel_stride);
    AdjacencyReader adjacency(reader.txn());
    std::unordered_set<NodeId> seen{from};
    std::vector<NodeId> frontier{from};
    for (std::uint64_t depth = 1; depth <= k && !frontier.empty(); ++depth) {
        std::vector<NodeId> next;
        bool full = false;
        for (NodeId u : frontier) {
            each_step(adjacency, u, dir, types, [&](const EdgeRef&, NodeId v) {
                poll.tick();
                if (!seen.insert(v).second) return true;
                next.push_back(v);
                out.push_back({v, depth});
                full = limit > 0 && out.size() >= limit;
                return !full;
            });
            if (full) return out;
        }
        frontier = std::move(next);
    }
    return out;
}

bool expand_paths(const GraphReader& reader, NodeId from, Direction dir,
                  const std::vector<TypeId>& types_in, std::int64_t min_hops, std::int64_t max_hops,
                  const std::function<bool(const PathResult&)>& visit, Interrupt cancel) {
    const auto types = normalised(types_in);
    if (!reader.has_node(from)) return true;
    InterruptPoll poll(cancel, cancel_stride);
    PathResult path{{from}, {}};
    if (min_hops <= 0 && !visit(path)) return false;
    if (max_hops == 0) return true;
    struct Frame {
        std::vector<Step> steps;
        std::size_t pos = 0;
    };
    // Frames [0, top) are the live ones; those above keep their buffers for the next node at
    // that depth, so descending allocates only while the depth grows (issue #8).
    std::vector<Frame> stack;
    std::size_t top = 0;
    auto push = [&](NodeId node) {
        if (top == stack.size()) stack.emplace_back();
        Frame& f = stack[top++];
        f.steps.clear();
        f.pos = 0;
        // A reader per node: visit (the caller's) runs between the pushes.
        AdjacencyReader adjacency(reader.txn());
        each_step(adjacency, node, dir, types, [&](const EdgeRef& e, NodeId v) {
            f.steps.push_back({e, v});
            return true;
        });
    };
    push(from);
    std::unordered_set<EdgeId> used;  // edge ids on the current path
    while (top > 0) {
        poll.tick();
        Frame& f = stack[top - 1];
        if (f.pos == f.steps.size()) {
            --top;
            if (!path.edges.empty()) {
                used.erase(path.edges.back().id);
                path.edges.pop_back();
                path.nodes.pop_back();
            }
            continue;
        }
        const Step s = f.steps[f.pos++];
        if (used.contains(s.edge.id)) continue;
        path.edges.push_back(s.edge);
        path.nodes.push_back(s.neighbour);
        const auto depth = std::int64_t(path.edges.size());
        if (depth >= min_hops && !visit(path)) return false;
        if (max_hops < 0 || depth < max_hops) {
            used.insert(s.edge.id);
            push(s.neighbour);
        } else {
            path.edges.pop_back();
            path.nodes.pop_back();
        }
    }
    return true;
}

std::vector<PathResult> shortest_paths(const GraphReader& reader, NodeId from, NodeId to,
                                       Direction dir, const std::vector<TypeId>& types_in,
                                       std::int64_t min_hops, std::int64_t max_hops, bool all,
                                       Interrupt cancel, std::uint64_t limit) {
    const auto types = normalised(types_in);
    if (!reader.has_node(from) || !reader.has_node(to)) return {};
    if (max_hops >= 0 && min_hops > max_hops) return {};
    if (from == to && min_hops <= 0) return {PathResult{{from}, {}}};
    InterruptPoll poll(cancel, cancel_stride);
    if (from != to) {
        std::vector<PathResult> found;
        if (all) {
            if (auto paths = all_shortest_bfs(reader, from, to, dir, types, max_hops, limit,
                                              EdgeId{0}, poll)) {
                found = std::move(*paths);
            }
        } else if (auto p =
                       bidirectional_bfs(reader, from, to, dir, types, max_hops, EdgeId{0}, poll)) {
            found.push_back(std::move(*p));
        }
        // Unreachable within max_hops: no trail is either.
        if (found.empty()) return found;
        if (std::int64_t(found.front().edges.size()) >= min_hops) return found;
    } else if (min_hops <= 1) {
        return shortest_cycles(reader, from, dir, types, max_hops, all, limit, poll);
    }
    return shortest_trails(reader, from, to, dir, types, min_hops, max_hops, all, limit, cancel);
}

double edge_weight(const GraphReader& reader, EdgeId edge, PropertyId property,
                   double default_weight) {
    const auto record = reader.edge(edge);
    if (!record) {
        throw Error(ErrorKind::Corrupt, "edge " + std::to_string(edge.value) + " has no record");
    }
    double w = default_weight;
    if (const Value* found = find_property(record->properties, property)) {
        const Value& v = *found;
        if (v.kind() == ValueKind::Int) {
            w = double(v.as_int());
        } else if (v.kind() == ValueKind::Float) {
            w = v.as_float();
        } else {
            throw Error(ErrorKind::Type, "the weight of edge " + std::to_string(edge.value) +
                                             " is a " + to_string(v.kind()) + ", not a number");
        }
    }
    if (std::isnan(w) || w < 0) {
        throw Error(ErrorKind::Type,
                    "the weight of edge " + std::to_string(edge.value) + " is negative or NaN");
    }
    return w;
}

std::optional<WeightedPath> weighted_shortest_path(const GraphReader& reader, NodeId from,
                                                   NodeId to, Direction dir,
                                                   const std::vector<TypeId>& types_in,
                                                   PropertyId weight_property,
                                                   double default_weight, Interrupt cancel) {
    const auto types = normalised(types_in);
    if (!reader.has_node(from) || !reader.has_node(to)) return std::nullopt;
    InterruptPoll poll(cancel, cancel_stride);
    struct Label {
        double cost;
        NodeId parent;
        EdgeRef edge;
        bool settled;
    };
    AdjacencyReader adjacency(reader.txn());
    std::unordered_map<NodeId, Label> labels;
    labels[from] = {0.0, from, {}, false};
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    queue.push({0.0, from});
    while (!queue.empty()) {
        // Plain variables: clang before 16 cannot capture structured bindings in the lambda.
        const double cost = queue.top().first;
        const NodeId u = queue.top().second;
        queue.pop();
        Label& lu = labels.at(u);
        if (lu.settled || cost > lu.cost) continue;  // a stale queue entry
        lu.settled = true;
        if (u == to) break;
        each_step(adjacency, u, dir, types, [&](const EdgeRef& e, NodeId v) {
            poll.tick();
            const double c = cost + edge_weight(reader, e.id, weight_property, default_weight);
            auto [it, fresh] = labels.try_emplace(v, Label{c, u, e, false});
            if (!fresh) {
                if (it->second.settled || c >= it->second.cost) return true;
                it->second = {c, u, e, false};
            }
            queue.push({c, v});
            return true;
        });
    }
    const auto target = labels.find(to);
    if (target == labels.end() || !target->second.settled) return std::nullopt;
    WeightedPath out;
    out.cost = target->second.cost;
    for (NodeId v = to; v != from;) {
        const Label& l = labels.at(v);
        out.path.nodes.push_back(v);
        out.path.edges.push_back(l.edge);
        v = l.parent;
    }
    out.path.nodes.push_back(from);
    std::reverse(out.path.nodes.begin(), out.path.nodes.end());
    std::reverse(out.path.edges.begin(), out.path.edges.end());
    return out;
}

}  // namespace caspian::graph
