"""A throw-away PostgreSQL server of a test's own, which it may stop and restart (never the machine's cluster).

Debian's server binaries, a data folder in a fresh temporary folder, the socket beside it and a free loopback port.
PostgreSQL refuses to run as root, so as root (CI, this machine) everything runs as the ``postgres`` user.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.stack import HOST, free_port

BINARIES = Path(os.environ.get("PORTAL_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    return all((BINARIES / name).is_file() for name in ("initdb", "pg_ctl", "postgres"))


class OwnPostgres:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def server_url(self) -> str:
        """The server's URL without a database name, as bench.stack.Stack takes it."""
        return f"postgres://postgres@{HOST}:{self.port}/"

    def _run(self, program, *arguments):
        command = [str(BINARIES / program), *arguments]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def _pg_ctl(self, action, *arguments):
        return self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", "60", *arguments)

    def start(self):
        if not self.data.exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-sync",
            )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg_ctl("start", "-l", str(self.folder / "server.log"), "-o", options)

    def stop(self, mode="fast"):
        self._pg_ctl("stop", "-m", mode)

    def restart(self):
        self._pg_ctl("restart", "-m", "fast", "-l", str(self.folder / "server.log"))  # same options as at start

    def remove(self):
        """Stop the server if it runs, and delete everything it wrote."""
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
