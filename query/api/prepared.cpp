// PreparedImpl and StatementCache (see prepared.hpp).
#include "query/api/prepared.hpp"

#include "query/api/terse.hpp"
#include "query/optimizer/optimizer.hpp"
#include "query/parser/parser.hpp"

namespace caspian::detail {

namespace {

// Statistics only steer the plan's choices (where a pattern starts, hash join or not), never
// its results: a plan is kept until a count has more than doubled or halved, so a statement
// prepared on an empty database is re-planned once the data is loaded. Differences below 64
// are ignored: on a tiny graph every plan is cheap.
bool drifted(std::uint64_t then, std::uint64_t now) {
    return now > 2 * then + 64 || then > 2 * now + 64;
}

bool same_owner(const std::weak_ptr<const void>& a, const std::shared_ptr<const void>& b) {
    return !a.owner_before(b) && !b.owner_before(a);
}

}  // namespace

PreparedImpl::PreparedImpl(std::string_view text)
    : text_(text), statement_(query::parse(text)), read_names_(query::read_names(statement_)) {}

const query::Statement& PreparedImpl::resolve(const graph::GraphReader& reader,
                                              std::unique_ptr<query::Statement>& translated,
                                              std::string* translation) const {
    const auto* terse = std::get_if<query::TerseMatch>(&statement_.body);
    if (terse == nullptr) return statement_;
    // The terse form names labels and edge types as stored (case-insensitive): translate it in
    // each transaction, since names come and go.
    query::TerseTranslation full = query::translate_terse(*terse, text_, reader);
    if (translation != nullptr) *translation = std::move(full.text);
    translated = std::make_unique<query::Statement>();
    translated->mode = statement_.mode;
    translated->body = std::move(full.query);
    translated->span = statement_.span;
    return *translated;
}

std::shared_ptr<const query::plan::PlannedQuery> PreparedImpl::plan(
    const query::Statement& s, const graph::GraphReader& reader,
    const std::shared_ptr<const void>& owner) const {
    const auto& query = std::get<query::Query>(s.body);
    if (&s != &statement_ || owner == nullptr) {
        return std::make_shared<const query::plan::PlannedQuery>(
            query::optimizer::optimize(query::plan::plan_query(query, reader)));
    }
    // Two read transactions of one database with the same snapshot id see the same statistics
    // (a write transaction, which every GraphWriter reads in, names no committed snapshot).
    const std::optional<std::uint64_t> snapshot =
        reader.txn().is_writable() ? std::nullopt : std::optional(reader.txn().snapshot_id());
    std::shared_ptr<const CachedPlan> cached;
    {
        std::lock_guard lock(mutex_);
        cached = cached_;
    }
    if (cached && snapshot && cached->snapshot == snapshot && same_owner(cached->owner, owner)) {
        return cached->planned;  // optimisation only: the checks below would pass
    }
    const std::uint64_t version = reader.schema_version();
    const std::uint64_t nodes = reader.node_count();
    const std::uint64_t edges = reader.edge_count();
    if (cached && cached->schema_version == version && same_owner(cached->owner, owner) &&
        !drifted(cached->nodes, nodes) && !drifted(cached->edges, edges)) {
        if (snapshot && cached->snapshot != snapshot) {
            auto checked = std::make_shared<CachedPlan>(*cached);
            checked->snapshot = snapshot;
            std::lock_guard lock(mutex_);
            if (cached_ == cached) cached_ = std::move(checked);
        }
        return cached->planned;
    }
    const bool committed_snapshot = dynamic_cast<const graph::GraphWriter*>(&reader) == nullptr;
    if (!committed_snapshot) {
        return std::make_shared<const query::plan::PlannedQuery>(
            query::optimizer::optimize(query::plan::plan_query(query, reader)));
    }
    auto fresh = std::make_shared<CachedPlan>();
    fresh->planned = std::make_shared<const query::plan::PlannedQuery>(
        query::optimizer::optimize(query::plan::plan_query(query, reader)));
    fresh->owner = owner;
    fresh->schema_version = version;
    fresh->nodes = nodes;
    fresh->edges = edges;
    fresh->snapshot = snapshot;
    std::lock_guard lock(mutex_);
    cached_ = fresh;
    return fresh->planned;
}

std::vector<Notification> PreparedImpl::notifications(
    const graph::GraphReader& reader, const std::shared_ptr<const void>& owner) const {
    // A write transaction's data is not a committed snapshot: its names may still roll back.
    const bool snapshot = owner != nullptr && !reader.txn().is_writable();
    const std::uint64_t id = reader.txn().snapshot_id();
    if (snapshot) {
        std::shared_ptr<const CachedNotes> cached;
        {
            std::lock_guard lock(mutex_);
            cached = cached_notes_;
        }
        if (cached && cached->snapshot == id && same_owner(cached->owner, owner))
            return cached->notes;
    }
    std::vector<Notification> notes = query::unknown_name_notifications(read_names_, text_, reader);
    if (snapshot) {
        auto fresh = std::make_shared<CachedNotes>();
        fresh->notes = notes;
        fresh->owner = owner;
        fresh->snapshot = id;
        std::lock_guard lock(mutex_);
        cached_notes_ = std::move(fresh);
    }
    return notes;
}

std::shared_ptr<const PreparedImpl> StatementCache::get(std::string_view text) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = by_text_.find(text); it != by_text_.end()) {
            order_.splice(order_.begin(), order_, it->second);
            return *it->second;
        }
    }
    auto prepared = std::make_shared<const PreparedImpl>(text);  // parse outside the lock
    std::lock_guard lock(mutex_);
    if (capacity_ == 0 || text.size() > max_text_size || by_text_.contains(text)) return prepared;
    order_.push_front(prepared);
    by_text_.emplace(order_.front()->text(), order_.begin());
    if (order_.size() > capacity_) {
        by_text_.erase(order_.back()->text());
        order_.pop_back();
    }
    return prepared;
}

}  // namespace caspian::detail
