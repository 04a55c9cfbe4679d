// SortedKeys: sorted runs in temporary files, merged by a priority queue (see the header).
#include "graph/sorted_keys.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <queue>
#include <utility>

namespace caspian::graph {

namespace {

[[noreturn]] void temp_failed(const char* what) {
    throw Error(ErrorKind::Storage,
                std::string("cannot ") + what +
                    " a temporary file of sorted keys: " + std::strerror(errno));
}

}  // namespace

SortedKeys::~SortedKeys() {
    if (spilling_.valid()) spilling_.wait();
    for (const Run& run : runs_)
        std::fclose(run.file);
}

void SortedKeys::add(std::string key) {
    bytes_ += key.size();
    keys_.push_back(std::move(key));
    if (bytes_ >= run_bytes_) spill();
}

void SortedKeys::spill() {
    wait_for_spill();
    spilling_keys_.swap(keys_);
    keys_.clear();
    bytes_ = 0;
    spilling_ = std::async(std::launch::async, [this] {
        std::sort(spilling_keys_.begin(), spilling_keys_.end());
        Run run{std::tmpfile(), spilling_keys_.size()};
        if (run.file == nullptr) temp_failed("create");
        runs_.push_back(run);
        for (const std::string& key : spilling_keys_) {
            const unsigned char size[2] = {static_cast<unsigned char>(key.size() >> 8),
                                           static_cast<unsigned char>(key.size())};
            if (std::fwrite(size, 1, 2, run.file) != 2 ||
                std::fwrite(key.data(), 1, key.size(), run.file) != key.size()) {
                temp_failed("write");
            }
        }
        if (std::fflush(run.file) != 0) temp_failed("write");
        spilling_keys_.clear();
    });
}

void SortedKeys::wait_for_spill() {
    if (spilling_.valid()) spilling_.get();
}

void SortedKeys::write(storage::Cursor& c, unsigned flags) {
    wait_for_spill();
    if (runs_.empty()) {
        std::sort(keys_.begin(), keys_.end());
        for (const std::string& key : keys_)
            c.put(key, "", flags);
        keys_.clear();
        bytes_ = 0;
        return;
    }
    if (!keys_.empty()) {
        spill();
        wait_for_spill();
    }
    // A k-way merge: each run's next key, the smallest first.
    std::vector<std::string> heads(runs_.size());
    std::vector<std::uint64_t> left(runs_.size());
    const auto next = [&](std::size_t r) {
        if (left[r] == 0) return false;
        --left[r];
        unsigned char size[2];
        if (std::fread(size, 1, 2, runs_[r].file) != 2) temp_failed("read");
        heads[r].resize(std::size_t(size[0]) << 8 | size[1]);
        if (std::fread(heads[r].data(), 1, heads[r].size(), runs_[r].file) != heads[r].size())
            temp_failed("read");
        return true;
    };
    const auto later = [&](std::size_t a, std::size_t b) { return heads[a] > heads[b]; };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> queue(later);
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        std::rewind(runs_[r].file);
        left[r] = runs_[r].keys;
        if (next(r)) queue.push(r);
    }
    while (!queue.empty()) {
        const std::size_t r = queue.top();
        queue.pop();
        c.put(heads[r], "", flags);
        if (next(r)) queue.push(r);
    }
    for (const Run& run : runs_)
        std::fclose(run.file);
    runs_.clear();
}

}  // namespace caspian::graph
