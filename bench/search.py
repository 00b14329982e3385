"""Search latency on the installation's own index (SQLite database and tantivy index of PORTAL_VAR_DIR).

    PORTAL_VAR_DIR=/tmp/bigvar .venv/bin/python bench/search.py          # after load_demo --all

Reports p50 and p95 per query kind and overall for analyse + search + loading the page objects of the first results
page, and for the engine alone (analyse + search), over ROUNDS passes of the fixed set in bench/search_queries.txt.
"""

import statistics
import time

import django_setup  # noqa: F401  (sets Django up before the project's imports)
from wagtail.models import Site

from portal.search import index_sync
from portal.search.documents import SearchFilters
from portal.search.restoration import prepare_query
from portal.search.results import resolve

ROUNDS = 5


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main():
    index = index_sync.searchable_index()
    site = Site.objects.get(is_default_site=True)
    filters = SearchFilters(site_id=site.pk)
    queries = django_setup.query_set()
    # One untimed pass, as a running worker is warm: the diacritic lexicon loads per first letter on first use.
    for _, text in queries:
        index.search(prepare_query(index, text)[0], filters, limit=20)
    timings: dict[str, list[float]] = {}
    engine: list[float] = []
    for _ in range(ROUNDS):
        for kind, text in queries:
            start = time.perf_counter()
            query, _ = prepare_query(index, text)
            hits = index.search(query, filters, limit=20)
            engine.append((time.perf_counter() - start) * 1000)
            resolve(hits.keys)
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
    every = [t for values in timings.values() for t in values]
    documents = index.doc_count()
    print(f"documents indexed: {documents}  queries: {len(queries)} x {ROUNDS} rounds")
    for kind, values in [*timings.items(), ("all", every), ("engine only", engine)]:
        print(
            f"{kind:10s} p50 {statistics.median(values):6.2f} ms  p95 {percentile(values, 0.95):6.2f} ms  "
            f"max {max(values):6.2f} ms"
        )


if __name__ == "__main__":
    main()
