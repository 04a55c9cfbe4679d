// Keys put into a table in key order by an external merge sort, so that an empty table's pages
// come out full (MDB_APPEND): the bulk loader's and the rebuild's name index entries. Holds at
// most twice run_bytes of keys in memory (one run filling, one being spilled); writes nothing to
// the database before write().
#pragma once

#include "storage/env.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

namespace caspian::graph {

class SortedKeys {
public:
    // Keys of up to 65,535 bytes. Beyond run_bytes of keys, they are sorted and spilled to an
    // anonymous temporary file (std::tmpfile, under TMPDIR's filesystem).
    explicit SortedKeys(std::size_t run_bytes) : run_bytes_(run_bytes) {}
    ~SortedKeys();
    SortedKeys(const SortedKeys&) = delete;
    SortedKeys& operator=(const SortedKeys&) = delete;

    // Throws Error{Storage} when a temporary file cannot be written.
    void add(std::string key);
    // Puts every key added (each with an empty value) in key order through c with flags
    // (MDB_APPEND for a table that was empty), merging the runs; then holds none.
    void write(storage::Cursor& c, unsigned flags);

private:
    struct Run {
        std::FILE* file = nullptr;
        std::uint64_t keys = 0;
    };
    // Hands the keys to a thread of its own that sorts and writes them while keys go on being
    // added (an optimisation only: runs are written in the order they were filled either way).
    void spill();
    // Joins the spill under way, if any; rethrows its error.
    void wait_for_spill();

    std::size_t run_bytes_, bytes_ = 0;
    std::vector<std::string> keys_;
    // The spill thread's: the keys being spilled; it appends to runs_. No one else touches
    // either until it is joined.
    std::vector<std::string> spilling_keys_;
    std::vector<Run> runs_;  // each a file of (BE u16 size, key bytes), in key order
    std::future<void> spilling_;
};

}  // namespace caspian::graph
