# No reference or memory leaks over 100k calls: the process's resident memory and Python's own
# allocations (tracemalloc) stay flat.
import gc
import tracemalloc

import caspian


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def calls(db, n):
    stmt = db.prepare("MATCH (n:P {key: $k}) RETURN n, n.name AS name, [$x, 1.5, 'c'] AS l, "
                      "{d: date('2022-05-18')} AS m")
    for i in range(n):
        row = stmt.execute({"k": "p" + str(i % 10), "x": i}).fetchall()
        assert row[0][1] == "name" + str(i % 10)
        if i % 10 == 0:
            assert db.execute("RETURN $x AS x", {"x": i}).to_dicts() == [{"x": i}]
        if i % 100 == 0:
            try:
                db.execute("RETURN nope")
            except caspian.SemanticError:
                pass


def test_no_leaks_over_100k_calls(db):
    db.execute("UNWIND range(0, 9) AS i CREATE (:P {key: 'p' + i, name: 'name' + i})")
    calls(db, 5_000)  # warm up: caches, interned strings, the plan cache
    gc.collect()
    before = rss_bytes()
    calls(db, 100_000)
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 4 << 20, f"resident memory grew by {grown} bytes over 100k calls"

    tracemalloc.start()
    calls(db, 1_000)
    gc.collect()
    start, _ = tracemalloc.get_traced_memory()
    calls(db, 10_000)
    gc.collect()
    end, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert end - start < 64 << 10, f"Python allocations grew by {end - start} bytes"
