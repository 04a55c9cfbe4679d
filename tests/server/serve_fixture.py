"""`caspian serve` on the example graph for the Python tests of tests/server/: a fresh database
loaded from examples/azerbaijan-visit.cq, the server on a free port, stopped by SIGINT."""
import os
import re
import shutil
import signal
import subprocess
import tempfile


class ExampleServer:
    def __init__(self, binary, examples_dir):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="caspian-serve-test-")
        self.db = os.path.join(self.dir, "example.db")
        subprocess.run([binary, "run", self.db, os.path.join(examples_dir, "azerbaijan-visit.cq")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.process = subprocess.Popen([binary, "serve", self.db, "--http", "127.0.0.1:0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.match(r"caspian serve: (http://127\.0\.0\.1:\d+), database (.*)$", line)
        if not match:
            self.process.kill()
            raise RuntimeError("unexpected startup line %r; stderr: %s"
                               % (line, self.process.stderr.read()))
        self.url = match.group(1)

    def stop(self):
        """SIGINT, as Ctrl-C: the server must exit 0 and say so on stderr."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        err = self.process.stderr.read()
        shutil.rmtree(self.dir, ignore_errors=True)
        if code != 0:
            raise RuntimeError("caspian serve exited %d after SIGINT: %s" % (code, err))
        return err
