// Header columns and field typing of columns.hpp (docs/import-export.md, "CSV").
#include "query/api/import/columns.hpp"

#include "query/api/import/row_error.hpp"
#include "value/temporal.hpp"
#include "value/text.hpp"

#include <caspian/import_export.hpp>

#include <charconv>
#include <cstdlib>

namespace caspian::detail {

namespace {

Value parse_scalar(std::string_view text, Scalar scalar, const std::string& column) {
    auto fail = [&](const char* what) -> Value {
        bad(ErrorKind::Type,
            "'" + std::string(text) + "' is not " + what + " (column '" + column + "')");
    };
    auto temporal = [&](ValueKind kind, const char* what) -> Value {
        std::optional<Value> v = parse_temporal(kind, text);
        return v ? std::move(*v) : fail(what);
    };
    switch (scalar) {
        case Scalar::String:
            return Value(std::string(text));
        case Scalar::Int: {
            std::int64_t i = 0;
            const char* b = text.data();
            const char* e = b + text.size();
            if (b != e && *b == '+') ++b;
            auto [p, ec] = std::from_chars(b, e, i);
            if (ec != std::errc{} || p != e) return fail("an integer");
            return Value(i);
        }
        case Scalar::Float: {
            if (text.empty()) return fail("a number");
            const std::string s(text);  // strtod needs the terminating NUL
            char* end = nullptr;
            const double d = std::strtod(s.c_str(), &end);
            if (end != s.c_str() + s.size()) return fail("a number");
            return Value(d);
        }
        case Scalar::Bool: {
            const auto t = ascii_lower(text);
            if (t == "true") return Value(true);
            if (t == "false") return Value(false);
            return fail("a boolean (true or false)");
        }
        case Scalar::Date:
            return temporal(ValueKind::Date, "a date (YYYY-MM-DD)");
        case Scalar::DateTime:
            return temporal(ValueKind::DateTime, "a datetime (ISO 8601)");
        case Scalar::LocalDateTime:
            return temporal(ValueKind::LocalDateTime, "a localdatetime (ISO 8601)");
        case Scalar::Time:
            return temporal(ValueKind::Time, "a time (ISO 8601)");
        case Scalar::LocalTime:
            return temporal(ValueKind::LocalTime, "a localtime (ISO 8601)");
        case Scalar::Duration:
            return temporal(ValueKind::Duration, "a duration (ISO 8601, P1DT2H)");
    }
    return Value();
}

}  // namespace

Column parse_header_column(const std::string& raw, const std::string& file) {
    Column col;
    const auto colon = raw.rfind(':');
    std::string type;
    if (colon == std::string::npos) {
        col.name = raw;
    } else {
        col.name = raw.substr(0, colon);
        type = raw.substr(colon + 1);
        if (auto paren = type.find('('); paren != std::string::npos) type.resize(paren);
    }
    const std::string t = ascii_lower(type);
    if (t == "id")
        col.kind = ColumnKind::Id;
    else if (t == "label")
        col.kind = ColumnKind::Label;
    else if (t == "start_id")
        col.kind = ColumnKind::StartId;
    else if (t == "end_id")
        col.kind = ColumnKind::EndId;
    else if (t == "type")
        col.kind = ColumnKind::Type;
    else if (t == "ignore")
        col.kind = ColumnKind::Ignore;
    if (col.kind != ColumnKind::Property) return col;
    std::string base = t;
    if (base.size() > 2 && base.compare(base.size() - 2, 2, "[]") == 0) {
        col.array = true;
        base.resize(base.size() - 2);
    }
    if (base.empty() || base == "string" || base == "char")
        col.scalar = Scalar::String;
    else if (base == "int" || base == "long" || base == "short" || base == "byte")
        col.scalar = Scalar::Int;
    else if (base == "float" || base == "double")
        col.scalar = Scalar::Float;
    else if (base == "boolean" || base == "bool")
        col.scalar = Scalar::Bool;
    else if (base == "date")
        col.scalar = Scalar::Date;
    else if (base == "datetime")
        col.scalar = Scalar::DateTime;
    else if (base == "localdatetime")
        col.scalar = Scalar::LocalDateTime;
    else if (base == "time")
        col.scalar = Scalar::Time;
    else if (base == "localtime")
        col.scalar = Scalar::LocalTime;
    else if (base == "duration")
        col.scalar = Scalar::Duration;
    else {
        throw ImportError(BadRow{
            file, 1, ErrorKind::Usage,
            "unknown type '" + type + "' in header column '" + raw +
                "': the types are int, long, short, byte, float, double, boolean, string, char, "
                "date, datetime, localdatetime, time, localtime, duration (each with [] for a "
                "';'-separated array), and ID, LABEL, START_ID, END_ID, TYPE, IGNORE"});
    }
    if (col.name.empty()) {
        throw ImportError(
            BadRow{file, 1, ErrorKind::Usage, "header column '" + raw + "' has no property name"});
    }
    return col;
}

// An absent value (unquoted empty field) is null: the property is not set.
Value parse_field(const Field& f, const Column& col) {
    if (f.text.empty() && !f.quoted) return Value();
    if (!col.array) {
        if (f.text.empty() && col.scalar != Scalar::String) return Value();
        return parse_scalar(f.text, col.scalar, col.name);
    }
    List items;
    if (!f.text.empty()) {
        for_each_part(f.text, [&](std::string_view part) {
            items.push_back(parse_scalar(part, col.scalar, col.name));
        });
    }
    return Value(std::move(items));
}

void put_property(graph::PropertyValues& props, graph::PropertyId id, Value value) {
    if (value.is_null()) return;
    for (auto& p : props) {
        if (p.first == id) {
            p.second = std::move(value);
            return;
        }
    }
    props.emplace_back(id, std::move(value));
}

}  // namespace caspian::detail
