// libFuzzer target (issue #15): damages a small valid database file as the input says
// (truncation, bit flips, garbage bytes, pages copied or zeroed, meta pages swapped), then opens,
// checks, queries, exports and writes it. Only caspian::Error may end a step; anything else, a
// signal or a sanitizer report is a finding. Input: a list of operations, see damage() below.
#include "query/api/database_impl.hpp"
#include "storage/page_check.hpp"

#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/maintenance.hpp>

#include <unistd.h>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

namespace {

namespace fs = std::filesystem;

constexpr std::size_t page = 4096;  // the page size of the pristine file (x86-64 Linux)

fs::path work_dir() {
    static const fs::path dir =
        fs::temp_directory_path() / ("caspian-damaged-fuzz-" + std::to_string(::getpid()));
    return dir;
}

caspian::OpenOptions options() {
    caspian::OpenOptions o;
    o.sync = caspian::SyncMode::None;
    o.max_rows_in_memory = 20000;
    return o;
}

// data.mdb of a small graph with every kind of page: branches, leaves, large values (overflow
// pages), trees of duplicates (one label on 600 nodes) and free pages (a deletion).
const std::string& pristine() {
    static const std::string bytes = [] {
        const fs::path dir = work_dir() / "pristine";
        fs::remove_all(dir);
        {
            caspian::Database db = caspian::Database::open(dir, options());
            db.query(
                  "UNWIND range(1, 600) AS i CREATE (:P {key: 'p' + toString(i), i: i, "
                  "name: 'person ' + toString(i)})")
                .all();
            db.query(
                  "UNWIND range(1, 6) AS i CREATE (:Doc {key: 'd' + toString(i), "
                  "text: reduce(s = '', j IN range(1, 600 * i) | s + 'x')})")
                .all();
            db.query(
                  "MATCH (a:P), (b:P) WHERE b.i = a.i + 1 AND a.i % 3 = 0 "
                  "CREATE (a)-[:NEXT {w: a.i}]->(b)")
                .all();
            db.query("CREATE INDEX ON :P(i)").all();
            db.query("MATCH (n:P) WHERE n.i > 550 DETACH DELETE n").all();
        }
        std::ifstream in(dir / "data.mdb", std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        fs::remove_all(dir);
        return data;
    }();
    return bytes;
}

// Reads operations from the input until it ends: an opcode byte, then its arguments.
class Ops {
public:
    Ops(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool done() const { return p_ == end_; }
    std::uint64_t take(std::size_t n) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n && p_ != end_; ++i)
            v |= std::uint64_t{*p_++} << (8 * i);
        return v;
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

void damage(std::string& file, Ops& ops) {
    for (int n = 0; n < 16 && !ops.done() && !file.empty(); ++n) {
        const std::size_t pages = (file.size() + page - 1) / page;
        switch (ops.take(1) % 7) {
            case 0:  // truncate to a byte or a page boundary
                file.resize(ops.take(1) % 2 == 0 ? ops.take(4) % file.size()
                                                 : ops.take(2) % pages * page);
                break;
            case 1: {  // flip one bit
                const std::size_t at = ops.take(4) % file.size();
                file[at] = static_cast<char>(file[at] ^ (1 << ops.take(1) % 8));
                break;
            }
            case 2: {  // garbage bytes at an offset in a page
                const std::size_t at = ops.take(2) % pages * page + ops.take(2) % page;
                const std::size_t len = ops.take(1) % 64;
                for (std::size_t i = 0; i < len && at + i < file.size(); ++i)
                    file[at + i] = static_cast<char>(ops.take(1));
                break;
            }
            case 3: {  // one little-endian number written over a field
                const std::size_t at = ops.take(4) % file.size();
                const std::size_t width = std::size_t{1} << ops.take(1) % 4;
                const std::uint64_t v = ops.take(width);
                for (std::size_t i = 0; i < width && at + i < file.size(); ++i)
                    file[at + i] = static_cast<char>(v >> (8 * i));
                break;
            }
            case 4: {  // a page copied over another
                const std::size_t from = ops.take(2) % pages * page,
                                  to = ops.take(2) % pages * page;
                if (from + page <= file.size() && to + page <= file.size())
                    std::memmove(&file[to], &file[from], page);
                break;
            }
            case 5: {  // a page zeroed
                const std::size_t at = ops.take(2) % pages * page;
                std::memset(&file[at], 0, std::min(page, file.size() - at));
                break;
            }
            default:  // the meta pages swapped: whole pages, or only their bodies
                if (file.size() >= 2 * page) {
                    const std::size_t skip = ops.take(1) % 2 == 0 ? 0 : 16;
                    std::swap_ranges(file.begin() + skip, file.begin() + page,
                                     file.begin() + page + skip);
                }
                break;
        }
    }
}

void use(const fs::path& dir) {
    caspian::Database db = caspian::Database::open(dir, options());
    (void)caspian::check(db);
    // Damaged pages are what `caspian check` reports; statements on them rely on LMDB's own
    // checks (docs/durability.md), so the fuzzer goes on only with sound pages (records may
    // still be damaged: that is what the statements try).
    {
        caspian::storage::ReadTxn txn(caspian::detail::env_of(db));
        if (!caspian::storage::check_pages(txn).problems.empty()) return;
    }
    auto drain = [&](std::string_view q) {
        try {
            caspian::Result r = db.query(q);
            std::size_t rows = 0;
            while (r.next() && ++rows < 10000) {
            }
        } catch (const caspian::Error&) {
        }
    };
    drain("MATCH (n) RETURN n");
    drain("MATCH (n:P) WHERE n.i = 42 RETURN n.name");
    drain("MATCH (a)-[r:NEXT]->(b) RETURN a.key, r.w, b.key");
    drain("MATCH (d:Doc) RETURN size(d.text)");
    try {
        (void)caspian::export_graph(db, caspian::ExportFormat::Jsonl, dir.parent_path() / "out");
    } catch (const caspian::Error&) {
    }
    drain("MATCH (n:P) WHERE n.i < 20 SET n.i = n.i + 1000, n.extra = 'x'");
    drain("MATCH (n:Doc) WHERE n.key = 'd2' DETACH DELETE n");
    drain("UNWIND range(1, 200) AS i CREATE (:New {key: 'new' + toString(i)})");
    (void)caspian::check(db);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string file = pristine();
    Ops ops(data, size);
    damage(file, ops);
    const fs::path dir = work_dir() / "db";
    fs::remove_all(work_dir() / "out");
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        std::ofstream out(dir / "data.mdb", std::ios::binary);
        out.write(file.data(), static_cast<std::streamsize>(file.size()));
    }
    try {
        use(dir);
    } catch (const caspian::Error&) {
    }
    return 0;
}
