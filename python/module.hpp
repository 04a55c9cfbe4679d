// What the files of the Python module share: the Python classes defined in caspian/__init__.py,
// value conversion both ways, error translation and the scope of one call into the engine.
// Only the public API (include/caspian/) is used here, never the engine's own headers.
#pragma once

#include <caspian/database.hpp>
#include <caspian/error.hpp>
#include <caspian/result.hpp>
#include <caspian/value.hpp>

#include <pybind11/pybind11.h>

#include <atomic>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::python {

namespace py = pybind11;

// The classes of caspian/__init__.py that the extension creates instances of; registered once
// by __init__.py through _caspian._register (module.cpp), owned by the extension module.
struct PyTypes {
    py::object node, relationship, path, duration, summary, notification;
    py::object nano_time, nano_datetime;  // datetime subclasses carrying .nanosecond
    py::object error;                     // caspian.Error: error(kind, ...) picks the subclass
    py::object timezone, zone_info, utc;  // datetime.timezone, zoneinfo.ZoneInfo, timezone.utc
    py::object timedelta;
};
PyTypes& types();

// Imports the datetime C API for values.cpp; once, at module import.
void init_values();
// Python value of a caspian value. Raises OverflowError for a date or time outside Python's
// datetime range (years 1 to 9999). Needs the GIL.
py::object to_python(const Value& v);
// caspian value of a Python object: None, bool, int (64-bit, OverflowError beyond), float, str,
// list/tuple, dict with str keys, date/datetime/time/timedelta, caspian.Duration, Node,
// Relationship, Path, and float or int buffers (NumPy arrays) read without per-element objects.
// Raises TypeError for anything else. Needs the GIL.
Value from_python(py::handle obj);
// A statement's parameters from a dict (or None).
Params params_from_python(py::handle params);

// The name statements have in rendered messages ("query:1:7: syntax error: ...").
inline constexpr std::string_view source_name = "query";

// Raises the caspian.Error subclass of e, with line and column computed in source (the
// statement's text; empty when e has no position in a statement).
[[noreturn]] void raise_error(const Error& e, std::string_view source);

// One call into the engine: releases the GIL and, on the main thread, lets Ctrl-C set cancel
// (module.cpp chains a SIGINT handler to Python's). Construct with the GIL held.
class EngineCall {
public:
    explicit EngineCall(std::atomic<bool>& cancel);
    ~EngineCall();
    EngineCall(const EngineCall&) = delete;
    EngineCall& operator=(const EngineCall&) = delete;

private:
    std::atomic<bool>* previous_;
    bool registered_;
    py::gil_scoped_release release_;
};

// After an engine call failed with e: when the call was cancelled by Ctrl-C, raises
// KeyboardInterrupt (running Python's own handler), otherwise the caspian.Error of e.
[[noreturn]] void raise_engine_error(const Error& e, std::string_view source,
                                     const std::atomic<bool>& cancel);

}  // namespace caspian::python
