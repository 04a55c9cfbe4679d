// check_statement_limits (statement_limits.hpp): walks every expression of a statement with an
// explicit stack, so that a tree too deep for the later passes is reported, not recursed into,
// and counts what becomes a plan operator.
#include "query/parser/statement_limits.hpp"

#include "query/parser/literals.hpp"
#include "query/parser/parser.hpp"

#include <optional>
#include <string>
#include <vector>

namespace caspian::query::parser {
namespace {

class LimitCheck {
public:
    void expr(const ExprPtr& root) {
        if (!root) return;
        push(root, 0, root->span.offset);
        run();
    }

    void exprs(const std::vector<ExprPtr>& list) {
        for (const ExprPtr& e : list)
            expr(e);
    }

    // Patterns that become plan operators (MATCH, MERGE) count = true; CREATE's do not.
    void patterns(const std::vector<PatternPart>& parts, bool count) {
        for (const PatternPart& part : parts) {
            if (count) count_elements(part);
            pattern(part, 0, std::nullopt);
        }
        run();
    }

    void projection(const Projection& p) {
        for (const ProjectionItem& item : p.items)
            expr(item.expr);
        for (const SortItem& item : p.order_by)
            expr(item.expr);
        expr(p.skip);
        expr(p.limit);
    }

    void set_items(const std::vector<SetItem>& items) {
        for (const SetItem& item : items) {
            expr(item.target);
            expr(item.value);
        }
    }

    void clause(const Clause& c) {
        element(c.span);
        std::visit([this](const auto& b) { body(b); }, c.body);
    }

    void query(const Query& q) {
        for (const SingleQuery& part : q.parts) {
            for (const Clause& c : part.clauses)
                clause(c);
        }
    }

private:
    struct Pending {
        const Expr* expr;
        int depth;
        std::size_t root;  // where the outermost expression around it starts: the error's place
    };
    std::vector<Pending> pending_;
    std::vector<const Query*> pending_subqueries_;
    int elements_ = 0;

    void element(SourceSpan where) {
        if (++elements_ > max_statement_elements) {
            syntax_error("statement has more than " + std::to_string(max_statement_elements) +
                             " clauses, pattern parts and relationships: split it",
                         {where.offset, 1});
        }
    }

    void count_elements(const PatternPart& part) {
        element(part.span);
        for (const PatternStep& step : part.steps)
            element(step.rel.span);
    }

    void push(const ExprPtr& e, int parent_depth, std::size_t root) {
        if (e) pending_.push_back({e.get(), parent_depth + 1, root});
    }

    // A pattern's property maps; outside an expression (root empty) each is a root.
    void pattern(const PatternPart& part, int depth, std::optional<std::size_t> root) {
        auto push_map = [&](const ExprPtr& map) {
            if (map) push(map, depth, root.value_or(map->span.offset));
        };
        push_map(part.start.properties);
        for (const PatternStep& step : part.steps) {
            push_map(step.rel.properties);
            push_map(step.node.properties);
        }
    }

    void run() {
        while (!pending_.empty()) {
            const Pending p = pending_.back();
            pending_.pop_back();
            if (p.depth > max_expression_depth) {
                syntax_error("expression nests deeper than " +
                                 std::to_string(max_expression_depth) + " levels",
                             {p.root, 1});
            }
            for (const ExprPtr& a : p.expr->args)
                push(a, p.depth, p.root);
            for (const MapProjectionItem& item : p.expr->projection)
                push(item.value, p.depth, p.root);
            for (const PatternPart& part : p.expr->patterns) {
                count_elements(part);  // a subplan
                pattern(part, p.depth, p.root);
            }
            if (p.expr->subquery) pending_subqueries_.push_back(p.expr->subquery.get());
        }
        // After the loop: walking a subquery's clauses runs this loop again.
        while (!pending_subqueries_.empty()) {
            const Query* q = pending_subqueries_.back();
            pending_subqueries_.pop_back();
            query(*q);
        }
    }

    void body(const MatchClause& c) {
        patterns(c.patterns, true);
        expr(c.where);
    }
    void body(const WithClause& c) {
        projection(c.projection);
        expr(c.where);
    }
    void body(const ReturnClause& c) { projection(c.projection); }
    void body(const UnwindClause& c) { expr(c.list); }
    void body(const CreateClause& c) { patterns(c.patterns, false); }
    void body(const MergeClause& c) {
        count_elements(c.pattern);
        pattern(c.pattern, 0, std::nullopt);
        run();
        set_items(c.on_create);
        set_items(c.on_match);
    }
    void body(const SetClause& c) { set_items(c.items); }
    void body(const RemoveClause& c) {
        for (const RemoveItem& item : c.items)
            expr(item.property);
    }
    void body(const DeleteClause& c) { exprs(c.targets); }
    void body(const CallClause& c) {
        exprs(c.args);
        expr(c.where);
    }
    void body(const SubqueryClause& c) {
        query(*c.body);
        expr(c.batch_rows);
    }
};

}  // namespace

void check_statement_limits(const Statement& statement) {
    LimitCheck check;
    if (const auto* query = std::get_if<Query>(&statement.body)) {
        check.query(*query);
    } else if (const auto* terse = std::get_if<TerseMatch>(&statement.body)) {
        if (terse->return_clause) check.projection(terse->return_clause->projection);
    }
}

}  // namespace caspian::query::parser
