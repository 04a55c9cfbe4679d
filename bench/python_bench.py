"""Python module overhead: a prepared point lookup per statement (against overhead_bench's C++
BM_Prepared<2> on the same database), and rows/s for tuples, dicts and a DataFrame over a
1M-row result, with the memory each holds. Times are CPU time of the process (as Google
Benchmark's CPU column), then wall-clock time: on a shared machine the first is the stable one. Fixed data (the graph of overhead_bench, built here
when absent). Run: PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py
"""

import gc
import os
import random
import sys
import time
import tracemalloc

import caspian

DB = os.environ.get("CASPIAN_OVERHEAD_DB", "/tmp/caspian-overhead-bench")
NODES = 100_000
W2 = "MATCH (n {key: $k}) RETURN n.name"
ROWS = "UNWIND range(1, 1000000) AS i RETURN i, toString(i)"


def best_of(runs, fn):
    return min(fn() for _ in range(runs))


def clocks():
    return time.process_time(), time.perf_counter()


def per_call(n, fn):
    def run():
        cpu, wall = clocks()
        fn(n)
        cpu2, wall2 = clocks()
        return (cpu2 - cpu) / n, (wall2 - wall) / n
    return run


def lookups(db):
    if db.execute("MATCH (n:Person) RETURN count(n)").fetchone()[0] == 0:
        db.execute("UNWIND range(0, $n - 1) AS i "
                   "CREATE (:Person {key: 'k' + i, name: 'name' + i, age: i % 90})", {"n": NODES})
    stmt = db.prepare(W2)
    rng = random.Random(1)
    keys = ["k%d" % rng.randrange(NODES) for _ in range(100_000)]

    def prepared(n):
        for k in keys[:n]:
            stmt.execute({"k": k}).fetchone()

    def python_only(n):  # the interpreter's own cost of the same shape of call
        def f(params):
            return (params["k"],)
        for k in keys[:n]:
            f({"k": k})

    n = 100_000
    cpu, wall = (1e6 * t for t in best_of(5, per_call(n, prepared)))
    base, _ = (1e6 * t for t in best_of(5, per_call(n, python_only)))
    print(f"prepared point lookup from Python: {cpu:.2f} us CPU/statement ({wall:.2f} us wall); "
          f"a Python call of the same shape: {base:.2f} us")


def rows(db):
    def timed(label, convert):
        gc.collect()
        cpu, wall = clocks()
        size = len(convert(db.execute(ROWS)))
        cpu2, wall2 = clocks()
        gc.collect()
        tracemalloc.start()  # a second run for the memory: tracing slows the first
        out = convert(db.execute(ROWS))
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del out
        print(f"{label:10s} {size / (cpu2 - cpu) / 1e6:5.2f} M rows/s CPU "
              f"({size / (wall2 - wall) / 1e6:5.2f} wall)   Python memory held "
              f"{held / 2**20:6.1f} MiB, peak {peak / 2**20:6.1f} MiB")

    def iterate(result):
        n = 0
        for _ in result:
            n += 1
        return range(n)

    timed("iterate", iterate)
    timed("fetchall", lambda r: r.fetchall())
    timed("to_dicts", lambda r: r.to_dicts())
    timed("to_df", lambda r: r.to_df())


def main():
    with caspian.open(DB) as db:
        lookups(db)
    with caspian.open() as db:
        rows(db)
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
