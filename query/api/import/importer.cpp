// import_files of include/caspian/import_export.hpp: the Importer reads each file with its
// reader (csv_reader, jsonl_reader), types fields by column (columns), resolves ids (id_map) and
// hands rows to graph::BulkLoader in one write transaction. Knows file formats and names; the
// graph layer does the writing.
#include <caspian/import_export.hpp>

#include "graph/bulk_loader.hpp"
#include "query/api/database_impl.hpp"
#include "query/api/export/export.hpp"
#include "query/api/import/batch_pipe.hpp"
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
#include <thread>
#include <utility>

namespace caspian {

namespace fs = std::filesystem;

namespace {

using detail::bad;
using detail::BatchPipe;
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
        : loader_(loader),
          options_(options),
          report_(report),
          threads_(options.threads != 0 ? options.threads
                                        : std::max(1U, std::thread::hardware_concurrency())),
          total_(total) {}

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
        file_read_ = 0;
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
        file_read_ = 0;
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
            options_.progress(done_ + (in_ != nullptr ? in_->consumed() : file_read_), total_);
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
        // Reading, checking and typing the rows needs no writer: with threads, a worker does it
        // a batch ahead while this thread writes (an optimisation only: either way each row is
        // written, or fails with the same error, as the rows before it).
        const std::vector<Column> types = cols;      // the worker's: cols' interned ids change here
        const IdMap* ids = nodes ? nullptr : &ids_;  // only read while edge files are
        auto read = [&](CsvBatch& batch) { return read_batch(reader, types, ids, in, batch); };
        // A node row's id is looked up for duplicates, a cache miss in a map as large as the
        // node files: the id of a row some rows ahead is prefetched (an optimisation only).
        const auto id_col = std::find_if(cols.begin(), cols.end(),
                                         [](const Column& c) { return c.kind == ColumnKind::Id; }) -
                            cols.begin();
        constexpr std::size_t prefetch_distance = 16;
        auto write = [&](CsvBatch& batch) {
            for (std::size_t r = 0; r < batch.rows; ++r) {
                if (const std::size_t ahead = r + prefetch_distance;
                    nodes && ahead < batch.rows && batch.checks[ahead].error_column == no_error &&
                    !batch.checks[ahead].blank && std::size_t(id_col) < cols.size()) {
                    ids_.prefetch(batch.records[ahead].fields[id_col].text);
                }
                const std::size_t line = batch.records[r].line;
                guarded(line, [&] { write_row(cols, batch, r, nodes); });
            }
            file_read_ = batch.read;
        };
        in_ = nullptr;  // the worker's: progress counts the bytes of the batches written
        file_read_ = in.consumed();
        if (threads_ > 1) {
            BatchPipe<CsvBatch> pipe(read, 2);
            while (CsvBatch* batch = pipe.next())
                write(*batch);
        } else {
            CsvBatch batch;
            for (bool more = true; more;) {
                more = read(batch);
                write(batch);
            }
        }
    }

    // What checking a row without the writer found: the first error, at the column where
    // writing it would meet it (0: before any).
    struct RowCheck {
        bool blank = false;
        std::size_t error_column = no_error;
        RowError error;
    };
    static constexpr std::size_t no_error = std::size_t(-1);

    // A block of CSV rows, read, checked and typed.
    struct CsvBatch {
        std::vector<Record> records;  // reused: their fields keep their capacity
        std::size_t rows = 0;
        std::vector<RowCheck> checks;
        std::vector<Value> values;        // rows x columns: the typed field of each property
        std::vector<std::uint64_t> ends;  // rows x 2 (edges): the ids' nodes, 0 when not ids
        std::uint64_t read = 0;           // bytes of the file through the last row
    };

    // Reads the next rows of a CSV file into batch: false at the end of the file. What it does
    // needs no writer, so it may run on another thread; ids (for an edge file) is only read.
    static bool read_batch(CsvReader& reader, const std::vector<Column>& cols, const IdMap* ids,
                           const InputFile& in, CsvBatch& batch) {
        constexpr std::size_t batch_rows = 1024;
        const std::size_t width = cols.size();
        if (batch.records.size() < batch_rows) {
            batch.records.resize(batch_rows);
            batch.checks.resize(batch_rows);
            batch.values.resize(batch_rows * width);
            batch.ends.resize(2 * batch_rows);
        }
        std::size_t n = 0;
        bool more = true;
        std::string error;
        while (n < batch_rows && (more = reader.next(batch.records[n], error))) {
            check_row(batch.records[n], cols, error, batch.checks[n], &batch.values[n * width]);
            ++n;
            if (!error.empty()) {
                more = false;  // an unclosed quote swallowed the rest of the file
                break;
            }
        }
        batch.rows = n;
        batch.read = in.consumed();
        if (ids != nullptr) resolve_ends(*ids, cols, batch);
        return more;
    }

    // Checks a record and types its property fields into values (one per column).
    static void check_row(const Record& row, const std::vector<Column>& cols,
                          const std::string& error, RowCheck& check, Value* values) {
        check.blank = false;
        check.error_column = no_error;
        try {
            if (!error.empty()) bad(ErrorKind::Syntax, error);
            if (row.fields.size() == 1 && row.fields[0].text.empty() && !row.fields[0].quoted &&
                cols.size() > 1) {
                check.blank = true;
                return;
            }
            for (std::size_t c = 0; c < row.fields.size(); ++c) {
                if (find_bad_text_byte(row.fields[c].text) == std::string_view::npos) continue;
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
        } catch (RowError& e) {
            check.error_column = 0;
            check.error = std::move(e);
            return;
        }
        for (std::size_t c = 0; c < cols.size(); ++c) {
            values[c] = Value();
            if (cols[c].kind != ColumnKind::Property) continue;
            try {
                values[c] = parse_field(row.fields[c], cols[c]);
            } catch (RowError& e) {
                check.error_column = c;
                check.error = std::move(e);
                return;
            }
        }
    }

    // The nodes of the start and end ids of an edge batch's sound rows, by the import's ids:
    // each lookup a cache miss in a map as large as the node files, so a block of rows is
    // prefetched before it is looked up (issue #8).
    static void resolve_ends(const IdMap& ids, const std::vector<Column>& cols, CsvBatch& batch) {
        std::size_t start = 0, end = 0;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].kind == ColumnKind::StartId) start = i;
            if (cols[i].kind == ColumnKind::EndId) end = i;
        }
        constexpr std::size_t block = 32;
        auto sound = [&](std::size_t r) {
            return batch.checks[r].error_column == no_error && !batch.checks[r].blank;
        };
        for (std::size_t first = 0; first < batch.rows; first += block) {
            const std::size_t last = std::min(batch.rows, first + block);
            for (std::size_t r = first; r < last; ++r) {
                if (!sound(r)) continue;
                ids.prefetch(batch.records[r].fields[start].text);
                ids.prefetch(batch.records[r].fields[end].text);
            }
            for (std::size_t r = first; r < last; ++r) {
                const bool ok = sound(r);
                batch.ends[2 * r] = ok ? ids.find(batch.records[r].fields[start].text) : 0;
                batch.ends[2 * r + 1] = ok ? ids.find(batch.records[r].fields[end].text) : 0;
            }
        }
    }

    void write_row(std::vector<Column>& cols, CsvBatch& batch, std::size_t r, bool nodes) {
        const RowCheck& check = batch.checks[r];
        if (check.blank) return;
        if (check.error_column == 0) throw check.error;
        const Record& row = batch.records[r];
        Value* values = &batch.values[r * cols.size()];
        if (nodes) {
            csv_node(cols, row, values, check, row.line);
        } else {
            csv_edge(cols, row, values, check, &batch.ends[2 * r]);
        }
    }

    void csv_node(std::vector<Column>& cols, const Record& rec, Value* values,
                  const RowCheck& check, std::size_t line) {
        labels_.clear();
        PropertyValues props;
        const std::string* id = nullptr;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (i == check.error_column) throw check.error;
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
                    if (!values[i].is_null()) {
                        put_property(props, property(col), std::move(values[i]));
                    }
                    break;
                default:
                    break;
            }
        }
        add_node(id != nullptr ? std::optional<std::string_view>(*id) : std::nullopt,
                 std::move(props), line);
    }

    // ends: the nodes of the start and end ids among the import's ids, 0 when not among them.
    void csv_edge(std::vector<Column>& cols, const Record& rec, Value* values,
                  const RowCheck& check, const std::uint64_t* ends) {
        const std::string *start = nullptr, *end = nullptr, *type = nullptr;
        PropertyValues props;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (i == check.error_column) throw check.error;
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
                    if (!values[i].is_null()) {
                        put_property(props, property(col), std::move(values[i]));
                    }
                    break;
                default:
                    break;
            }
        }
        add_edge(*start, *end, *type, std::move(props), ends[0], ends[1]);
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

    // known: id's node when already looked up among the import's ids (0: not found there, or not
    // looked up).
    NodeId resolve(std::string_view id, const char* end, std::uint64_t known) {
        if (id.empty()) bad(ErrorKind::Constraint, std::string("the ") + end + " id is empty");
        if (known != 0) return NodeId{known};
        if (const std::uint64_t n = ids_.find(id)) return NodeId{n};
        if (auto n = loader_.reader().find_key(id)) return *n;
        bad(ErrorKind::Constraint, std::string("the ") + end + " '" + std::string(id) +
                                       "' is neither an id of the node files nor a node key");
    }

    void add_edge(std::string_view start, std::string_view end, std::string_view type,
                  PropertyValues props, std::uint64_t known_start = 0,
                  std::uint64_t known_end = 0) {
        const NodeId src = resolve(start, "start", known_start);
        const NodeId dst = resolve(end, "end", known_end);
        if (type.empty()) bad(ErrorKind::Constraint, "the edge type is empty");
        // Edge files hold runs of one type: the last one's id spares interning it again.
        if (type != last_type_) {
            last_type_id_ = loader_.intern<NameKind::Type>(type);
            last_type_ = type;
        }
        loader_.add_edge(src, last_type_id_, dst, std::move(props));
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
    unsigned threads_;
    std::string name_;
    std::vector<std::string> files_;
    InputFile* in_ = nullptr;
    std::uint64_t file_read_ = 0;  // bytes of the current file read, when in_ is null
    std::string last_type_;
    graph::TypeId last_type_id_{0};
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
