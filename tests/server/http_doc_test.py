"""The curl examples of docs/server.md's "HTTP query API" section, run against `caspian serve` on
the example graph: each `$ curl ...` line of a ```console block must print the JSON below it.

Usage: http_doc_test.py CASPIAN EXAMPLES_DIR DOCS_SERVER_MD"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import ExampleServer  # noqa: E402


def examples(markdown):
    """(line number, command, expected output) of each console block of the HTTP section."""
    section = markdown.split("\n## HTTP query API\n", 1)[1].split("\n## ", 1)[0]
    first_line = markdown[:markdown.index(section)].count("\n") + 1
    found = []
    for match in re.finditer(r"```console\n(.*?)```", section, re.S):
        lines = match.group(1).splitlines()
        line = first_line + section[:match.start()].count("\n") + 1
        if not lines or not lines[0].startswith("$ "):
            raise SystemExit("docs/server.md:%d: a console block starts with `$ `" % line)
        found.append((line, lines[0][2:], "\n".join(lines[1:])))
    return found


def main():
    binary, examples_dir, doc = sys.argv[1:4]
    with open(doc, encoding="utf-8") as f:
        cases = examples(f.read())
    if len(cases) < 4:
        print("http_doc_test: expected the curl examples in %s, found %d" % (doc, len(cases)))
        return 1
    server = ExampleServer(binary, examples_dir)
    failures = 0
    try:
        for line, command, expected in cases:
            command = command.replace("http://localhost:7474", server.url)
            out = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                                 timeout=30).stdout
            try:
                same = json.loads(out) == json.loads(expected)
            except ValueError:
                same = False
            if not same:
                failures += 1
                print("docs/server.md:%d: %s\n  expected: %s\n  got:      %s"
                      % (line, command, expected, out.strip()))
    finally:
        server.stop()
    print("http_doc_test: %d of %d examples as documented" % (len(cases) - failures, len(cases)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
