"""Search through the whole application, in-process: ms per request of the search page, its JSON API and the title
suggestions, and optionally where the time goes (cProfile).

    PORTAL_VAR_DIR=/tmp/bigvar .venv/bin/python bench/search_profile.py            # after load_demo --all
    PORTAL_VAR_DIR=/tmp/bigvar .venv/bin/python bench/search_profile.py --profile  # plus the top functions

Requests go through Django's test client (every middleware, the view, the template; no HTTP server), one after the
other, for each query of bench/search_queries.txt; one untimed pass first, as a running worker is warm. As in
production, the per-process memory of lookups and the fragment cache are on (PORTAL_FRAGMENT_CACHE_SECONDS, here
over the local-memory cache of the one process instead of Redis).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time

os.environ.setdefault("PORTAL_FRAGMENT_CACHE_SECONDS", "600")

import django_setup  # noqa: F401  (sets Django up before the project's imports)
from django.conf import settings
from django.test import Client

ROUNDS = 3


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def requests(queries):
    """(kind, path, params) of every request of one pass."""
    for _, text in queries:
        yield "page", "/tim-kiem/", {"q": text}
        yield "api", "/api/tim-kiem/", {"q": text}
    for _, text in queries:
        for prefix in {text[:3], text[: len(text) // 2 + 1], text}:
            yield "suggest", "/api/goi-y/", {"q": prefix}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true", help="print the functions with the most cumulative time")
    parser.add_argument("--kind", choices=["page", "api", "suggest"], help="profile only this kind of request")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--out", help="also save the profile to this file (pstats format)")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    queries = django_setup.query_set()
    plan = list(requests(queries))
    for _, path, params in plan:  # warm: lexicon letters, remembered pages, compiled templates
        assert client.get(path, params).status_code == 200
    timings: dict[str, list[float]] = {}
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(ROUNDS):
        for kind, path, params in plan:
            profiling = profiler is not None and args.kind in (None, kind)
            start = time.perf_counter()
            if profiling:
                profiler.enable()
            client.get(path, params)
            if profiling:
                profiler.disable()
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
    print(f"queries: {len(queries)}  rounds: {ROUNDS}")
    for kind, values in timings.items():
        print(
            f"{kind:8s} n {len(values):4d}  p50 {statistics.median(values):6.2f} ms  "
            f"p95 {percentile(values, 0.95):6.2f} ms  mean {statistics.fmean(values):6.2f} ms"
        )
    if profiler is not None:
        if args.out:
            profiler.dump_stats(args.out)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
