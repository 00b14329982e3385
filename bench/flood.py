"""A flood from one address: beacons that each carry a new user agent, through the WSGI application the servers run.

    .venv/bin/python bench/flood.py [--backend redis db] [--beacons 50000] [--redis-url redis://127.0.0.1:6379/14]

For each backend: a fresh SQLite database with one site and article (as bench/beacon.py prepares it), the production
settings, and --beacons beacons sent in one process to ``portal.wsgi.application`` from loopback with the same
X-Real-IP (nginx trusted on loopback, as deployed). Reports the beacons counted and what the flood left behind:
for Redis, DBSIZE of the database, the keys under the run's prefix and their MEMORY USAGE, and INFO memory's
used_memory (the whole server's, so other users of it show too) before and after; for the database, the rows of
the tables that remember visitors and addresses. The counts must stay at the per-address bound and the keys flat.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.beacon import environment, prepare  # noqa: E402  (one way to prepare a bench database)

ADDRESS = "203.0.113.66"
AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def redis_state(client, prefix):
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    return {
        "dbsize": client.dbsize(),
        "prefix_keys": len(keys),
        "prefix_bytes": sum(client.memory_usage(key) or 0 for key in keys),
        "used_memory": client.info("memory")["used_memory"],
    }


def database_state():
    from portal.visits import models

    tables = {name: getattr(models, name, None) for name in ("RecentVisitor", "RecentAddress")}
    return {name: model.objects.count() for name, model in tables.items() if model is not None}


def state(redis_client, prefix):
    return redis_state(redis_client, prefix) if redis_client else database_state()


def send_beacons(page, beacons):
    """The child: --beacons beacons through the WSGI application; prints what changed, as JSON."""
    import django

    django.setup()
    from django.conf import settings

    from portal.wsgi import application

    redis_client = None
    if settings.PORTAL_VISITS_BACKEND == "redis":
        import redis

        redis_client = redis.Redis.from_url(settings.PORTAL_VISITS_REDIS_URL)
    prefix = settings.PORTAL_VISITS_REDIS_PREFIX
    body = json.dumps({"page": int(page)}).encode()
    before = state(redis_client, prefix)
    counted, statuses, last = 0, {}, None
    answered = []

    def start_response(status, headers, exc_info=None):
        answered.append(status.split()[0])

    started = time.monotonic()
    for number in range(beacons):
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/thong-ke/",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_USER_AGENT": f"{AGENT} flood-{number}-{uuid.uuid4().hex[:8]}",
            "HTTP_X_REAL_IP": ADDRESS,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        answer = b"".join(application(environ, start_response))
        status = answered.pop()
        statuses[status] = statuses.get(status, 0) + 1
        if status == "200":
            last = json.loads(answer)
            counted += last.get("counted", False)
    seconds = time.monotonic() - started
    print(
        json.dumps(
            {
                "beacons": beacons,
                "seconds": round(seconds, 1),
                "statuses": statuses,
                "counted": counted,
                "last_answer": last,
                "before": before,
                "after": state(redis_client, prefix),
            }
        ),
        flush=True,
    )


def measure(backend, beacons, redis_url):
    with tempfile.TemporaryDirectory() as folder:
        env = environment("sqlite", Path(folder))
        if backend == "redis":
            env.update(
                PORTAL_VISITS_BACKEND="redis",
                REDIS_URL=redis_url,
                PORTAL_VISITS_REDIS_PREFIX=f"bench:flood:{uuid.uuid4().hex}",
            )
        page = prepare("sqlite", env)
        output = subprocess.run(
            [sys.executable, __file__, "--child", page, str(beacons)],
            env=env,
            cwd=ROOT,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
        result = {"backend": backend, **json.loads(output.strip().splitlines()[-1])}
        if backend == "redis":
            import redis

            client = redis.Redis.from_url(redis_url)
            keys = list(client.scan_iter(f"{env['PORTAL_VISITS_REDIS_PREFIX']}:*"))
            if keys:
                client.delete(*keys)
        return result


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
        send_beacons(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", nargs="+", choices=["redis", "db"], default=["redis", "db"])
    parser.add_argument("--beacons", type=int, default=50_000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    for backend in args.backend:
        print(json.dumps(measure(backend, args.beacons, args.redis_url)), flush=True)


if __name__ == "__main__":
    main()
