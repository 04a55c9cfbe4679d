// A graph as sorted text without its ids, to compare a graph with its copy after an export and
// an import; the example graph (examples/azerbaijan-visit.cq) loaded into a database; and an
// export expected to refuse a value.
#pragma once

#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/script.hpp>

#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace caspian::testing {

inline std::string describe(const Node& n) {
    std::vector<std::string> labels = n.labels;
    std::sort(labels.begin(), labels.end());
    std::string out = "(";
    for (const auto& l : labels)
        out += ":" + l;
    std::map<std::string, std::string> props;
    for (const auto& [name, value] : n.properties)
        props[name] = to_literal(value);
    for (const auto& [name, text] : props)
        out += " " + name + "=" + text;
    return out + ")";
}

// The graph without its ids: each node by labels and properties, each edge by its ends'
// descriptions, type and properties, sorted. Two graphs that differ only in ids dump the same.
inline std::vector<std::string> dump(const Database& db) {
    ReadTransaction txn = db.begin_read();
    std::map<std::uint64_t, std::string> nodes;
    txn.scan_nodes([&](NodeId id) {
        if (auto n = txn.node(id)) nodes[id.value] = describe(*n);
        return true;
    });
    std::vector<std::string> out;
    for (const auto& [id, text] : nodes) {
        out.push_back(text);
        for (const Edge& e : txn.edges(NodeId{id}, Direction::Out)) {
            std::map<std::string, std::string> props;
            for (const auto& [name, value] : e.properties)
                props[name] = to_literal(value);
            std::string edge = text + "-[:" + e.type;
            for (const auto& [name, v] : props)
                edge += " " + name + "=" + v;
            out.push_back(edge + "]->" + nodes.at(e.dst.value));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// examples_dir: the test target's CASPIAN_EXAMPLES_DIR.
inline void load_example(Database& db, const char* examples_dir) {
    const std::string script = slurp(std::filesystem::path(examples_dir) / "azerbaijan-visit.cq");
    ASSERT_FALSE(script.empty());
    for (const StatementSpan& s : split_statements(script).statements) {
        db.query(script.substr(s.offset, s.length)).all();
    }
}

// Exports a graph of one :Doc node holding props to `out` (under a fresh directory), expecting
// Error{Type} whose message holds `message`, and nothing written.
inline void expect_export_refused(ExportFormat format, const char* out, const Properties& props,
                                  const std::string& message) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    db.update([&](WriteTransaction& txn) { txn.create_node({"Doc"}, props); });
    try {
        export_graph(db, format, dir.sub(out));
        ADD_FAILURE() << "no error for " << message;
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
        EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir.sub(out))) << message;
}

}  // namespace caspian::testing
