// caspian::Error to the caspian.Error subclass of its kind, with the line and column of its
// span (counted as render_error counts them), and Ctrl-C's cancellation to KeyboardInterrupt.
#include "python/module.hpp"

#include <caspian/diagnostics.hpp>

#include <Python.h>

#include <string>

namespace caspian::python {

void raise_error(const Error& e, std::string_view source) {
    const bool positioned =
        e.where().has_value() && !source.empty() && e.where()->offset <= source.size();
    const std::string rendered =
        positioned ? render_error(e, source, source_name) : render_error(e, "", source_name);
    const LineColumn at = positioned ? line_column(source, e.where()->offset) : LineColumn{0, 0};
    const auto line = static_cast<long>(at.line), column = static_cast<long>(at.column);
    py::object err = types().error(to_string(e.kind()), std::string(e.what()),
                                   line != 0 ? py::object(py::int_(line)) : py::none(),
                                   column != 0 ? py::object(py::int_(column)) : py::none(),
                                   to_string(e.error_class()), e.detail(), rendered);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(err.ptr())), err.ptr());
    throw py::error_already_set();
}

void raise_engine_error(const Error& e, std::string_view source, const std::atomic<bool>& cancel) {
    if (cancel.load() && e.kind() == ErrorKind::Usage) {
        // Python's handler has recorded the signal: running it raises KeyboardInterrupt (or
        // whatever the program's own SIGINT handler does).
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        PyErr_SetNone(PyExc_KeyboardInterrupt);
        throw py::error_already_set();
    }
    raise_error(e, source);
}

}  // namespace caspian::python
