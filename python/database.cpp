// caspian.Database (open, execute, prepare, close), caspian.Statement and caspian.Transaction.
// Every engine call releases the GIL; statements of a transaction read all their rows before
// returning, since a result must not outlive the transaction it reads from.
#include "python/handles.hpp"

#include <caspian/script.hpp>
#include <caspian/session.hpp>

#include <pybind11/stl.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace caspian::python {

namespace {

[[noreturn]] void usage_error(const std::string& message) {
    raise_error(Error(ErrorKind::Usage, message), "");
}

std::chrono::milliseconds to_millis(double seconds) {
    if (!(seconds >= 0)) throw py::value_error("timeout must be a number of seconds >= 0");
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0 + 0.5));
}

QueryOptions query_options(std::optional<double> timeout, std::optional<std::uint64_t> max_memory) {
    QueryOptions options;
    if (timeout) options.timeout = to_millis(*timeout);
    options.max_memory_bytes = max_memory;
    return options;
}

std::filesystem::path make_temp_dir() {
    auto pattern = (std::filesystem::temp_directory_path() / "caspian-py-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        usage_error("cannot create a temporary directory under " +
                    std::filesystem::temp_directory_path().string());
    return pattern;
}

PyDatabase open_database(std::optional<std::string> path, bool read_only,
                         std::optional<std::uint64_t> map_size,
                         std::optional<std::uint64_t> max_memory, std::optional<double> timeout,
                         std::optional<double> busy_timeout) {
    OpenOptions options;
    options.read_only = read_only;
    options.map_size = map_size.value_or(0);
    options.max_memory_bytes = max_memory;
    if (timeout) options.statement_timeout = to_millis(*timeout);
    if (busy_timeout) options.busy_timeout = to_millis(*busy_timeout);
    auto handle = std::make_shared<DatabaseHandle>();
    std::filesystem::path dir;
    if (path) {
        dir = *path;
    } else {
        if (read_only) usage_error("a temporary database cannot be read-only");
        handle->temp_dir = make_temp_dir();
        dir = handle->temp_dir / "db";
    }
    std::optional<Error> failure;
    {
        py::gil_scoped_release release;
        try {
            handle->db.emplace(Database::open(dir, options));
        } catch (const Error& e) {
            failure = e;
        }
    }
    if (failure) raise_error(*failure, "");
    return PyDatabase{std::move(handle), dir.string(), read_only};
}

struct PyStatement {
    std::shared_ptr<DatabaseHandle> owner;
    PreparedStatement statement;
};

// The write transaction of `with db.transaction() as tx`; busy: one engine call at a time.
struct PyTransaction {
    std::shared_ptr<DatabaseHandle> owner;
    std::optional<WriteTransaction> txn;
    bool started = false;
    bool busy = false;

    WriteTransaction& open() {
        if (!txn)
            usage_error(started ? "the transaction has ended"
                                : "the transaction has not begun: "
                                  "use it in a with block");
        return *txn;
    }
    void begin() {
        if (started) usage_error("a transaction can be begun once");
        started = true;
        std::optional<Error> failure;
        {
            py::gil_scoped_release release;
            try {
                txn.emplace(owner->db->begin_write());
            } catch (const Error& e) {
                failure = e;
            }
        }
        if (failure) raise_error(*failure, "");
    }
    void end(bool commit) {
        auto& t = open();
        BusyGuard guard(busy, "the transaction");
        std::optional<Error> failure;
        {
            py::gil_scoped_release release;
            try {
                if (commit) t.commit();
            } catch (const Error& e) {
                failure = e;
            }
            txn.reset();
        }
        if (failure) raise_error(*failure, "");
    }
};

// Runs the statements of script in order as `caspian run` does (BEGIN/COMMIT allowed), reading
// every row; returns how many ran. An error is positioned in the script.
std::size_t run_script(PyDatabase& d, const std::string& script) {
    auto& db = d.db();
    auto split = split_statements(script);
    if (split.open_token) usage_error("the script ends inside a string, quoted name or comment");
    if (split.rest) split.statements.push_back(*split.rest);
    std::atomic<bool> cancel{false};
    std::optional<Error> failure;
    std::size_t ran = 0;
    {
        EngineCall call(cancel);
        Session session(db);
        for (const auto& span : split.statements) {
            try {
                auto result = session.execute(
                    std::string_view(script).substr(span.offset, span.length), {}, &cancel);
                while (result.next()) {
                }
                ++ran;
            } catch (const Error& e) {
                auto where = e.where();
                if (where) where->offset += span.offset;
                failure = e.with_where(where);
                break;
            }
        }
    }
    if (failure) raise_engine_error(*failure, script, cancel);
    return ran;
}

}  // namespace

Database& PyDatabase::db() const {
    if (!handle) usage_error("the database is closed");
    return *handle->db;
}

void bind_database(py::module_& m) {
    m.def("_open", &open_database, py::arg("path") = py::none(), py::kw_only(),
          py::arg("read_only") = false, py::arg("map_size") = py::none(),
          py::arg("max_memory") = py::none(), py::arg("timeout") = py::none(),
          py::arg("busy_timeout") = py::none());

    py::class_<PyDatabase>(m, "Database", "An open database (caspian.open).")
        .def_readonly("path", &PyDatabase::path)
        .def_readonly("read_only", &PyDatabase::read_only)
        .def_property_readonly("closed", [](const PyDatabase& d) { return !d.handle; })
        .def(
            "execute",
            [](PyDatabase& d, std::string query, py::object params, std::optional<double> timeout,
               std::optional<std::uint64_t> max_memory) {
                auto& db = d.db();
                const auto p = params_from_python(params);
                return run_statement(d.handle, query, query_options(timeout, max_memory), false,
                                     [&](const QueryOptions& o) { return db.query(query, p, o); });
            },
            py::arg("query"), py::arg("params") = py::none(), py::kw_only(),
            py::arg("timeout") = py::none(), py::arg("max_memory") = py::none())
        .def("executescript", &run_script, py::arg("script"),
             "Runs ';'-separated statements in order; returns how many ran.")
        .def(
            "prepare",
            [](PyDatabase& d, const std::string& query) {
                auto& db = d.db();
                std::optional<Error> failure;
                try {
                    return PyStatement{d.handle, db.prepare(query)};
                } catch (const Error& e) {
                    failure = e;
                }
                raise_error(*failure, query);
            },
            py::arg("query"))
        .def("transaction",
             [](PyDatabase& d) {
                 d.db();
                 PyTransaction t;
                 t.owner = d.handle;
                 return t;
             })
        .def("close", [](PyDatabase& d) { d.handle.reset(); })
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](PyDatabase& d, py::args) { d.handle.reset(); })
        .def("__repr__", [](const PyDatabase& d) {
            return "<caspian.Database " + d.path + (d.handle ? "" : " (closed)") + ">";
        });

    py::class_<PyStatement>(m, "Statement", "A prepared statement (Database.prepare).")
        .def_property_readonly("text", [](const PyStatement& s) { return s.statement.text(); })
        .def(
            "execute",
            [](PyStatement& s, py::object params, std::optional<double> timeout,
               std::optional<std::uint64_t> max_memory) {
                if (!s.owner->db) usage_error("the database is closed");
                auto& db = *s.owner->db;
                const auto p = params_from_python(params);
                return run_statement(
                    s.owner, s.statement.text(), query_options(timeout, max_memory), false,
                    [&](const QueryOptions& o) { return db.query(s.statement, p, o); });
            },
            py::arg("params") = py::none(), py::kw_only(), py::arg("timeout") = py::none(),
            py::arg("max_memory") = py::none());

    py::class_<PyTransaction>(m, "Transaction",
                              "A write transaction: with db.transaction() as tx: ...")
        .def("__enter__",
             [](py::object self) {
                 self.cast<PyTransaction&>().begin();
                 return self;
             })
        .def("__exit__",
             [](PyTransaction& t, py::object type, py::object, py::object) {
                 if (t.txn) t.end(type.is_none());
                 return false;
             })
        .def("commit", [](PyTransaction& t) { t.end(true); })
        .def("rollback", [](PyTransaction& t) { t.end(false); })
        .def(
            "execute",
            [](PyTransaction& t, std::string query, py::object params,
               std::optional<double> timeout, std::optional<std::uint64_t> max_memory) {
                auto& txn = t.open();
                const auto p = params_from_python(params);
                BusyGuard guard(t.busy, "the transaction");
                return run_statement(t.owner, query, query_options(timeout, max_memory), true,
                                     [&](const QueryOptions& o) { return txn.query(query, p, o); });
            },
            py::arg("query"), py::arg("params") = py::none(), py::kw_only(),
            py::arg("timeout") = py::none(), py::arg("max_memory") = py::none());
}

}  // namespace caspian::python
