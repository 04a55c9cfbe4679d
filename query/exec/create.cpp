// Create: for each input row, creates the pattern's new nodes and relationships and binds them.
#include "query/exec/eval.hpp"
#include "query/exec/unary_cursor.hpp"
#include "query/exec/updates.hpp"

#include <caspian/error.hpp>

namespace caspian::query::exec {

namespace {

// Where a map entry came from: its value's span in a map literal, else the whole expression's.
SourceSpan entry_span(const plan::Expr& expr, const std::string& key) {
    if (expr.op == plan::Op::Map) {
        const std::vector<std::string>& keys = expr.as<plan::MapExpr>().keys;
        for (std::size_t i = 0; i < expr.args.size() && i < keys.size(); ++i) {
            if (keys[i] == key) return expr.args[i].span;
        }
    }
    return expr.span;
}

// The properties of a CREATE pattern: a map (literal or parameter); nulls are not stored. A
// MERGE pattern (`merged` names the element) cannot hold a null: it could never match (#15).
graph::PropertyValues eval_properties(const plan::Expr& expr, Row& row, ExecContext& ctx,
                                      std::int64_t& count, const char* merged = nullptr) {
    graph::PropertyValues props;
    if (expr.is_absent()) return props;
    const Value v = eval(expr, row, ctx);
    if (v.is_null()) return props;
    if (v.kind() != ValueKind::Map) {
        throw Error(ErrorKind::Type,
                    "properties must be a map, not " + std::string(to_string(v.kind())), expr.span);
    }
    for (const auto& [key, value] : v.as_map().entries) {
        if (value.is_null() && merged != nullptr) {
            throw Error(
                ErrorKind::Semantic,
                std::string("cannot merge a ") + merged + " whose property '" + key + "' is null",
                entry_span(expr, key));
        }
        if (value.is_null()) continue;
        if (!is_storable(value)) {
            throw Error(ErrorKind::Type, ErrorClass::TypeError, "InvalidPropertyType",
                        "property '" + key + "' cannot hold a " + to_string(value.kind()),
                        expr.span);
        }
        props.emplace_back(ctx.intern<graph::NameKind::Property>(key), value);
        ++count;
    }
    return props;
}

}  // namespace

void create_items(const std::vector<plan::CreateItem>& items, Row& row, ExecContext& ctx,
                  CreateMode mode) {
    const bool merging = mode == CreateMode::Merge;
    graph::GraphWriter& w = ctx.writer();
    UpdateCounts& counts = ctx.counts();
    for (const plan::CreateItem& item : items) {
        for (const plan::CreateNode& n : item.nodes) {
            if (n.bound) {
                if (row[n.slot].kind() != ValueKind::Node) {
                    throw Error(ErrorKind::Semantic,
                                "cannot create a relationship from or to a null node");
                }
                continue;
            }
            std::vector<graph::LabelId> labels;
            for (const auto& l : n.labels)
                labels.push_back(ctx.intern<graph::NameKind::Label>(l));
            auto props = eval_properties(n.properties, row, ctx, counts.properties_set,
                                         merging ? "node" : nullptr);
            NodeId id{0};
            try {
                id = w.create_node(std::move(labels), std::move(props));
            } catch (const Error& e) {  // a value an index refuses (issue #17): at the properties
                if (e.where() || e.detail() != "InvalidVectorValue" || n.properties.is_absent())
                    throw;
                throw e.with_where(n.properties.span);
            }
            row[n.slot] = ctx.node_ref(id);
            ++counts.nodes_created;
            counts.labels_added += static_cast<std::int64_t>(n.labels.size());
        }
        for (const plan::CreateRel& r : item.rels) {
            const Value& from = row[r.from_slot];
            const Value& to = row[r.to_slot];
            if (from.kind() != ValueKind::Node || to.kind() != ValueKind::Node) {
                throw Error(ErrorKind::Semantic,
                            "cannot create a relationship from or to a null node");
            }
            const graph::TypeId type = ctx.intern<graph::NameKind::Type>(r.type);
            auto props = eval_properties(r.properties, row, ctx, counts.properties_set,
                                         merging ? "relationship" : nullptr);
            const NodeId src = from.as_node().id, dst = to.as_node().id;
            EdgeId id{0};
            try {
                id = w.create_edge(src, type, dst, std::move(props));
            } catch (const Error& e) {  // a value a vector index refuses: at the properties
                if (e.where() || e.detail() != "InvalidVectorValue" || r.properties.is_absent())
                    throw;
                throw e.with_where(r.properties.span);
            }
            row[r.slot] = ctx.edge_ref(id, type, src, dst);
            ++counts.edges_created;
        }
    }
}

namespace {

class CreateCursor : public UnaryCursor {
public:
    CreateCursor(const plan::PlanNode& node, ExecContext& ctx) : UnaryCursor(node, ctx) {}
    bool next(Row& row) override {
        if (!child_->next(row)) return false;
        create_items(std::get<plan::CreateArgs>(node_.args).items, row, ctx_);
        return true;
    }

private:
};

}  // namespace

CursorPtr make_create(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<CreateCursor>(node, ctx);
}

}  // namespace caspian::query::exec
