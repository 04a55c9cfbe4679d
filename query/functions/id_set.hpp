// IdSet: a flat open-addressing set of node or relationship ids, for DISTINCT over entities
// (issue #8): no Value copies and no allocation per element. Ids start at 1, so 0 marks a free
// slot. Not thread-safe; clear() keeps the table for the next group or run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace caspian::query {

class IdSet {
public:
    // Adds id (never 0); whether it was new.
    bool insert(std::uint64_t id) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        std::size_t i = slot_of(id);
        while (slots_[i] != 0) {
            if (slots_[i] == id) return false;
            i = (i + 1) & mask_;
        }
        slots_[i] = id;
        ++size_;
        return true;
    }

    bool contains(std::uint64_t id) const noexcept {
        if (size_ == 0) return false;
        for (std::size_t i = slot_of(id); slots_[i] != 0; i = (i + 1) & mask_) {
            if (slots_[i] == id) return true;
        }
        return false;
    }

    std::size_t size() const noexcept { return size_; }

    void clear() noexcept {
        std::fill(slots_.begin(), slots_.end(), 0);
        size_ = 0;
    }

private:
    std::size_t slot_of(std::uint64_t id) const noexcept {
        return std::size_t((id * 0x9E3779B97F4A7C15ull) >> 17) & mask_;
    }

    void grow() {
        std::vector<std::uint64_t> old = std::move(slots_);
        const std::size_t capacity = std::max<std::size_t>(64, old.size() * 2);
        slots_.assign(capacity, 0);
        mask_ = capacity - 1;
        for (std::uint64_t id : old) {
            if (id == 0) continue;
            std::size_t i = slot_of(id);
            while (slots_[i] != 0)
                i = (i + 1) & mask_;
            slots_[i] = id;
        }
    }

    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace caspian::query
