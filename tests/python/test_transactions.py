# Transactions: commit at the end of the block, rollback on an exception; readers in threads
# beside a writer; a process killed mid-transaction loses nothing it committed.
import os
import signal
import subprocess
import textwrap
import threading

import pytest

import caspian


def count(db, label):
    return db.execute(f"MATCH (n:{label}) RETURN count(n)").fetchone()[0]


def test_commit_and_rollback(db):
    with db.transaction() as tx:
        tx.execute("CREATE (:T {key: 'a'})")
        assert tx.execute("MATCH (n:T) RETURN n.key").fetchall() == [("a",)]
        assert count(db, "T") == 0  # not visible outside before the commit
    assert count(db, "T") == 1
    with pytest.raises(RuntimeError):
        with db.transaction() as tx:
            tx.execute("CREATE (:T {key: 'b'})")
            raise RuntimeError("rolled back")
    assert count(db, "T") == 1
    tx = db.transaction()
    with pytest.raises(caspian.UsageError, match="not begun"):
        tx.execute("RETURN 1")
    with tx:
        tx.execute("CREATE (:T {key: 'c'})")
        tx.rollback()
    with pytest.raises(caspian.UsageError, match="ended"):
        tx.execute("RETURN 1")
    assert count(db, "T") == 1


def test_failed_statement_in_a_transaction_is_undone_alone(db):
    with db.transaction() as tx:
        tx.execute("CREATE (:T {key: 'a'})")
        with pytest.raises(caspian.ConstraintError):
            tx.execute("CREATE (:T {key: 'b'}), (:T {key: 'a'})")
        tx.execute("CREATE (:T {key: 'c'})")
    assert sorted(db.execute("MATCH (n:T) RETURN n.key").fetchall()) == [("a",), ("c",)]


def test_threads_read_while_one_writes(db):
    rounds = 150
    errors = []
    done = threading.Event()

    def writer():
        try:
            for i in range(rounds):
                with db.transaction() as tx:
                    tx.execute("CREATE (:W {i: $i}), (:W {i: $i})", {"i": i})
        except Exception as e:  # reported by the main thread
            errors.append(e)
        finally:
            done.set()

    def reader(seen):
        try:
            last = 0
            while not done.is_set() or last < 2 * rounds:
                n = count(db, "W")
                # Each commit adds two nodes at once and readers never go back in time.
                assert n % 2 == 0 and n >= last, (n, last)
                last = n
                seen.append(n)
        except Exception as e:
            errors.append(e)

    seen = [[] for _ in range(3)]
    threads = [threading.Thread(target=reader, args=(s,)) for s in seen]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(s[-1] == 2 * rounds for s in seen)


CHILD = textwrap.dedent("""
    import sys, time
    import caspian
    db = caspian.open(sys.argv[1])
    i = 0
    while True:
        with db.transaction() as tx:
            tx.execute("CREATE (:C {i: $i})", {"i": i})
            tx.execute("UNWIND range(1, 50) AS j CREATE (:U {i: $i, j: j})", {"i": i})
        print(i, flush=True)
        i += 1
""")


def test_killed_process_loses_nothing_committed(tmp_path, python):
    path = str(tmp_path / "g")
    child = subprocess.Popen([python, "-c", CHILD, path], stdout=subprocess.PIPE, text=True,
                             env=os.environ)
    try:
        printed = [child.stdout.readline() for _ in range(40)]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert printed[-1] == "39\n"
    with caspian.open(path) as db:
        committed = count(db, "C")
        assert committed >= 40
        # Each transaction is all or nothing: 50 :U per :C.
        assert count(db, "U") == 50 * committed
        assert db.check()["sound"]
