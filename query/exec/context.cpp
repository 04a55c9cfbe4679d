// ExecContext: dictionary caches and loading of the nodes and edges that rows refer to.
#include "query/exec/context.hpp"

#include "query/functions/functions.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <iterator>
#include <string>

namespace caspian::query::exec {

namespace {
// "64 MB", "1.5 GB", "800 bytes": a limit as the user would write it.
std::string format_bytes(std::uint64_t n) {
    static const char* const units[] = {"bytes", "KB", "MB", "GB", "TB"};
    std::size_t u = 0;
    std::uint64_t tenth = 0;
    while (u + 1 < std::size(units) && n >= 1024) {
        tenth = n % 1024 * 10 / 1024;
        n /= 1024;
        ++u;
    }
    std::string text = std::to_string(n);
    if (tenth != 0) text += "." + std::to_string(tenth);
    return text + " " + units[u];
}
}  // namespace

graph::GraphWriter& ExecContext::writer() {
    if (writer_ == nullptr) {
        throw Error(ErrorKind::Usage, "this statement writes, but its transaction is read-only");
    }
    return *writer_;
}

const Value* ExecContext::param(std::string_view name) const {
    for (const auto& [key, value] : params_) {
        if (key == name) return &value;
    }
    return nullptr;
}

template <graph::NameKind Kind>
std::optional<graph::NameId<Kind>> ExecContext::find(std::string_view name) {
    const std::string k = graph::name_key(Kind, name);
    auto it = ids_.find(k);
    if (it == ids_.end()) {
        const auto id = reader_.find_name<Kind>(name);
        it = ids_.emplace(k, id ? std::optional(id->value) : std::nullopt).first;
    }
    if (!it->second) return std::nullopt;
    return graph::NameId<Kind>(*it->second);
}

template <graph::NameKind Kind>
graph::NameId<Kind> ExecContext::intern(std::string_view name) {
    if (auto id = find<Kind>(name)) return *id;
    const auto id = writer().intern<Kind>(name);
    ids_[graph::name_key(Kind, name)] = id.value;
    return id;
}

template <graph::NameKind Kind>
const std::string& ExecContext::name(graph::NameId<Kind> id) {
    const std::uint64_t k = std::uint64_t(static_cast<unsigned char>(Kind)) << 32 | id.value;
    auto it = names_.find(k);
    if (it == names_.end()) it = names_.emplace(k, reader_.name(id)).first;
    return it->second;
}

template std::optional<graph::LabelId> ExecContext::find(std::string_view);
template std::optional<graph::TypeId> ExecContext::find(std::string_view);
template std::optional<graph::PropertyId> ExecContext::find(std::string_view);
template graph::LabelId ExecContext::intern(std::string_view);
template graph::TypeId ExecContext::intern(std::string_view);
template graph::PropertyId ExecContext::intern(std::string_view);
template const std::string& ExecContext::name(graph::LabelId);
template const std::string& ExecContext::name(graph::TypeId);
template const std::string& ExecContext::name(graph::PropertyId);

Value ExecContext::node_ref(NodeId id) const {
    return Value(Node{id, {}, {}});
}

Value ExecContext::edge_ref(EdgeId id, graph::TypeId type, NodeId src, NodeId dst) {
    return Value(Edge{id, name(type), src, dst, {}});
}

namespace {
// Only a DELETE earlier in the same statement leaves a reference to a missing entity.
[[noreturn]] void deleted(const char* what, std::uint64_t id) {
    throw Error(ErrorKind::Constraint, ErrorClass::EntityNotFound, "DeletedEntityAccess",
                std::string("cannot read a property of ") + what + " " + std::to_string(id) +
                    ": it was deleted");
}
}  // namespace

std::optional<graph::PropertyId> ExecContext::property_id(std::string_view key) {
    for (const auto& [name, id] : property_ids_) {
        if (name == key) return id;
    }
    auto id = find<graph::NameKind::Property>(key);
    // A missing name may be interned by a later write of this statement: not kept here.
    if (id && property_ids_.size() < 16) property_ids_.emplace_back(key, *id);
    return id;
}

Value ExecContext::node_property(NodeId id, std::string_view key) {
    auto prop = property_id(key);
    if (!prop) return Value();
    return node_property(id, *prop);
}

Value ExecContext::node_property(NodeId id, graph::PropertyId property) {
    if (read_only_) {
        if (id != cached_node_) {
            cached_bytes_ = reader_.node_bytes(id);
            cached_node_ = id;
        }
        if (!cached_bytes_) deleted("node", id.value);
        return graph::record_property(*cached_bytes_, property);
    }
    auto v = reader_.node_property(id, property);
    if (!v) deleted("node", id.value);
    return std::move(*v);
}

Value ExecContext::edge_property(EdgeId id, std::string_view key) {
    auto prop = property_id(key);
    if (!prop) return Value();
    auto v = reader_.edge_property(id, *prop);
    if (!v) deleted("relationship", id.value);
    return std::move(*v);
}

Node ExecContext::load_node(NodeId id) {
    Node node{id, {}, {}};
    auto record = reader_.node(id);
    if (!record) return node;
    for (std::uint32_t label : record->labels) {
        node.labels.push_back(name(graph::LabelId(label)));
    }
    std::sort(node.labels.begin(), node.labels.end());
    for (const auto& [prop, value] : record->properties) {
        node.properties.emplace_back(name(graph::PropertyId(prop)), value);
    }
    std::sort(node.properties.begin(), node.properties.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return node;
}

Edge ExecContext::load_edge(EdgeId id) {
    auto record = reader_.edge(id);
    if (!record) return Edge{id, {}, {}, {}, {}};
    Edge edge{id, name(graph::TypeId(record->type)), NodeId{record->src}, NodeId{record->dst}, {}};
    for (const auto& [prop, value] : record->properties) {
        edge.properties.emplace_back(name(graph::PropertyId(prop)), value);
    }
    std::sort(edge.properties.begin(), edge.properties.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return edge;
}

Value ExecContext::materialize(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Node:
            return Value(load_node(v.as_node().id));
        case ValueKind::Edge: {
            const Edge& e = v.as_edge();
            Edge loaded = load_edge(e.id);
            if (loaded.type.empty()) return v;  // deleted in this statement: keep what we know
            return Value(std::move(loaded));
        }
        case ValueKind::List: {
            List items;
            items.reserve(v.as_list().size());
            for (const Value& item : v.as_list())
                items.push_back(materialize(item));
            return Value(std::move(items));
        }
        case ValueKind::Map: {
            Map m;
            for (const auto& [k, item] : v.as_map().entries)
                m.entries.emplace_back(k, materialize(item));
            return Value(std::move(m));
        }
        case ValueKind::Path: {
            Path p;
            for (const Node& n : v.as_path().nodes)
                p.nodes.push_back(load_node(n.id));
            for (const Edge& e : v.as_path().edges) {
                Edge loaded = load_edge(e.id);
                p.edges.push_back(loaded.type.empty() ? e : std::move(loaded));
            }
            return Value(std::move(p));
        }
        default:
            return v;
    }
}

void ExecContext::apply(const RunOptions& options) {
    cancel = options.cancel;
    batches = options.batches;
    threads = options.threads;
    parallel_min_nodes = options.parallel_min_nodes;
    max_rows_in_memory = options.limits.max_rows_in_memory;
    max_memory_bytes = options.limits.max_memory_bytes;
    timeout = options.limits.timeout;
    deadline.reset();
    if (timeout.count() > 0) deadline = std::chrono::steady_clock::now() + timeout;
    start_statement_clock();
}

void ExecContext::hold_rows(std::uint64_t n) {
    if (max_rows_in_memory != 0 && rows_held_ + n > max_rows_in_memory) {
        throw Error(ErrorKind::Resource,
                    "the statement exceeded the limit of " + std::to_string(max_rows_in_memory) +
                        " rows held in memory (sorting, grouping, collecting or expanding "
                        "paths): narrow it, or raise max_rows_in_memory (--max-rows)");
    }
    rows_held_ += n;
}

void ExecContext::check_bytes(std::uint64_t n) const {
    if (max_memory_bytes == 0 || bytes_held_ + n <= max_memory_bytes) return;
    throw Error(ErrorKind::Resource,
                "the statement exceeded its memory limit of " + format_bytes(max_memory_bytes) +
                    " (strings, lists, maps and rows it holds): narrow it, or raise the limit "
                    "(--max-memory SIZE, :max-memory in the shell, "
                    "QueryOptions::max_memory_bytes; 0 for none)");
}

void ExecContext::hold_bytes(std::uint64_t n) {
    check_bytes(n);
    bytes_held_ += n;
}

Error out_of_memory(std::uint64_t max_memory_bytes) {
    const std::string limit = max_memory_bytes == 0
                                  ? "no memory limit"
                                  : "a memory limit of " + format_bytes(max_memory_bytes);
    return Error(ErrorKind::Resource,
                 "the statement ran out of memory (the process could allocate no more) under " +
                     limit +
                     ": narrow it, or set a limit the machine can hold (--max-memory SIZE, "
                     ":max-memory in the shell, QueryOptions::max_memory_bytes)");
}

std::uint64_t value_bytes(const Value& v) noexcept {
    std::uint64_t n = sizeof(Value);
    const auto properties = [](const Properties& ps) {
        std::uint64_t m = 0;
        for (const auto& [key, value] : ps)
            m += key.capacity() + value_bytes(value);
        return m;
    };
    switch (v.kind()) {
        case ValueKind::String:
            return n + v.as_string().capacity();
        case ValueKind::List:
            for (const Value& item : v.as_list())
                n += value_bytes(item);
            return n;
        case ValueKind::Map:
            return n + properties(v.as_map().entries);
        case ValueKind::Node:
            for (const std::string& label : v.as_node().labels)
                n += sizeof(std::string) + label.capacity();
            return n + properties(v.as_node().properties);
        case ValueKind::Edge:
            return n + v.as_edge().type.capacity() + properties(v.as_edge().properties);
        case ValueKind::Path:
            for (const Node& node : v.as_path().nodes)
                n += sizeof(Node) + properties(node.properties);
            for (const Edge& edge : v.as_path().edges)
                n += sizeof(Edge) + properties(edge.properties);
            return n;
        default:
            return n;
    }
}

std::uint64_t row_bytes(const Row& row) noexcept {
    std::uint64_t n = sizeof(Row);
    for (const Value& v : row)
        n += value_bytes(v);
    return n;
}

}  // namespace caspian::query::exec
