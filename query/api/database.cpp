// The embedding API (include/caspian/database.hpp) over the graph layer: maps names to
// dictionary ids, records to caspian::Node/Edge, and owns the transactions.
#include <caspian/database.hpp>

#include "graph/graph_store.hpp"
#include "query/api/database_impl.hpp"
#include "query/api/prepared.hpp"
#include "query/api/session.hpp"
#include "storage/env.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <variant>

namespace caspian {

using graph::NameKind;

namespace detail {

struct TransactionImpl {
    std::shared_ptr<DatabaseImpl> db;  // keeps the environment open while the txn lives
    std::unique_ptr<storage::ReadTxn> read;
    std::unique_ptr<storage::WriteTxn> write;
    std::unique_ptr<graph::GraphReader> reader;
    graph::GraphWriter* writer = nullptr;  // = reader, for write transactions
    // Names resolved in this transaction (ids never change meaning once committed).
    mutable std::unordered_map<std::uint64_t, std::string> names;

    template <NameKind Kind>
    const std::string& name(graph::NameId<Kind> id) const {
        const std::uint64_t k = std::uint64_t(static_cast<unsigned char>(Kind)) << 32 | id.value;
        auto it = names.find(k);
        if (it == names.end()) it = names.emplace(k, reader->name(id)).first;
        return it->second;
    }

    Properties properties(const storage::PropertyIds& ids) const {
        Properties out;
        out.reserve(ids.size());
        for (const auto& [id, value] : ids)
            out.emplace_back(name(graph::PropertyId(id)), value);
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        return out;
    }

    Node to_node(NodeId id, const storage::NodeRecord& record) const {
        Node node{id, {}, properties(record.properties)};
        for (std::uint32_t label : record.labels) {
            node.labels.push_back(name(graph::LabelId(label)));
        }
        std::sort(node.labels.begin(), node.labels.end());
        return node;
    }

    Edge to_edge(EdgeId id, const storage::EdgeRecord& record) const {
        return Edge{id, name(graph::TypeId(record.type)), NodeId{record.src}, NodeId{record.dst},
                    properties(record.properties)};
    }

    graph::GraphWriter& writable() const {
        if (writer == nullptr || !write->is_open()) {
            throw Error(ErrorKind::Usage, "the transaction is committed or was rolled back");
        }
        return *writer;
    }
};

}  // namespace detail

// --- PreparedStatement -----------------------------------------------------------------------

PreparedStatement::PreparedStatement(std::shared_ptr<const detail::PreparedImpl> impl)
    : impl_(std::move(impl)) {}

const std::string& PreparedStatement::text() const noexcept {
    return impl_->text();
}

// --- Transaction -----------------------------------------------------------------------------

Transaction::Transaction(std::unique_ptr<detail::TransactionImpl> impl) : impl_(std::move(impl)) {}
Transaction::Transaction(Transaction&&) noexcept = default;
Transaction& Transaction::operator=(Transaction&&) noexcept = default;
Transaction::~Transaction() = default;

std::optional<Node> Transaction::node(NodeId id) const {
    auto record = impl_->reader->node(id);
    if (!record) return std::nullopt;
    return impl_->to_node(id, *record);
}

std::optional<Edge> Transaction::edge(EdgeId id) const {
    auto record = impl_->reader->edge(id);
    if (!record) return std::nullopt;
    return impl_->to_edge(id, *record);
}

std::optional<NodeId> Transaction::find_node(std::string_view key) const {
    return impl_->reader->find_key(key);
}

void Transaction::scan_label(std::string_view label,
                             const std::function<bool(NodeId)>& visit) const {
    auto id = impl_->reader->find_name<NameKind::Label>(label);
    if (!id) return;
    impl_->reader->scan_label(*id, visit);
}

void Transaction::scan_nodes(const std::function<bool(NodeId)>& visit) const {
    impl_->reader->scan_nodes(visit);
}

std::vector<Edge> Transaction::edges(NodeId id, Direction dir,
                                     std::optional<std::string_view> type) const {
    std::vector<Edge> out;
    std::optional<graph::TypeId> type_id;
    if (type) {
        type_id = impl_->reader->find_name<NameKind::Type>(*type);
        if (!type_id) return out;
    }
    for (caspian::Direction d : {caspian::Direction::Out, caspian::Direction::In}) {
        if ((d == caspian::Direction::Out && dir == Direction::In) ||
            (d == caspian::Direction::In && dir == Direction::Out)) {
            continue;
        }
        impl_->reader->adjacency(id, d, type_id, [&](const graph::AdjEntry& e) {
            auto record = impl_->reader->edge(e.edge);
            if (!record) throw Error(ErrorKind::Corrupt, "adjacency names a missing edge");
            out.push_back(impl_->to_edge(e.edge, *record));
            return true;
        });
    }
    return out;
}

std::uint64_t Transaction::degree(NodeId id, Direction dir,
                                  std::optional<std::string_view> type) const {
    std::optional<graph::TypeId> type_id;
    if (type) {
        type_id = impl_->reader->find_name<NameKind::Type>(*type);
        if (!type_id) return 0;
    }
    std::uint64_t n = 0;
    if (dir != Direction::In) n += impl_->reader->degree(id, caspian::Direction::Out, type_id);
    if (dir != Direction::Out) n += impl_->reader->degree(id, caspian::Direction::In, type_id);
    return n;
}

Counts Transaction::counts() const {
    const graph::GraphReader& r = *impl_->reader;
    Counts c{r.node_count(), r.edge_count(), {}, {}};
    for (const auto& [id, name] : r.names<NameKind::Label>()) {
        if (auto n = r.label_count(id)) c.labels.emplace_back(name, n);
    }
    for (const auto& [id, name] : r.names<NameKind::Type>()) {
        if (auto n = r.type_stats(id).edges) c.edge_types.emplace_back(name, n);
    }
    return c;
}

Result Transaction::query(std::string_view text, const Params& params, std::atomic<bool>* cancel) {
    return query(prepare(text), params, QueryOptions{cancel, {}, {}, {}});
}

Result Transaction::query(const PreparedStatement& statement, const Params& params,
                          std::atomic<bool>* cancel) {
    return query(statement, params, QueryOptions{cancel, {}, {}, {}});
}

Result Transaction::query(std::string_view text, const Params& params,
                          const QueryOptions& options) {
    return query(prepare(text), params, options);
}

Result Transaction::query(const PreparedStatement& statement, const Params& params,
                          const QueryOptions& options) {
    const auto run = impl_->db->run_options(options);
    if (impl_->writer != nullptr) {
        return ::caspian::query::run_statement(*impl_->writer, *statement.impl_, impl_->db->env,
                                               params, run);
    }
    return ::caspian::query::run_statement(*impl_->reader, *statement.impl_, impl_->db->env, params,
                                           run);
}

PreparedStatement Transaction::prepare(std::string_view text) const {
    return PreparedStatement(impl_->db->statements.get(text));
}

// --- WriteTransaction ------------------------------------------------------------------------

NodeId WriteTransaction::create_node(const std::vector<std::string>& labels,
                                     const Properties& properties) {
    graph::GraphWriter& w = impl_->writable();
    std::vector<graph::LabelId> label_ids;
    for (const auto& label : labels)
        label_ids.push_back(w.intern<NameKind::Label>(label));
    graph::PropertyValues props;
    for (const auto& [name, value] : properties) {
        props.emplace_back(w.intern<NameKind::Property>(name), value);
    }
    return w.create_node(std::move(label_ids), std::move(props));
}

EdgeId WriteTransaction::create_edge(NodeId src, std::string_view type, NodeId dst,
                                     const Properties& properties) {
    graph::GraphWriter& w = impl_->writable();
    graph::PropertyValues props;
    for (const auto& [name, value] : properties) {
        props.emplace_back(w.intern<NameKind::Property>(name), value);
    }
    return w.create_edge(src, w.intern<NameKind::Type>(type), dst, std::move(props));
}

void WriteTransaction::set_property(NodeId id, std::string_view name, const Value& value) {
    graph::GraphWriter& w = impl_->writable();
    w.set_node_property(id, w.intern<NameKind::Property>(name), value);
}

void WriteTransaction::set_property(EdgeId id, std::string_view name, const Value& value) {
    graph::GraphWriter& w = impl_->writable();
    w.set_edge_property(id, w.intern<NameKind::Property>(name), value);
}

void WriteTransaction::add_label(NodeId id, std::string_view label) {
    graph::GraphWriter& w = impl_->writable();
    w.add_label(id, w.intern<NameKind::Label>(label));
}

void WriteTransaction::remove_label(NodeId id, std::string_view label) {
    graph::GraphWriter& w = impl_->writable();
    if (!w.has_node(id)) {
        throw Error(ErrorKind::Constraint, "node " + std::to_string(id.value) + " does not exist");
    }
    if (auto label_id = w.find_name<NameKind::Label>(label)) w.remove_label(id, *label_id);
}

void WriteTransaction::delete_node(NodeId id, DeleteMode mode) {
    impl_->writable().delete_node(id, mode == DeleteMode::Detach);
}

void WriteTransaction::delete_edge(EdgeId id) {
    impl_->writable().delete_edge(id);
}

void WriteTransaction::commit() {
    impl_->writable();
    impl_->write->commit();
}

// --- Database --------------------------------------------------------------------------------

Database::Database(std::shared_ptr<detail::DatabaseImpl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::filesystem::path& path, const OpenOptions& options) {
    storage::EnvOptions env_options;
    env_options.read_only = options.read_only;
    env_options.create = options.create;
    env_options.map_size = options.map_size;
    env_options.sync = options.sync == SyncMode::Full         ? storage::Sync::Full
                       : options.sync == SyncMode::NoMetaSync ? storage::Sync::NoMetaSync
                                                              : storage::Sync::None;
    env_options.writer_wait.timeout = options.busy_timeout;
    env_options.writer_wait.on_wait = options.on_busy;
    auto impl = std::make_shared<detail::DatabaseImpl>();
    // A failed open leaves the directory as it found it (#15): LMDB creates lock.mdb before it
    // reads data.mdb, so a directory of another program's files would otherwise keep one.
    const std::filesystem::path lock = path / "lock.mdb";
    std::error_code ec;
    const bool had_lock = std::filesystem::exists(lock, ec);
    try {
        impl->env = storage::Env::open(path, env_options);
    } catch (...) {
        if (!had_lock) std::filesystem::remove(lock, ec);
        throw;
    }
    impl->path = path;
    impl->read_only = options.read_only;
    impl->limits.max_rows_in_memory = options.max_rows_in_memory;
    impl->limits.max_memory_bytes = options.max_memory_bytes.value_or(default_max_memory_bytes());
    impl->limits.timeout = options.statement_timeout;
    impl->threads =
        options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    impl->parallel_min_nodes = options.parallel_min_nodes;
    impl->writer_wait = env_options.writer_wait;
    return Database(std::move(impl));
}

ReadTransaction Database::begin_read() const {
    auto t = std::make_unique<detail::TransactionImpl>();
    t->db = impl_;
    t->read = std::make_unique<storage::ReadTxn>(*impl_->env);
    t->reader = std::make_unique<graph::GraphReader>(*t->read);
    return ReadTransaction(std::move(t));
}

WriteTransaction Database::begin_write() {
    if (impl_->read_only) throw Error(ErrorKind::Usage, "the database is open read-only");
    auto t = std::make_unique<detail::TransactionImpl>();
    t->db = impl_;
    t->write = std::make_unique<storage::WriteTxn>(*impl_->env, impl_->writer_wait);
    auto writer = std::make_unique<graph::GraphWriter>(*t->write);
    t->writer = writer.get();
    t->reader = std::move(writer);
    return WriteTransaction(std::move(t));
}

void Database::update(const std::function<void(WriteTransaction&)>& fn) {
    for (;;) {
        try {
            WriteTransaction txn = begin_write();
            fn(txn);
            txn.commit();
            return;
        } catch (const storage::MapFull&) {
            // The transaction is gone (rolled back); grow past what it needed and run it again.
            impl_->env->grow_map();
        }
    }
}

Result Database::query(std::string_view text, const Params& params, std::atomic<bool>* cancel) {
    return query(prepare(text), params, QueryOptions{cancel, {}, {}, {}});
}

Result Database::query(std::string_view text, const Params& params, const QueryOptions& options) {
    return query(prepare(text), params, options);
}

PreparedStatement Database::prepare(std::string_view text) const {
    return PreparedStatement(impl_->statements.get(text));
}

Result Database::query(const PreparedStatement& statement, const Params& params,
                       std::atomic<bool>* cancel) {
    return query(statement, params, QueryOptions{cancel, {}, {}, {}});
}

Result Database::query(const PreparedStatement& statement, const Params& params,
                       const QueryOptions& options) {
    return ::caspian::query::run_autocommit(impl_->env, *statement.impl_, params, impl_->read_only,
                                            impl_->run_options(options));
}

const std::filesystem::path& Database::path() const noexcept {
    return impl_->path;
}
bool Database::is_read_only() const noexcept {
    return impl_->read_only;
}

}  // namespace caspian
