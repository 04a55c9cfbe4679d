# Ctrl-C cancels the running statement and the database stays usable. The timer thread runs
# Python (and a statement of its own) while the main thread is in the engine: only with the GIL
# released can it send the signal before the statement's 20 s timeout.
import subprocess
import textwrap

CHILD = textwrap.dedent("""
    import os, signal, threading
    import caspian
    db = caspian.open()
    db.execute("CREATE (:P {key: 'p'})")
    beside = []
    def interrupt():
        beside.append(db.execute("MATCH (n:P) RETURN n.key").fetchone())
        os.kill(os.getpid(), signal.SIGINT)
    threading.Timer(0.2, interrupt).start()
    try:
        db.execute("UNWIND range(1, 10000000000) AS i WITH i WHERE i < 0 RETURN count(*)",
                   timeout=20).fetchall()
        print("finished")
    except KeyboardInterrupt:
        print("interrupted")
    except caspian.ResourceError as e:
        print("timed out:", e.message)
    print(beside, db.execute("MATCH (n:P) RETURN n.key").fetchall())
    db.close()
""")


def test_ctrl_c_cancels_the_running_statement(python):
    out = subprocess.run([python, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert out.stdout == "interrupted\n[('p',)] [('p',)]\n", out.stderr


WRITER = textwrap.dedent("""
    import os, signal, sys, threading
    import caspian
    db = caspian.open(sys.argv[1])
    threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    try:
        db.execute("UNWIND range(1, 100000000) AS i CREATE (:N {i: i})", timeout=20,
                   max_memory=64 << 20)
    except KeyboardInterrupt:
        print("interrupted")
    except caspian.ResourceError as e:
        print("resource:", e.message)
    print(db.execute("MATCH (n:N) RETURN count(n)").fetchone()[0])
""")


def test_cancelled_write_writes_nothing(python, tmp_path):
    out = subprocess.run([python, "-c", WRITER, str(tmp_path / "g")], capture_output=True,
                         text=True, timeout=60)
    lines = out.stdout.splitlines()
    assert lines[-1] == "0", out.stderr
    assert lines[0] in ("interrupted",) or lines[0].startswith("resource:"), out.stdout
