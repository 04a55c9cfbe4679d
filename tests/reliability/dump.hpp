// A canonical dump of a database for before/after comparisons: every key and value of every
// LMDB table, read in one transaction. Byte-identical dumps mean an identical database.
#pragma once

#include "storage/env.hpp"

#include <caspian/database.hpp>

#include <string>

namespace caspian::testing {

inline std::string dump_tables(const std::filesystem::path& db_path) {
    // The process-wide registry hands back the Env the Database already opened.
    auto env = storage::Env::open(db_path, {.read_only = false, .create = false});
    storage::ReadTxn txn(*env);
    const storage::Tables& t = env->tables();
    const MDB_dbi tables[] = {t.meta,       t.names,    t.ids,         t.nodes,     t.edges,
                              t.out_edges,  t.in_edges, t.label_index, t.key_index, t.prop_index,
                              t.index_list, t.stats,    t.name_index};
    std::string out;
    for (MDB_dbi dbi : tables) {
        storage::Cursor cursor(txn, dbi);
        MDB_val k, v;
        out += "table " + std::to_string(dbi) + "\n";
        for (bool more = cursor.move(MDB_FIRST, &k, &v); more;
             more = cursor.move(MDB_NEXT, &k, &v)) {
            out += std::to_string(k.mv_size) + ":";
            out.append(static_cast<const char*>(k.mv_data), k.mv_size);
            out += std::to_string(v.mv_size) + ":";
            out.append(static_cast<const char*>(v.mv_data), v.mv_size);
            out += '\n';
        }
    }
    return out;
}

}  // namespace caspian::testing
