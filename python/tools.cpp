// Database.import_csv / import_jsonl / export / backup / check / stats: the public
// import_export.hpp and maintenance.hpp functions, with the GIL released, reports as dicts.
#include "python/handles.hpp"

#include <caspian/import_export.hpp>
#include <caspian/maintenance.hpp>

#include <pybind11/stl.h>

#include <filesystem>
#include <string>
#include <vector>

namespace caspian::python {

namespace {

// Runs fn without the GIL; a caspian error becomes its caspian.Error (an import's bad row with
// the file and line in the message).
template <typename Fn>
auto call_engine(Fn&& fn) {
    std::optional<Error> failure;
    std::optional<BadRow> bad_row;
    {
        py::gil_scoped_release release;
        try {
            return fn();
        } catch (const ImportError& e) {
            failure = e;
            bad_row = e.row();
        } catch (const Error& e) {
            failure = e;
        }
    }
    if (bad_row)
        raise_error(Error(failure->kind(), bad_row->file + ":" + std::to_string(bad_row->line) +
                                               ": " + bad_row->message),
                    "");
    raise_error(*failure, "");
}

using Paths = std::vector<std::string>;

py::dict import_files_py(PyDatabase& d, const Paths& nodes, const Paths& edges, const Paths& rdf,
                         const Paths& graphml, const Paths& apoc_jsonl, const std::string& base_iri,
                         bool skip_bad_rows, const std::string& delimiter) {
    if (delimiter.size() != 1) throw py::value_error("delimiter must be one character");
    ImportOptions options;
    options.node_files.assign(nodes.begin(), nodes.end());
    options.edge_files.assign(edges.begin(), edges.end());
    options.rdf_files.assign(rdf.begin(), rdf.end());
    options.graphml_files.assign(graphml.begin(), graphml.end());
    options.apoc_files.assign(apoc_jsonl.begin(), apoc_jsonl.end());
    options.rdf_base = base_iri;
    options.skip_bad_rows = skip_bad_rows;
    options.delimiter = delimiter[0];
    auto& db = d.db();
    const auto report = call_engine([&] { return import_files(db, options); });
    py::list bad;
    for (const auto& row : report.bad_rows)
        bad.append(py::dict(py::arg("file") = row.file, py::arg("line") = row.line,
                            py::arg("kind") = to_string(row.kind),
                            py::arg("message") = row.message));
    return py::dict(py::arg("nodes") = report.nodes, py::arg("relationships") = report.edges,
                    py::arg("skipped") = report.skipped, py::arg("bad_rows") = bad,
                    py::arg("warnings") = report.warnings);
}

ExportFormat export_format(const std::string& name) {
    if (name == "csv") return ExportFormat::Csv;
    if (name == "jsonl") return ExportFormat::Jsonl;
    if (name == "ntriples") return ExportFormat::NTriples;
    if (name == "turtle") return ExportFormat::Turtle;
    if (name == "graphml") return ExportFormat::GraphML;
    if (name == "dot") return ExportFormat::Dot;
    if (name == "neo4j-csv") return ExportFormat::Neo4jCsv;
    if (name == "apoc-jsonl") return ExportFormat::ApocJsonl;
    throw py::value_error("unknown export format '" + name +
                          "': csv, jsonl, ntriples, turtle, graphml, dot, neo4j-csv or apoc-jsonl");
}

RdfVersion rdf_version(const std::string& name) {
    if (name == "1.1") return RdfVersion::Rdf11;
    if (name == "1.2") return RdfVersion::Rdf12;
    throw py::value_error("unknown rdf_version '" + name + "': 1.1 or 1.2");
}

}  // namespace

void bind_tools(py::module_& m) {
    auto cls = py::reinterpret_borrow<py::class_<PyDatabase>>(m.attr("Database"));
    // One importer: it tells CSV from JSON Lines by each file's name and first byte; RDF,
    // GraphML and APOC JSON Lines files are read after the node and relationship files.
    for (const char* name : {"import_csv", "import_jsonl"})
        cls.def(name, &import_files_py, py::kw_only(), py::arg("nodes") = Paths{},
                py::arg("edges") = Paths{}, py::arg("rdf") = Paths{}, py::arg("graphml") = Paths{},
                py::arg("apoc_jsonl") = Paths{},
                py::arg("base_iri") = std::string(default_export_base),
                py::arg("skip_bad_rows") = false, py::arg("delimiter") = ",",
                "Imports node and relationship files in one transaction.");
    cls.def(
        "export",
        [](PyDatabase& d, const std::string& path, const std::string& format,
           const std::string& base_iri, const std::string& rdf) {
            auto& db = d.db();
            const auto f = export_format(format);
            const auto version = rdf_version(rdf);
            const auto report =
                call_engine([&] { return export_graph(db, f, path, base_iri, version); });
            std::vector<std::string> files;
            for (const auto& file : report.files)
                files.push_back(file.string());
            return py::dict(py::arg("nodes") = report.nodes,
                            py::arg("relationships") = report.edges,
                            py::arg("triples") = report.triples, py::arg("files") = files,
                            py::arg("load_command") = report.load_command);
        },
        py::arg("path"), py::kw_only(), py::arg("format") = "csv",
        py::arg("base_iri") = std::string(default_export_base), py::arg("rdf_version") = "1.1");
    cls.def(
        "backup",
        [](PyDatabase& d, const std::string& path) {
            auto& db = d.db();
            call_engine([&] {
                backup(db, path);
                return 0;
            });
        },
        py::arg("path"));
    cls.def("check", [](PyDatabase& d) {
        auto& db = d.db();
        const auto report = call_engine([&] { return check(db); });
        return py::dict(py::arg("sound") = report.is_sound(), py::arg("nodes") = report.nodes,
                        py::arg("relationships") = report.edges,
                        py::arg("problems") = report.problems);
    });
    cls.def("stats", [](PyDatabase& d) {
        auto& db = d.db();
        const auto s = call_engine([&] { return stats(db); });
        py::list tables;
        for (const auto& t : s.tables)
            tables.append(py::dict(py::arg("name") = t.name, py::arg("entries") = t.entries,
                                   py::arg("depth") = t.depth, py::arg("bytes") = t.bytes));
        py::dict labels, types_;
        for (const auto& [name, n] : s.counts.labels)
            labels[py::str(name)] = n;
        for (const auto& [name, n] : s.counts.edge_types)
            types_[py::str(name)] = n;
        return py::dict(py::arg("nodes") = s.counts.nodes,
                        py::arg("relationships") = s.counts.edges, py::arg("labels") = labels,
                        py::arg("relationship_types") = types_,
                        py::arg("file_bytes") = s.file_bytes, py::arg("used_bytes") = s.used_bytes,
                        py::arg("map_size") = s.map_size, py::arg("page_size") = s.page_size,
                        py::arg("tables") = tables);
    });
}

}  // namespace caspian::python
