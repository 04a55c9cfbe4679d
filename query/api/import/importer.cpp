// import_files of include/caspian/import_export.hpp: the Importer reads each file with its
// reader (csv_reader, jsonl_reader), types fields by column (columns), resolves ids (id_map) and
// hands rows to graph::BulkLoader in one write transaction. Knows file formats and names; the
// graph layer does the writing.
#include <caspian/import_export.hpp>

#include "graph/bulk_loader.hpp"
#include "query/api/database_impl.hpp"
#include "query/api/export/export.hpp"
#include "query/api/import/columns.hpp"
#include "query/api/import/csv_reader.hpp"
#include "query/api/import/graphml_reader.hpp"
#include "query/api/import/id_map.hpp"
#include "query/api/import/input_file.hpp"
#include "query/api/import/jsonl_reader.hpp"
#include "query/api/import/rdf_reader.hpp"
#include "query/api/import/row_error.hpp"
#include "storage/env.hpp"
#include "value/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>

namespace caspian {

namespace fs = std::filesystem;

namespace {

using detail::bad;
using detail::check_fields;
using detail::check_text;
using detail::Column;
using detail::ColumnKind;
using detail::CsvReader;
using detail::Field;
using detail::for_each_part;
using detail::IdMap;
using detail::InputFile;
using detail::json_id;
using detail::json_property;
using detail::LineReader;
using detail::parse_field;
using detail::parse_header_column;
using detail::parse_row;
using detail::put_property;
using detail::Record;
using detail::RowError;
using graph::NameKind;
using graph::PropertyValues;

// By extension, else by content: a .json file or one without extension is JSON Lines when its
// first byte other than white space (after a UTF-8 BOM) is '{'. A JSON array is refused.
bool is_jsonl(const fs::path& path) {
    const auto ext = path.extension().string();
    if (ext == ".jsonl" || ext == ".ndjson") return true;
    if (!ext.empty() && ext != ".json") return false;
    std::ifstream in(path, std::ios::binary);
    char head[3] = {};
    in.read(head, 3);
    if (!(in.gcount() == 3 && head[0] == '\xEF' && head[1] == '\xBB' && head[2] == '\xBF')) {
        in.clear();
        in.seekg(0);
    }
    char c = 0;
    while (in.get(c) && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
    }
    if (!in) return false;
    if (c == '[') {
        throw ImportError(BadRow{path.string(), 1, ErrorKind::Usage,
                                 "the file holds a JSON array: import reads JSON Lines, one "
                                 "object per line"});
    }
    return c == '{';
}

class Importer {
public:
    Importer(graph::BulkLoader& loader, const ImportOptions& options, ImportReport& report,
             std::uint64_t total)
        : loader_(loader), options_(options), report_(report), total_(total) {}

    void run() {
        for (const auto& f : options_.node_files)
            file(f, true);
        for (const auto& f : options_.apoc_files)
            file(f, true, true);
        for (const auto& f : options_.edge_files)
            file(f, false);
        for (const auto& f : options_.apoc_files)
            file(f, false, true);
        for (const auto& f : options_.rdf_files)
            whole_file(f, detail::read_rdf(f, options_.rdf_base));
        for (const auto& f : options_.graphml_files)
            whole_file(f, detail::read_graphml(f));
    }

private:
    void file(const fs::path& path, bool nodes, bool apoc_format = false) {
        InputFile in(path);
        name_ = path.string();
        files_.push_back(name_);
        in_ = &in;
        if (apoc_format) {
            apoc(in, nodes);
        } else if (is_jsonl(path)) {
            jsonl(in, nodes);
        } else {
            csv(in, nodes);
        }
        done_ += in.consumed();
        in_ = nullptr;
        if (options_.progress) options_.progress(done_, total_);
    }

    // A whole-file format: read, then written like rows (nodes by their import id, then edges).
    void whole_file(const fs::path& path, detail::GraphRows g) {
        name_ = path.string();
        files_.push_back(name_);
        for (auto& n : g.nodes) {
            guarded(n.line, [&] {
                labels_.clear();
                for (const auto& l : n.labels)
                    labels_.push_back(loader_.intern<NameKind::Label>(l));
                add_node(n.id, named(n.properties), n.line);
            });
        }
        for (auto& e : g.edges) {
            guarded(e.line, [&] {
                add_edge(g.nodes[e.src].id, g.nodes[e.dst].id, e.type, named(e.properties));
            });
        }
        for (auto& w : g.warnings)
            report_.warnings.push_back(std::move(w));
        std::error_code ec;
        done_ += fs::file_size(path, ec);
        if (options_.progress) options_.progress(done_, total_);
    }

    PropertyValues named(detail::NamedValues& values) {
        PropertyValues props;
        for (auto& [name, value] : values) {
            if (!value.is_null()) {
                put_property(props, loader_.intern<NameKind::Property>(name), std::move(value));
            }
        }
        return props;
    }

    void row_failed(std::size_t line, RowError e) {
        BadRow row{name_, line, e.kind, std::move(e.message)};
        if (!options_.skip_bad_rows) throw ImportError(std::move(row));
        ++report_.skipped;
        if (report_.bad_rows.size() < 100) report_.bad_rows.push_back(std::move(row));
    }

    template <typename F>
    void guarded(std::size_t line, F&& f) {
        try {
            f();
        } catch (const RowError& e) {
            row_failed(line, e);
        } catch (const storage::MapFull&) {
            throw;
        } catch (const ImportError&) {
            throw;
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Storage || e.kind() == ErrorKind::Corrupt) throw;
            row_failed(line, RowError{e.kind(), e.what()});
        }
        if (options_.progress && ++rows_ % 65536 == 0) {
            options_.progress(done_ + (in_ != nullptr ? in_->consumed() : 0), total_);
        }
    }

    graph::PropertyId property(Column& col) {
        if (!col.property) col.property = loader_.intern<NameKind::Property>(col.name);
        return *col.property;
    }

    void csv(InputFile& in, bool nodes) {
        CsvReader reader(in, options_.delimiter);
        Record rec;
        std::string error;
        if (!reader.next(rec, error) || !error.empty()) {
            throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                     error.empty() ? "the file has no header line" : error});
        }
        if (rec.fields.size() == 1) {
            // A file of another separator reads as one column: say so before its rows mislead.
            for (const char sep : {';', '\t', '|', ','}) {
                if (sep == options_.delimiter || rec.fields[0].text.find(sep) == std::string::npos)
                    continue;
                const std::string shown = sep == '\t' ? "\\t" : std::string(1, sep);
                throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                         "the header is one column, '" + rec.fields[0].text +
                                             "': if the fields are separated by '" + shown +
                                             "', give the delimiter (--delimiter '" + shown +
                                             "')"});
            }
        }
        std::vector<Column> cols;
        for (const auto& f : rec.fields) {
            if (find_bad_text_byte(f.text) != std::string_view::npos) {
                throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                         "the header is not UTF-8 text without NUL bytes"});
            }
            cols.push_back(parse_header_column(f.text, name_));
        }
        auto count = [&](ColumnKind k) {
            return std::count_if(cols.begin(), cols.end(), [&](auto& c) { return c.kind == k; });
        };
        if (nodes) {
            const bool has_key = std::any_of(cols.begin(), cols.end(), [](const Column& c) {
                return (c.kind == ColumnKind::Id || c.kind == ColumnKind::Property) &&
                       c.name == graph::key_property;
            });
            if (!has_key) {
                report_.warnings.push_back(name_ +
                                           ": no key column (key:ID or key): its nodes get no key");
            }
            if (count(ColumnKind::Label) == 0) {
                report_.warnings.push_back(name_ + ": no :LABEL column: its nodes get no label");
            }
            if (count(ColumnKind::StartId) + count(ColumnKind::EndId) + count(ColumnKind::Type) >
                    0 ||
                count(ColumnKind::Id) > 1) {
                throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                         "a node file has at most one :ID column and no "
                                         ":START_ID, :END_ID or :TYPE column"});
            }
        } else if (count(ColumnKind::StartId) != 1 || count(ColumnKind::EndId) != 1 ||
                   count(ColumnKind::Type) != 1) {
            throw ImportError(BadRow{name_, 1, ErrorKind::Usage,
                                     "an edge file needs one :START_ID, one :END_ID and one "
                                     ":TYPE column"});
        }
        // The columns whose ids are looked up: prefetched a block of rows ahead, since each
        // lookup is a cache miss in a map as large as the node files (issue #8).
        std::vector<std::size_t> id_cols;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const ColumnKind k = cols[i].kind;
            if (k == ColumnKind::Id || k == ColumnKind::StartId || k == ColumnKind::EndId) {
                id_cols.push_back(i);
            }
        }
        constexpr std::size_t block = 32;
        std::vector<Record> recs(block);
        for (bool more = true; more;) {
            std::size_t n = 0;
            error.clear();
            while (n < block && (more = reader.next(recs[n], error))) {
                if (!error.empty()) {
                    more = false;  // an unclosed quote swallowed the rest of the file
                    ++n;
                    break;
                }
                for (std::size_t c : id_cols) {
                    if (c < recs[n].fields.size()) ids_.prefetch(recs[n].fields[c].text);
                }
                ++n;
            }
            for (std::size_t r = 0; r < n; ++r) {
                const Record& row = recs[r];
                const std::size_t line = row.line;
                guarded(line, [&] {
                    if (r + 1 == n && !error.empty()) bad(ErrorKind::Syntax, error);
                    if (row.fields.size() == 1 && row.fields[0].text.empty() &&
                        !row.fields[0].quoted && cols.size() > 1) {
                        return;  // a blank line
                    }
                    for (std::size_t c = 0; c < row.fields.size(); ++c) {
                        if (find_bad_text_byte(row.fields[c].text) == std::string_view::npos)
                            continue;
                        check_text(row.fields[c].text, "field " + std::to_string(c + 1) +
                                                           (c < cols.size() && !cols[c].name.empty()
                                                                ? " (column '" + cols[c].name + "')"
                                                                : ""));
                    }
                    if (row.fields.size() != cols.size()) {
                        bad(ErrorKind::Syntax, "expected " + std::to_string(cols.size()) +
                                                   " fields as in the header, found " +
                                                   std::to_string(row.fields.size()));
                    }
                    if (nodes) {
                        csv_node(cols, row, line);
                    } else {
                        csv_edge(cols, row);
                    }
                });
            }
        }
    }

    void csv_node(std::vector<Column>& cols, const Record& rec, std::size_t line) {
        labels_.clear();
        PropertyValues props;
        const std::string* id = nullptr;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            Column& col = cols[i];
            const Field& f = rec.fields[i];
            switch (col.kind) {
                case ColumnKind::Id:
                    if (f.text.empty()) bad(ErrorKind::Constraint, "the :ID field is empty");
                    id = &f.text;
                    if (!col.name.empty()) put_property(props, property(col), Value(f.text));
                    break;
                case ColumnKind::Label:
                    for_each_part(f.text, [&](std::string_view l) {
                        if (!l.empty()) labels_.push_back(loader_.intern<NameKind::Label>(l));
                    });
                    break;
                case ColumnKind::Property:
                    if (Value v = parse_field(f, col); !v.is_null()) {
                        put_property(props, property(col), std::move(v));
                    }
                    break;
                default:
                    break;
            }
        }
        add_node(id != nullptr ? std::optional<std::string_view>(*id) : std::nullopt,
                 std::move(props), line);
    }

    void csv_edge(std::vector<Column>& cols, const Record& rec) {
        const std::string *start = nullptr, *end = nullptr, *type = nullptr;
        PropertyValues props;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            Column& col = cols[i];
            const Field& f = rec.fields[i];
            switch (col.kind) {
                case ColumnKind::StartId:
                    start = &f.text;
                    break;
                case ColumnKind::EndId:
                    end = &f.text;
                    break;
                case ColumnKind::Type:
                    type = &f.text;
                    break;
                case ColumnKind::Property:
                    if (Value v = parse_field(f, col); !v.is_null()) {
                        put_property(props, property(col), std::move(v));
                    }
                    break;
                default:
                    break;
            }
        }
        add_edge(*start, *end, *type, std::move(props));
    }

    void jsonl(InputFile& in, bool nodes) {
        LineReader reader(in);
        std::string_view l;
        std::size_t line = 0;
        without_key_ = without_labels_ = 0;
        while (reader.next(l, line)) {
            if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
            guarded(line, [&] {
                const nlohmann::json j = parse_row(l);
                check_fields(j, nodes);
                if (nodes) {
                    jsonl_node(j, line);
                } else {
                    jsonl_edge(j);
                }
            });
        }
        if (nodes) jsonl_warnings();
    }

    void jsonl_warnings() {
        auto warn = [&](std::uint64_t n, const char* what) {
            if (n == 0) return;
            report_.warnings.push_back(name_ + ": " + std::to_string(n) +
                                       (n == 1 ? " node has no " : " nodes have no ") + what);
        };
        warn(without_key_, "\"key\": they get no key");
        warn(without_labels_, "\"labels\": they get no label");
    }

    PropertyValues json_properties(const nlohmann::json& obj) {
        PropertyValues props;
        if (obj.is_null()) return props;
        if (!obj.is_object()) bad(ErrorKind::Type, "\"properties\" must be an object");
        for (const auto& [name, value] : obj.items()) {
            Value v = json_property(value, name);
            if (!v.is_null()) {
                put_property(props, loader_.intern<NameKind::Property>(name), std::move(v));
            }
        }
        return props;
    }

    void jsonl_node(const nlohmann::json& j, std::size_t line) {
        labels_.clear();
        if (!j.contains("key")) ++without_key_;
        if (!j.contains("labels") || j["labels"].empty()) ++without_labels_;
        if (j.contains("labels")) {
            if (!j["labels"].is_array()) bad(ErrorKind::Type, "\"labels\" must be an array");
            for (const auto& l : j["labels"]) {
                if (!l.is_string()) bad(ErrorKind::Type, "labels must be strings");
                labels_.push_back(loader_.intern<NameKind::Label>(l.get<std::string>()));
            }
        }
        PropertyValues props =
            json_properties(j.contains("properties") ? j["properties"] : nullptr);
        std::optional<std::string> id;
        if (j.contains("key")) {
            if (!j["key"].is_string()) bad(ErrorKind::Type, "\"key\" must be a string");
            id = j["key"].get<std::string>();
            put_property(props, loader_.intern<NameKind::Property>(graph::key_property),
                         Value(*id));
        }
        if (j.contains("id")) id = json_id(j["id"], "id");
        add_node(id ? std::optional<std::string_view>(*id) : std::nullopt, std::move(props), line);
    }

    void jsonl_edge(const nlohmann::json& j) {
        for (const char* f : {"src", "dst", "type"}) {
            if (!j.contains(f)) bad(ErrorKind::Syntax, std::string("missing \"") + f + "\"");
        }
        if (!j["type"].is_string()) bad(ErrorKind::Type, "\"type\" must be a string");
        add_edge(json_id(j["src"], "src"), json_id(j["dst"], "dst"), j["type"].get<std::string>(),
                 json_properties(j.contains("properties") ? j["properties"] : nullptr));
    }

    // APOC JSON Lines: one pass for the node lines, one for the relationship lines.
    void apoc(InputFile& in, bool nodes) {
        LineReader reader(in);
        std::string_view l;
        std::size_t line = 0;
        while (reader.next(l, line)) {
            if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
            guarded(line, [&] {
                const nlohmann::json j = parse_row(l);
                const auto type = j.find("type");
                const bool node = type != j.end() && *type == "node";
                if (!node && !(type != j.end() && *type == "relationship")) {
                    bad(ErrorKind::Syntax,
                        "expected \"type\": \"node\" or \"relationship\" (APOC JSON Lines)");
                }
                if (node != nodes) return;
                apoc_fields(j, node);
                if (node) {
                    apoc_node(j, line);
                } else {
                    apoc_edge(j);
                }
            });
        }
    }

    static void apoc_fields(const nlohmann::json& row, bool node) {
        static constexpr std::string_view node_fields[] = {"type", "id", "labels", "properties"};
        static constexpr std::string_view edge_fields[] = {"type",  "id",  "label",
                                                           "start", "end", "properties"};
        for (const auto& [name, value] : row.items()) {
            const bool known = node ? std::find(std::begin(node_fields), std::end(node_fields),
                                                name) != std::end(node_fields)
                                    : std::find(std::begin(edge_fields), std::end(edge_fields),
                                                name) != std::end(edge_fields);
            if (!known) {
                bad(ErrorKind::Syntax,
                    "unknown field " + nlohmann::json(name).dump() +
                        (node ? " in an APOC node" : " in an APOC relationship"));
            }
        }
    }

    // APOC writes temporal values as strings: the exact ISO 8601 text of one is read as it.
    static Value apoc_typed(Value v, const std::string& name) {
        if (v.kind() == ValueKind::String && name != graph::key_property) {
            if (Value t = detail::apoc_temporal(v.as_string()); !t.is_null()) return t;
        } else if (v.kind() == ValueKind::List) {
            List items;
            for (const Value& x : v.as_list())
                items.push_back(apoc_typed(x, name));
            return Value(std::move(items));
        }
        return v;
    }

    PropertyValues apoc_properties(const nlohmann::json& row) {
        PropertyValues props;
        if (!row.contains("properties")) return props;
        const nlohmann::json& obj = row["properties"];
        if (!obj.is_object()) bad(ErrorKind::Type, "\"properties\" must be an object");
        for (const auto& [name, value] : obj.items()) {
            Value v = apoc_typed(json_property(value, name), name);
            if (!v.is_null()) {
                put_property(props, loader_.intern<NameKind::Property>(name), std::move(v));
            }
        }
        return props;
    }

    void apoc_node(const nlohmann::json& j, std::size_t line) {
        labels_.clear();
        if (!j.contains("id")) bad(ErrorKind::Syntax, "missing \"id\"");
        if (j.contains("labels")) {
            if (!j["labels"].is_array()) bad(ErrorKind::Type, "\"labels\" must be an array");
            for (const auto& l : j["labels"]) {
                if (!l.is_string()) bad(ErrorKind::Type, "labels must be strings");
                labels_.push_back(loader_.intern<NameKind::Label>(l.get<std::string>()));
            }
        }
        const std::string id = json_id(j["id"], "id");
        add_node(std::string_view(id), apoc_properties(j), line);
    }

    void apoc_edge(const nlohmann::json& j) {
        for (const char* f : {"label", "start", "end"}) {
            if (!j.contains(f)) bad(ErrorKind::Syntax, std::string("missing \"") + f + "\"");
        }
        if (!j["label"].is_string()) bad(ErrorKind::Type, "\"label\" must be a string");
        std::string ends[2];
        for (int i = 0; i < 2; ++i) {
            const char* f = i == 0 ? "start" : "end";
            if (!j[f].is_object() || !j[f].contains("id")) {
                bad(ErrorKind::Type, std::string("\"") + f + "\" must be an object with an \"id\"");
            }
            ends[i] = json_id(j[f]["id"], "id");
        }
        add_edge(ends[0], ends[1], j["label"].get<std::string>(), apoc_properties(j));
    }

    void add_node(std::optional<std::string_view> id, PropertyValues props, std::size_t line) {
        if (id) {
            if (const std::uint64_t first = ids_.find(*id)) {
                const Origin& o = origins_[first - first_node_];
                bad(ErrorKind::Constraint, "duplicate id '" + std::string(*id) + "' (first at " +
                                               files_[o.file] + ":" + std::to_string(o.line) + ")");
            }
        }
        const std::uint64_t n = loader_.add_node(labels_, std::move(props)).value;
        if (report_.nodes++ == 0) first_node_ = n;
        if (id) {
            ids_.insert(*id, n);
            // Node ids of an import are consecutive: n - first_node_ indexes origins_.
            origins_.resize(n - first_node_ + 1);
            origins_.back() = Origin{files_.size() - 1, line};
        }
    }

    NodeId resolve(std::string_view id, const char* end) {
        if (id.empty()) bad(ErrorKind::Constraint, std::string("the ") + end + " id is empty");
        if (const std::uint64_t n = ids_.find(id)) return NodeId{n};
        if (auto n = loader_.reader().find_key(id)) return *n;
        bad(ErrorKind::Constraint, std::string("the ") + end + " '" + std::string(id) +
                                       "' is neither an id of the node files nor a node key");
    }

    void add_edge(std::string_view start, std::string_view end, std::string_view type,
                  PropertyValues props) {
        const NodeId src = resolve(start, "start");
        const NodeId dst = resolve(end, "end");
        if (type.empty()) bad(ErrorKind::Constraint, "the edge type is empty");
        loader_.add_edge(src, loader_.intern<NameKind::Type>(type), dst, std::move(props));
        ++report_.edges;
    }

    // Where the node of an import id was defined, for the message about a duplicate.
    struct Origin {
        std::size_t file;  // index into files_
        std::size_t line;
    };

    graph::BulkLoader& loader_;
    const ImportOptions& options_;
    ImportReport& report_;
    std::string name_;
    std::vector<std::string> files_;
    InputFile* in_ = nullptr;
    std::vector<graph::LabelId> labels_;
    // Both grow with the number of node rows (the only parts of an import that do).
    IdMap ids_;
    std::vector<Origin> origins_;
    std::uint64_t first_node_ = 0;
    std::uint64_t total_ = 0, done_ = 0, rows_ = 0;
    std::uint64_t without_key_ = 0, without_labels_ = 0;  // nodes of the JSON Lines file
};

std::uint64_t size_of(const fs::path& p) {
    std::error_code ec;
    auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

}  // namespace

ImportReport import_files(Database& db, const ImportOptions& options) {
    std::uint64_t total = 0;
    for (const auto* files : {&options.node_files, &options.edge_files, &options.apoc_files,
                              &options.apoc_files,  // APOC files are read twice
                              &options.rdf_files, &options.graphml_files}) {
        for (const auto& f : *files) {
            std::error_code ec;
            if (!fs::is_regular_file(f, ec)) {
                throw Error(ErrorKind::Usage, "cannot read '" + f.string() + "': no such file");
            }
            total += size_of(f);
        }
    }
    if (db.is_read_only()) throw Error(ErrorKind::Usage, "the database is open read-only");
    if (options.delimiter == '"' || options.delimiter == '\r' || options.delimiter == '\n') {
        throw Error(ErrorKind::Usage, "the CSV delimiter cannot be a quote or a line end");
    }
    storage::Env& env = detail::env_of(db);
    // Optimisation only: a map with room for the input spares running the import twice. About
    // 8 bytes stored per input byte is generous; a full map is still handled below.
    try {
        const std::uint64_t wanted = env.used_bytes() + total * 8;
        if (env.map_size() < wanted) env.grow_map(wanted);
    } catch (const Error&) {
    }
    for (;;) {
        try {
            ImportReport report;
            storage::WriteTxn txn(env, detail::DatabaseAccess::impl(db).writer_wait);
            graph::GraphWriter writer(txn);
            {
                graph::BulkLoader loader(writer);
                Importer(loader, options, report, total).run();
                loader.finish();
            }
            txn.commit();
            return report;
        } catch (const storage::MapFull&) {
            // Rolled back: grow past what it needed and read the files again.
            env.grow_map();
        }
    }
}

}  // namespace caspian
