// Checks of data.mdb's bytes that run before LMDB reads them (issue #15): the meta pages and the
// file size at open, and a walk over every page of a snapshot for `caspian check`. Reads the
// file with pread, never through LMDB's map, so a damaged page is a report, not a signal.
#pragma once

#include "storage/env.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace caspian::storage {

// What the newest valid meta page of data.mdb names (LMDB's MDB_meta).
struct FileMeta {
    std::uint32_t page_size = 0;
    std::uint64_t last_page = 0;  // the last page in use: the file holds at least last_page + 1
    std::uint64_t txnid = 0;
    std::uint64_t file_size = 0;
};

// Reads both meta pages of the open file fd and returns the one with the larger txnid (with
// want_txnid, the one of that transaction, or nullopt when a later commit overwrote it).
// Throws Error{Corrupt} when a meta page is damaged.
[[nodiscard]] std::optional<FileMeta> read_file_meta(int fd, const std::string& name,
                                                     std::optional<std::uint64_t> want_txnid = {});

// Refuses, with Error{Corrupt}, a data file whose meta pages are damaged or that is shorter
// than the pages its newest meta page names (a truncated file: LMDB's map would raise SIGBUS).
// An empty file (a creation killed before its first write) passes.
void verify_data_file(const std::filesystem::path& data_file);

struct PageReport {
    std::uint64_t pages = 0;            // pages visited
    std::vector<std::string> problems;  // one line each, naming the page; capped, see below
};

// Walks every B-tree of txn's snapshot (the free-page table, the catalog, each named table and
// the sub-trees of duplicates) page by page: header flags and page number, lower/upper bounds,
// node bounds, key order within a page and against the parent's keys, equal leaf depth, child
// and overflow page numbers in range and used once. With only_tables, walks the catalog and
// those tables only (cheap: Env::open uses it for the tables it reads before any statement).
// At most max_problems lines, then one counting the rest. Throws Error{Storage} when the file
// cannot be read.
// When txn is a write transaction, or a busy writer overwrote both meta pages since txn began,
// the walk is of the newest snapshot instead, in a read transaction of its own.
[[nodiscard]] PageReport check_pages(
    const Txn& txn, std::size_t max_problems = 1000,
    const std::optional<std::vector<std::string>>& only_tables = std::nullopt);

}  // namespace caspian::storage
