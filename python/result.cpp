// caspian.Result: rows as tuples (DB-API style fetch methods and iteration), dicts, and the
// typed columns that to_df (caspian/__init__.py) hands to pandas. Rows are fetched from the
// engine in chunks with the GIL released, then converted with it held.
#include "python/handles.hpp"

#include <caspian/diagnostics.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <Python.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace caspian::python {

namespace {

// Rows fetched at once after the first ones.
constexpr std::size_t chunk = 2048;

struct PyResult {
    std::shared_ptr<ResultState> state;
    std::size_t arraysize = 1;
};

py::object row_tuple(const std::vector<Value>& row) {
    PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(row.size()));
    if (t == nullptr) throw py::error_already_set();
    py::object out = py::reinterpret_steal<py::object>(t);
    for (std::size_t i = 0; i < row.size(); ++i)
        PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(i), to_python(row[i]).release().ptr());
    return out;
}

py::list fetch(ResultState& s, std::size_t n) {
    py::list rows;
    while (n == 0 || rows.size() < n) {
        const auto* row = s.next_row();
        if (row == nullptr) break;
        rows.append(row_tuple(*row));
    }
    return rows;
}

py::object summary(ResultState& s) {
    const auto c = s.done || !s.result ? s.counts : s.result->update_counts();
    py::dict counters;
    for (const UpdateCounter& counter : update_counters)
        counters[py::str(counter.name.data(), counter.name.size())] = c.*counter.count;
    py::list notes;
    for (const auto& n : s.notifications) {
        const auto [line, column] = line_column(s.text, n.offset);
        notes.append(types().notification(n.code, n.title, n.description, line, column));
    }
    return types().summary(counters, notes);
}

// One column on its way to pandas: typed while every value has one kind (int, float or bool),
// Python objects from the first value of another kind (a null included, which NumPy's int and
// bool arrays cannot hold).
class Column {
public:
    void add(const Value& v) {
        if (kind_ == Kind::Empty)
            kind_ = v.kind() == ValueKind::Int     ? Kind::Int
                    : v.kind() == ValueKind::Float ? Kind::Float
                    : v.kind() == ValueKind::Bool  ? Kind::Bool
                                                   : Kind::Object;
        if (kind_ == Kind::Int && v.kind() == ValueKind::Int)
            ints_.push_back(v.as_int());
        else if (kind_ == Kind::Float && v.kind() == ValueKind::Float)
            floats_.push_back(v.as_float());
        else if (kind_ == Kind::Bool && v.kind() == ValueKind::Bool)
            bools_.push_back(v.as_bool());
        else {
            to_objects();
            objects_.append(to_python(v));
        }
    }

    py::object array() {
        if (kind_ == Kind::Int)
            return py::array_t<std::int64_t>(static_cast<py::ssize_t>(ints_.size()), ints_.data());
        if (kind_ == Kind::Float)
            return py::array_t<double>(static_cast<py::ssize_t>(floats_.size()), floats_.data());
        if (kind_ == Kind::Bool) {
            py::array_t<bool> a(static_cast<py::ssize_t>(bools_.size()));
            auto* data = a.mutable_data();
            for (std::size_t i = 0; i < bools_.size(); ++i)
                data[i] = bools_[i];
            return a;
        }
        // An object array filled one pointer at a time: numpy.array(list) would make a column
        // of lists two-dimensional.
        const auto n = static_cast<py::ssize_t>(objects_.size());
        py::array a = py::module_::import("numpy").attr("empty")(n, "object");
        auto** data = static_cast<PyObject**>(a.mutable_data());
        for (py::ssize_t i = 0; i < n; ++i) {
            PyObject* item = PyList_GET_ITEM(objects_.ptr(), i);
            Py_INCREF(item);
            Py_XDECREF(data[i]);
            data[i] = item;
        }
        return a;
    }

private:
    enum class Kind { Empty, Int, Float, Bool, Object };

    void to_objects() {
        if (kind_ == Kind::Int)
            for (auto i : ints_)
                objects_.append(py::int_(i));
        else if (kind_ == Kind::Float)
            for (auto f : floats_)
                objects_.append(py::float_(f));
        else if (kind_ == Kind::Bool)
            for (bool b : bools_)
                objects_.append(py::bool_(b));
        ints_.clear();
        floats_.clear();
        bools_.clear();
        kind_ = Kind::Object;
    }

    Kind kind_ = Kind::Empty;
    std::vector<std::int64_t> ints_;
    std::vector<double> floats_;
    std::vector<bool> bools_;
    py::list objects_;
};

}  // namespace

DatabaseHandle::~DatabaseHandle() {
    db.reset();
    if (!temp_dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(temp_dir, ignored);
    }
}

void ResultState::start() {
    columns = result->columns();
    notifications = result->notifications();
}

void ResultState::pull(std::vector<std::vector<Value>>& rows, std::size_t n) {
    const auto limit = rows.size() + n;
    while (!done && (n == 0 || rows.size() < limit)) {
        if (result->next()) {
            rows.push_back(result->row());
        } else {
            done = true;
            counts = result->update_counts();
            result.reset();  // ends its read transaction now
        }
    }
}

BusyGuard::BusyGuard(bool& busy, const char* what) : busy_(busy) {
    if (busy)
        raise_error(Error(ErrorKind::Usage, std::string(what) +
                                                " is in use by another thread: use it from one "
                                                "thread at a time"),
                    "");
    busy = true;
}

void ResultState::fill(std::size_t n) {
    if (done) {
        buffer.clear();
        pos = 0;
        return;
    }
    BusyGuard guard(busy, "the result");
    // Rows go to a vector of their own: other threads may read buffer while this one has no GIL.
    std::vector<std::vector<Value>> rows;
    std::optional<Error> failure;
    {
        EngineCall call(cancel);
        try {
            pull(rows, n);
        } catch (const Error& e) {
            failure = e;
            done = true;
            result.reset();
        }
    }
    buffer = std::move(rows);
    pos = 0;
    if (failure) raise_engine_error(*failure, text, cancel);
}

const std::vector<Value>* ResultState::next_row() {
    if (pos == buffer.size()) {
        if (done) return nullptr;
        fill(chunk);
        if (buffer.empty()) return nullptr;
    }
    return &buffer[pos++];
}

py::object make_result(std::shared_ptr<ResultState> state) {
    return py::cast(PyResult{std::move(state)});
}
void bind_result(py::module_& m) {
    py::class_<PyResult>(m, "Result", "The rows of a statement (see docs/python.md).")
        .def_property_readonly("columns", [](const PyResult& r) { return r.state->columns; })
        .def_property_readonly("summary", [](PyResult& r) { return summary(*r.state); })
        .def_readwrite("arraysize", &PyResult::arraysize)
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__",
             [](PyResult& r) {
                 const auto* row = r.state->next_row();
                 if (row == nullptr) throw py::stop_iteration();
                 return row_tuple(*row);
             })
        .def("fetchone",
             [](PyResult& r) -> py::object {
                 const auto* row = r.state->next_row();
                 return row == nullptr ? py::object(py::none()) : row_tuple(*row);
             })
        .def(
            "fetchmany",
            [](PyResult& r, std::optional<std::size_t> n) {
                return fetch(*r.state, n.value_or(r.arraysize) == 0 ? 1 : n.value_or(r.arraysize));
            },
            py::arg("size") = py::none())
        .def("fetchall", [](PyResult& r) { return fetch(*r.state, 0); })
        .def("to_dicts",
             [](PyResult& r) {
                 auto& s = *r.state;
                 std::vector<py::str> names(s.columns.begin(), s.columns.end());
                 py::list out;
                 while (const auto* row = s.next_row()) {
                     py::dict d;
                     for (std::size_t i = 0; i < names.size(); ++i)
                         d[names[i]] = to_python((*row)[i]);
                     out.append(d);
                 }
                 return out;
             })
        .def("_column_arrays",
             [](PyResult& r) {
                 auto& s = *r.state;
                 std::vector<Column> columns(s.columns.size());
                 while (const auto* row = s.next_row())
                     for (std::size_t i = 0; i < columns.size(); ++i)
                         columns[i].add((*row)[i]);
                 py::list out;
                 for (auto& c : columns)
                     out.append(c.array());
                 return out;
             })
        .def("__repr__", [](const PyResult& r) {
            std::string cols;
            for (const auto& c : r.state->columns)
                cols += (cols.empty() ? "" : ", ") + c;
            return "<caspian.Result columns=[" + cols + "]>";
        });
}

}  // namespace caspian::python
