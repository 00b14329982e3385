"""Beacon throughput and exactness per counter backend: gunicorn on loopback, wrk for a fixed time.

    .venv/bin/python bench/beacon.py [--backend sqlite postgresql redis] [--seconds 30] [--connections 64]

For each backend: a fresh database (SQLite file, or PostgreSQL database ``bench_beacon``), one site and article,
gunicorn (production settings, --workers) and wrk with bench/beacon.lua, where every request is a new visitor.
Reports req/s, p50, p99, errors and non-2xx, and compares the visits recorded in the database with the beacons
wrk saw answered (wrk stops with up to --connections requests in flight, which the server may still count).
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
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
PORT = 8791


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


def measure(backend, seconds, connections, workers):
    with tempfile.TemporaryDirectory() as folder:
        env = environment(backend, Path(folder))
        page = prepare(backend, env)
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
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
                ],
                env,
            ).stdout
        finally:
            server.terminate()  # graceful: workers finish the requests they hold
            server.wait(timeout=60)
        result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
        answered = result["requests"] - result["non_2xx"]
        result.update(
            backend=backend,
            rps=round(result["requests"] / result["seconds"], 1),
            answered=answered,
            recorded=recorded(env, backend),
        )
        result["unanswered_recorded"] = result["recorded"] - answered  # in flight when wrk stopped: <= connections
        return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql", "redis"])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    for backend in args.backend:
        print(json.dumps(measure(backend, args.seconds, args.connections, args.workers)), flush=True)


if __name__ == "__main__":
    main()
