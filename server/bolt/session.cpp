// The Bolt session (session.hpp): handshake, message dispatch, the state machine, streaming
// results, transactions, and the mapping of caspian's errors to Neo4j status codes.
#include "server/bolt/session.hpp"

#include "server/bolt/packstream.hpp"

#include <caspian/diagnostics.hpp>

#include <algorithm>
#include <cstring>
#include <thread>
#include <utility>

namespace caspian::server::bolt {
namespace {

namespace msg {
inline constexpr std::uint8_t hello = 0x01, goodbye = 0x02, reset = 0x0F, run = 0x10, begin = 0x11,
                              commit = 0x12, rollback = 0x13, discard = 0x2F, pull = 0x3F,
                              telemetry = 0x54, route = 0x66, logon = 0x6A, logoff = 0x6B,
                              success = 0x70, record = 0x71, ignored = 0x7E, failure = 0x7F;
}  // namespace msg

constexpr unsigned char magic[4] = {0x60, 0x60, 0xB0, 0x17};
constexpr std::size_t flush_bytes = 64 * 1024;  // buffered output before a write

enum class State { Negotiation, Authentication, Ready, Streaming, TxReady, TxStreaming, Failed };

const Value* field(const Map& m, std::string_view name) {
    return find_property(m.entries, name);
}

std::string string_field(const Map& m, std::string_view name) {
    const Value* v = field(m, name);
    return v != nullptr && v->kind() == ValueKind::String ? v->as_string() : std::string();
}

const Map& map_at(const Message& m, std::size_t i) {
    static const Map empty;
    if (i >= m.fields.size()) return empty;
    if (m.fields[i].kind() != ValueKind::Map) throw ProtocolError("expected a map field");
    return m.fields[i].as_map();
}

// Where an error is, as Neo4j words it: line and column 1-based, the column in characters.
std::string position_text(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return " (line " + std::to_string(line) + ", column " + std::to_string(column) +
           " (offset: " + std::to_string(offset) + "))";
}

bool is_schema_statement(std::string_view text) {
    std::string head;
    for (char c : text.substr(0, 64)) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        head.push_back(c == '\n' || c == '\t' ? ' ' : c);
    }
    const std::size_t start = head.find_first_not_of(' ');
    if (start == std::string::npos) return false;
    head = head.substr(start);
    return (head.starts_with("CREATE ") || head.starts_with("DROP ")) &&
           (head.find(" INDEX") != std::string::npos ||
            head.find(" CONSTRAINT") != std::string::npos);
}

bool any(const UpdateCounts& c) {
    return c != UpdateCounts{};
}

}  // namespace

std::optional<Version> negotiate(const unsigned char proposals[16]) noexcept {
    for (int i = 0; i < 4; ++i) {
        const unsigned char* p = proposals + 4 * i;
        const int range = p[1], minor = p[2], major = p[3];
        const int lowest = minor - range;
        if (major == 5 && lowest <= 4) return Version{5, std::min(minor, 4)};
        if (major == 4 && minor >= 4 && lowest <= 4) return Version{4, 4};
    }
    return std::nullopt;
}

std::string status_code(const Error& e) {
    switch (e.error_class()) {
        case ErrorClass::ParameterMissing:
            return "Neo.ClientError.Statement.ParameterMissing";
        case ErrorClass::TypeError:
            return "Neo.ClientError.Statement.TypeError";
        case ErrorClass::ArgumentError:
            return "Neo.ClientError.Statement.ArgumentError";
        case ErrorClass::ArithmeticError:
            return "Neo.ClientError.Statement.ArithmeticError";
        case ErrorClass::EntityNotFound:
            return "Neo.ClientError.Statement.EntityNotFound";
        case ErrorClass::PropertyNotFound:
            return "Neo.ClientError.Statement.PropertyNotFound";
        case ErrorClass::ConstraintVerificationFailed:
        case ErrorClass::ConstraintValidationFailed:
            return "Neo.ClientError.Schema.ConstraintValidationFailed";
        case ErrorClass::ProcedureError:
            return "Neo.ClientError.Procedure.ProcedureCallFailed";
        case ErrorClass::SyntaxError:
        case ErrorClass::SemanticError:
            return "Neo.ClientError.Statement.SyntaxError";
        case ErrorClass::None:
            break;
    }
    const std::string what = e.what();
    switch (e.kind()) {
        case ErrorKind::Syntax:
        case ErrorKind::Semantic:
            return "Neo.ClientError.Statement.SyntaxError";
        case ErrorKind::Type:
            return "Neo.ClientError.Statement.TypeError";
        case ErrorKind::Constraint:
            return "Neo.ClientError.Schema.ConstraintValidationFailed";
        case ErrorKind::Resource:
            // The drivers retry transient errors: a busy writer is one, a statement past its
            // time or memory is not (it would fail again).
            if (what.find("busy") != std::string::npos) {
                return "Neo.TransientError.Transaction.LockAcquisitionTimeout";
            }
            if (what.find("timeout") != std::string::npos) {
                return "Neo.ClientError.Transaction.TransactionTimedOut";
            }
            return "Neo.ClientError.Statement.ExecutionFailed";
        case ErrorKind::Usage:
            if (what.find("cancelled") != std::string::npos) {
                return "Neo.ClientError.Transaction.Terminated";
            }
            return "Neo.ClientError.Request.Invalid";
        default:
            return "Neo.DatabaseError.General.UnknownError";
    }
}

// A result being streamed: RUN made it, PULL and DISCARD read it. Members in this order so that
// the result dies before the read transaction it reads from.
struct Stream {
    std::optional<ReadTransaction> own_read;  // an auto-commit RUN in read mode
    std::optional<Result> result;
    std::string text;
    std::int64_t qid = 0;
    bool pending = false;  // result.row() holds a row not sent yet
};

struct Session::Impl {
    Database& db;
    Transport& transport;
    SessionShared& shared;
    SessionOptions options;
    Version version;
    Dialect dialect;
    State state = State::Negotiation;
    bool greeted = false;        // HELLO succeeded
    bool authenticated = false;  // and the login with it (4.4, 5.0) or with LOGON (5.1+)
    std::uint64_t connection_id = 0;
    std::optional<ReadTransaction> read_tx;
    std::optional<WriteTransaction> write_tx;
    std::vector<std::unique_ptr<Stream>> streams;  // open results, oldest first
    std::int64_t next_qid = 0;
    std::optional<std::chrono::milliseconds> tx_timeout;
    std::string out;
    bool closing = false;

    Impl(Database& d, Transport& t, SessionShared& s, SessionOptions o)
        : db(d), transport(t), shared(s), options(std::move(o)) {}

    // ---- output -----------------------------------------------------------------------------
    void send(std::uint8_t tag, const std::vector<Value>& fields) {
        std::string message;
        Packer p(message, dialect);
        p.struct_header(fields.size(), tag);
        for (const Value& f : fields)
            p.value(f);
        append_chunked(out, message);
    }
    void success(Properties metadata = {}) {
        std::sort(metadata.begin(), metadata.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        send(msg::success, {Value(Map{std::move(metadata)})});
    }
    void failure(const std::string& code, const std::string& message) {
        send(msg::failure, {Value(Map{{{"code", Value(code)}, {"message", Value(message)}}})});
        state = State::Failed;
    }
    void flush() {
        if (out.empty()) return;
        transport.write_all(out);
        out.clear();
    }
    void record(const std::vector<Value>& row) {
        std::string message;
        Packer p(message, dialect);
        p.struct_header(1, msg::record);
        p.list_header(row.size());
        for (const Value& v : row)
            p.value(v);
        append_chunked(out, message);
        if (out.size() >= flush_bytes) flush();  // back-pressure: blocks while the client lags
    }

    // ---- transactions -----------------------------------------------------------------------
    void end_transaction() {
        streams.clear();
        read_tx.reset();
        write_tx.reset();  // rolls back unless committed
        tx_timeout.reset();
    }
    bool in_transaction() const { return read_tx.has_value() || write_tx.has_value(); }
    void settle() {
        if (in_transaction()) {
            state = streams.empty() ? State::TxReady : State::TxStreaming;
        } else {
            state = streams.empty() ? State::Ready : State::Streaming;
        }
    }
    std::string bookmark() { return "caspian:" + std::to_string(shared.commits.fetch_add(1) + 1); }
    QueryOptions query_options() const {
        QueryOptions q;
        q.timeout = tx_timeout ? tx_timeout : options.statement_timeout;
        q.max_memory_bytes = options.max_memory_bytes;
        return q;
    }

    // ---- handshake and login ----------------------------------------------------------------
    bool handshake() {
        unsigned char head[20];
        transport.read_exact(reinterpret_cast<char*>(head), sizeof head);
        if (std::memcmp(head, magic, 4) != 0) return false;
        const std::optional<Version> v = negotiate(head + 4);
        const unsigned char answer[4] = {0, 0, static_cast<unsigned char>(v ? v->minor : 0),
                                         static_cast<unsigned char>(v ? v->major : 0)};
        transport.write_all(std::string_view(reinterpret_cast<const char*>(answer), 4));
        if (!v) return false;
        version = *v;
        dialect = Dialect{version.major >= 5, version.major >= 5};
        return true;
    }
    // True when the credentials in m (scheme, principal, credentials) are accepted.
    bool login(const Map& m) {
        if (!options.authenticate) return true;
        const bool ok =
            string_field(m, "scheme") == "basic" &&
            options.authenticate(string_field(m, "principal"), string_field(m, "credentials"));
        if (!ok) {
            std::this_thread::sleep_for(options.failed_login_delay);
            failure("Neo.ClientError.Security.Unauthorized",
                    "The client is unauthorized due to authentication failure.");
            closing = true;  // as Neo4j: a failed login ends the connection
        }
        return ok;
    }
    void hello(const Message& m) {
        const Map& extra = map_at(m, 0);
        Properties meta = {{"server", Value("Neo4j/5.4.0 (compatible; caspian)")},
                           {"connection_id", Value("bolt-" + std::to_string(connection_id))},
                           {"hints", Value(Map{})}};
        if (version == Version{4, 4}) {
            const Value* patches = field(extra, "patch_bolt");
            if (patches != nullptr && patches->kind() == ValueKind::List) {
                for (const Value& p : patches->as_list()) {
                    if (p == Value("utc")) {
                        dialect.utc_datetime = true;
                        meta.emplace_back("patch_bolt", Value(List{Value("utc")}));
                    }
                }
            }
        }
        if (version < Version{5, 1}) {
            if (!login(extra)) return;
            authenticated = true;
            state = State::Ready;
        } else {
            state = State::Authentication;
        }
        greeted = true;
        success(std::move(meta));
    }

    // ---- RUN, PULL, DISCARD -----------------------------------------------------------------
    void run(const Message& m) {
        if (m.fields.empty() || m.fields[0].kind() != ValueKind::String) {
            throw ProtocolError("RUN needs a statement");
        }
        const std::string& text = m.fields[0].as_string();
        Params params;
        for (const auto& [name, v] : map_at(m, 1).entries)
            params.emplace_back(name, v);
        const Map& extra = map_at(m, 2);
        auto stream = std::make_unique<Stream>();
        stream->text = text;
        try {
            if (write_tx) {
                stream->result.emplace(write_tx->query(text, params, query_options()));
            } else if (read_tx) {
                stream->result.emplace(read_tx->query(text, params, query_options()));
            } else {
                if (const Value* t = field(extra, "tx_timeout");
                    t != nullptr && t->kind() == ValueKind::Int && t->as_int() > 0) {
                    tx_timeout = std::chrono::milliseconds(t->as_int());
                }
                if (string_field(extra, "mode") == "r") {
                    stream->own_read.emplace(db.begin_read());
                    stream->result.emplace(stream->own_read->query(text, params, query_options()));
                } else {
                    stream->result.emplace(db.query(text, params, query_options()));
                }
                tx_timeout.reset();
            }
        } catch (const Error& e) {
            tx_timeout.reset();
            return fail_statement(e, text);
        }
        Properties meta = {{"t_first", Value(0)}};
        List fields;
        for (const std::string& c : stream->result->columns())
            fields.push_back(Value(c));
        meta.emplace_back("fields", Value(std::move(fields)));
        if (in_transaction()) {
            stream->qid = next_qid++;
            meta.emplace_back("qid", Value(stream->qid));
        } else {
            streams.clear();
        }
        streams.push_back(std::move(stream));
        settle();
        success(std::move(meta));
    }
    void fail_statement(const Error& e, std::string_view text) {
        std::string message = e.what();
        if (e.where()) {
            // Neo4j's form first, then caspian's caret under the place.
            message += position_text(text, e.where()->offset);
            const std::string rendered = render_error(e, text, "query");
            const std::size_t nl = rendered.find('\n');
            if (nl != std::string::npos) message += rendered.substr(nl);
        }
        failure(status_code(e), message);
    }
    Stream* find_stream(const Map& extra) {
        if (streams.empty()) return nullptr;
        const Value* q = field(extra, "qid");
        if (q == nullptr || q->kind() != ValueKind::Int || q->as_int() == -1) {
            return streams.back().get();
        }
        for (auto& s : streams) {
            if (s->qid == q->as_int()) return s.get();
        }
        return nullptr;
    }
    // PULL (send) or DISCARD (!send) n records of a stream; the summary at its end.
    void pull(const Message& m, bool send_rows) {
        const Map& extra = map_at(m, 0);
        Stream* s = find_stream(extra);
        if (s == nullptr) throw ProtocolError("no result to pull from");
        std::int64_t n = -1;
        if (const Value* v = field(extra, "n"); v != nullptr && v->kind() == ValueKind::Int) {
            n = v->as_int();
        }
        if (n == 0 || n < -1) throw ProtocolError("PULL and DISCARD need n > 0 or -1");
        bool done = false;
        try {
            std::int64_t sent = 0;
            while (n == -1 || sent < n) {
                if (!s->pending && !s->result->next()) {
                    done = true;
                    break;
                }
                s->pending = false;
                if (send_rows) record(s->result->row());
                ++sent;
            }
            // One row ahead, so that has_more is exact: PULL n of n rows ends the stream.
            if (!done) {
                s->pending = s->result->next();
                done = !s->pending;
            }
        } catch (const Error& e) {
            const std::string text = s->text;
            std::erase_if(streams, [s](const auto& p) { return p.get() == s; });
            return fail_statement(e, text);
        }
        if (!done) return success({{"has_more", Value(true)}});
        Properties meta = summary(*s);
        std::erase_if(streams, [s](const auto& p) { return p.get() == s; });
        settle();
        success(std::move(meta));
    }
    Properties summary(const Stream& s) {
        const UpdateCounts c = s.result->update_counts();
        const bool schema = is_schema_statement(s.text);
        std::string type = "r";
        if (schema) {
            type = "s";
        } else if (any(c)) {
            type = s.result->columns().empty() ? "w" : "rw";
        }
        Properties meta = {{"type", Value(type)}, {"t_last", Value(0)}, {"db", Value("neo4j")}};
        Properties stats;
        for (const UpdateCounter& counter : update_counters) {
            if (c.*counter.count == 0) continue;
            std::string name(counter.name);  // Bolt's spelling: "nodes-created"
            std::replace(name.begin(), name.end(), '_', '-');
            stats.emplace_back(std::move(name), Value(c.*counter.count));
        }
        if (!stats.empty()) stats.emplace_back("contains-updates", Value(true));
        std::sort(stats.begin(), stats.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        if (!stats.empty()) meta.emplace_back("stats", Value(Map{std::move(stats)}));
        if (!in_transaction() && (any(c) || schema)) meta.emplace_back("bookmark", bookmark());
        List notes;
        for (const Notification& n : s.result->notifications()) {
            const LineColumn at = line_column(s.text, n.offset);
            Properties position = {{"column", Value(static_cast<std::int64_t>(at.column))},
                                   {"line", Value(static_cast<std::int64_t>(at.line))},
                                   {"offset", Value(static_cast<std::int64_t>(n.offset))}};
            notes.push_back(Value(Map{{{"category", Value("UNRECOGNIZED")},
                                       {"code", Value(n.code)},
                                       {"description", Value(n.description)},
                                       {"position", Value(Map{std::move(position)})},
                                       {"severity", Value("WARNING")},
                                       {"title", Value(n.title)}}}));
        }
        if (!notes.empty()) meta.emplace_back("notifications", Value(std::move(notes)));
        return meta;
    }

    // ---- BEGIN, COMMIT, ROLLBACK --------------------------------------------------------------
    void begin(const Message& m) {
        const Map& extra = map_at(m, 0);
        if (const Value* t = field(extra, "tx_timeout");
            t != nullptr && t->kind() == ValueKind::Int && t->as_int() > 0) {
            tx_timeout = std::chrono::milliseconds(t->as_int());
        }
        try {
            if (string_field(extra, "mode") == "r") {
                read_tx.emplace(db.begin_read());
            } else {
                write_tx.emplace(db.begin_write());
            }
        } catch (const Error& e) {
            end_transaction();
            return failure(status_code(e), e.what());
        }
        next_qid = 0;
        state = State::TxReady;
        success();
    }
    void commit() {
        streams.clear();  // results read from the transaction: gone before it commits
        Properties meta;
        try {
            if (write_tx) {
                write_tx->commit();
                meta.emplace_back("bookmark", bookmark());
            }
        } catch (const Error& e) {
            end_transaction();
            return failure(status_code(e), e.what());
        }
        end_transaction();
        state = State::Ready;
        success(std::move(meta));
    }

    // ---- dispatch ---------------------------------------------------------------------------
    void route(const Message&) {
        const Value addresses(List{Value(options.address)});
        const auto server = [&addresses](const char* role) {
            return Value(Map{{{"addresses", addresses}, {"role", Value(role)}}});
        };
        const Value table(
            Map{{{"db", Value("neo4j")},
                 {"servers", Value(List{server("ROUTE"), server("READ"), server("WRITE")})},
                 {"ttl", Value(300)}}});
        success({{"rt", table}});
    }
    void wrong_state(const char* what) {
        failure("Neo.ClientError.Request.Invalid",
                std::string("message ") + what + " cannot be handled in this state");
    }
    void handle(const Message& m) {
        if (state == State::Failed && m.tag != msg::reset && m.tag != msg::goodbye) {
            send(msg::ignored, {});
            return;
        }
        switch (m.tag) {
            case msg::hello:
                if (state != State::Negotiation) return wrong_state("HELLO");
                return hello(m);
            case msg::logon:
                if (state != State::Authentication) return wrong_state("LOGON");
                if (!login(map_at(m, 0))) return;
                authenticated = true;
                state = State::Ready;
                return success();
            case msg::logoff:
                if (state != State::Ready || version < Version{5, 1}) {
                    return wrong_state("LOGOFF");
                }
                authenticated = false;
                state = State::Authentication;
                return success();
            case msg::goodbye:
                closing = true;
                return;
            case msg::reset:
                // Back to where the login left the connection: never past a missing login.
                if (!greeted) return wrong_state("RESET");
                end_transaction();
                state = authenticated ? State::Ready : State::Authentication;
                return success();
            case msg::run:
                if (state != State::Ready && state != State::Streaming && state != State::TxReady &&
                    state != State::TxStreaming) {
                    return wrong_state("RUN");
                }
                return run(m);
            case msg::pull:
            case msg::discard:
                if (state != State::Streaming && state != State::TxStreaming) {
                    return wrong_state(m.tag == msg::pull ? "PULL" : "DISCARD");
                }
                return pull(m, m.tag == msg::pull);
            case msg::begin:
                if (state != State::Ready) return wrong_state("BEGIN");
                streams.clear();
                return begin(m);
            case msg::commit:
                if (state != State::TxReady && state != State::TxStreaming) {
                    return wrong_state("COMMIT");
                }
                return commit();
            case msg::rollback:
                if (state != State::TxReady && state != State::TxStreaming) {
                    return wrong_state("ROLLBACK");
                }
                end_transaction();
                state = State::Ready;
                return success();
            case msg::route:
                if (state != State::Ready) return wrong_state("ROUTE");
                return route(m);
            case msg::telemetry:
                if (state != State::Ready || version < Version{5, 4}) {
                    return wrong_state("TELEMETRY");
                }
                return success();
            default:
                throw ProtocolError("unknown message");
        }
    }

    void serve() {
        if (!handshake()) return;
        while (!closing) {
            const std::string bytes = read_chunked(
                [this](char* buffer, std::size_t size) { transport.read_exact(buffer, size); },
                options.max_message_bytes);
            try {
                handle(decode_message(bytes, dialect));
            } catch (const ProtocolError& e) {
                failure("Neo.ClientError.Request.Invalid", e.what());
                closing = true;
            } catch (const Error& e) {
                // An engine error outside a statement (reading a result's summary, a storage
                // failure): the client may RESET and go on.
                failure(status_code(e), e.what());
            }
            flush();
        }
    }
};

Session::Session(Database& db, Transport& transport, SessionShared& shared, SessionOptions options)
    : impl_(std::make_unique<Impl>(db, transport, shared, std::move(options))) {
    impl_->connection_id = shared.next_connection.fetch_add(1);
}

Session::~Session() = default;

void Session::run() {
    try {
        impl_->serve();
    } catch (const ProtocolError& e) {
        // Too large or malformed before a message could be decoded: say why, then close.
        try {
            impl_->out.clear();
            impl_->failure("Neo.ClientError.Request.Invalid", e.what());
            impl_->flush();
        } catch (const ConnectionClosed&) {
        }
    } catch (const ConnectionClosed&) {
    } catch (const std::exception&) {
        // Anything else ends this connection only; the server and other sessions go on.
    }
    impl_->end_transaction();
}

}  // namespace caspian::server::bolt
