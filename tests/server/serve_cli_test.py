"""`caspian serve` as a command: its startup line, SIGTERM and SIGINT stop it with exit 0, and a
server that cannot start exits 2 with a usage error and leaves no database behind.

Usage: serve_cli_test.py CASPIAN"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "served.db")
        for address, message in (("nonsense", "invalid address 'nonsense'"),
                                 ("0.0.0.0:0", "listening on '0.0.0.0' lets other machines in")):
            run = subprocess.run([binary, "serve", db, "--http", address], capture_output=True,
                                 text=True, timeout=30)
            if run.returncode != 2 or message not in run.stderr or os.path.exists(db):
                failures.append("--http %s: exit %d, stderr %r, database left: %s"
                                % (address, run.returncode, run.stderr, os.path.exists(db)))
        for sig, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT")):
            server = subprocess.Popen([binary, "serve", db, "--http", "127.0.0.1:0"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            line = server.stdout.readline()
            match = re.fullmatch(r"caspian serve: (http://127\.0\.0\.1:\d+), database (.*)\n", line)
            if not match or match.group(2) != db:
                failures.append("startup line %r" % line)
            else:
                request = urllib.request.Request(
                    match.group(1) + "/db/caspian/query/v2", method="POST",
                    data=b'{"statement": "CREATE (:Run) RETURN 1 AS one"}',
                    headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=10) as answer:
                    if answer.status != 202:
                        failures.append("a statement answered %d" % answer.status)
            server.send_signal(sig)
            code = server.wait(timeout=20)
            err = server.stderr.read()
            if code != 0 or "stopping (" + name + ")" not in err:
                failures.append("%s: exit %d, stderr %r" % (name, code, err))
        count = subprocess.run([binary, "query", db, "MATCH (r:Run) RETURN count(r) AS n",
                                "--format", "csv"], capture_output=True, text=True, timeout=30)
        if count.stdout.split() != ["n", "2"]:
            failures.append("the two servers' writes are not both there: %r" % count.stdout)
    for failure in failures:
        print("serve_cli_test: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
