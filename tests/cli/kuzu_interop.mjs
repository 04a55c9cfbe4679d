// Kùzu's side of tests/cli/kuzu_interop_test.cpp (#21): loads `caspian export --format kuzu`
// into a new Kùzu database by running its schema.cypher, then answers the queries of a file.
//
//   node kuzu_interop.mjs KUZU_PACKAGE_DIR SCHEMA DB_PATH [QUERIES]
//
// QUERIES holds one Cypher query per line; for each, stdout gets its rows as CSV (no header,
// fields quoted as caspian's --format csv quotes them), then a line "--". Exit 1 on any error.
import fs from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";

const [pkg, schema, dbPath, queries] = process.argv.slice(2);
if (!pkg || !schema || !dbPath) {
    process.stderr.write("usage: node kuzu_interop.mjs KUZU_PACKAGE_DIR SCHEMA DB_PATH [QUERIES]\n");
    process.exit(2);
}

function rowsOf(result) {
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    const rows = last.getAllSync();
    for (const r of Array.isArray(result) ? result : [result]) r.close();
    return rows;
}

// caspian's CSV field: quoted when it holds a comma, a quote or a line end; null is empty.
function field(v) {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

try {
    const kuzu = (await import(pathToFileURL(path.resolve(pkg, "index.mjs")).href)).default;
    fs.rmSync(dbPath, {recursive: true, force: true});
    fs.rmSync(`${dbPath}.wal`, {force: true});
    const db = new kuzu.Database(dbPath);
    const conn = new kuzu.Connection(db);
    // schema.cypher: one statement per line, the tables first, then the COPY statements.
    for (const s of fs.readFileSync(schema, "utf8").split("\n")) {
        if (s.trim() !== "") rowsOf(conn.querySync(s));
    }
    if (queries) {
        for (const q of fs.readFileSync(queries, "utf8").split("\n")) {
            if (q.trim() === "") continue;
            for (const row of rowsOf(conn.querySync(q)))
                console.log(Object.values(row).map(field).join(","));
            console.log("--");
        }
    }
    conn.closeSync();
    db.closeSync();
} catch (e) {
    process.stderr.write(`kuzu_interop.mjs: ${e.message}\n`);
    process.exit(1);
}
