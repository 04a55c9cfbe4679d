// The bottom-up walk the optimizer's passes share: plan nodes are immutable, so a pass copies a
// node only when one of its children changed.
#pragma once

#include "query/plan/plan.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace caspian::query::optimizer {

// root with each child replaced by pass(child); root itself when no child changed.
template <typename Pass>
plan::PlanPtr rewrite_children(const plan::PlanPtr& root, Pass&& pass) {
    std::vector<plan::PlanPtr> children;
    bool changed = false;
    for (const plan::PlanPtr& child : root->children) {
        children.push_back(pass(child));
        changed = changed || children.back() != child;
    }
    if (!changed) return root;
    auto copy = std::make_shared<plan::PlanNode>(*root);
    copy->children = std::move(children);
    return copy;
}

}  // namespace caspian::query::optimizer
