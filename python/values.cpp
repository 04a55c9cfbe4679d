// Values between caspian and Python, both ways and losslessly: 64-bit ints, temporal kinds to
// the datetime module (nanoseconds kept by the .nanosecond subclasses of caspian/__init__.py),
// graph values to caspian.Node/Relationship/Path, NumPy arrays read through the buffer protocol.
#include "python/module.hpp"

#include <caspian/value.hpp>

#include <Python.h>
#include <datetime.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

namespace caspian::python {

namespace {

constexpr std::int64_t nanos_per_second = 1'000'000'000;
constexpr std::int64_t seconds_per_day = 86'400;

// The datetime C API: datetime.h keeps its table in a static of each translation unit.
void import_datetime() {
    if (PyDateTimeAPI == nullptr) {
        PyDateTime_IMPORT;
        if (PyDateTimeAPI == nullptr) throw py::error_already_set();
    }
}

py::object steal(PyObject* p) {
    if (p == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(p);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

YearMonthDay checked_ymd(std::int64_t days) {
    const auto ymd = to_ymd(Date{static_cast<std::int32_t>(days)});
    if (ymd.year < 1 || ymd.year > 9999)
        throw py::value_error("the date " + to_iso(Date{static_cast<std::int32_t>(days)}) +
                              " is outside Python's datetime range (years 1 to 9999)");
    return ymd;
}

py::object offset_zone(std::int32_t offset) {
    if (offset == 0) return types().utc;
    return types().timezone(types().timedelta(0, offset));
}

// A time of day as datetime.time, or caspian's subclass when it has sub-microsecond digits.
py::object make_time(std::int64_t nanos, const py::object& tz) {
    const int hour = static_cast<int>(nanos / (3600 * nanos_per_second));
    const int minute = static_cast<int>(nanos / (60 * nanos_per_second) % 60);
    const int second = static_cast<int>(nanos / nanos_per_second % 60);
    const int micro = static_cast<int>(nanos % nanos_per_second / 1000);
    const int sub = static_cast<int>(nanos % 1000);
    if (sub != 0) return types().nano_time(hour, minute, second, micro, tz, sub);
    return steal(PyDateTimeAPI->Time_FromTime(hour, minute, second, micro, tz.ptr(),
                                              PyDateTimeAPI->TimeType));
}

// Wall-clock seconds since the epoch (and nanoseconds) as a datetime with tzinfo tz (None for
// naive); fold picks the later of two equal wall-clock times at a zone's transition.
py::object make_datetime(std::int64_t seconds, std::int32_t nanos, const py::object& tz, int fold) {
    const auto days = floor_div(seconds, seconds_per_day);
    const auto of_day = seconds - days * seconds_per_day;
    const auto ymd = checked_ymd(days);
    const int hour = static_cast<int>(of_day / 3600);
    const int minute = static_cast<int>(of_day / 60 % 60);
    const int second = static_cast<int>(of_day % 60);
    const int micro = nanos / 1000;
    const int sub = nanos % 1000;
    if (sub != 0 || fold != 0)
        return types().nano_datetime(ymd.year, ymd.month, ymd.day, hour, minute, second, micro, tz,
                                     fold, sub);
    return steal(PyDateTimeAPI->DateTime_FromDateAndTime(
        ymd.year, static_cast<int>(ymd.month), static_cast<int>(ymd.day), hour, minute, second,
        micro, tz.ptr(), PyDateTimeAPI->DateTimeType));
}

py::object zoned_datetime(const DateTime& t) {
    if (t.zone.empty())
        return make_datetime(t.seconds + t.offset, t.nanos, offset_zone(t.offset), 0);
    const py::object zone = types().zone_info(t.zone);
    // The wall clock alone is ambiguous in a zone's repeated hour: the fold whose offset is
    // the stored one is the instant that was stored.
    py::object dt = make_datetime(t.seconds + t.offset, t.nanos, zone, 0);
    const auto offset = dt.attr("utcoffset")().attr("total_seconds")().cast<double>();
    if (static_cast<std::int32_t>(offset) != t.offset)
        dt = make_datetime(t.seconds + t.offset, t.nanos, zone, 1);
    return dt;
}

py::object properties_to_python(const Properties& props) {
    py::object dict = steal(PyDict_New());
    for (const auto& [name, value] : props) {
        py::object v = to_python(value);
        if (PyDict_SetItem(dict.ptr(), py::str(name).ptr(), v.ptr()) != 0)
            throw py::error_already_set();
    }
    return dict;
}

py::object node_to_python(const Node& n) {
    py::tuple labels(n.labels.size());
    for (std::size_t i = 0; i < n.labels.size(); ++i)
        labels[i] = py::str(n.labels[i]);
    return types().node(n.id.value, labels, properties_to_python(n.properties));
}

py::object edge_to_python(const Edge& e) {
    return types().relationship(e.id.value, e.type, e.src.value, e.dst.value,
                                properties_to_python(e.properties));
}

// Seconds since the epoch of a date and time of day given as Python fields.
std::int64_t wall_seconds(py::handle dt) {
    const auto date = make_date(PyDateTime_GET_YEAR(dt.ptr()),
                                static_cast<unsigned>(PyDateTime_GET_MONTH(dt.ptr())),
                                static_cast<unsigned>(PyDateTime_GET_DAY(dt.ptr())));
    return std::int64_t{date.days} * seconds_per_day + PyDateTime_DATE_GET_HOUR(dt.ptr()) * 3600 +
           PyDateTime_DATE_GET_MINUTE(dt.ptr()) * 60 + PyDateTime_DATE_GET_SECOND(dt.ptr());
}

// The sub-microsecond nanoseconds of caspian's datetime subclasses and of pandas.Timestamp.
std::int32_t extra_nanos(py::handle obj) {
    if (!py::hasattr(obj, "nanosecond")) return 0;
    return obj.attr("nanosecond").cast<std::int32_t>();
}

// A UTC offset (timedelta) in whole seconds.
std::int32_t offset_seconds(py::handle delta) {
    if (PyDateTime_DELTA_GET_MICROSECONDS(delta.ptr()) != 0)
        throw py::value_error("a UTC offset with a fraction of a second cannot be stored");
    return static_cast<std::int32_t>(PyDateTime_DELTA_GET_DAYS(delta.ptr()) * seconds_per_day +
                                     PyDateTime_DELTA_GET_SECONDS(delta.ptr()));
}

Value datetime_from_python(py::handle obj) {
    const auto nanos = static_cast<std::int32_t>(PyDateTime_DATE_GET_MICROSECOND(obj.ptr()) * 1000 +
                                                 extra_nanos(obj));
    const py::object offset = obj.attr("utcoffset")();
    if (offset.is_none()) return LocalDateTime{wall_seconds(obj), nanos};
    DateTime t;
    t.offset = offset_seconds(offset);
    t.seconds = wall_seconds(obj) - t.offset;
    t.nanos = nanos;
    const py::object tz = obj.attr("tzinfo");
    if (py::isinstance(tz, types().zone_info)) t.zone = tz.attr("key").cast<std::string>();
    return t;
}

Value time_from_python(py::handle obj) {
    const std::int64_t nanos = ((std::int64_t{PyDateTime_TIME_GET_HOUR(obj.ptr())} * 60 +
                                 PyDateTime_TIME_GET_MINUTE(obj.ptr())) *
                                    60 +
                                PyDateTime_TIME_GET_SECOND(obj.ptr())) *
                                   nanos_per_second +
                               std::int64_t{PyDateTime_TIME_GET_MICROSECOND(obj.ptr())} * 1000 +
                               extra_nanos(obj);
    const py::object offset = obj.attr("utcoffset")();
    if (offset.is_none()) return LocalTime{nanos};
    return Time{nanos, offset_seconds(offset)};
}

Properties properties_from_python(py::handle dict) {
    Properties props;
    props.reserve(static_cast<std::size_t>(PyDict_Size(dict.ptr())));
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict.ptr(), &pos, &key, &value)) {
        if (!PyUnicode_Check(key))
            throw py::type_error("map keys must be str, not " + std::string(Py_TYPE(key)->tp_name));
        props.emplace_back(py::handle(key).cast<std::string>(), from_python(value));
    }
    std::sort(props.begin(), props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return props;
}

template <typename T>
void append_items(List& list, const char* data, Py_ssize_t n, Py_ssize_t stride) {
    for (Py_ssize_t i = 0; i < n; ++i) {
        T item;
        std::memcpy(&item, data + i * stride, sizeof item);
        if constexpr (std::is_floating_point_v<T>)
            list.emplace_back(static_cast<double>(item));
        else if constexpr (std::is_same_v<T, bool>)
            list.emplace_back(item);
        else
            list.emplace_back(static_cast<std::int64_t>(item));
    }
}

// A one-dimensional buffer of numbers (a NumPy array, array.array, memoryview), element by
// element from its memory; nullopt for a buffer of another shape or element type.
std::optional<List> list_from_buffer(py::handle obj) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj.ptr(), &view, PyBUF_FORMAT | PyBUF_STRIDES) != 0) {
        PyErr_Clear();
        return std::nullopt;
    }
    struct Release {
        Py_buffer* v;
        ~Release() { PyBuffer_Release(v); }
    } release{&view};
    if (view.ndim != 1 || view.format == nullptr) return std::nullopt;
    std::string format = view.format;
    if (!format.empty() && (format[0] == '<' || format[0] == '=' || format[0] == '@'))
        format.erase(0, 1);
    if (format.size() != 1) return std::nullopt;
    List list;
    const auto n = view.shape[0];
    const auto stride = view.strides[0];
    const auto* data = static_cast<const char*>(view.buf);
    list.reserve(static_cast<std::size_t>(n));
    switch (format[0]) {
        case 'd':
            append_items<double>(list, data, n, stride);
            break;
        case 'f':
            append_items<float>(list, data, n, stride);
            break;
        case 'q':
        case 'l':
            append_items<std::int64_t>(list, data, n, stride);
            break;
        case 'i':
            append_items<std::int32_t>(list, data, n, stride);
            break;
        case 'h':
            append_items<std::int16_t>(list, data, n, stride);
            break;
        case 'b':
            append_items<std::int8_t>(list, data, n, stride);
            break;
        case 'I':
            append_items<std::uint32_t>(list, data, n, stride);
            break;
        case 'H':
            append_items<std::uint16_t>(list, data, n, stride);
            break;
        case 'B':
            append_items<std::uint8_t>(list, data, n, stride);
            break;
        case '?':
            append_items<bool>(list, data, n, stride);
            break;
        default:
            return std::nullopt;
    }
    return list;
}

}  // namespace

void init_values() {
    import_datetime();
}

py::object to_python(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            return py::none();
        case ValueKind::Bool:
            return py::bool_(v.as_bool());
        case ValueKind::Int:
            return steal(PyLong_FromLongLong(v.as_int()));
        case ValueKind::Float:
            return steal(PyFloat_FromDouble(v.as_float()));
        case ValueKind::String: {
            const auto& s = v.as_string();
            return steal(
                PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr));
        }
        case ValueKind::Date: {
            const auto ymd = checked_ymd(v.as_date().days);
            return steal(PyDateTimeAPI->Date_FromDate(ymd.year, static_cast<int>(ymd.month),
                                                      static_cast<int>(ymd.day),
                                                      PyDateTimeAPI->DateType));
        }
        case ValueKind::LocalTime:
            return make_time(v.as_localtime().nanos, py::none());
        case ValueKind::Time:
            return make_time(v.as_time().nanos, offset_zone(v.as_time().offset));
        case ValueKind::LocalDateTime:
            return make_datetime(v.as_localdatetime().seconds, v.as_localdatetime().nanos,
                                 py::none(), 0);
        case ValueKind::DateTime:
            return zoned_datetime(v.as_datetime());
        case ValueKind::Duration: {
            const auto d = v.as_duration();
            return types().duration(d.months, d.days, d.seconds, d.nanos);
        }
        case ValueKind::List: {
            const auto& list = v.as_list();
            py::object out = steal(PyList_New(static_cast<Py_ssize_t>(list.size())));
            for (std::size_t i = 0; i < list.size(); ++i)
                PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i),
                                to_python(list[i]).release().ptr());
            return out;
        }
        case ValueKind::Map:
            return properties_to_python(v.as_map().entries);
        case ValueKind::Node:
            return node_to_python(v.as_node());
        case ValueKind::Edge:
            return edge_to_python(v.as_edge());
        case ValueKind::Path: {
            const auto& p = v.as_path();
            py::tuple nodes(p.nodes.size());
            for (std::size_t i = 0; i < p.nodes.size(); ++i)
                nodes[i] = node_to_python(p.nodes[i]);
            py::tuple edges(p.edges.size());
            for (std::size_t i = 0; i < p.edges.size(); ++i)
                edges[i] = edge_to_python(p.edges[i]);
            return types().path(nodes, edges);
        }
    }
    return py::none();
}

Value from_python(py::handle obj) {
    PyObject* o = obj.ptr();
    if (o == Py_None) return Value{};
    if (PyBool_Check(o)) return Value(o == Py_True);
    if (PyLong_Check(o)) {
        int overflow = 0;
        const long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow != 0) {
            PyErr_Format(PyExc_OverflowError,
                         "int %R is out of caspian's range of 64-bit integers [-2**63, 2**63 - 1]",
                         o);
            throw py::error_already_set();
        }
        if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
        return Value(static_cast<std::int64_t>(i));
    }
    if (PyFloat_Check(o)) return Value(PyFloat_AS_DOUBLE(o));
    if (PyUnicode_Check(o)) {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(o, &size);
        if (data == nullptr) throw py::error_already_set();
        return Value(std::string(data, static_cast<std::size_t>(size)));
    }
    if (PyList_Check(o) || PyTuple_Check(o)) {
        List list;
        const auto n = PySequence_Fast_GET_SIZE(o);
        list.reserve(static_cast<std::size_t>(n));
        for (Py_ssize_t i = 0; i < n; ++i)
            list.push_back(from_python(PySequence_Fast_GET_ITEM(o, i)));
        return Value(std::move(list));
    }
    if (PyDict_Check(o)) return Value(Map{properties_from_python(obj)});
    if (PyDateTime_Check(o)) return datetime_from_python(obj);
    if (PyDate_Check(o))
        return Date{make_date(PyDateTime_GET_YEAR(o),
                              static_cast<unsigned>(PyDateTime_GET_MONTH(o)),
                              static_cast<unsigned>(PyDateTime_GET_DAY(o)))};
    if (PyTime_Check(o)) return time_from_python(obj);
    if (PyDelta_Check(o))
        return Duration{0, PyDateTime_DELTA_GET_DAYS(o), PyDateTime_DELTA_GET_SECONDS(o),
                        PyDateTime_DELTA_GET_MICROSECONDS(o) * 1000};
    const auto& t = types();
    if (py::isinstance(obj, t.duration))
        return Duration{
            obj.attr("months").cast<std::int64_t>(), obj.attr("days").cast<std::int64_t>(),
            obj.attr("seconds").cast<std::int64_t>(), obj.attr("nanoseconds").cast<std::int32_t>()};
    if (py::isinstance(obj, t.node)) {
        Node n;
        n.id = NodeId{obj.attr("id").cast<std::uint64_t>()};
        for (auto label : obj.attr("labels"))
            n.labels.push_back(label.cast<std::string>());
        n.properties = properties_from_python(obj.attr("_properties"));
        return Value(std::move(n));
    }
    if (py::isinstance(obj, t.relationship)) {
        Edge e;
        e.id = EdgeId{obj.attr("id").cast<std::uint64_t>()};
        e.type = obj.attr("type").cast<std::string>();
        e.src = NodeId{obj.attr("start").cast<std::uint64_t>()};
        e.dst = NodeId{obj.attr("end").cast<std::uint64_t>()};
        e.properties = properties_from_python(obj.attr("_properties"));
        return Value(std::move(e));
    }
    if (py::isinstance(obj, t.path)) {
        Path p;
        for (auto n : obj.attr("nodes"))
            p.nodes.push_back(from_python(n).as_node());
        for (auto e : obj.attr("relationships"))
            p.edges.push_back(from_python(e).as_edge());
        return Value(std::move(p));
    }
    if (!PyBytes_Check(o) && !PyByteArray_Check(o) && PyObject_CheckBuffer(o)) {
        if (auto list = list_from_buffer(obj)) return Value(std::move(*list));
    }
    // NumPy scalars and arrays of other shapes: their Python equivalents.
    if (py::hasattr(obj, "dtype") && py::hasattr(obj, "tolist"))
        return from_python(obj.attr("tolist")());
    throw py::type_error(std::string("caspian cannot hold a value of type ") + Py_TYPE(o)->tp_name);
}

Params params_from_python(py::handle params) {
    Params out;
    if (params.is_none()) return out;
    if (!PyDict_Check(params.ptr())) throw py::type_error("params must be a dict of name to value");
    for (auto& [name, value] : properties_from_python(params))
        out.emplace_back(std::move(name), std::move(value));
    return out;
}

}  // namespace caspian::python
