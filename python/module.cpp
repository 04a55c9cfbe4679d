// The extension module `caspian._caspian`: the registry of Python classes from __init__.py,
// Ctrl-C while the engine runs without the GIL (a SIGINT handler chained to Python's), and the
// module definition. The public Python API is caspian/__init__.py.
#include "python/module.hpp"

#include <Python.h>
#include <pythread.h>

#include <csignal>

namespace caspian::python {

void bind_result(py::module_& m);
void bind_database(py::module_& m);
void bind_tools(py::module_& m);

PyTypes& types() {
    // Never destroyed: its objects must not be released after the interpreter has finished.
    static auto* t = new PyTypes;
    return *t;
}

namespace {

unsigned long main_thread = 0;
// The cancel flag of the statement the main thread is running, for the SIGINT handler.
std::atomic<std::atomic<bool>*> main_cancel{nullptr};
struct sigaction python_action = {};

void on_sigint(int sig, siginfo_t* info, void* context) {
    if (auto* cancel = main_cancel.load()) cancel->store(true);
    // Python's own handler records the signal, so KeyboardInterrupt follows once it runs.
    if ((python_action.sa_flags & SA_SIGINFO) != 0) {
        if (python_action.sa_sigaction != nullptr) python_action.sa_sigaction(sig, info, context);
    } else if (python_action.sa_handler != SIG_DFL && python_action.sa_handler != SIG_IGN &&
               python_action.sa_handler != nullptr) {
        python_action.sa_handler(sig);
    }
}

// Chains on_sigint in front of the handler Python (or the program) has installed; again when
// signal.signal has replaced it since. With no handler (SIG_DFL, SIG_IGN) there is no
// KeyboardInterrupt to deliver, so nothing is chained.
void chain_sigint() {
    struct sigaction current = {};
    if (sigaction(SIGINT, nullptr, &current) != 0) return;
    if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_sigint) return;
    if ((current.sa_flags & SA_SIGINFO) == 0 &&
        (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN))
        return;
    python_action = current;
    struct sigaction ours = current;
    ours.sa_flags |= SA_SIGINFO;
    ours.sa_sigaction = on_sigint;
    sigaction(SIGINT, &ours, nullptr);
}

}  // namespace

EngineCall::EngineCall(std::atomic<bool>& cancel)
    : previous_(nullptr), registered_(PyThread_get_thread_ident() == main_thread), release_() {
    if (registered_) {
        chain_sigint();
        previous_ = main_cancel.exchange(&cancel);
    }
}

EngineCall::~EngineCall() {
    if (registered_) main_cancel.store(previous_);
}

}  // namespace caspian::python

PYBIND11_MODULE(_caspian, m) {
    using namespace caspian::python;
    m.doc() = "caspian's engine; the Python API is the package caspian (docs/python.md)";
    init_values();
    main_thread =
        py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
    m.def(
        "_register",
        [](py::dict classes) {
            auto& t = types();
            t.node = classes["Node"];
            t.relationship = classes["Relationship"];
            t.path = classes["Path"];
            t.duration = classes["Duration"];
            t.summary = classes["Summary"];
            t.notification = classes["Notification"];
            t.nano_time = classes["_nano_time"];
            t.nano_datetime = classes["_nano_datetime"];
            t.error = classes["_error"];
            auto datetime = py::module_::import("datetime");
            t.timezone = datetime.attr("timezone");
            t.timedelta = datetime.attr("timedelta");
            t.utc = t.timezone.attr("utc");
            t.zone_info = py::module_::import("zoneinfo").attr("ZoneInfo");
        },
        "Called once by caspian/__init__.py with the classes the extension creates.");
    bind_result(m);
    bind_database(m);
    bind_tools(m);
}
