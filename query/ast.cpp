// Destruction of expression trees without recursion: the parser builds an operator chain as a
// tree as deep as the chain is long, so a recursive destructor could run out of stack.
#include "query/ast.hpp"

namespace caspian::query {
namespace {

// Moves e's sub-expressions (operands, pattern properties, map projection values) to pending,
// leaving e without any, so that destroying e no longer recurses.
void detach_children(Expr& e, std::vector<ExprPtr>& pending) {
    auto take = [&pending](ExprPtr& p) {
        if (p) pending.push_back(std::move(p));
    };
    for (ExprPtr& a : e.args)
        take(a);
    e.args.clear();
    for (MapProjectionItem& item : e.projection)
        take(item.value);
    e.projection.clear();
    for (PatternPart& part : e.patterns) {
        take(part.start.properties);
        for (PatternStep& step : part.steps) {
            take(step.rel.properties);
            take(step.node.properties);
        }
    }
    e.patterns.clear();
}

}  // namespace

Expr::~Expr() {
    if (args.empty() && projection.empty() && patterns.empty()) return;
    std::vector<ExprPtr> pending;
    detach_children(*this, pending);
    while (!pending.empty()) {
        ExprPtr e = std::move(pending.back());
        pending.pop_back();
        detach_children(*e, pending);
    }  // each e dies childless: its destructor returns at once
}

}  // namespace caspian::query
