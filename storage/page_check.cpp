// Meta-page, file-size and page-by-page checks of data.mdb (see page_check.hpp). The layout is
// LMDB 0.9's (mdb.c: MDB_page, MDB_meta, MDB_db, MDB_node) on a 64-bit little-endian machine.
#include "storage/page_check.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace caspian::storage {

namespace {

constexpr std::uint32_t meta_magic = 0xBEEFC0DE;
constexpr std::uint32_t data_version = 1;
constexpr std::size_t page_header = 16;  // pgno u64, pad u16, flags u16, lower u16, upper u16
constexpr std::size_t node_header = 8;   // lo u16, hi u16, flags u16, ksize u16
constexpr std::size_t db_record = 48;    // MDB_db
constexpr std::size_t meta_size = 152;   // MDB_meta
constexpr std::uint64_t invalid_page = ~std::uint64_t{0};
constexpr unsigned max_depth = 32;  // LMDB's cursor stack
constexpr const char* free_table = "(free pages)";
constexpr const char* catalog_table = "(catalog)";

// Page flags (P_*), leaf node flags (F_*) and table flags (MDB_*) of mdb.c.
constexpr std::uint16_t p_branch = 1, p_leaf = 2, p_overflow = 4, p_meta = 8, p_leaf2 = 0x20;
constexpr std::uint16_t p_subp = 0x40, p_kinds = 0x2f;
constexpr std::uint16_t f_bigdata = 1, f_subdata = 2, f_dupdata = 4;
constexpr std::uint16_t db_dupsort = 4, db_integerkey = 8, db_dupfixed = 0x10, db_integerdup = 0x20;
constexpr std::uint16_t table_flags = db_dupsort | db_integerkey | db_dupfixed | db_integerdup;

template <typename T>
T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

struct DbRecord {
    std::uint32_t pad = 0;  // the page size in the free table's record; the item size of DUPFIXED
    std::uint16_t flags = 0;
    std::uint16_t depth = 0;
    std::uint64_t entries = 0;
    std::uint64_t root = invalid_page;
};

DbRecord parse_db(const unsigned char* p) {
    return DbRecord{load<std::uint32_t>(p), load<std::uint16_t>(p + 4), load<std::uint16_t>(p + 6),
                    load<std::uint64_t>(p + 32), load<std::uint64_t>(p + 40)};
}

struct Meta {
    FileMeta file;
    DbRecord free_db, main_db;
};

[[noreturn]] void damaged(const std::string& name, const std::string& what) {
    throw Error(ErrorKind::Corrupt, "'" + name + "' is damaged: " + what +
                                        " (restore a backup; see docs/durability.md)");
}

bool read_at(int fd, unsigned char* buf, std::size_t n, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t got = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            throw Error(ErrorKind::Storage, std::string("pread failed: ") + strerror(errno));
        if (got == 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

// Meta page number i (0 or 1) at offset, or a reason it is not one.
std::optional<Meta> parse_meta(const unsigned char* page, std::uint64_t i, std::string& why) {
    const unsigned char* m = page + page_header;
    if (load<std::uint64_t>(page) != i || (load<std::uint16_t>(page + 10) & p_meta) == 0) {
        why = "its header is not that of a meta page";
    } else if (load<std::uint32_t>(m) != meta_magic) {
        why = "its magic number is wrong";
    } else if (load<std::uint32_t>(m + 4) != data_version) {
        why = "its format version is unknown";
    } else {
        Meta meta;
        meta.free_db = parse_db(m + 24);
        meta.main_db = parse_db(m + 24 + db_record);
        meta.file.page_size = meta.free_db.pad;
        meta.file.last_page = load<std::uint64_t>(m + 120);
        meta.file.txnid = load<std::uint64_t>(m + 128);
        const std::uint32_t ps = meta.file.page_size;
        if (ps < 256 || ps > 65536 || (ps & (ps - 1)) != 0) {
            why = "its page size " + std::to_string(ps) + " is impossible";
        } else if (meta.file.last_page < 1 || meta.file.last_page > (std::uint64_t{1} << 48)) {
            why = "its last page number " + std::to_string(meta.file.last_page) + " is impossible";
        } else {
            return meta;
        }
    }
    return std::nullopt;
}

// Whether meta page 0 or meta page 1 (at any page size LMDB uses) carries LMDB's magic number.
bool lmdb_meta_anywhere(int fd) {
    for (std::uint64_t offset : {0u, 4096u, 8192u, 16384u, 32768u, 65536u}) {
        unsigned char buf[sizeof(std::uint32_t)];
        if (read_at(fd, buf, sizeof buf, offset + page_header) &&
            load<std::uint32_t>(buf) == meta_magic) {
            return true;
        }
    }
    return false;
}

Meta read_meta(int fd, const std::string& name, std::optional<std::uint64_t> want, bool& found) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        throw Error(ErrorKind::Storage, std::string("fstat failed: ") + strerror(errno));
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    unsigned char buf[page_header + meta_size];
    Meta metas[2];
    std::uint64_t offset = 0;
    for (std::uint64_t i = 0; i < 2; ++i) {
        if (!read_at(fd, buf, sizeof buf, offset)) {
            damaged(name, "it is " + std::to_string(size) +
                              " bytes long, too short for meta page " + std::to_string(i));
        }
        std::string why;
        auto meta = parse_meta(buf, i, why);
        if (!meta && i == 0 && !lmdb_meta_anywhere(fd)) {
            // No meta page where LMDB puts one: another program's file, not a damaged one.
            throw Error(ErrorKind::Usage,
                        "'" + name + "' is not a caspian database: it is not an LMDB data file");
        }
        if (!meta) damaged(name, "meta page " + std::to_string(i) + ": " + why);
        // LMDB writes transaction T's meta into page T % 2 and a reader takes the page of its
        // transaction's parity, not the newer page: a meta on the wrong page (swapped, or copied
        // over the other) would have readers use another snapshot than the one walked.
        if (meta->file.txnid != 0 && meta->file.txnid % 2 != i) {
            damaged(name, "meta page " + std::to_string(i) + " holds transaction " +
                              std::to_string(meta->file.txnid) +
                              ", which belongs on the other meta page");
        }
        if (i == 1 && meta->file.page_size != metas[0].file.page_size) {
            damaged(name, "the meta pages disagree on the page size");
        }
        metas[i] = *meta;
        metas[i].file.file_size = size;
        offset = meta->file.page_size;
    }
    found = true;
    if (want) {
        for (const Meta& m : metas) {
            if (m.file.txnid == *want) return m;
        }
        found = false;
    }
    return metas[metas[1].file.txnid > metas[0].file.txnid ? 1 : 0];
}

// Key order of a table: numeric for integer keys (native byte order, 4 or 8 bytes), else
// bytewise with the shorter first on a tie (LMDB's mdb_cmp_memn).
int compare(std::string_view a, std::string_view b, bool integer) {
    if (integer && a.size() == b.size() && (a.size() == 4 || a.size() == 8)) {
        const auto* pa = reinterpret_cast<const unsigned char*>(a.data());
        const auto* pb = reinterpret_cast<const unsigned char*>(b.data());
        const std::uint64_t x = a.size() == 4 ? load<std::uint32_t>(pa) : load<std::uint64_t>(pa);
        const std::uint64_t y = a.size() == 4 ? load<std::uint32_t>(pb) : load<std::uint64_t>(pb);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (c != 0) return c;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// Bounds that every key of a subtree lies in: [low, high), each absent when open.
struct Bounds {
    std::optional<std::string> low, high;
};

class Walker {
public:
    Walker(int fd, const Meta& meta, std::size_t max_problems, PageReport& report)
        : fd_(fd),
          meta_(meta),
          max_(max_problems),
          report_(report),
          used_(meta.file.last_page + 1, false) {
        used_[0] = used_[1] = true;
    }

    bool full() const { return dropped_ > 0; }

    void finish() {
        if (dropped_ > 0) {
            report_.problems.push_back("... and " + std::to_string(dropped_) + " more problems");
        }
    }

    // One B-tree. dup: a tree of duplicates, whose keys are the values of one key of table.
    void tree(const DbRecord& db, const std::string& table, bool dup) {
        Tree t{table, db, dup, 0};
        if (db.root == invalid_page) {
            if (db.entries != 0) {
                problem("table '" + table + "': no root page but " + std::to_string(db.entries) +
                        " entries");
            }
            return;
        }
        if (db.depth == 0 || db.depth > max_depth) {
            problem("table '" + table + "': impossible depth " + std::to_string(db.depth));
            return;
        }
        page(t, db.root, 0, Bounds{});
        if (!full() && t.entries != db.entries && !t.damaged) {
            problem("table '" + table + "': " + std::to_string(t.entries) + " entries found, " +
                    std::to_string(db.entries) + " recorded");
        }
    }

    // Named tables found in the catalog, by name.
    std::vector<std::pair<std::string, DbRecord>> tables;

private:
    struct Tree {
        std::string name;
        DbRecord db;
        bool dup;
        std::uint64_t entries;
        bool damaged = false;
    };

    void problem(const std::string& what) {
        if (report_.problems.size() >= max_) {
            ++dropped_;
            return;
        }
        report_.problems.push_back(what);
    }

    void bad(Tree& t, std::uint64_t pgno, const std::string& what) {
        t.damaged = true;
        problem("page " + std::to_string(pgno) + " (table '" + t.name + "'): " + what);
    }

    bool claim(Tree& t, std::uint64_t pgno, const std::string& what) {
        if (pgno < 2 || pgno > meta_.file.last_page) {
            bad(t, pgno,
                what + " number out of range (2.." + std::to_string(meta_.file.last_page) + ")");
            return false;
        }
        if (used_[pgno]) {
            bad(t, pgno, what + " used twice");
            return false;
        }
        used_[pgno] = true;
        ++report_.pages;
        return true;
    }

    void page(Tree& t, std::uint64_t pgno, unsigned level, const Bounds& bounds) {
        if (full() || !claim(t, pgno, "page")) return;
        const std::uint32_t ps = meta_.file.page_size;
        std::vector<unsigned char> buf(ps);
        if (!read_at(fd_, buf.data(), ps, pgno * ps)) {
            bad(t, pgno, "past the end of the file");
            return;
        }
        const unsigned char* p = buf.data();
        if (load<std::uint64_t>(p) != pgno) {
            bad(t, pgno, "its header names page " + std::to_string(load<std::uint64_t>(p)));
            return;
        }
        const bool leaf = level + 1 == t.db.depth;
        const bool fixed = t.dup && (t.db.flags & db_dupfixed) != 0;
        const std::uint16_t want = leaf ? (fixed ? p_leaf | p_leaf2 : p_leaf) : p_branch;
        const std::uint16_t flags = load<std::uint16_t>(p + 10) & p_kinds;
        if (flags != want) {
            bad(t, pgno,
                "flags " + std::to_string(flags) + " where " + std::to_string(want) + " belong (" +
                    (leaf ? "a leaf" : "a branch") + " at depth " + std::to_string(level + 1) +
                    ")");
            return;
        }
        std::vector<Item> items;
        if (!items_of(t, pgno, p, ps, leaf && fixed ? t.db.pad : 0, items)) return;
        if (!leaf && items.size() < 2) {
            bad(t, pgno, "a branch page with " + std::to_string(items.size()) + " keys");
            return;
        }
        if (!ordered(t, pgno, items, leaf ? 0 : 1, bounds)) return;
        if (!leaf) {
            for (std::size_t i = 0; i < items.size() && !full(); ++i) {
                Bounds child;
                child.low = i == 0 ? bounds.low : std::optional<std::string>(items[i].key);
                child.high = i + 1 == items.size() ? bounds.high
                                                   : std::optional<std::string>(items[i + 1].key);
                page(t, items[i].value_or_child, level + 1, child);
            }
            return;
        }
        for (const Item& item : items) {
            if (full()) return;
            leaf_item(t, pgno, item);
        }
    }

    struct Item {
        std::string key;
        std::uint16_t flags = 0;
        std::uint64_t value_or_child = 0;  // a branch's child page; a leaf's data size
        std::string_view data;             // inline data of a leaf node
    };

    // The nodes of a page (or of a sub-page of duplicates, size bytes at p) with their bounds
    // checked. leaf2: the item size of a page of fixed-size keys, 0 otherwise.
    bool items_of(Tree& t, std::uint64_t pgno, const unsigned char* p, std::size_t size,
                  std::uint32_t leaf2, std::vector<Item>& items) {
        const std::uint16_t lower = load<std::uint16_t>(p + 12);
        const std::uint16_t upper = load<std::uint16_t>(p + 14);
        if (lower < page_header || (lower - page_header) % 2 != 0 || lower > upper ||
            upper > size) {
            bad(t, pgno,
                "bounds lower " + std::to_string(lower) + ", upper " + std::to_string(upper) +
                    " impossible in " + std::to_string(size) + " bytes");
            return false;
        }
        const std::size_t n = (lower - page_header) / 2;
        if (n == 0) {
            bad(t, pgno, "no keys");
            return false;
        }
        const bool branch = (load<std::uint16_t>(p + 10) & p_branch) != 0;
        if (leaf2 != 0) {
            if (page_header + n * leaf2 > size) {
                bad(t, pgno,
                    std::to_string(n) + " keys of " + std::to_string(leaf2) + " bytes do not fit");
                return false;
            }
            for (std::size_t i = 0; i < n; ++i) {
                Item item;
                item.key.assign(reinterpret_cast<const char*>(p) + page_header + i * leaf2, leaf2);
                items.push_back(std::move(item));
            }
            return true;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint16_t off = load<std::uint16_t>(p + page_header + 2 * i);
            if (off < upper || off + node_header > size) {
                bad(t, pgno,
                    "node " + std::to_string(i) + " at offset " + std::to_string(off) +
                        " outside the used part of the page");
                return false;
            }
            const unsigned char* node = p + off;
            const std::uint64_t lo = load<std::uint16_t>(node), hi = load<std::uint16_t>(node + 2);
            const std::uint16_t nflags = load<std::uint16_t>(node + 4);
            const std::uint16_t ksize = load<std::uint16_t>(node + 6);
            Item item;
            item.flags = branch ? 0 : nflags;
            item.value_or_child =
                branch ? lo | hi << 16 | std::uint64_t{nflags} << 32 : lo | hi << 16;
            std::uint64_t end = off + node_header + ksize;
            if (!branch) end += (nflags & f_bigdata) != 0 ? 8 : item.value_or_child;
            if (end > size) {
                bad(t, pgno,
                    "node " + std::to_string(i) + " ends past the page (" + std::to_string(end) +
                        " > " + std::to_string(size) + ")");
                return false;
            }
            const auto* key = reinterpret_cast<const char*>(node + node_header);
            item.key.assign(key, ksize);
            if (!branch) {
                item.data = std::string_view(key + ksize,
                                             (nflags & f_bigdata) != 0 ? 8 : item.value_or_child);
            }
            items.push_back(std::move(item));
        }
        return true;
    }

    // Keys from index first on strictly ascending and inside bounds.
    bool ordered(Tree& t, std::uint64_t pgno, const std::vector<Item>& items, std::size_t first,
                 const Bounds& bounds) {
        const bool integer = (t.db.flags & (t.dup ? db_integerdup : db_integerkey)) != 0;
        for (std::size_t i = first; i < items.size(); ++i) {
            const std::string& k = items[i].key;
            if (integer && k.size() != 4 && k.size() != 8) {
                bad(t, pgno,
                    "key " + std::to_string(i) + " of " + std::to_string(k.size()) +
                        " bytes in an integer-keyed table");
                return false;
            }
            const bool low_ok = i > first ? compare(items[i - 1].key, k, integer) < 0
                                          : !bounds.low || compare(*bounds.low, k, integer) <= 0;
            const bool high_ok = !bounds.high || compare(k, *bounds.high, integer) < 0;
            if (!low_ok || !high_ok) {
                bad(t, pgno, "key " + std::to_string(i) + " out of order");
                return false;
            }
        }
        return true;
    }

    void leaf_item(Tree& t, std::uint64_t pgno, const Item& item) {
        const auto* data = reinterpret_cast<const unsigned char*>(item.data.data());
        if ((item.flags & f_bigdata) != 0) {
            ++t.entries;
            if (t.dup || (item.flags & (f_subdata | f_dupdata)) != 0) {
                bad(t, pgno, "a large value where none may be");
                return;
            }
            const std::uint64_t first = load<std::uint64_t>(data);
            if (overflow(t, first, item.value_or_child) && t.name == free_table) {
                std::string list(item.value_or_child, '\0');
                if (!read_at(fd_, reinterpret_cast<unsigned char*>(list.data()), list.size(),
                             first * meta_.file.page_size + page_header)) {
                    bad(t, first, "past the end of the file");
                    return;
                }
                free_list(t, pgno, list);
            }
            return;
        }
        if ((item.flags & f_dupdata) != 0) {
            if (t.dup || (t.db.flags & db_dupsort) == 0) {
                bad(t, pgno, "duplicates in a table without them");
                return;
            }
            if ((item.flags & f_subdata) != 0) {
                if (item.data.size() != db_record) {
                    bad(t, pgno,
                        "a tree of duplicates with a record of " +
                            std::to_string(item.data.size()) + " bytes");
                    return;
                }
                const DbRecord sub = parse_db(data);
                t.entries += sub.entries;
                // LMDB reads the duplicates with this record's flags and item size: they must
                // be what it wrote (mdb_xcursor_init1).
                const bool fixed = (t.db.flags & db_dupfixed) != 0;
                const std::uint16_t want =
                    fixed ? db_dupfixed | ((t.db.flags & db_integerdup) != 0 ? db_integerkey : 0)
                          : 0;
                if (sub.flags != want || (fixed && (sub.pad == 0 || sub.pad > max_key_size))) {
                    bad(t, pgno,
                        "a tree of duplicates with flags " + std::to_string(sub.flags) +
                            " and item size " + std::to_string(sub.pad));
                    return;
                }
                DbRecord dupdb = sub;
                dupdb.flags = t.db.flags;  // the duplicates' order is the table's
                dupdb.pad = (t.db.flags & db_dupfixed) != 0 ? sub.pad : 0;
                Tree d{t.name, dupdb, true, 0};
                if (sub.root == invalid_page || sub.depth == 0 || sub.depth > max_depth) {
                    bad(t, pgno, "a tree of duplicates without a valid root");
                    return;
                }
                page(d, sub.root, 0, Bounds{});
                if (!d.damaged && d.entries != sub.entries) {
                    bad(t, pgno,
                        "a tree of duplicates with " + std::to_string(d.entries) + " entries, " +
                            std::to_string(sub.entries) + " recorded");
                }
                t.damaged = t.damaged || d.damaged;
                return;
            }
            subpage(t, pgno, item.data);
            return;
        }
        if ((item.flags & f_subdata) != 0) {
            ++t.entries;
            if (t.name != catalog_table || item.data.size() != db_record) {
                bad(t, pgno, "a named table where none may be");
                return;
            }
            const DbRecord db = parse_db(data);
            // Flags caspian never sets (reverse orders) would change how LMDB reads the tree.
            if ((db.flags & ~table_flags) != 0 ||
                ((db.flags & (db_dupfixed | db_integerdup)) != 0 && (db.flags & db_dupsort) == 0)) {
                bad(t, pgno, "table '" + item.key + "' has flags " + std::to_string(db.flags));
                return;
            }
            tables.emplace_back(item.key, db);
            return;
        }
        ++t.entries;
        if (t.name == free_table) free_list(t, pgno, item.data);
    }

    // Duplicates kept inside the leaf node: a small page of their own.
    void subpage(Tree& t, std::uint64_t pgno, std::string_view bytes) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
        const bool fixed = (t.db.flags & db_dupfixed) != 0;
        if (bytes.size() < page_header) {
            bad(t, pgno, "duplicates in " + std::to_string(bytes.size()) + " bytes");
            return;
        }
        const std::uint16_t flags = load<std::uint16_t>(p + 10);
        const std::uint16_t want = fixed ? p_leaf | p_leaf2 | p_subp : p_leaf | p_subp;
        if ((flags & (p_kinds | p_subp)) != want) {
            bad(t, pgno, "duplicates with page flags " + std::to_string(flags));
            return;
        }
        const std::uint32_t item_size = fixed ? load<std::uint16_t>(p + 8) : 0;
        if (fixed && (item_size == 0 || item_size > max_key_size)) {
            bad(t, pgno, "duplicates of 0 bytes each");
            return;
        }
        Tree d{t.name, t.db, true, 0};
        std::vector<Item> items;
        if (!items_of(d, pgno, p, bytes.size(), item_size, items) ||
            !ordered(d, pgno, items, 0, Bounds{})) {
            t.damaged = true;
            return;
        }
        t.entries += items.size();
    }

    bool overflow(Tree& t, std::uint64_t first, std::uint64_t size) {
        if (!claim(t, first, "large value page")) return false;
        const std::uint32_t ps = meta_.file.page_size;
        unsigned char head[page_header];
        if (!read_at(fd_, head, sizeof head, first * ps)) {
            bad(t, first, "past the end of the file");
            return false;
        }
        const std::uint32_t count = load<std::uint32_t>(head + 12);
        if (load<std::uint64_t>(head) != first ||
            (load<std::uint16_t>(head + 10) & p_kinds) != p_overflow) {
            bad(t, first, "not the first page of a large value");
            return false;
        }
        if (count == 0 || first + count - 1 > meta_.file.last_page ||
            size > std::uint64_t{count} * ps - page_header) {
            bad(t, first,
                "a large value of " + std::to_string(size) + " bytes in " + std::to_string(count) +
                    " pages");
            return false;
        }
        for (std::uint64_t pg = first + 1; pg < first + count; ++pg) {
            if (!claim(t, pg, "large value page")) return false;
        }
        return true;
    }

    // One entry of the free-page table: a count, then that many page numbers, largest first.
    // LMDB hands these pages to writers, so each must be free indeed: in no tree, listed once.
    void free_list(Tree& t, std::uint64_t pgno, std::string_view list) {
        const auto* p = reinterpret_cast<const unsigned char*>(list.data());
        const std::uint64_t count = list.size() >= 8 ? load<std::uint64_t>(p) : 0;
        if (list.size() < 8 || list.size() % 8 != 0 || count != list.size() / 8 - 1) {
            bad(t, pgno, "a list of free pages of " + std::to_string(list.size()) + " bytes");
            return;
        }
        for (std::uint64_t i = 1; i <= count; ++i) {
            const std::uint64_t free = load<std::uint64_t>(p + 8 * i);
            if (free < 2 || free > meta_.file.last_page ||
                (i > 1 && free >= load<std::uint64_t>(p + 8 * (i - 1)))) {
                bad(t, pgno, "free page " + std::to_string(free) + " out of range or order");
                return;
            }
            free_.push_back(free);
        }
    }

public:
    // After every tree: a page both free and in a tree, or free twice, would be handed out
    // while still in use.
    void check_free_pages() {
        std::vector<bool> seen(used_.size(), false);
        for (const std::uint64_t pg : free_) {
            if (used_[pg] || seen[pg]) {
                problem("page " + std::to_string(pg) + " is listed as free but is in use");
                return;
            }
            seen[pg] = true;
        }
    }

private:
    int fd_;
    Meta meta_;
    std::size_t max_;
    PageReport& report_;
    std::vector<bool> used_;
    std::vector<std::uint64_t> free_;
    std::size_t dropped_ = 0;
};

}  // namespace

std::optional<FileMeta> read_file_meta(int fd, const std::string& name,
                                       std::optional<std::uint64_t> want_txnid) {
    bool found = false;
    const Meta meta = read_meta(fd, name, want_txnid, found);
    if (!found) return std::nullopt;
    return meta.file;
}

void verify_data_file(const std::filesystem::path& data_file) {
    const int fd = ::open(data_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // absent or unreadable: LMDB's open says why
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size == 0) return;
    const std::optional<FileMeta> meta = read_file_meta(fd, data_file.string());
    const std::uint64_t need = (meta->last_page + 1) * meta->page_size;
    if (meta->file_size < need) {
        damaged(data_file.string(),
                "it is " + std::to_string(meta->file_size) + " bytes long, but its last page (" +
                    std::to_string(meta->last_page) + ", of " + std::to_string(meta->page_size) +
                    " bytes) ends at byte " + std::to_string(need) + ": the file was truncated");
    }
}

PageReport check_pages(const Txn& txn, std::size_t max_problems,
                       const std::optional<std::vector<std::string>>& only_tables) {
    int fd = -1;
    check(mdb_env_get_fd(txn.env().get(), &fd), "mdb_env_get_fd");
    const std::string name = (txn.env().path() / "data.mdb").string();
    bool found = false;
    Meta meta;
    if (!txn.is_writable()) meta = read_meta(fd, name, mdb_txn_id(txn.get()), found);
    // Pages of the snapshot walked must stay as they are: hold a reader on it.
    std::optional<ReadTxn> own;
    for (int attempt = 0; !found && attempt < 100; ++attempt) {
        own.reset();
        own.emplace(txn.env());
        meta = read_meta(fd, name, mdb_txn_id(own->get()), found);
    }
    if (!found) {
        throw Error(ErrorKind::Storage,
                    "the pages of '" + name + "' cannot be checked: writers commit too often");
    }
    PageReport report;
    const std::uint64_t pages = meta.file.file_size / meta.file.page_size;
    if (pages <= meta.file.last_page) {
        // The file shrank under us (another process truncated it): reading on would fail.
        report.problems.push_back("the file ends at page " + std::to_string(pages) +
                                  ", before its last page " + std::to_string(meta.file.last_page) +
                                  ": it was truncated");
        return report;
    }
    Walker walker(fd, meta, max_problems, report);
    if (meta.free_db.flags != db_integerkey || meta.main_db.flags != 0) {
        report.problems.push_back("the meta page of transaction " +
                                  std::to_string(meta.file.txnid) + " has impossible table flags");
        return report;
    }
    if (!only_tables) walker.tree(meta.free_db, free_table, false);
    walker.tree(meta.main_db, catalog_table, false);
    for (const auto& [table, db] : walker.tables) {
        bool wanted = !only_tables;
        for (const std::string& t : only_tables.value_or(std::vector<std::string>{}))
            wanted = wanted || t == table;
        if (wanted) walker.tree(db, table, false);
    }
    if (!only_tables) walker.check_free_pages();
    walker.finish();
    return report;
}

}  // namespace caspian::storage
