"""Beacon throughput and exactness per counter backend: the application server on loopback, wrk for a fixed time.

    .venv/bin/python bench/beacon.py [--backend sqlite postgresql redis] [--seconds 30] [--connections 64]
                                     [--server granian|gunicorn|gunicorn-gthread] [--processes 2] [--unique-agents]

For each backend: a fresh database (SQLite file, or PostgreSQL database ``bench_beacon``), one site and article,
the application server with production settings (default: two single-worker granian processes sharing the port)
and wrk with bench/beacon.lua, where every request is a beacon from a new visitor (a new X-Real-IP, as nginx
passes it; user agents from a pool of real browsers). After a 5-second warm-up with other visitors, wrk runs for
--seconds. Reports req/s, p50, p99, errors and non-2xx, and compares the visits recorded in the database with the
beacons wrk saw answered (wrk stops with up to --connections requests in flight, which the server still counts).
Needs wrk (apt-get install wrk) and, for the redis backend, Redis at 127.0.0.1:6379.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.delivery import appserver  # noqa: E402  (the one granian command line)

POSTGRES = "postgres://postgres@127.0.0.1:5432/"
PORT = 8791
WARM_UP_SECONDS = 5


def environment(backend, folder):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "PORTAL_VAR_DIR": str(folder),
        "PORTAL_VISITS_BACKEND": "redis" if backend == "redis" else "db",
        "PYTHONPATH": str(ROOT),
        "PORTAL_CLIENT_ADDRESS_HEADER": "HTTP_X_REAL_IP",  # as behind nginx; wrk sends X-Real-IP
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",  # wrk, on loopback, stands in for nginx
    }
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        env["DATABASE_URL"] = POSTGRES + "bench_beacon"
    if backend == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
        env["PORTAL_VISITS_REDIS_PREFIX"] = f"bench:{uuid.uuid4().hex}"
    return env


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kwargs)


def django(env, code):
    return run([sys.executable, "-c", f"import django; django.setup(); {code}"], env).stdout.strip()


def prepare(backend, env):
    if backend != "sqlite":
        subprocess.run(["psql", POSTGRES + "postgres", "-qc", "DROP DATABASE IF EXISTS bench_beacon"], check=True)
        subprocess.run(["psql", POSTGRES + "postgres", "-qc", "CREATE DATABASE bench_beacon"], check=True)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([sys.executable, "manage.py", "load_demo", "--limit", "0", "-v0"], env)
    return django(env, "from portal.news.models import ArticlePage; print(ArticlePage.objects.first().pk)")


def recorded(env, backend):
    code = "from wagtail.models import Site; from portal.visits.models import SiteVisitCounter; "
    if backend == "redis":
        code += "from portal.visits.counting import counter; counter().flush(Site.objects.get(is_default_site=True)); "
    code += "print(SiteVisitCounter.objects.get(site__is_default_site=True).counted_total)"
    return int(django(env, code))


def server_command(name, workers):
    binary = str(Path(sys.executable).with_name(name.split("-")[0]))
    if name == "granian":
        return appserver.command(PORT, workers=workers)
    threads = ["--worker-class", "gthread", "--threads", "4"] if name == "gunicorn-gthread" else []
    return [
        binary,
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(workers),
        *threads,
        "--log-level",
        "warning",
    ]


def wrk(env, page, seconds, connections, unique_agents, first_octet):
    output = run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            "bench/beacon.lua",
            f"http://127.0.0.1:{PORT}",
            "--",
            page,
            "unique" if unique_agents else "pool",
            str(first_octet),
        ],
        env,
    ).stdout
    return json.loads(output.split("RESULT ", 1)[1].splitlines()[0])


def measure(backend, seconds, connections, processes, server_name, unique_agents):
    with tempfile.TemporaryDirectory() as folder:
        env = environment(backend, Path(folder))
        page = prepare(backend, env)
        # granian: single-worker processes sharing one port (SO_REUSEPORT), so that the kernel spreads the
        # connections; inside one multi-worker granian every keep-alive connection went to the same worker.
        commands = [server_command(server_name, processes)]
        if server_name == "granian":
            commands = [server_command(server_name, 1)] * processes
        servers = [subprocess.Popen(command, env=env, cwd=ROOT) for command in commands]
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            # Servers run for days: warm them up (imports, connections, remembered lookups) with other visitors.
            wrk(env, page, WARM_UP_SECONDS, connections, unique_agents, first_octet=11)
            before = recorded(env, backend)
            result = wrk(env, page, seconds, connections, unique_agents, first_octet=10)
        finally:
            for server in servers:
                server.terminate()  # graceful: workers finish the requests they hold
            for server in servers:
                server.wait(timeout=60)
        answered = result["requests"] - result["non_2xx"]
        result.update(
            backend=backend,
            server=f"{server_name} x{processes}",
            rps=round(result["requests"] / result["seconds"], 1),
            answered=answered,
            recorded=recorded(env, backend) - before,
        )
        result["unanswered_recorded"] = result["recorded"] - answered  # in flight when wrk stopped: <= connections
        return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql", "redis"])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2, help="granian processes, or gunicorn workers")
    parser.add_argument("--server", choices=["granian", "gunicorn", "gunicorn-gthread"], default="granian")
    parser.add_argument(
        "--unique-agents", action="store_true", help="a user agent per request (crawler check uncached)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    for backend in args.backend:
        print(
            json.dumps(
                measure(backend, args.seconds, args.connections, args.processes, args.server, args.unique_agents)
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
