// export_graph of include/caspian/import_export.hpp: picks the format's writer, and the parts
// every format shares (files, the node table, plain value text).
#include "query/api/export/export.hpp"
#include "query/api/rdf/rdf_terms.hpp"

#include "value/json.hpp"
#include "value/literal.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <system_error>

namespace caspian {

namespace fs = std::filesystem;

namespace detail {

std::ofstream open_out(const fs::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Usage, "cannot write '" + path.string() + "'");
    return out;
}

void check_out(const std::ofstream& out, const fs::path& path) {
    if (out) return;
    // A file that opened but could not be written (a full disk) is a storage error, exit 1.
    const int reason = errno;
    throw Error(ErrorKind::Storage,
                "cannot write '" + path.string() + "'" +
                    (reason != 0 ? std::string(": ") + std::strerror(reason) : std::string()) +
                    "; the export is incomplete");
}

void close_out(std::ofstream& out, const fs::path& path) {
    errno = 0;  // the reason check_out gives is close()'s own, not an older one
    out.close();
    check_out(out, path);
}

void make_export_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec)) {
        throw Error(ErrorKind::Usage, "cannot create export directory '" + dir.string() + "'");
    }
}

std::vector<NodeId> node_ids(const ReadTransaction& txn) {
    std::vector<NodeId> ids;
    txn.scan_nodes([&](NodeId n) {
        ids.push_back(n);
        return true;
    });
    return ids;
}

NodeTable load_nodes(const ReadTransaction& txn) {
    NodeTable table;
    txn.scan_nodes([&](NodeId id) {
        if (auto n = txn.node(id)) table.nodes.push_back(std::move(*n));
        return true;
    });
    for (std::size_t i = 0; i < table.nodes.size(); ++i)
        table.index.emplace(table.nodes[i].id.value, i);
    return table;
}

std::string scalar_text(const Value& v, FloatText floats) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return v.as_bool() ? "true" : "false";
        case ValueKind::Int:
            return std::to_string(v.as_int());
        case ValueKind::Float: {
            const double d = v.as_float();
            if (floats == FloatText::Xsd && std::isinf(d)) return d > 0 ? "INF" : "-INF";
            return float_literal(d);  // NaN is "NaN" in both
        }
        case ValueKind::String:
            return v.as_string();
        default:
            // Temporal kinds as toString writes them, which their parsers read back (#16).
            return is_temporal(v.kind()) ? temporal_to_iso(v) : to_json(v);
    }
}

}  // namespace detail

namespace {

// The one-file formats: out itself is the file.
ExportReport export_file(const Database& db, ExportFormat format, const fs::path& path,
                         std::string_view base_iri, RdfVersion version) {
    const bool rdf = format == ExportFormat::NTriples || format == ExportFormat::Turtle;
    if (rdf) detail::rdf::Vocabulary check(base_iri);  // a bad base fails before any file
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    ReadTransaction txn = db.begin_read();
    const detail::NodeTable table = detail::load_nodes(txn);
    ExportReport report;
    report.nodes = table.nodes.size();
    auto out = detail::open_out(path);
    try {
        if (rdf) {
            detail::write_rdf(txn, table, base_iri,
                              format == ExportFormat::Turtle ? detail::RdfSyntax::Turtle
                                                             : detail::RdfSyntax::NTriples,
                              version, out, report);
        } else if (format == ExportFormat::GraphML) {
            detail::write_graphml(txn, table, out, report);
        } else {
            detail::write_dot(txn, table, out, report);
        }
    } catch (const Error& e) {
        // A value the format refuses: no file is left, not even the empty one just opened.
        if (e.kind() == ErrorKind::Type) {
            out.close();
            fs::remove(path, ec);
        }
        throw;
    }
    detail::close_out(out, path);
    report.files = {path};
    return report;
}

}  // namespace

ExportReport export_graph(const Database& db, ExportFormat format, const fs::path& out,
                          std::string_view base_iri, RdfVersion rdf_version) {
    switch (format) {
        case ExportFormat::Csv:
            return detail::export_csv(db, out);
        case ExportFormat::Jsonl:
            return detail::export_jsonl(db, out);
        case ExportFormat::Neo4jCsv:
            return detail::export_neo4j_csv(db, out);
        case ExportFormat::ApocJsonl:
            return detail::export_apoc_jsonl(db, out);
        case ExportFormat::Kuzu:
            return detail::export_kuzu(db, out);
        default:
            return export_file(db, format, out, base_iri, rdf_version);
    }
}

}  // namespace caspian
