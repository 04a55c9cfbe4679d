# docs/python.md's ```python blocks run in order in one namespace (from the repository root,
# where the examples' paths point), and README.md's Python command prints what it says.
import os
import re
import subprocess

from conftest import SOURCE_DIR


def blocks(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for match in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M):
        line = text.count("\n", 0, match.start()) + 2
        yield line, match.group(1)


def test_python_md_examples_run(monkeypatch):
    monkeypatch.chdir(SOURCE_DIR)
    path = os.path.join(SOURCE_DIR, "docs", "python.md")
    found = list(blocks(path))
    assert len(found) >= 5
    namespace = {}
    for line, code in found:
        # Padding keeps tracebacks at the block's line numbers in docs/python.md.
        exec(compile("\n" * (line - 1) + code, path, "exec"), namespace)


def test_readme_python_command(python):
    with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    command = re.search(r'/usr/bin/python3 -c "(import caspian;[^"]*)"', readme)
    assert command, "README.md shows no python3 -c \"import caspian; ...\" command"
    out = subprocess.run([python, "-c", command.group(1)], capture_output=True, text=True,
                         env=os.environ, timeout=60)
    assert out.stdout == "[(1,)]\n", out.stderr
