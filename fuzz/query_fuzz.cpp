// libFuzzer target: one statement through the whole engine (parse, terse translation, plan,
// execute) against a small graph, in a write transaction that is rolled back, then the error
// rendered against the text. Anything but caspian::Error, or a sanitizer report, is a finding.
#include "query/diagnostics.hpp"
#include "query/parser/parser.hpp"

#include <caspian/database.hpp>

#include <unistd.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

caspian::Database& database() {
    static caspian::Database db = [] {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("caspian-query-fuzz-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        caspian::OpenOptions options;
        options.sync = caspian::SyncMode::None;
        options.max_rows_in_memory = 20000;  // a path explosion ends in an Error, not in an OOM
        caspian::Database d = caspian::Database::open(dir, options);
        d.query(
             "CREATE (az:Country {key: 'AZ', name: 'Azerbaijan', area: 86.6}), "
             "(bel:Country {key: 'BY', name: 'Belarus', since: date('1991-08-25')}), "
             "(g:Person {key: 'g', name: 'Golovchenko', tags: ['pm', 'visit']}), "
             "(g)-[:VISITED {year: 2022, days: [16, 17]}]->(az), (g)-[:CITIZEN_OF]->(bel), "
             "(az)-[:PARTNER {since: 1993}]->(bel), (bel)-[:PARTNER {since: 1993}]->(az)")
            .all();
        d.query("CREATE INDEX ON :Country(name)").all();
        return d;
    }();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    caspian::Database& db = database();
    try {
        caspian::WriteTransaction txn = db.begin_write();  // rolled back at the end of scope
        caspian::Result result = txn.query(text);
        std::size_t rows = 0;
        while (result.next() && ++rows < 10000) {
        }
    } catch (const caspian::Error& e) {
        (void)caspian::query::render_error(e, text, "query");
    }
    return 0;
}
