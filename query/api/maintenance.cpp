// stats, check and backup of include/caspian/maintenance.hpp: thin calls into the layers that
// own the data (storage::Env for B-tree figures and the copy, graph::check_integrity for the
// check), on the environment the Database already holds.
#include <caspian/maintenance.hpp>

#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "query/api/database_impl.hpp"
#include "storage/env.hpp"

#include <system_error>
#include <utility>

namespace caspian {

namespace fs = std::filesystem;

StoreStats stats(const Database& db, bool scan_tables) {
    StoreStats s;
    s.counts = db.begin_read().counts();
    storage::Env& env = detail::env_of(db);
    std::error_code ec;
    const auto size = fs::file_size(db.path() / "data.mdb", ec);
    s.file_bytes = ec ? 0 : size;
    s.used_bytes = env.used_bytes();
    s.map_size = env.map_size();
    s.page_size = env.page_size();
    if (s.counts.edges > 0) s.bytes_per_edge = double(s.used_bytes) / double(s.counts.edges);
    for (const storage::TableStats& t : env.table_stats(scan_tables)) {
        s.tables.push_back(
            TableStats{t.name, t.entries, t.depth, t.branch_pages, t.leaf_pages, t.overflow_pages,
                       (t.branch_pages + t.leaf_pages + t.overflow_pages) * s.page_size,
                       t.key_bytes, t.value_bytes});
    }
    return s;
}

CheckReport check(const Database& db) {
    storage::ReadTxn txn(detail::env_of(db));
    graph::IntegrityReport found = graph::check_integrity(graph::GraphReader(txn));
    CheckReport report;
    report.nodes = found.nodes;
    report.edges = found.edges;
    report.problems = std::move(found.problems);
    return report;
}

void backup(const Database& db, const fs::path& dest) {
    std::error_code ec;
    if (fs::exists(dest, ec)) {
        if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec)) {
            throw Error(ErrorKind::Usage,
                        "backup destination '" + dest.string() + "' exists and is not empty");
        }
    } else {
        fs::create_directories(dest, ec);
        if (ec) {
            throw Error(ErrorKind::Usage,
                        "cannot create backup directory '" + dest.string() + "': " + ec.message());
        }
    }
    detail::env_of(db).copy_compacted(dest);
}

}  // namespace caspian
