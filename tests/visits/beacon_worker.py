"""One worker process sending beacons through the WSGI application the servers run (tests/visits/test_concurrency.py).

argv: page ids (comma-separated), own visitor count, shared visitor count, process number and, optionally, one
address for every visitor (otherwise each has an address of their own). Prints the number of non-200 answers.
"""

import io
import json
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    from portal.wsgi import application  # what the servers run, the beacon's short road included

    pages = [int(p) for p in sys.argv[1].split(",")]
    own, shared, number = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    one_address = sys.argv[5] if len(sys.argv) > 5 else None
    # Each visitor from an address of their own: one address brings only a few new visitors (the bound).
    visitors = [
        (f"Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36 khach-{number}-{v}", f"10.1.{number}.{v}")
        for v in range(own)
    ]
    visitors += [
        (f"Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 chung-{v}", f"10.2.0.{v}") for v in range(shared)
    ]
    failures = 0
    for repeat in range(3):  # every visitor views every page three times: one visit, one view per page
        for agent, address in visitors:
            for page in pages:
                body = json.dumps({"page": page}).encode()
                environ = {
                    "REQUEST_METHOD": "POST",
                    "PATH_INFO": "/api/thong-ke/",
                    "SERVER_NAME": "localhost",
                    "SERVER_PORT": "80",
                    "HTTP_HOST": "localhost",
                    "CONTENT_TYPE": "application/json",
                    "CONTENT_LENGTH": str(len(body)),
                    "HTTP_USER_AGENT": agent,
                    "REMOTE_ADDR": one_address or address,
                    "wsgi.input": io.BytesIO(body),
                    "wsgi.url_scheme": "http",
                    "wsgi.errors": sys.stderr,
                    "wsgi.version": (1, 0),
                    "wsgi.multithread": False,
                    "wsgi.multiprocess": True,
                    "wsgi.run_once": False,
                }
                statuses = []
                response = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
                b"".join(response)
                failures += not statuses[0].startswith("200")
    print(failures, flush=True)


if __name__ == "__main__":
    main()
