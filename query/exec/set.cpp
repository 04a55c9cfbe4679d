// SET and REMOVE: property writes (a null value removes), whole-map replacement and merge,
// label changes, on the nodes and relationships their subjects evaluate to.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/exec/updates.hpp"

#include <caspian/error.hpp>

namespace caspian::query::exec {

namespace {

void set_one(const Value& subject, std::string_view key, const Value& value, ExecContext& ctx,
             const plan::Expr& where) {
    if (!is_storable(value)) {
        throw Error(ErrorKind::Type, ErrorClass::TypeError, "InvalidPropertyType",
                    "property '" + std::string(key) + "' cannot hold a " + to_string(value.kind()),
                    where.span);
    }
    graph::GraphWriter& w = ctx.writer();
    const graph::PropertyId prop = ctx.intern<graph::NameKind::Property>(key);
    bool changed = false;
    if (subject.kind() == ValueKind::Node) {
        if (!ctx.node_exists(subject.as_node().id)) return;  // deleted earlier
        try {
            changed = w.set_node_property(subject.as_node().id, prop, value);
        } catch (const Error& e) {  // a value an index refuses (issue #17): at the SET item
            if (e.where() || e.detail() != "InvalidVectorValue") throw;
            throw e.with_where(where.span);
        }
    } else {
        if (!w.edge(subject.as_edge().id)) return;
        try {
            changed = w.set_edge_property(subject.as_edge().id, prop, value);
        } catch (const Error& e) {
            if (e.where() || e.detail() != "InvalidVectorValue") throw;
            throw e.with_where(where.span);
        }
    }
    if (changed && !value.is_null()) ++ctx.counts().properties_set;
}

// The properties a SET n = x / n += x takes from x: a map, or another node's or edge's.
Properties source_properties(const Value& v, ExecContext& ctx, const plan::Expr& where) {
    if (v.is_null()) return {};
    if (v.kind() == ValueKind::Map) return v.as_map().entries;
    if (v.kind() == ValueKind::Node) return ctx.load_node(v.as_node().id).properties;
    if (v.kind() == ValueKind::Edge) return ctx.load_edge(v.as_edge().id).properties;
    throw Error(ErrorKind::Type, "SET needs a map, not " + std::string(to_string(v.kind())),
                where.span);
}

void check_subject(const Value& subject, const plan::Expr& where) {
    if (subject.kind() != ValueKind::Node && subject.kind() != ValueKind::Edge) {
        throw Error(ErrorKind::Type,
                    "SET and REMOVE need a node or a relationship, not " +
                        std::string(to_string(subject.kind())),
                    where.span);
    }
}

}  // namespace

void apply_sets(const std::vector<plan::SetOp>& sets, Row& row, ExecContext& ctx) {
    for (const plan::SetOp& op : sets) {
        const Value subject = eval(op.subject, row, ctx);
        if (subject.is_null()) continue;
        switch (op.kind) {
            case plan::SetKind::Property: {
                check_subject(subject, op.subject);
                set_one(subject, op.key, eval(op.value, row, ctx), ctx, op.value);
                break;
            }
            case plan::SetKind::Replace:
            case plan::SetKind::Merge: {
                check_subject(subject, op.subject);
                const Properties incoming =
                    source_properties(eval(op.value, row, ctx), ctx, op.value);
                if (op.kind == plan::SetKind::Replace) {
                    const Properties current = subject.kind() == ValueKind::Node
                                                   ? ctx.load_node(subject.as_node().id).properties
                                                   : ctx.load_edge(subject.as_edge().id).properties;
                    for (const auto& [key, value] : current) {
                        if (!find_property(incoming, key))
                            set_one(subject, key, Value(), ctx, op.value);
                    }
                }
                for (const auto& [key, value] : incoming)
                    set_one(subject, key, value, ctx, op.value);
                break;
            }
            case plan::SetKind::AddLabels:
            case plan::SetKind::RemoveLabels: {
                if (subject.kind() != ValueKind::Node) {
                    throw Error(ErrorKind::Type,
                                "labels belong to nodes, not to a " +
                                    std::string(to_string(subject.kind())),
                                op.subject.span);
                }
                const NodeId id = subject.as_node().id;
                if (!ctx.node_exists(id)) continue;
                for (const std::string& label : op.labels) {
                    if (op.kind == plan::SetKind::AddLabels) {
                        if (ctx.writer().add_label(id, ctx.intern<graph::NameKind::Label>(label))) {
                            ++ctx.counts().labels_added;
                        }
                    } else if (auto l = ctx.find<graph::NameKind::Label>(label)) {
                        if (ctx.writer().remove_label(id, *l)) ++ctx.counts().labels_removed;
                    }
                }
                break;
            }
        }
    }
}

namespace {
class SetCursor : public UnaryCursor {
public:
    SetCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}
    bool next(Row& row) override {
        if (!child_->next(row)) return false;
        apply_sets(std::get<plan::SetArgs>(node_.args).items, row, ctx_);
        return true;
    }

private:
};
}  // namespace

CursorPtr make_set(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<SetCursor>(node, ctx);
}

}  // namespace caspian::query::exec
