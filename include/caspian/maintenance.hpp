// Whole-database maintenance behind `caspian stats`, `check` and `backup`: counts and B-tree
// figures, the integrity check and a compacted copy. Standard library only; implementation:
// query/api/maintenance.cpp.
//
// Threading: each function uses its own read transaction and may run beside readers and one
// writer of the same Database; the Database must outlive the call.
#pragma once

#include <caspian/database.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace caspian {

// One table's B-tree as LMDB counts it (mdb_stat); docs/storage-format.md lists the tables.
// Pages of the sub-databases LMDB makes for a key with more than a page of duplicates are not
// counted here (LMDB keeps their counts in the sub-database); their entries are.
struct TableStats {
    std::string name;
    std::uint64_t entries = 0;  // key/value pairs, each duplicate counted
    std::uint32_t depth = 0;
    std::uint64_t branch_pages = 0;
    std::uint64_t leaf_pages = 0;
    std::uint64_t overflow_pages = 0;
    std::uint64_t bytes = 0;  // (branch + leaf + overflow pages) x page size
    // Only when stats() scanned the tables: bytes of the keys (each key once, however many
    // duplicates it has) and of the values (each duplicate counted).
    std::uint64_t key_bytes = 0;
    std::uint64_t value_bytes = 0;
};

struct StoreStats {
    Counts counts;
    std::uint64_t file_bytes = 0;  // size of data.mdb on disk
    std::uint64_t used_bytes = 0;  // pages in use (last page written)
    std::uint64_t map_size = 0;    // current map size (virtual)
    std::uint64_t page_size = 0;
    double bytes_per_edge = 0;       // used_bytes / edges; 0 without edges
    std::vector<TableStats> tables;  // every table, in storage-format order
};

// Counts, sizes and per-table B-tree figures; with scan_tables also each table's bytes of keys
// and values, which reads every entry (time in proportion to the file).
// Throws Error{Storage} when LMDB fails.
[[nodiscard]] StoreStats stats(const Database& db, bool scan_tables = false);

struct CheckReport {
    std::uint64_t nodes = 0;  // records examined
    std::uint64_t edges = 0;
    // One line each, empty when the database is sound; past 1000 lines, one last line counts
    // the rest ("... and N more problems").
    std::vector<std::string> problems;
    [[nodiscard]] bool is_sound() const noexcept { return problems.empty(); }
};

// Verifies in one read transaction: every edge's endpoints exist and both adjacency entries
// (out at the source, in at the target) exist; every adjacency entry names an existing edge
// that matches it; dictionary ids resolve; every label is in the label index and every index
// entry names a node with that label; every node's key is in the key index and every key index
// entry names a node with that key; the stored counts match. Corrupt records are problems, not
// exceptions. Throws Error{Storage} only when LMDB itself fails.
[[nodiscard]] CheckReport check(const Database& db);

// A consistent, compacted copy of the database (LMDB's copy with compaction) into directory
// dest, which is created and must not hold a database already. Readers and writers may go on
// meanwhile. Throws Error{Usage} for an unusable dest, Error{Storage} when the copy fails.
void backup(const Database& db, const std::filesystem::path& dest);

}  // namespace caspian
