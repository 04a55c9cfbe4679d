// EXPLAIN's text of bound expressions (plan/expr_print.cpp), for plan.cpp's describe().
#pragma once

#include "query/plan/expr.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace caspian::query::plan {

// EXPLAIN's numbering of the subquery plans that expressions evaluate (EXISTS, COUNT, COLLECT,
// pattern predicates and comprehensions). While one is alive, to_text on its thread prints a
// subplan as `EXISTS { #1 }` and queues it, so that explain() prints the plan under the operator
// whose text named it; without one, to_text prints `EXISTS {...}`.
class SubplanNumbering {
public:
    SubplanNumbering();
    ~SubplanNumbering();
    SubplanNumbering(const SubplanNumbering&) = delete;
    SubplanNumbering& operator=(const SubplanNumbering&) = delete;

    // The subplans to_text met since the last take (or forget) and not taken before, with their
    // numbers, in the order of the text.
    std::vector<std::pair<int, const PlanNode*>> take();

    // Drops the queue: its plans are taken when to_text meets them again.
    void forget();

    // plan's number, given the first time it is asked for; queues plan until taken.
    int number(const PlanNode* plan);

    // The numbering alive on this thread, or null.
    static SubplanNumbering* current() noexcept;

private:
    std::map<const PlanNode*, int> numbers_;
    std::set<const PlanNode*> printed_;
    std::vector<std::pair<int, const PlanNode*>> queued_;
    SubplanNumbering* previous_;
};

// e as Cypher text: slots by their names in slot_names, parentheses only where precedence
// needs them: `n.age > 30 AND n:Person`.
std::string to_text(const Expr& e, const std::vector<std::string>& slot_names);

// The name of slot in slot_names, or `_<slot>` for a slot without one.
std::string slot_name(const std::vector<std::string>& slot_names, int slot);

}  // namespace caspian::query::plan
