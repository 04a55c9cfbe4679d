// `caspian stats`, `caspian check` and `caspian backup`: thin wrappers over
// include/caspian/maintenance.hpp.
#include "cli/commands.hpp"
#include "cli/format.hpp"

#include <caspian/maintenance.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace caspian::cli {

namespace {

std::string bytes_text(std::uint64_t n) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[64];
    if (u == 0) {
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
    } else {
        std::snprintf(buf, sizeof buf, "%.1f %s (%llu bytes)", v, units[u],
                      static_cast<unsigned long long>(n));
    }
    return buf;
}

void print_stats_json(const StoreStats& s, bool scanned) {
    auto counts = [](const std::vector<std::pair<std::string, std::uint64_t>>& items) {
        std::string out = "{";
        for (const auto& [name, n] : items)
            out += (out.size() > 1 ? "," : "") + json_quote(name) + ":" + std::to_string(n);
        return out + "}";
    };
    std::cout << "{\"nodes\":" << s.counts.nodes << ",\"edges\":" << s.counts.edges
              << ",\"labels\":" << counts(s.counts.labels)
              << ",\"types\":" << counts(s.counts.edge_types) << ",\"file_bytes\":" << s.file_bytes
              << ",\"used_bytes\":" << s.used_bytes << ",\"map_size\":" << s.map_size
              << ",\"page_size\":" << s.page_size
              << ",\"bytes_per_edge\":" << float_text(s.bytes_per_edge) << ",\"tables\":[";
    for (std::size_t i = 0; i < s.tables.size(); ++i) {
        const TableStats& t = s.tables[i];
        std::cout << (i > 0 ? "," : "") << "{\"name\":" << json_quote(t.name)
                  << ",\"entries\":" << t.entries << ",\"depth\":" << t.depth
                  << ",\"branch_pages\":" << t.branch_pages << ",\"leaf_pages\":" << t.leaf_pages
                  << ",\"overflow_pages\":" << t.overflow_pages << ",\"bytes\":" << t.bytes;
        if (scanned) {
            std::cout << ",\"key_bytes\":" << t.key_bytes << ",\"value_bytes\":" << t.value_bytes;
        }
        std::cout << "}";
    }
    std::cout << "]}\n";
}

int run_stats(const DbOptions& options, const std::string& format, bool scan_tables) {
    Database db = open_database(options, /*create=*/false);
    const StoreStats s = stats(db, scan_tables);
    if (format == "json") {
        print_stats_json(s, scan_tables);
        return exit_ok;
    }
    std::cout << "nodes      " << s.counts.nodes << "\n";
    std::cout << "edges      " << s.counts.edges << "\n";
    for (const auto& [label, n] : s.counts.labels)
        std::cout << "label      :" << label << "  " << n << "\n";
    for (const auto& [type, n] : s.counts.edge_types)
        std::cout << "type       :" << type << "  " << n << "\n";
    std::cout << "file size  " << bytes_text(s.file_bytes) << "\n";
    std::cout << "used       " << bytes_text(s.used_bytes) << "\n";
    std::cout << "map size   " << bytes_text(s.map_size) << "\n";
    std::cout << "page size  " << s.page_size << "\n";
    char per_edge[32];
    std::snprintf(per_edge, sizeof per_edge, "%.1f", s.bytes_per_edge);
    std::cout << "bytes/edge " << (s.counts.edges > 0 ? per_edge : "-") << "\n";
    // Per-table B-trees (mdb_stat): where the bytes go.
    char line[200];
    std::snprintf(line, sizeof line, "\n%-12s %12s %5s %10s %10s %10s %14s", "table", "entries",
                  "depth", "branch", "leaf", "overflow", "bytes");
    std::cout << line << (scan_tables ? "      key bytes    value bytes\n" : "\n");
    std::uint64_t in_tables = 0;
    for (const TableStats& t : s.tables) {
        std::snprintf(line, sizeof line, "%-12s %12llu %5u %10llu %10llu %10llu %14llu",
                      t.name.c_str(), static_cast<unsigned long long>(t.entries), t.depth,
                      static_cast<unsigned long long>(t.branch_pages),
                      static_cast<unsigned long long>(t.leaf_pages),
                      static_cast<unsigned long long>(t.overflow_pages),
                      static_cast<unsigned long long>(t.bytes));
        std::cout << line;
        if (scan_tables) {
            std::snprintf(line, sizeof line, " %14llu %14llu",
                          static_cast<unsigned long long>(t.key_bytes),
                          static_cast<unsigned long long>(t.value_bytes));
            std::cout << line;
        }
        std::cout << "\n";
        in_tables += t.bytes;
    }
    if (scan_tables && s.used_bytes >= in_tables) {
        // mdb_stat leaves out the sub-databases of keys with more than a page of duplicates,
        // and nothing counts free pages: the rest of the file is theirs (and the meta pages').
        std::cout << "other (duplicate sub-databases, free and meta pages) "
                  << bytes_text(s.used_bytes - in_tables) << "\n";
    }
    return exit_ok;
}

int run_check(const DbOptions& options) {
    DbOptions read_only = options;
    read_only.read_only = true;
    CheckReport report;
    try {
        Database db = open_database(read_only, /*create=*/false);
        report = check(db);
    } catch (const Error& e) {
        // A file too damaged to open (truncated, or a damaged catalog page) is a finding too.
        if (e.kind() != ErrorKind::Corrupt) throw;
        print_error(e);
        return exit_corrupt;
    }
    for (const auto& p : report.problems)
        std::cout << p << "\n";
    if (report.is_sound()) {
        std::cout << "ok: " << report.nodes << " nodes and " << report.edges
                  << " edges checked, no problem found\n";
        return exit_ok;
    }
    std::cerr << "caspian: check found " << report.problems.size()
              << (report.problems.size() == 1 ? " problem" : " problems") << " in '" << options.path
              << "'; restore a backup or export what is readable\n";
    return exit_corrupt;
}

int run_backup(const DbOptions& options, const std::string& dest) {
    Database db = open_database(options, /*create=*/false);
    backup(db, dest);
    std::cerr << "backed up '" << options.path << "' to '" << dest << "'\n";
    return exit_ok;
}

}  // namespace

void add_stats_command(CLI::App& app, Command& selected) {
    struct Args {
        DbOptions db;
        std::string format = "table";
        bool tables = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "stats", "counts per label and edge type, size on disk, B-tree figures per table");
    add_db_options(*cmd, args->db);
    add_read_only_option(*cmd, args->db);
    set_example(*cmd, "caspian stats ./db --format json");
    cmd->add_option("--format,-f", args->format, "output format: table or json")
        ->transform(CLI::IsMember({"table", "json"}, CLI::ignore_case))
        ->capture_default_str();
    cmd->add_flag("--tables", args->tables,
                  "also the bytes of keys and values per table (reads every entry)");
    cmd->callback([args, &selected] {
        selected = [args] { return run_stats(args->db, args->format, args->tables); };
    });
}

void add_check_command(CLI::App& app, Command& selected) {
    auto args = std::make_shared<DbOptions>();
    auto* cmd = app.add_subcommand(
        "check", "verify every invariant: exit 0 when sound, 3 with a report when not");
    add_db_options(*cmd, *args);
    set_example(*cmd, "caspian check ./db; echo $?");
    cmd->callback([args, &selected] { selected = [args] { return run_check(*args); }; });
}

void add_backup_command(CLI::App& app, Command& selected) {
    struct Args {
        DbOptions db;
        std::string dest;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("backup", "a consistent, compacted copy of the database");
    add_db_options(*cmd, args->db);
    add_read_only_option(*cmd, args->db);
    set_example(*cmd, "caspian backup ./db ./db-copy");
    cmd->add_option("DEST", args->dest, "new directory for the copy")->required();
    cmd->callback(
        [args, &selected] { selected = [args] { return run_backup(args->db, args->dest); }; });
}

}  // namespace caspian::cli
