// libFuzzer target: an import file through the public import_files API. The first byte picks
// the format (CSV or JSON Lines) and the kind (nodes or edges); the rest is the file. A failed
// import must leave the database as it was: its counts are compared.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>

#include <unistd.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path& work_dir() {
    static const fs::path dir =
        fs::temp_directory_path() / ("caspian-import-fuzz-" + std::to_string(::getpid()));
    return dir;
}

// A database with two nodes that edge files can name by key; made again after a successful
// import so that it stays small.
std::optional<caspian::Database>& database() {
    static std::optional<caspian::Database> db;
    return db;
}

caspian::Database& fresh_database() {
    database().reset();
    fs::remove_all(work_dir() / "db");
    caspian::OpenOptions options;
    options.sync = caspian::SyncMode::None;
    database().emplace(caspian::Database::open(work_dir() / "db", options));
    database()->query("CREATE (:Country {key: 'AZ'}), (:Country {key: 'BY'})").all();
    return *database();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    fs::create_directories(work_dir());
    caspian::Database& db = database() ? *database() : fresh_database();
    const bool jsonl = data[0] & 1;
    const bool edges = data[0] & 2;
    const fs::path file = work_dir() / (jsonl ? "input.jsonl" : "input.csv");
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
    caspian::ImportOptions options;
    (edges ? options.edge_files : options.node_files).push_back(file);
    options.skip_bad_rows = data[0] & 4;
    const caspian::Counts before = db.begin_read().counts();
    try {
        caspian::import_files(db, options);
        fresh_database();
    } catch (const caspian::Error&) {
        const caspian::Counts after = db.begin_read().counts();
        if (after.nodes != before.nodes || after.edges != before.edges) std::abort();
    }
    return 0;
}
