"""One worker process sending beacons through the WSGI application the servers run (tests/visits/test_concurrency.py).

argv: page ids (comma-separated), own visitor count, shared visitor count, process number. Prints the number of
non-200 answers.
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
    agents = [
        f"Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36 khach-{number}-{v}" for v in range(own)
    ]
    agents += [f"Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 chung-{v}" for v in range(shared)]
    failures = 0
    for repeat in range(3):  # every visitor views every page three times: one visit, one view per page
        for agent in agents:
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
                    "REMOTE_ADDR": "203.0.113.10",
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
