"""The application server's one command line: systemd (deploy/), `make bench` and the tests all start it here.

    python -m portal.delivery.appserver --port 8001

granian, one worker per process: inside one multi-worker granian every keep-alive connection went to the same
worker (emmett-framework/granian#849), so an installation runs one process per port behind nginx's upstream
(deploy/nginx/portal.conf), which also lets the processes be restarted one at a time without a gap.
"""

import argparse
import os
import sys
from pathlib import Path


def command(port: int, host: str = "127.0.0.1", workers: int = 1, log_level: str = "warning") -> list[str]:
    """granian's argument list for ``portal.wsgi:application`` on host:port."""
    return [
        str(Path(sys.executable).with_name("granian")),
        "--interface",
        "wsgi",
        "portal.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        # One thread per worker: pages are CPU-bound under the GIL; more threads only add switching.
        "--blocking-threads",
        "1",
        "--log-level",
        log_level,
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve the portal with granian (one worker per process).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    argv = command(args.port, args.host, log_level=args.log_level)
    # Replace this process: systemd's stop signal (SIGTERM, a graceful stop) reaches granian itself.
    os.execv(argv[0], argv)  # noqa: S606  (a fixed program of this venv, with arguments of our own making)


if __name__ == "__main__":
    main()
