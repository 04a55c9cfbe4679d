// The official JavaScript driver (npm neo4j-driver 5.x) against `caspian serve` on the example
// graph: run by tests/server/bolt_driver_test.cpp as `node bolt_conformance.mjs MODE PORT PID`.
// MODE all: the conformance checks; MODE kill: a write transaction left open, then the server
// is killed with SIGKILL. Prints `ok NAME` per check and exits 1 at the first failure.
import neo4j from 'neo4j-driver';
import { readFileSync } from 'node:fs';

const [mode, port, pid] = process.argv.slice(2);
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('test', 'test'), {
    disableLosslessIntegers: false,
    maxTransactionRetryTime: 20000,
    logging: { level: 'error', logger: (level, message) => console.error(level, message) },
});

function check(condition, what) {
    if (!condition) throw new Error(`check failed: ${what}`);
}
function same(a, b, what) {
    const show = (x) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    check(show(a) === show(b), `${what}: ${show(a)} != ${show(b)}`);
}
async function step(name, fn) {
    await fn();
    console.log(`ok ${name}`);
}
// VmHWM of the server: the peak of its resident memory, in kB.
function peakKb() {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)[1]);
}

async function conformance() {
    const session = driver.session();
    await step('session.run', async () => {
        const r = await session.run("MATCH (c:Country {key: 'AZ'}) RETURN c.name AS name");
        same(r.records.map((x) => x.get('name')), ['Azerbaijan'], 'country');
        check(r.summary.queryType === 'r', 'query type r');
    });
    await step('executeRead', async () => {
        const n = await session.executeRead(async (tx) => {
            const r = await tx.run('MATCH (p:Person) RETURN count(p) AS n');
            return r.records[0].get('n').toNumber();
        });
        check(n >= 2, `people ${n}`);
    });
    await step('executeWrite and counters', async () => {
        const r = await session.executeWrite((tx) =>
            tx.run("CREATE (n:Probe {key: 'probe-1', at: 1}) RETURN n"),
        );
        const c = r.summary.counters.updates();
        check(c.nodesCreated === 1 && c.labelsAdded === 1, JSON.stringify(c));
        check(r.summary.queryType === 'rw', `type ${r.summary.queryType}`);
        check(session.lastBookmarks().length === 1, 'a bookmark after the commit');
    });
    await step('explicit transactions commit and roll back', async () => {
        let tx = session.beginTransaction();
        await tx.run("CREATE (:Probe {key: 'probe-rolled-back'})");
        await tx.rollback();
        tx = session.beginTransaction();
        await tx.run("CREATE (:Probe {key: 'probe-committed'})");
        await tx.run("MATCH (p:Probe {key: 'probe-committed'}) SET p.n = 2");
        await tx.commit();
        const r = await session.run('MATCH (p:Probe) RETURN p.key AS k ORDER BY k');
        same(r.records.map((x) => x.get('k')), ['probe-1', 'probe-committed'], 'probes');
    });
    await step('parameters and results of every value type', async () => {
        const t = neo4j.types;
        const int = neo4j.int;
        const params = {
            i: int(-1234567890123), f: 2.5, s: 'grüße ✓', b: true, n: null,
            l: [int(1), 'two', [3.5]], m: { a: int(1), b: { c: 'd' } },
            date: new t.Date(2022, 5, 16),
            time: new t.Time(12, 31, 14, 645876123, 3600),
            localtime: new t.LocalTime(23, 59, 59, 1),
            offsetdt: new t.DateTime(2022, 5, 16, 9, 30, 0, 500, -18000),
            zoneddt: new t.DateTime(2015, 7, 21, 20, 40, 32, 142000000, undefined, 'Europe/Stockholm'),
            localdt: new t.LocalDateTime(1999, 12, 31, 23, 59, 59, 999),
            duration: new t.Duration(14, 3, 3723, 5),
        };
        const r = await session.run(
            'RETURN $i AS i, $f AS f, $s AS s, $b AS b, $n AS n, $l AS l, $m AS m, ' +
                '$date AS date, $time AS time, $localtime AS localtime, $offsetdt AS offsetdt, ' +
                '$zoneddt AS zoneddt, $localdt AS localdt, $duration AS duration',
            params,
        );
        const row = r.records[0];
        for (const key of Object.keys(params)) {
            const got = row.get(key);
            const want = params[key];
            if (key === 'zoneddt') {
                // Sent without an offset (the driver does not know it): compare the fields.
                same([got.year, got.month, got.day, got.hour, got.minute, got.second,
                    got.nanosecond].map(Number), [2015, 7, 21, 20, 40, 32, 142000000], key);
            } else if (want !== null && typeof want === 'object' && 'toString' in want &&
                !Array.isArray(want) && want.constructor !== Object) {
                same(got.toString(), want.toString(), key);
            } else {
                same(got, want, key);
            }
        }
        // The zone id survives with its offset from the tz database.
        same(row.get('zoneddt').timeZoneId, 'Europe/Stockholm', 'zone id');
        same(Number(row.get('zoneddt').timeZoneOffsetSeconds), 7200, 'zone offset');
        // Computed temporal values come back typed.
        const c = await session.run(
            "RETURN date('2022-05-16') AS d, datetime('2015-07-21T20:40:32.142+01:00') AS dt, " +
                "duration('P1Y2M3DT4H') AS du, localtime('12:00') AS lt",
        );
        same(c.records[0].get('d').toString(), '2022-05-16', 'date');
        same(c.records[0].get('dt').toString(), '2015-07-21T20:40:32.142000000+01:00', 'datetime');
        same(c.records[0].get('du').toString(), 'P14M3DT14400S', 'duration');
        same(c.records[0].get('lt').toString(), '12:00:00', 'localtime');
    });
    await step('nodes, relationships and paths', async () => {
        const r = await session.run(
            "MATCH p = (g:Person {key: 'golovchenko'})-[h:HOLDS_OFFICE]->(c:Country) " +
                'RETURN g, h, c, p LIMIT 1',
        );
        const g = r.records[0].get('g');
        const h = r.records[0].get('h');
        const c = r.records[0].get('c');
        const p = r.records[0].get('p');
        check(g instanceof neo4j.types.Node && g.labels.includes('Person'), 'node');
        same(g.properties.name, 'Roman Golovchenko', 'node property');
        check(typeof g.elementId === 'string' && g.elementId.length > 0, 'element id');
        check(h instanceof neo4j.types.Relationship && h.type === 'HOLDS_OFFICE', 'relationship');
        same(h.startNodeElementId, g.elementId, 'relationship start');
        same(h.endNodeElementId, c.elementId, 'relationship end');
        check(p instanceof neo4j.types.Path && p.length === 1, 'path');
        same(p.start.elementId, g.elementId, 'path start');
        same(p.end.elementId, c.elementId, 'path end');
        same(p.segments[0].relationship.elementId, h.elementId, 'path relationship');
        // A path walked against an edge's direction keeps the edge's own direction.
        const back = await session.run(
            "MATCH p = (c:Country {key: 'BY'})<-[:HOLDS_OFFICE]-(g:Person {key: 'golovchenko'}) " +
                'RETURN p',
        );
        const seg = back.records[0].get('p').segments[0];
        same(seg.start.properties.key, 'BY', 'reverse path start');
        same(seg.relationship.startNodeElementId, seg.end.elementId, 'reverse relationship');
    });
    await step('errors with codes and positions, and recovery', async () => {
        const fails = async (text, code) => {
            try {
                await session.run(text);
            } catch (e) {
                same(e.code, code, text);
                return e;
            }
            throw new Error(`no error for ${text}`);
        };
        const e = await fails('MATCH (a RETURN a', 'Neo.ClientError.Statement.SyntaxError');
        check(e.message.includes('(line 1, column 10 (offset: 9))'), e.message);
        await fails('RETURN $missing', 'Neo.ClientError.Statement.ParameterMissing');
        await fails("RETURN 'a' * 2", 'Neo.ClientError.Statement.TypeError');
        await fails("CREATE (:Probe {key: 'AZ'})", 'Neo.ClientError.Schema.ConstraintValidationFailed');
        const r = await session.run('RETURN 41 + 1 AS x');
        same(r.records[0].get('x').toNumber(), 42, 'the same session goes on');
        // A failed explicit transaction leaves nothing.
        const tx = session.beginTransaction();
        await tx.run("CREATE (:Probe {key: 'probe-failed'})");
        await tx.run('RETURN 1 +').catch(() => {});
        await tx.close();
        const n = await session.run("MATCH (p:Probe {key: 'probe-failed'}) RETURN count(p) AS n");
        same(n.records[0].get('n').toNumber(), 0, 'nothing of the failed transaction');
    });
    await step('notifications in the summary', async () => {
        const r = await session.run('MATCH (x:NoSuchLabel) RETURN x');
        check(r.summary.notifications.length >= 1, 'a notification');
        check(r.summary.notifications[0].code.includes('UnknownLabel'), 'its code');
    });
    await step('PULL n streaming of 1M rows with flat server memory', async () => {
        const before = peakKb();
        let rows = 0;
        let sum = 0;
        const s = driver.session({ fetchSize: 2000 });
        await new Promise((resolve, reject) => {
            s.run("UNWIND range(1, 1000000) AS i RETURN i, 'row number ' + toString(i) AS s")
                .subscribe({
                    onNext: (r) => {
                        rows += 1;
                        sum += r.get('i').toNumber() % 7;
                    },
                    onCompleted: resolve,
                    onError: reject,
                });
        });
        await s.close();
        const grown = peakKb() - before;
        same(rows, 1000000, 'rows');
        check(sum > 0, 'the values');
        // Held in memory, these rows take several hundred MB; streamed, a few.
        check(grown < 64 * 1024, `server peak memory grew by ${grown} kB`);
        console.log(`  server VmHWM grew by ${grown} kB`);
    });
    await step('a busy writer is a transient error that executeWrite retries', async () => {
        // The server runs with --write-wait 1: a writer waiting longer gets a transient error.
        const holder = driver.session();
        const tx = holder.beginTransaction();
        await tx.run("CREATE (:Probe {key: 'probe-holder'})");
        const other = driver.session();
        try {
            await other.run("CREATE (:Probe {key: 'probe-refused'})");
            throw new Error('a second writer got in');
        } catch (e) {
            same(e.code, 'Neo.TransientError.Transaction.LockAcquisitionTimeout', 'busy');
        }
        // The driver retries this one (its BEGIN fails the same way) until the holder is done.
        const retried = other.executeWrite((t) => t.run("CREATE (:Probe {key: 'probe-retried'})"));
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await tx.commit();
        await holder.close();
        await retried;
        await other.close();
        const r = await session.run(
            "MATCH (p:Probe) WHERE p.key STARTS WITH 'probe-re' OR p.key = 'probe-holder' " +
                'RETURN p.key AS k ORDER BY k');
        same(r.records.map((x) => x.get('k')), ['probe-holder', 'probe-retried'], 'the writes');
    });
    await session.close();
    await step('50 concurrent sessions, writers and readers, consistent', async () => {
        const init = driver.session();
        await init.run("CREATE (:Counter {key: 'counter', n: 0})");
        await init.close();
        const writers = 20, readers = 30, rounds = 3;
        const work = [];
        for (let w = 0; w < writers; w++) {
            work.push((async () => {
                const s = driver.session();
                for (let k = 0; k < rounds; k++) {
                    await s.executeWrite(async (tx) => {
                        await tx.run(
                            "MATCH (c:Counter {key: 'counter'}) SET c.n = c.n + 1 " +
                                'CREATE (:Item {key: $key})',
                            { key: `item-${w}-${k}` },
                        );
                    });
                }
                await s.close();
            })());
        }
        for (let r = 0; r < readers; r++) {
            work.push((async () => {
                const s = driver.session({ defaultAccessMode: neo4j.session.READ });
                for (let k = 0; k < rounds; k++) {
                    const [n, items] = await s.executeRead(async (tx) => {
                        const res = await tx.run(
                            "MATCH (c:Counter {key: 'counter'}) " +
                                'OPTIONAL MATCH (i:Item) RETURN c.n AS n, count(i) AS items',
                        );
                        return [res.records[0].get('n').toNumber(),
                            res.records[0].get('items').toNumber()];
                    });
                    // Each snapshot sees whole transactions: the counter and the items agree.
                    same(n, items, 'counter and items in one snapshot');
                }
                await s.close();
            })());
        }
        await Promise.all(work);
        const s = driver.session();
        const r = await s.run("MATCH (c:Counter {key: 'counter'}), (i:Item) RETURN c.n AS n, count(i) AS items");
        same(r.records[0].get('n').toNumber(), writers * rounds, 'counter');
        same(r.records[0].get('items').toNumber(), writers * rounds, 'items');
        await s.close();
    });
    await step('neo4j:// routing against one server', async () => {
        const routed = neo4j.driver(`neo4j://127.0.0.1:${port}`, neo4j.auth.basic('test', 'test'));
        const s = routed.session();
        const r = await s.run('RETURN 1 AS one');
        same(r.records[0].get('one').toNumber(), 1, 'routed');
        await s.close();
        await routed.close();
    });
}

// A write transaction holding uncommitted nodes when the server dies.
async function kill() {
    const session = driver.session();
    const tx = session.beginTransaction();
    await tx.run("UNWIND range(1, 500) AS i CREATE (:Partial {key: 'partial-' + toString(i)})");
    process.kill(Number(pid), 'SIGKILL');
    console.log('ok killed mid-transaction');
    process.exit(0);
}

// A server with an auth file (user alice, password "secret"), over TLS when mode is tls.
async function login(scheme) {
    const url = `${scheme}://127.0.0.1:${port}`;
    const wrong = neo4j.driver(url, neo4j.auth.basic('alice', 'wrong'));
    try {
        await wrong.session().run('RETURN 1');
        throw new Error('a wrong password was let in');
    } catch (e) {
        same(e.code, 'Neo.ClientError.Security.Unauthorized', 'wrong password');
    } finally {
        await wrong.close();
    }
    console.log('ok a wrong password is unauthorized');
    const right = neo4j.driver(url, neo4j.auth.basic('alice', 'secret'));
    const s = right.session();
    const r = await s.run('RETURN 1 AS one');
    same(r.records[0].get('one').toNumber(), 1, 'logged in');
    await s.close();
    await right.close();
    console.log(`ok the right password over ${scheme}`);
}

try {
    if (mode === 'kill') await kill();
    else if (mode === 'auth') await login('bolt');
    else if (mode === 'tls') await login('bolt+ssc');
    else await conformance();
    await driver.close();
} catch (e) {
    console.log(`FAIL ${e.stack || e}`);
    process.exit(1);
}
