// Point lookups over Bolt (the official JavaScript driver) with 1, 8 and 32 connections, against
// the same statement in process (caspian-point-lookup), with latency percentiles; prints a
// Markdown table. Fixed data: 10,000 nodes (:P {key: 'pN', v: N}), keys drawn uniformly.
// Usage (from the repository root, after the bolt_driver_test installed the driver):
//   node bench/bolt_bench.mjs [BUILD_DIR=build] [SECONDS=5]
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const build = path.resolve(process.argv[2] || 'build');
const seconds = Number(process.argv[3] || 5);
const neo4j = createRequire(path.join(build, 'npm-bolt') + '/')('neo4j-driver');
const caspian = path.join(build, 'bin', 'caspian');
const dir = mkdtempSync(path.join(tmpdir(), 'bolt-bench-'));
const db = path.join(dir, 'db');
const nodes = 10000;
const counts = [1, 8, 32];
const text = 'MATCH (p:P {key: $k}) RETURN p.v AS v';

execFileSync(caspian, ['query', db,
    `UNWIND range(1, ${nodes}) AS i CREATE (:P {key: 'p' + toString(i), v: i})`]);

// The same statement in process, first: the server is not running yet.
const inProcess = new Map();
const out = execFileSync(path.join(build, 'bin', 'caspian-point-lookup'),
    [db, String(seconds), ...counts.map(String)]).toString();
for (const line of out.trim().split('\n')) {
    const [threads, rate, p50, p95, p99] = line.split(' ').map(Number);
    inProcess.set(threads, { rate, p50, p95, p99 });
}

const server = spawn(caspian, ['serve', db, '--bolt', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => {
    server.stdout.on('data', (d) => {
        const m = /bolt:\/\/127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
    });
});

function percentile(sorted, p) {
    return sorted[Math.floor(p * (sorted.length - 1))];
}

async function overBolt(connections) {
    const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('bench', 'bench'),
        { maxConnectionPoolSize: connections });
    const latencies = [];
    const end = Date.now() + seconds * 1000;
    let seed = 1;
    const next = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return 1 + (seed % nodes);
    };
    await Promise.all(Array.from({ length: connections }, async () => {
        const session = driver.session();
        while (Date.now() < end) {
            const start = process.hrtime.bigint();
            const r = await session.run(text, { k: `p${next()}` });
            if (r.records.length !== 1) throw new Error('a lookup found no node');
            latencies.push(Number(process.hrtime.bigint() - start) / 1000);
        }
        await session.close();
    }));
    await driver.close();
    latencies.sort((a, b) => a - b);
    return {
        rate: latencies.length / seconds,
        p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
    };
}

const rows = [];
for (const c of counts) {
    const b = await overBolt(c);
    const i = inProcess.get(c);
    const f = (x) => x.toFixed(0);
    rows.push(`| ${c} | ${f(b.rate)} | ${f(b.p50)} / ${f(b.p95)} / ${f(b.p99)} | ${f(i.rate)} | ` +
        `${i.p50.toFixed(1)} / ${i.p95.toFixed(1)} / ${i.p99.toFixed(1)} |`);
}
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
console.log(`Point lookups (\`${text}\`, ${nodes} nodes, ${seconds} s per row)\n`);
console.log('| connections / threads | Bolt lookups/s | Bolt p50 / p95 / p99 µs | in-process lookups/s | in-process p50 / p95 / p99 µs |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
