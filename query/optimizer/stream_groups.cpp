// The streaming aggregation (issue #20): an Aggregate grouping by a node its input yields once
// per row, or by that node's key, has a group per row and needs no table (exec/aggregate.cpp).
// Optimisation only: the rewritten plan returns the rows of the plain one (row order aside).
#include "graph/keys.hpp"
#include "query/optimizer/optimizer.hpp"
#include "query/optimizer/rewrite_children.hpp"

namespace caspian::query::optimizer {

using plan::AggregateArgs;
using plan::DegreeArgs;
using plan::Expr;
using plan::Kind;
using plan::Op;
using plan::PlanNode;
using plan::PlanPtr;
using plan::ProjectArgs;
using plan::ScanArgs;

namespace {

// The node slot that every row of n holds a different node in, or -1: a scan of all nodes or
// of one label, under Filters (which drop rows), Degrees (one row per input row at most) and
// Projects that do not rebind the slot.
int unique_node_slot(const PlanNode& n) {
    if (n.kind == Kind::AllNodesScan || n.kind == Kind::LabelScan) {
        return n.children.empty() ? n.as<ScanArgs>().slot : -1;
    }
    if (n.children.empty()) return -1;
    const int below = n.kind == Kind::Filter || n.kind == Kind::Degree || n.kind == Kind::Project
                          ? unique_node_slot(*n.children[0])
                          : -1;
    if (below < 0) return -1;
    if (n.kind == Kind::Degree && n.as<DegreeArgs>().count_slot == below) return -1;
    if (n.kind == Kind::Project) {
        for (int slot : n.as<ProjectArgs>().slots) {
            if (slot == below) return -1;
        }
    }
    return below;
}

// Whether key is the node in slot, or its `key` property (unique among nodes when present).
bool identifies(const Expr& key, int slot) {
    if (plan::slot_of(key) == slot) return true;
    return key.op == Op::Property && key.as<plan::PropertyExpr>().key == graph::key_property &&
           plan::slot_of(key.args[0]) == slot;
}

}  // namespace

PlanPtr stream_groups(const PlanPtr& root) {
    if (!root) return root;
    const PlanPtr node = rewrite_children(root, stream_groups);
    if (node->kind != Kind::Aggregate || node->as<AggregateArgs>().row_key >= 0) return node;
    const AggregateArgs& agg = node->as<AggregateArgs>();
    const int slot = unique_node_slot(*node->children[0]);
    if (slot < 0) return node;
    for (std::size_t i = 0; i < agg.keys.size(); ++i) {
        if (!identifies(agg.keys[i], slot)) continue;
        auto copy = std::make_shared<PlanNode>(*node);
        copy->as<AggregateArgs>().row_key = int(i);
        return copy;
    }
    return node;
}

}  // namespace caspian::query::optimizer
