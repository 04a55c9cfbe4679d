"""Python module overhead: a prepared point lookup per statement (against overhead_bench's C++
BM_W2_Prepared on the same database), and rows/s for tuples, dicts and a DataFrame over a
1M-row result, with the memory each holds. Fixed data (the graph of overhead_bench, built here
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


def per_call(n, fn):
    def run():
        start = time.perf_counter()
        fn(n)
        return (time.perf_counter() - start) / n
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
    us = 1e6 * best_of(5, per_call(n, prepared))
    base = 1e6 * best_of(5, per_call(n, python_only))
    print(f"prepared point lookup from Python: {us:.2f} us/statement "
          f"(a Python call of the same shape: {base:.2f} us)")


def rows(db):
    def timed(label, convert):
        gc.collect()
        start = time.perf_counter()
        size = len(convert(db.execute(ROWS)))
        seconds = time.perf_counter() - start
        gc.collect()
        tracemalloc.start()  # a second run for the memory: tracing slows the first
        out = convert(db.execute(ROWS))
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del out
        print(f"{label:10s} {size / seconds / 1e6:6.2f} M rows/s   Python memory held "
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
