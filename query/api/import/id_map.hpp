// IdMap: the import ids (:ID) of the node rows -> node ids, the one structure of an import that
// grows with the input, so it is built for memory and cache misses.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::detail {

// Import ids (:ID) -> node ids, the one structure of an import that grows with the input:
// open addressing over 32-byte slots (load at most 1/2), ids up to 15 bytes stored in the
// slot, longer ones in an arena. A hit costs one cache miss for short ids (std::unordered_map
// took about three and was 38% of an import's time, issue #8).
class IdMap {
public:
    IdMap() : slots_(1024) {}

    // The node of id, or 0 when absent (node ids start at 1).
    std::uint64_t find(std::string_view id) const {
        const std::uint64_t h = hash(id);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            const Slot& s = slots_[i];
            if (s.node == 0) return 0;
            if (s.hash == h && key(s) == id) return s.node;
        }
    }

    // Starts loading the slot where id's search begins (an optimisation only).
    void prefetch(std::string_view id) const {
        __builtin_prefetch(&slots_[hash(id) & (slots_.size() - 1)]);
    }

    // Adds an id that is absent.
    void insert(std::string_view id, std::uint64_t node) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        Slot s{hash(id), node, {}};
        if (id.size() < sizeof s.key) {
            std::memcpy(s.key, id.data(), id.size());
            s.key[sizeof s.key - 1] = static_cast<char>(id.size());
        } else {
            const std::uint64_t offset = arena_.size(), size = id.size();
            arena_.insert(arena_.end(), id.begin(), id.end());
            std::memcpy(s.key, &offset, 8);
            std::memcpy(s.key + 8, &size, 7);  // ids are far below 2^56 bytes
            s.key[sizeof s.key - 1] = long_key;
        }
        place(s);
        ++size_;
    }

private:
    struct Slot {
        std::uint64_t hash;
        std::uint64_t node;  // 0: empty
        char key[16];        // the id and its length in the last byte, or arena offset and size
    };
    static constexpr char long_key = char(0xFF);

    static std::uint64_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

    std::string_view key(const Slot& s) const {
        if (s.key[sizeof s.key - 1] != long_key) {
            return {s.key, static_cast<std::size_t>(s.key[sizeof s.key - 1])};
        }
        std::uint64_t offset = 0, size = 0;
        std::memcpy(&offset, s.key, 8);
        std::memcpy(&size, s.key + 8, 7);
        return {arena_.data() + offset, size};
    }

    void place(const Slot& s) {
        std::size_t i = s.hash & (slots_.size() - 1);
        while (slots_[i].node != 0)
            i = (i + 1) & (slots_.size() - 1);
        slots_[i] = s;
    }

    void grow() {
        Slots old(slots_.size() * 2);
        std::swap(old, slots_);
        for (std::size_t i = 0; i < old.size(); ++i) {
            if (old[i].node != 0) place(old[i]);
        }
    }

    // Zeroed slots in anonymous memory asking for huge pages: lookups land at random in a
    // table as large as the node files, and 4 KiB pages make each a TLB miss besides a cache
    // miss (an optimisation only; madvise may refuse).
    class Slots {
    public:
        explicit Slots(std::size_t n) : n_(n) {
            bytes_ = std::max<std::size_t>(n * sizeof(Slot), 4096);
            void* p =
                ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            ::madvise(p, bytes_, MADV_HUGEPAGE);
            p_ = static_cast<Slot*>(p);
        }
        ~Slots() {
            if (p_ != nullptr) ::munmap(p_, bytes_);
        }
        Slots(Slots&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(o.n_), bytes_(o.bytes_) {}
        Slots& operator=(Slots&& o) noexcept {
            std::swap(p_, o.p_);
            std::swap(n_, o.n_);
            std::swap(bytes_, o.bytes_);
            return *this;
        }
        std::size_t size() const noexcept { return n_; }
        Slot& operator[](std::size_t i) noexcept { return p_[i]; }
        const Slot& operator[](std::size_t i) const noexcept { return p_[i]; }

    private:
        Slot* p_ = nullptr;
        std::size_t n_ = 0, bytes_ = 0;
    };

    Slots slots_;
    std::vector<char> arena_;
    std::size_t size_ = 0;
};

}  // namespace caspian::detail
