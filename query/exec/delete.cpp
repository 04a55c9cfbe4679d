// DELETE and DETACH DELETE. Reads all its input first, then deletes every relationship named
// in any row before any node, so `MATCH (n)-[r]-() DELETE r, n` works whatever the row order;
// a node that still has relationships then is an error unless DETACH.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"

#include <caspian/error.hpp>

#include <set>

namespace caspian::query::exec {

namespace {
class DeleteCursor : public UnaryCursor {
public:
    DeleteCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}

    void open(const Row& seed) override {
        child_->open(seed);
        const auto& args = std::get<plan::DeleteArgs>(node_.args);
        rows_.clear();
        pos_ = 0;
        std::set<NodeId> nodes;
        std::set<EdgeId> edges;
        Row row;
        while (child_->next(row)) {
            for (const plan::Expr& e : args.targets)
                collect(eval(e, row, ctx_), e, nodes, edges);
            rows_.push_back(row);
        }
        graph::GraphWriter& w = ctx_.writer();
        for (EdgeId id : edges) {
            ctx_.check_cancel();
            if (!w.edge(id)) continue;  // deleted twice
            w.delete_edge(id);
            ++ctx_.counts().edges_deleted;
        }
        for (NodeId id : nodes) {
            ctx_.check_cancel();
            if (!w.has_node(id)) continue;
            ctx_.counts().edges_deleted += std::int64_t(w.delete_node(id, args.detach));
            ++ctx_.counts().nodes_deleted;
        }
    }

    bool next(Row& row) override {
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++]);
        return true;
    }

private:
    void collect(const Value& v, const plan::Expr& e, std::set<NodeId>& nodes,
                 std::set<EdgeId>& edges) {
        switch (v.kind()) {
            case ValueKind::Null:
                return;
            case ValueKind::Node:
                nodes.insert(v.as_node().id);
                return;
            case ValueKind::Edge:
                edges.insert(v.as_edge().id);
                return;
            case ValueKind::Path:
                for (const Node& n : v.as_path().nodes)
                    nodes.insert(n.id);
                for (const Edge& r : v.as_path().edges)
                    edges.insert(r.id);
                return;
            case ValueKind::List:
                for (const Value& item : v.as_list())
                    collect(item, e, nodes, edges);
                return;
            default:
                throw Error(ErrorKind::Type, ErrorClass::TypeError, "InvalidArgumentType",
                            "DELETE needs a node, a relationship or a path, not " +
                                std::string(to_string(v.kind())),
                            e.span);
        }
    }

    std::vector<Row> rows_;
    std::size_t pos_ = 0;
};
}  // namespace

CursorPtr make_delete(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<DeleteCursor>(node, ctx);
}

}  // namespace caspian::query::exec
