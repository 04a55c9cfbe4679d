// Helper program of the reliability harnesses (issue #9): writes, reads or holds a database the
// way batch_model.hpp describes, so that tests can run it as a separate process and kill it.
// Prints one line per acknowledged event ("committed K" once commit has returned) and flushes
// it at once; never prints an acknowledgement before the fact. Uses only the public API.
//
//   writer batches DB [--tag T] [--count M] [--seconds S] [--nodes N] [--pad BYTES] [--map-size B]
//       commits batches (M of them, 0 for no limit, or for S seconds)
//   writer read DB [--nodes N]        checks the invariant in read transactions until stdin ends;
//                                     prints "reads R violations V counters D"
//   writer hold-read DB               opens a read transaction, prints "reading C", waits for
//                                     stdin to end
//   writer hold-write DB              writes a batch in a write transaction, prints "holding",
//                                     waits for a line on stdin, then commits
//   writer churn DB [--count M] [--wait]
//                                     M write transactions that rewrite the same properties;
//                                     prints "used BYTES" (pages in use) at the end
//   writer verify DB                  prints "verify counter C complete X partial P problems Q"
//                                     and each problem on stderr; exit 1 when Q > 0
#include "reliability/batch_model.hpp"

#include <caspian/tools.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <thread>

namespace {

using namespace caspian;
using namespace caspian::reliability;

struct Args {
    std::string mode;
    std::string db;
    std::string tag = "writer";
    std::uint64_t count = 0;
    double seconds = 0;
    int nodes = default_nodes_per_batch;
    std::size_t pad = 16;
    std::uint64_t map_size = 0;
    bool wait = false;
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "writer: " << why << "\n";
    std::exit(2);
}

Args parse(int argc, char** argv) {
    if (argc < 3) usage("usage: writer batches|read|hold-read|hold-write|churn DB [options]");
    Args a;
    a.mode = argv[1];
    a.db = argv[2];
    for (int i = 3; i < argc; ++i) {
        const std::string opt = argv[i];
        if (opt == "--wait") {
            a.wait = true;
            continue;
        }
        if (i + 1 >= argc) usage("option " + opt + " needs a value");
        const std::string value = argv[++i];
        if (opt == "--tag") {
            a.tag = value;
        } else if (opt == "--count") {
            a.count = std::stoull(value);
        } else if (opt == "--seconds") {
            a.seconds = std::stod(value);
        } else if (opt == "--nodes") {
            a.nodes = std::stoi(value);
        } else if (opt == "--pad") {
            a.pad = std::stoull(value);
        } else if (opt == "--map-size") {
            a.map_size = std::stoull(value);
        } else {
            usage("unknown option " + opt);
        }
    }
    return a;
}

// One line on stdout, written and flushed before anything else happens.
void say(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

// Blocks until stdin has a full line (or ends).
void wait_for_line() {
    char c = 0;
    while (::read(0, &c, 1) == 1 && c != '\n') {
    }
}

Database open(const Args& a, bool read_only = false) {
    OpenOptions options;
    options.read_only = read_only;
    options.map_size = a.map_size;
    return Database::open(a.db, options);
}

int batches(const Args& a) {
    Database db = open(a);
    const std::string pad(a.pad, 'x');
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(a.seconds);
    for (std::uint64_t done = 0; a.count == 0 || done < a.count; ++done) {
        if (a.seconds > 0 && std::chrono::steady_clock::now() >= end) break;
        std::int64_t batch = 0;
        db.update([&](WriteTransaction& txn) { batch = write_batch(txn, a.tag, a.nodes, pad); });
        say("committed " + std::to_string(batch));
    }
    return 0;
}

int read_loop(const Args& a) {
    Database db = open(a, /*read_only=*/true);
    static std::atomic<bool> stop{false};  // outlives the detached watcher
    std::thread watcher([] {
        wait_for_line();
        stop = true;
    });
    watcher.detach();  // blocked in read(2) until stdin ends; exit() takes it down
    std::mt19937_64 rng(42);
    std::uint64_t reads = 0, violations = 0;
    std::set<std::int64_t> counters;
    while (!stop) {
        ReadTransaction txn = db.begin_read();
        counters.insert(batch_counter(txn));
        if (auto problem = snapshot_problem(txn, a.nodes, rng)) {
            if (violations == 0) std::cerr << "writer read: " << *problem << "\n";
            ++violations;
        }
        ++reads;
    }
    say("reads " + std::to_string(reads) + " violations " + std::to_string(violations) +
        " counters " + std::to_string(counters.size()));
    return violations == 0 ? 0 : 1;
}

int hold_read(const Args& a) {
    Database db = open(a, /*read_only=*/true);
    ReadTransaction txn = db.begin_read();
    say("reading " + std::to_string(batch_counter(txn)));
    wait_for_line();
    return 0;
}

int hold_write(const Args& a) {
    Database db = open(a);
    WriteTransaction txn = db.begin_write();
    const std::int64_t batch = write_batch(txn, a.tag, a.nodes, std::string(a.pad, 'x'));
    say("holding");
    wait_for_line();
    txn.commit();
    say("committed " + std::to_string(batch));
    return 0;
}

int churn(const Args& a) {
    Database db = open(a);
    if (a.wait) {
        say("ready");
        wait_for_line();
    }
    for (std::uint64_t i = 0; i < a.count; ++i) {
        // Rewriting the same records frees their old pages: LMDB reuses them unless a reader's
        // snapshot still needs them.
        db.update([&](WriteTransaction& txn) {
            const std::string pad(2048, static_cast<char>('a' + i % 26));
            for (int k = 0; k < a.nodes; ++k) {
                if (auto id = txn.find_node(item_key(1, k))) txn.set_property(*id, "pad", pad);
            }
        });
    }
    say("used " + std::to_string(stats(db).used_bytes));
    return 0;
}

int verify(const Args& a) {
    Database db = open(a, /*read_only=*/true);
    const Inventory inv = take_inventory(db.begin_read(), a.nodes);
    for (const auto& p : inv.problems)
        std::cerr << "writer verify: " << p << "\n";
    say("verify counter " + std::to_string(inv.counter) + " complete " +
        std::to_string(inv.complete.size()) + " partial " + std::to_string(inv.partial.size()) +
        " problems " + std::to_string(inv.problems.size()));
    return inv.problems.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    try {
        if (a.mode == "batches") return batches(a);
        if (a.mode == "read") return read_loop(a);
        if (a.mode == "hold-read") return hold_read(a);
        if (a.mode == "hold-write") return hold_write(a);
        if (a.mode == "churn") return churn(a);
        if (a.mode == "verify") return verify(a);
        usage("unknown mode " + a.mode);
    } catch (const Error& e) {
        std::cerr << "writer: " << to_string(e.kind()) << " error: " << e.what() << "\n";
        return 1;
    }
}
