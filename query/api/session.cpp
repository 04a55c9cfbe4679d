// Statement entry points: parse, translate the terse form, plan against the transaction's
// statistics, execute, and hand the rows to a Result. Read statements stream; statements that
// write run to completion before their result is returned, so that a failure leaves nothing.
#include "query/api/session.hpp"

#include "query/api/notifications.hpp"
#include "query/api/terse.hpp"

#include "graph/constraints.hpp"

#include "query/exec/cursor.hpp"
#include "query/exec/parallel_aggregate.hpp"
#include "query/exec/top_by_count.hpp"
#include "query/parser/parser.hpp"
#include "query/plan/estimate.hpp"
#include "query/plan/planner.hpp"
#include "query/procedures/registry.hpp"

#include <caspian/error.hpp>

#include <cstdio>
#include <functional>
#include <new>
#include <stdexcept>
#include <unordered_map>

namespace caspian::query {

namespace {

// Rows computed up front (writes, EXPLAIN, schema commands).
class BufferedSource : public RowSource {
public:
    BufferedSource(std::vector<std::string> columns, std::vector<std::vector<Value>> rows,
                   UpdateCounts counts)
        : columns_(std::move(columns)), rows_(std::move(rows)), counts_(counts) {}
    const std::vector<std::string>& columns() const override { return columns_; }
    bool next(std::vector<Value>& row) override {
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++]);
        return true;
    }
    UpdateCounts update_counts() const override { return counts_; }

private:
    std::vector<std::string> columns_;
    std::vector<std::vector<Value>> rows_;
    std::size_t pos_ = 0;
    UpdateCounts counts_;
};

// The transaction a statement runs in when it has one of its own.
struct OwnedTxn {
    std::shared_ptr<storage::Env> env;  // outlives the transaction
    std::unique_ptr<storage::ReadTxn> read;
    std::unique_ptr<graph::GraphReader> reader;
};

// Streams the rows of a read statement.
class StreamingSource : public RowSource {
public:
    StreamingSource(std::unique_ptr<OwnedTxn> owned, const graph::GraphReader& reader,
                    std::shared_ptr<const plan::PlannedQuery> planned, Params params,
                    const exec::RunOptions& run)
        : owned_(std::move(owned)),
          params_(std::move(params)),
          planned_(std::move(planned)),
          ctx_(reader, nullptr, params_) {
        ctx_.apply(run);
        cursor_ = exec::make_cursor(*planned_->root, ctx_);
        cursor_->open(exec::Row(std::size_t(planned_->slot_count)));
    }
    const std::vector<std::string>& columns() const override { return planned_->columns; }
    bool next(std::vector<Value>& row) override {
        try {
            return next_row(row);
        } catch (const std::bad_alloc&) {  // issue #15: a resource error, the process goes on
            done_ = true;
            throw exec::out_of_memory(ctx_.max_memory_bytes);
        } catch (const std::length_error&) {  // a vector asked past max_size()
            done_ = true;
            throw exec::out_of_memory(ctx_.max_memory_bytes);
        }
    }
    UpdateCounts update_counts() const override { return {}; }

private:
    bool next_row(std::vector<Value>& row) {
        if (done_ || !cursor_->next(buffer_)) {
            done_ = true;
            return false;
        }
        row.clear();
        for (int slot : planned_->column_slots)
            row.push_back(ctx_.materialize(buffer_[slot]));
        return true;
    }

    std::unique_ptr<OwnedTxn> owned_;
    Params params_;
    std::shared_ptr<const plan::PlannedQuery> planned_;  // shared with the statement's cache
    exec::ExecContext ctx_;
    exec::CursorPtr cursor_;
    exec::Row buffer_;
    bool done_ = false;
};

bool is_write(const Statement& s) {
    return std::holds_alternative<CreateIndex>(s.body) ||
           std::holds_alternative<DropIndex>(s.body) ||
           std::holds_alternative<CreateConstraint>(s.body) ||
           std::holds_alternative<DropConstraint>(s.body) ||
           std::holds_alternative<CreateFulltextIndex>(s.body) ||
           std::holds_alternative<CreateVectorIndex>(s.body);
}

std::vector<std::vector<Value>> run_all(const plan::PlannedQuery& planned, exec::ExecContext& ctx) {
    exec::CursorPtr cursor = exec::make_cursor(*planned.root, ctx);
    cursor->open(exec::Row(std::size_t(planned.slot_count)));
    std::vector<std::vector<Value>> rows;
    exec::RowHold hold(ctx);
    exec::Row row;
    while (cursor->next(row)) {
        if (planned.columns.empty()) continue;  // no RETURN: run for the updates only
        std::vector<Value> out;
        for (int slot : planned.column_slots)
            out.push_back(ctx.materialize(row[slot]));
        hold.add(1, exec::row_bytes(out));
        rows.push_back(std::move(out));
    }
    return rows;
}

// EXPLAIN: the plan, each operator with its estimated rows from the statistics of reader.
// PROFILE: the plan after running the statement (its rows discarded), each operator with its
// estimate beside the rows it produced and the time spent in it and below it.
Result explain_result(const plan::PlannedQuery& planned, const std::string& translation,
                      const graph::GraphReader& reader, const exec::RunOptions& run,
                      exec::ExecContext* profile_ctx = nullptr) {
    // A copy carrying the estimates, run by PROFILE: its figures are keyed by these nodes.
    const plan::PlanPtr root = plan::with_estimates(*planned.root, reader);
    std::vector<std::vector<Value>> rows;
    if (!translation.empty()) rows.push_back({Value("translation: " + translation)});
    std::unordered_map<const void*, exec::OperatorProfile> figures;
    // An Aggregate that runs on several threads says so, with its worker count, and a Sort that
    // runs as TopByCount says so (PROFILE runs the plain operators).
    std::function<std::string(const plan::PlanNode&)> annotate =
        [&reader, &run](const plan::PlanNode& node) {
            return exec::parallel_note(node, reader, run.threads, run.parallel_min_nodes) +
                   exec::top_by_count_note(node, reader);
        };
    if (profile_ctx != nullptr) {
        profile_ctx->profile = &figures;
        exec::CursorPtr cursor = exec::make_cursor(*root, *profile_ctx);
        cursor->open(exec::Row(std::size_t(planned.slot_count)));
        exec::Row row;
        while (cursor->next(row)) {
        }
        annotate = [&figures, &reader, &run](const plan::PlanNode& node) {
            const exec::OperatorProfile& f = figures[&node];
            const std::string note =
                exec::parallel_note(node, reader, run.threads, run.parallel_min_nodes);
            char buf[96];
            std::snprintf(buf, sizeof buf, "  [rows=%llu, time=%.3f ms]",
                          static_cast<unsigned long long>(f.rows), double(f.nanoseconds) / 1e6);
            return note + buf;
        };
    }
    std::string text = plan::explain(*root, planned.slot_names, annotate);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        rows.push_back({Value(text.substr(start, end - start))});
        start = end + 1;
    }
    return Result(std::make_unique<BufferedSource>(std::vector<std::string>{"plan"},
                                                   std::move(rows), UpdateCounts{}));
}

// `FOR (n:L) REQUIRE n.p`: the property must be read from the pattern's variable.
template <typename T>
void check_constraint_variable(const T& c) {
    if (c.property_variable != c.variable) {
        throw Error(ErrorKind::Semantic,
                    "variable '" + c.property_variable + "' is not defined (the pattern names '" +
                        c.variable + "')",
                    c.property_span);
    }
}

// Schema commands, in a write transaction.
Result run_schema(const Statement& s, graph::GraphWriter& writer) {
    if (auto* c = std::get_if<CreateIndex>(&s.body)) {
        if (c->properties.size() != 1) {
            throw Error(ErrorKind::Semantic, "an index covers exactly one property", s.span);
        }
        writer.create_index(writer.intern<graph::NameKind::Label>(c->label),
                            writer.intern<graph::NameKind::Property>(c->properties[0]));
    } else if (auto* d = std::get_if<DropIndex>(&s.body)) {
        auto label = writer.find_name<graph::NameKind::Label>(d->label);
        auto prop = d->properties.empty()
                        ? std::nullopt
                        : writer.find_name<graph::NameKind::Property>(d->properties[0]);
        if (d->name) {
            if (!graph::drop_fulltext_index(writer, *d->name) &&
                !graph::drop_vector_index(writer, *d->name)) {
                throw Error(ErrorKind::Semantic, "no index named '" + *d->name + "'", s.span);
            }
        } else if (!label || !prop || !writer.drop_index(*label, *prop)) {
            throw Error(ErrorKind::Semantic, "no such index", s.span);
        }
    } else if (auto* f = std::get_if<CreateFulltextIndex>(&s.body)) {
        graph::FulltextIndex index;
        index.name = f->name;
        index.entity =
            f->is_relationship ? graph::FulltextEntity::Relationship : graph::FulltextEntity::Node;
        index.analyzer = find_analyzer(f->analyzer).value_or(Analyzer::Standard);
        for (const std::string& l : f->labels) {
            index.tokens.push_back(f->is_relationship
                                       ? writer.intern<graph::NameKind::Type>(l).value
                                       : writer.intern<graph::NameKind::Label>(l).value);
        }
        for (const std::string& p : f->properties)
            index.properties.push_back(writer.intern<graph::NameKind::Property>(p));
        try {
            graph::create_fulltext_index(writer, std::move(index), f->if_not_exists);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Semantic || e.where()) throw;
            throw Error(ErrorKind::Semantic, e.what(), s.span);
        }
    } else if (auto* v = std::get_if<CreateVectorIndex>(&s.body)) {
        if (!v->dimensions) {
            throw Error(ErrorKind::Semantic,
                        "the vector index '" + v->name +
                            "' needs its dimensions: OPTIONS {indexConfig: "
                            "{`vector.dimensions`: 384}}",
                        s.span);
        }
        graph::VectorIndex index;
        index.name = v->name;
        if (v->is_relationship) {
            index.entity = graph::VectorEntity::Relationship;
            index.type = writer.intern<graph::NameKind::Type>(v->label);
        } else {
            index.label = writer.intern<graph::NameKind::Label>(v->label);
        }
        index.property = writer.intern<graph::NameKind::Property>(v->property);
        index.dimensions = std::uint32_t(*v->dimensions);
        index.similarity =
            graph::find_similarity(v->similarity).value_or(graph::Similarity::Cosine);
        index.m = std::uint32_t(v->m);
        index.ef_construction = std::uint32_t(v->ef_construction);
        try {
            graph::create_vector_index(writer, std::move(index), v->if_not_exists);
        } catch (const Error& e) {  // a setting, or a stored value the index cannot hold
            if (e.where()) throw;
            throw e.with_where(s.span);
        }
    } else if (auto* cc = std::get_if<CreateConstraint>(&s.body)) {
        check_constraint_variable(*cc);
        graph::create_unique_constraint(
            writer, cc->name.value_or(graph::default_constraint_name(cc->label, cc->property)),
            writer.intern<graph::NameKind::Label>(cc->label),
            writer.intern<graph::NameKind::Property>(cc->property), cc->if_not_exists);
    } else if (auto* dc = std::get_if<DropConstraint>(&s.body)) {
        if (!dc->name) check_constraint_variable(*dc);
        std::optional<std::string> name = dc->name;
        if (!name) {
            // The older form names the rule: find the constraint that enforces it.
            auto label = writer.find_name<graph::NameKind::Label>(dc->label);
            auto prop = writer.find_name<graph::NameKind::Property>(dc->property);
            for (const graph::UniqueConstraint& u : graph::unique_constraints(writer)) {
                if (label && prop && u.label == *label && u.property == *prop) name = u.name;
            }
        }
        if (!(name && graph::drop_constraint(writer, *name)) && !dc->if_exists) {
            throw Error(
                ErrorKind::Semantic,
                name ? "no constraint named '" + *name + "'"
                     : "no uniqueness constraint on :" + dc->label + "(" + dc->property + ")",
                s.span);
        }
    }
    return Result(std::make_unique<BufferedSource>(
        std::vector<std::string>{}, std::vector<std::vector<Value>>{}, UpdateCounts{}));
}

Result show_constraints(const graph::GraphReader& reader) {
    std::vector<std::vector<Value>> rows;
    for (const graph::UniqueConstraint& c : graph::unique_constraints(reader)) {
        rows.push_back({Value(c.name), Value("UNIQUENESS"), Value(reader.name(c.label)),
                        Value(reader.name(c.property))});
    }
    return Result(std::make_unique<BufferedSource>(
        std::vector<std::string>{"name", "type", "label", "property"}, std::move(rows),
        UpdateCounts{}));
}

// The OPTIONS map of an index: {indexConfig: {setting: value, ...}}.
Value index_options(Properties config) {
    return Value(Map{{{"indexConfig", Value(Map{std::move(config)})}}});
}

// Property indexes (one label and property, no name), full-text indexes (lists of labels or
// types and of properties), then vector indexes, with their name, type, entity type and options.
Result show_indexes(const graph::GraphReader& reader) {
    std::vector<std::vector<Value>> rows;
    for (const auto& [label, prop] : reader.indexes()) {
        rows.push_back({Value(reader.name(label)), Value(reader.name(prop)), Value(),
                        Value("RANGE"), Value("NODE"), Value()});
    }
    for (const graph::FulltextIndex& f : graph::fulltext_indexes(reader)) {
        const bool nodes = f.entity == graph::FulltextEntity::Node;
        List names, properties;
        for (std::uint32_t t : f.tokens) {
            names.emplace_back(nodes ? reader.name(graph::LabelId(t))
                                     : reader.name(graph::TypeId(t)));
        }
        for (graph::PropertyId p : f.properties)
            properties.emplace_back(reader.name(p));
        rows.push_back({Value(std::move(names)), Value(std::move(properties)), Value(f.name),
                        Value("FULLTEXT"), Value(nodes ? "NODE" : "RELATIONSHIP"),
                        index_options({{"fulltext.analyzer",
                                        Value(std::string(analyzer_name(f.analyzer)))}})});
    }
    for (const graph::VectorIndex& v : graph::vector_indexes(reader)) {
        const bool nodes = v.entity == graph::VectorEntity::Node;
        rows.push_back({Value(List{Value(nodes ? reader.name(v.label) : reader.name(v.type))}),
                        Value(List{Value(reader.name(v.property))}), Value(v.name), Value("VECTOR"),
                        Value(nodes ? "NODE" : "RELATIONSHIP"),
                        index_options({{"vector.dimensions", Value(std::int64_t(v.dimensions))},
                                       {"vector.similarity_function",
                                        Value(std::string(graph::similarity_name(v.similarity)))},
                                       {"vector.hnsw.m", Value(std::int64_t(v.m))},
                                       {"vector.hnsw.ef_construction",
                                        Value(std::int64_t(v.ef_construction))}})});
    }
    return Result(std::make_unique<BufferedSource>(
        std::vector<std::string>{"label", "property", "name", "type", "entityType", "options"},
        std::move(rows), UpdateCounts{}));
}

[[noreturn]] void not_here(const Statement& s) {
    throw Error(ErrorKind::Semantic,
                "BEGIN, COMMIT and ROLLBACK need a session (caspian run, the shell, or "
                "caspian::Session): a single statement runs in a transaction of its own",
                s.span);
}

// The notifications of s (unknown names) in reader's transaction.
std::vector<Notification> notes_of(const Statement& s, const detail::PreparedImpl& prepared,
                                   const graph::GraphReader& reader,
                                   const std::shared_ptr<const void>& owner) {
    // The terse form tries each word as a property and as a relationship type: a word that is
    // one of them is no unknown name.
    const auto* terse = std::get_if<TerseMatch>(&prepared.statement().body);
    if (&s == &prepared.statement()) return prepared.notifications(reader, owner);
    std::vector<Notification> notes =
        unknown_name_notifications(s, prepared.text(), reader, terse != nullptr);
    if (terse != nullptr) {
        for (Notification& n : unknown_value_notifications(*terse, reader))
            notes.push_back(std::move(n));
    }
    return notes;
}

Result attach(Result result, std::vector<Notification> notes) {
    for (Notification& n : notes)
        result.add_notification(std::move(n));
    return result;
}

// ANALYZE: db.stats.refresh() in the writer's transaction, its rows, and a notification of what
// it refreshed (issue #20).
Result analyze(graph::GraphWriter& writer, const Statement& s, const Params& params,
               const exec::RunOptions& run) {
    if (s.mode != ExplainMode::None) {
        throw Error(ErrorKind::Semantic, "ANALYZE has no plan to explain or profile", s.span);
    }
    const ProcedureInfo* refresh = find_procedure("db.stats.refresh");
    if (refresh == nullptr) throw Error(ErrorKind::Internal, "db.stats.refresh is not registered");
    exec::ExecContext ctx(writer, &writer, params);
    ctx.apply(run);
    ProcedureRows rows = refresh->run(ctx, {});
    std::vector<std::string> columns(refresh->fields.begin(), refresh->fields.end());
    Notification note;
    note.code = "Caspian.ClientNotification.Statement.StatisticsRefreshed";
    note.title = "The planner's statistics were refreshed.";
    note.description = "refreshed the statistics of " + std::to_string(rows.size()) +
                       " (label, property) pairs over " + std::to_string(writer.node_count()) +
                       " nodes; label and relationship type counts are always current";
    note.offset = s.span.offset;
    note.length = s.span.length;
    return attach(Result(std::make_unique<BufferedSource>(std::move(columns), std::move(rows),
                                                          UpdateCounts{})),
                  {std::move(note)});
}

// ANALYZE writes the statistics in a transaction of its own: not in a read-only transaction or
// database, nor inside an explicit transaction (whose rollback would leave plans made with them).
void refuse_analyze(const Statement& s, const char* why) {
    if (!std::holds_alternative<Analyze>(s.body)) return;
    throw Error(ErrorKind::Usage, std::string("ANALYZE cannot run ") + why, s.span);
}

// Runs a statement that may write in writer's transaction; rows are computed eagerly.
Result run_in_writer(graph::GraphWriter& writer, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     const exec::RunOptions& run) {
    std::string translation;
    std::unique_ptr<Statement> translated;
    const Statement& s = prepared.resolve(writer, translated, &translation);
    if (std::holds_alternative<TransactionControl>(s.body)) not_here(s);
    if (std::holds_alternative<ShowIndexes>(s.body)) return show_indexes(writer);
    if (std::holds_alternative<ShowConstraints>(s.body)) return show_constraints(writer);
    if (std::holds_alternative<Analyze>(s.body)) return analyze(writer, s, params, run);
    if (is_write(s)) {
        Result result = run_schema(s, writer);
        writer.bump_schema_version();  // cached plans of this database are stale now
        return result;
    }
    const auto planned_ptr = prepared.plan(s, writer, owner);
    const plan::PlannedQuery& planned = *planned_ptr;
    if (planned.in_transactions && run.batches == nullptr && s.mode != ExplainMode::Explain) {
        throw exec::in_transactions_refused(*planned.in_transactions);
    }
    exec::ExecContext ctx(writer, &writer, params);
    ctx.apply(run);
    std::vector<Notification> notes = notes_of(s, prepared, writer, owner);  // before it writes
    if (s.mode == ExplainMode::Explain) {
        return attach(explain_result(planned, translation, writer, run), std::move(notes));
    }
    if (s.mode == ExplainMode::Profile) {
        return attach(explain_result(planned, translation, writer, run, &ctx), std::move(notes));
    }
    auto rows = run_all(planned, ctx);
    return attach(
        Result(std::make_unique<BufferedSource>(planned.columns, std::move(rows), ctx.counts())),
        std::move(notes));
}

}  // namespace

Result run_statement(const graph::GraphReader& reader, std::string_view text, const Params& params,
                     const exec::RunOptions& run) {
    return run_statement(reader, detail::PreparedImpl(text), nullptr, params, run);
}

Result run_statement(graph::GraphWriter& writer, std::string_view text, const Params& params,
                     const exec::RunOptions& run) {
    return run_statement(writer, detail::PreparedImpl(text), nullptr, params, run);
}

Result run_autocommit(std::shared_ptr<storage::Env> env, std::string_view text,
                      const Params& params, bool read_only, const exec::RunOptions& run) {
    return run_autocommit(std::move(env), detail::PreparedImpl(text), params, read_only, run);
}

namespace {

Result read_statement(const graph::GraphReader& reader, const detail::PreparedImpl& prepared,
                      const std::shared_ptr<const void>& owner, const Params& params,
                      const exec::RunOptions& run) {
    std::string translation;
    std::unique_ptr<Statement> translated;
    const Statement& s = prepared.resolve(reader, translated, &translation);
    if (std::holds_alternative<TransactionControl>(s.body)) not_here(s);
    if (std::holds_alternative<ShowIndexes>(s.body)) return show_indexes(reader);
    if (std::holds_alternative<ShowConstraints>(s.body)) return show_constraints(reader);
    refuse_analyze(s, "in a read-only transaction");
    if (is_write(s)) {
        throw Error(ErrorKind::Usage, "this statement writes, but its transaction is read-only");
    }
    auto planned = prepared.plan(s, reader, owner);
    if (s.mode == ExplainMode::Explain) {
        return attach(explain_result(*planned, translation, reader, run),
                      notes_of(s, prepared, reader, owner));
    }
    if (planned->in_transactions) throw exec::in_transactions_refused(*planned->in_transactions);
    if (planned->writes) {
        throw Error(ErrorKind::Usage, "this statement writes, but its transaction is read-only");
    }
    if (s.mode == ExplainMode::Profile) {
        exec::ExecContext ctx(reader, nullptr, params);
        ctx.apply(run);
        return attach(explain_result(*planned, translation, reader, run, &ctx),
                      notes_of(s, prepared, reader, owner));
    }
    return attach(
        Result(std::make_unique<StreamingSource>(nullptr, reader, std::move(planned), params, run)),
        notes_of(s, prepared, reader, owner));
}

Result write_statement(graph::GraphWriter& writer, const detail::PreparedImpl& prepared,
                       const std::shared_ptr<const void>& owner, const Params& params,
                       const exec::RunOptions& run) {
    refuse_analyze(prepared.statement(), "inside an explicit transaction: it commits on its own");
    // A nested transaction makes the statement atomic inside the caller's transaction.
    storage::WriteTxn statement(writer.write_txn());
    graph::GraphWriter nested(statement);
    Result result = run_in_writer(nested, prepared, owner, params, run);
    statement.commit();
    return result;
}

Result autocommit(std::shared_ptr<storage::Env> env, const detail::PreparedImpl& prepared,
                  const Params& params, bool read_only, const exec::RunOptions& run) {
    // Plan in a read transaction first: a read statement streams from it.
    auto owned = std::make_unique<OwnedTxn>();
    owned->env = env;
    owned->read = std::make_unique<storage::ReadTxn>(*env);
    owned->reader = std::make_unique<graph::GraphReader>(*owned->read);
    std::string translation;
    std::unique_ptr<Statement> translated;
    const Statement& s = prepared.resolve(*owned->reader, translated, &translation);
    if (std::holds_alternative<TransactionControl>(s.body)) not_here(s);
    if (std::holds_alternative<ShowIndexes>(s.body)) return show_indexes(*owned->reader);
    if (std::holds_alternative<ShowConstraints>(s.body)) return show_constraints(*owned->reader);
    if (read_only) refuse_analyze(s, "on a database open read-only");
    bool writes = is_write(s) || std::holds_alternative<Analyze>(s.body);
    if (!writes) {
        auto planned = prepared.plan(s, *owned->reader, env);
        const graph::GraphReader& reader = *owned->reader;
        if (s.mode == ExplainMode::Explain) {
            return attach(explain_result(*planned, translation, reader, run),
                          notes_of(s, prepared, reader, env));
        }
        if (!planned->writes && s.mode == ExplainMode::Profile) {
            exec::ExecContext ctx(reader, nullptr, params);
            ctx.apply(run);
            return attach(explain_result(*planned, translation, reader, run, &ctx),
                          notes_of(s, prepared, reader, env));
        }
        if (!planned->writes) {
            std::vector<Notification> notes = notes_of(s, prepared, reader, env);
            return attach(Result(std::make_unique<StreamingSource>(
                              std::move(owned), reader, std::move(planned), params, run)),
                          std::move(notes));
        }
    }
    if (read_only) {
        throw Error(ErrorKind::Usage, "this statement writes, but the database is open read-only");
    }
    owned.reset();  // a writer must not wait on our own reader (map growth)
    // CALL { } IN TRANSACTIONS commits its batches in txn, renewing it (issue #16).
    exec::BatchCommit batches;
    exec::RunOptions batched = run;
    batched.batches = &batches;
    for (;;) {
        try {
            storage::WriteTxn txn(*env, run.writer_wait ? *run.writer_wait : storage::WriterWait{});
            batches.txn = &txn;
            graph::GraphWriter writer(txn);
            Result result = run_in_writer(writer, prepared, env, params, batched);
            txn.commit();
            return result;
        } catch (const storage::MapFull& e) {
            // A batch that does not fit runs again alone (exec/transaction_apply.cpp); what
            // follows the batches cannot run again without them.
            if (batches.committed > 0) {
                throw Error(ErrorKind::Storage,
                            std::string(e.what()) + " (after " + std::to_string(batches.committed) +
                                " committed batches of CALL { ... } IN TRANSACTIONS, which stay)");
            }
            env->grow_map();  // nothing was committed: run the statement again
        }
    }
}

// Runs a statement, turning an allocation failure into Error{Resource} (issue #15): by then
// its transactions have unwound, so the database is as it was and the process goes on.
template <typename F>
Result bounded_run(const exec::RunOptions& run, F&& f) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        throw exec::out_of_memory(run.limits.max_memory_bytes);
    } catch (const std::length_error&) {  // a vector asked past max_size()
        throw exec::out_of_memory(run.limits.max_memory_bytes);
    }
}

}  // namespace

Result run_statement(const graph::GraphReader& reader, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     const exec::RunOptions& run) {
    return bounded_run(run, [&] { return read_statement(reader, prepared, owner, params, run); });
}

Result run_statement(graph::GraphWriter& writer, const detail::PreparedImpl& prepared,
                     const std::shared_ptr<const void>& owner, const Params& params,
                     const exec::RunOptions& run) {
    return bounded_run(run, [&] { return write_statement(writer, prepared, owner, params, run); });
}

Result run_autocommit(std::shared_ptr<storage::Env> env, const detail::PreparedImpl& prepared,
                      const Params& params, bool read_only, const exec::RunOptions& run) {
    return bounded_run(
        run, [&] { return autocommit(std::move(env), prepared, params, read_only, run); });
}

}  // namespace caspian::query
