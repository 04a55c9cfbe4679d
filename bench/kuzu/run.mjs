// Kùzu's column of caspian-bench (issue #20): loads the generator's CSV files into Kùzu with
// COPY FROM, runs the workloads that caspian-bench wrote (--print-workloads: statements in
// Kùzu's dialect and the sampled parameters) and prints one tab-separated line per result.
//
//   node bench/kuzu/run.mjs --workloads FILE.json --data CSV_DIR --db DB_PATH
//        [--repeat 3] [--budget 20] [--timeout 300] [--skip-load]
//
// stdout (read by caspian-bench --kuzu):
//   version <kuzu version>
//   load    <ms> <peak RSS kB> <bytes on disk>           (W1; not with --skip-load)
//   counts  <nodes> <edges>
//   run     <id> <check|-> <RSS growth kB> <ms,ms,...> <failure or empty>
import kuzu from "kuzu";
import fs from "node:fs";
import path from "node:path";

// --- options --------------------------------------------------------------------------------

function usage(why) {
    process.stderr.write(
        `kuzu run.mjs: ${why}\nusage: node run.mjs --workloads FILE --data CSV_DIR --db PATH ` +
        `[--repeat N] [--budget S] [--timeout S] [--skip-load]\n`);
    process.exit(2);
}

function parseArgs(argv) {
    const o = {repeat: 3, budget: 20, timeout: 300, skipLoad: false};
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        if (a === "--skip-load") {
            o.skipLoad = true;
            continue;
        }
        if (i + 1 >= argv.length) usage(`missing value after ${a}`);
        const v = argv[++i];
        const number = () => {
            const d = Number(v);
            if (v === "" || !Number.isFinite(d) || d < 0) usage(`${a} wants a non-negative number`);
            return d;
        };
        if (a === "--workloads")
            o.workloads = v;
        else if (a === "--data")
            o.data = v;
        else if (a === "--db")
            o.db = v;
        else if (a === "--repeat")
            o.repeat = Math.max(1, Math.floor(number()));
        else if (a === "--budget")
            o.budget = number();
        else if (a === "--timeout")
            o.timeout = number();
        else
            usage(`unknown option ${a}`);
    }
    if (!o.workloads || !o.data || !o.db) usage("--workloads, --data and --db are required");
    return o;
}

// --- check values: the same 64-bit arithmetic as side_by_side.cpp ---------------------------

const M64 = (1n << 64n) - 1n;
function fnv(s) {
    let h = 1469598103934665603n;
    for (const c of Buffer.from(s, "utf8")) h = ((h ^ BigInt(c)) * 1099511628211n) & M64;
    return h;
}
function mix(a, b) {
    const t = (b + 0x9e3779b97f4a7c15n + ((a << 6n) & M64) + (a >> 2n)) & M64;
    return ((a ^ t) * 1099511628211n) & M64;
}
const int = (v) => (v === null || v === undefined ? 0n : BigInt(v)) & M64;

// --- memory: VmHWM reset through /proc/self/clear_refs, as caspian-bench does ---------------

function statusKb(field) {
    const m =
        fs.readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s*(\\d+)`, "m"));
    return m ? Number(m[1]) : 0;
}
function resetHwm() {
    try {
        fs.writeFileSync("/proc/self/clear_refs", "5");
        return true;
    } catch {
        return false;
    }
}
function bytesOnDisk(p) {
    let n = 0;
    for (const f of [p, `${p}.wal`]) {
        if (!fs.existsSync(f)) continue;
        const st = fs.statSync(f);
        if (st.isFile())
            n += st.size;
        else
            for (const e of fs.readdirSync(f)) n += bytesOnDisk(path.join(f, e));
    }
    return n;
}

// --- schema from the neo4j-admin headers of the generator's files ---------------------------

const kuzuType = {
    "": "STRING",
    string: "STRING",
    int: "INT64",
    long: "INT64",
    short: "INT64",
    byte: "INT64",
    float: "DOUBLE",
    double: "DOUBLE",
    boolean: "BOOLEAN",
    date: "DATE",
    datetime: "TIMESTAMP",
};

function readLines(file, count) {
    const fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    return buf.toString("utf8", 0, n).split("\n").slice(0, count);
}

function parseColumn(field, file) {
    const colon = field.lastIndexOf(":");
    const name = colon < 0 ? field : field.slice(0, colon);
    const type = (colon < 0 ? "" : field.slice(colon + 1)).replace(/\(.*$/, "").toLowerCase();
    if (["id", "label", "start_id", "end_id", "type", "ignore"].includes(type))
        return {name, role: type};
    if (!(type in kuzuType))
        throw new Error(`${file}: column type '${type}' is not supported here`);
    return {name, role: "property", type: kuzuType[type]};
}

// Node tables from nodes-<Label>.csv; a rel table per :TYPE with one FROM/TO pair per edge file,
// the pair read from the key prefixes of the file's first row (each file has one pair).
function readSchema(dir) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
    const nodes = [], rels = new Map(), prefixes = [];
    for (const f of files.filter((x) => x.startsWith("nodes"))) {
        const file = path.join(dir, f);
        const [header, first] = readLines(file, 2);
        const cols = header.split(",").map((c) => parseColumn(c, file));
        const key = cols.findIndex((c) => c.role === "id");
        if (key < 0 || cols[key].name !== "key") throw new Error(`${file}: wants a key:ID column`);
        const label = f.replace(/^nodes-?/, "").replace(/\.csv$/, "");
        nodes.push({label, file, cols});
        if (first) prefixes.push([first.split(",")[key].replace(/[0-9]+$/, ""), label]);
    }
    const labelOf = (key, file) => {
        const hit =
            prefixes.find(([p]) => key.startsWith(p) && /^[0-9]+$/.test(key.slice(p.length)));
        if (!hit) throw new Error(`${file}: no node file has keys like '${key}'`);
        return hit[1];
    };
    for (const f of files.filter((x) => x.startsWith("edges"))) {
        const file = path.join(dir, f);
        const [header, first] = readLines(file, 2);
        if (!first) continue;
        const cols = header.split(",").map((c) => parseColumn(c, file));
        const at = (role) => cols.findIndex((c) => c.role === role);
        const row = first.split(",");
        const type = row[at("type")];
        const from = labelOf(row[at("start_id")], file), to = labelOf(row[at("end_id")], file);
        const props = cols.filter((c) => c.role === "property");
        const rel = rels.get(type) ?? {type, pairs: [], props, files: []};
        if (JSON.stringify(rel.props) !== JSON.stringify(props)) {
            throw new Error(`${file}: the files of type ${type} have different property columns`);
        }
        if (!rel.pairs.some((p) => p.from === from && p.to === to)) rel.pairs.push({from, to});
        rel.files.push({file, cols, from, to});
        rels.set(type, rel);
    }
    return {nodes, rels: [...rels.values()]};
}

const quote = (name) => "`" + name.replaceAll("`", "``") + "`";
const str = (s) => "'" + s.replaceAll("\\", "\\\\").replaceAll("'", "\\'") + "'";

// LOAD WITH HEADERS names and types every column of the file; RETURN keeps the table's columns.
function copyFrom(file, cols, keep) {
    const all = cols.map((c, i) => `c${i} ${c.type ?? "STRING"}`).join(", ");
    const ret = keep.map((i) => `c${i}`).join(", ");
    return `LOAD WITH HEADERS (${all}) FROM ${str(file)} (header=true) RETURN ${ret}`;
}

function ddlAndCopies(schema) {
    const out = [];
    for (const n of schema.nodes) {
        const props = n.cols.filter((c) => c.role === "property");
        const cols = [`key STRING PRIMARY KEY`, ...props.map((c) => `${quote(c.name)} ${c.type}`)];
        out.push(`CREATE NODE TABLE ${quote(n.label)}(${cols.join(", ")})`);
    }
    for (const r of schema.rels) {
        const pairs = r.pairs.map((p) => `FROM ${quote(p.from)} TO ${quote(p.to)}`);
        const props = r.props.map((c) => `${quote(c.name)} ${c.type}`);
        out.push(`CREATE REL TABLE ${quote(r.type)}(${[...pairs, ...props].join(", ")})`);
    }
    for (const n of schema.nodes) {
        const keep = n.cols.map((c, i) => (c.role === "id" || c.role === "property" ? i : -1));
        out.push(`COPY ${quote(n.label)} FROM (${
            copyFrom(n.file, n.cols, keep.filter((i) => i >= 0))})`);
    }
    for (const r of schema.rels) {
        for (const f of r.files) {
            const at = (role) => f.cols.findIndex((c) => c.role === role);
            const props =
                f.cols.map((c, i) => (c.role === "property" ? i : -1)).filter((i) => i >= 0);
            const keep = [at("start_id"), at("end_id"), ...props];
            // A rel table of several FROM/TO pairs is copied one pair at a time.
            const pair = r.pairs.length > 1 ? ` (from=${str(f.from)}, to=${str(f.to)})` : "";
            out.push(`COPY ${quote(r.type)} FROM (${copyFrom(f.file, f.cols, keep)})${pair}`);
        }
    }
    return out;
}

// --- running statements ----------------------------------------------------------------------

function rowsOf(result) {
    const all = (Array.isArray(result) ? result : [result]).map((r) => {
        const rows = r.getAllSync();
        r.close();
        return rows;
    });
    return all[all.length - 1].map((row) => Object.values(row));
}

function countAll(conn) {
    const [[nodes]] = rowsOf(conn.querySync("MATCH (n) RETURN count(*)"));
    const [[edges]] = rowsOf(conn.querySync("MATCH ()-[r]->() RETURN count(*)"));
    return [Number(nodes), Number(edges)];
}

function load(o) {
    fs.rmSync(o.db, {recursive: true, force: true});
    fs.rmSync(`${o.db}.wal`, {force: true});
    const schema = readSchema(o.data);
    process.stderr.write("W1: kuzu COPY FROM ...\n");
    resetHwm();
    const t0 = process.hrtime.bigint();
    const db = new kuzu.Database(o.db);
    const conn = new kuzu.Connection(db);
    for (const s of ddlAndCopies(schema)) rowsOf(conn.querySync(s));
    conn.closeSync();
    db.closeSync();  // checkpoints: its time is part of the load, as caspian's close is
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return {ms, hwm: statusKb("VmHWM"), disk: bytesOnDisk(o.db)};
}

// One run of a workload: each statement prepared once, then executed per parameter set.
// Returns the check value, computed as caspian-bench computes it for the same workload.
function runOnce(conn, w, deadline) {
    const prepared = w.statements.map((s) => {
        const p = conn.prepareSync(s.kuzu);
        if (!p.isSuccess()) throw new Error(p.getErrorMessage());
        return p;
    });
    const exec = (i, params = {}) => {
        if (process.hrtime.bigint() > deadline) throw new Error("timeout");
        return rowsOf(conn.executeSync(prepared[i], params));
    };
    const params = w.params.length > 0 ? w.params : [{}];
    switch (w.id) {
        case "W2": {
            let h = 0n;
            for (const p of params)
                for (const [name] of exec(0, p)) h = (h + fnv(name)) & M64;
            return h;
        }
        case "W3":
        case "W4":
        case "W5":
        case "W5b": {
            let sum = 0n;
            for (const p of params)
                for (const [n] of exec(0, p)) sum = (sum + int(n)) & M64;
            return sum;
        }
        case "W6": {
            let types = 0n, top = 0n;
            for (const [t, c] of exec(0)) types = (types + fnv(t) * int(c)) & M64;
            for (const [k, d] of exec(1)) top = mix(mix(top, fnv(k)), int(d));
            return mix(types, top);
        }
        case "W7": {
            let sum = 0n;
            params.forEach((p, i) => {
                const rows = exec(0, p);
                sum = (sum + BigInt(i + 1) * (rows.length > 0 ? int(rows[0][0]) : 0n)) & M64;
            });
            return sum;
        }
        case "W8": {
            const [[count, total]] = exec(0);
            return mix(int(count), int(total));
        }
        default:
            throw new Error(`no check value defined for ${w.id}`);
    }
}

function measure(conn, w, o) {
    const out = {ms: [], check: null, growth: 0, failure: ""};
    let total = 0;
    for (let i = 0; i < o.repeat && (i === 0 || total < o.budget * 1000); ++i) {
        resetHwm();
        const rss = statusKb("VmRSS");
        const t0 = process.hrtime.bigint();
        let v;
        try {
            v = runOnce(conn, w, t0 + BigInt(Math.round(o.timeout * 1e9)));
        } catch (e) {
            out.failure =
                /timeout|interrupted/i.test(e.message) ? "timeout" : `error: ${e.message}`;
            return out;
        }
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        out.growth = Math.max(out.growth, statusKb("VmHWM") - rss);
        total += ms;
        out.ms.push(ms);
        if (out.check !== null && out.check !== v) {
            out.failure = "nondeterministic check value";
            return out;
        }
        out.check = v;
    }
    return out;
}

function main() {
    const o = parseArgs(process.argv.slice(2));
    const spec = JSON.parse(fs.readFileSync(o.workloads, "utf8"));
    const clean = (s) => s.replace(/[\t\n]/g, " ");
    console.log(`version\t${kuzu.VERSION}`);
    if (!o.skipLoad || !fs.existsSync(o.db)) {
        const l = load(o);
        console.log(`load\t${l.ms}\t${l.hwm}\t${l.disk}`);
    }
    const db = new kuzu.Database(o.db);
    const conn = new kuzu.Connection(db);
    conn.setQueryTimeout(Math.max(1, Math.round(o.timeout * 1000)));
    const [nodes, edges] = countAll(conn);
    console.log(`counts\t${nodes}\t${edges}`);
    for (const w of spec.workloads) {
        process.stderr.write(`${w.id}: kuzu ...`);
        const r = measure(conn, w, o);
        const sorted = [...r.ms].sort((a, b) => a - b);
        const med = sorted.length ? sorted[sorted.length >> 1] : 0;
        process.stderr.write(
            r.failure ? ` ${r.failure}\n` :
                        ` ${med.toFixed(2)} ms, check ${r.check.toString(16).padStart(16, "0")}\n`);
        const check = r.check === null ? "-" : r.check.toString();
        console.log(`run\t${w.id}\t${check}\t${r.growth}\t${r.ms.join(",")}\t${clean(r.failure)}`);
    }
    conn.closeSync();
    db.closeSync();
}

try {
    main();
} catch (e) {
    process.stderr.write(`kuzu run.mjs: ${e.message}\n`);
    process.exit(1);
}
