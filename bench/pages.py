"""Render the main page types in-process and report SQL queries and median render time.

    PORTAL_VAR_DIR=/tmp/bigvar .venv/bin/python bench/pages.py      # against a database loaded with load_demo --all

Application-only timings (no HTTP server, no cache); the production-stack benchmark with wrk comes later.
"""

import statistics
import time

import django_setup  # noqa: F401  (sets Django up before the project's imports)
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from portal.news.models import ArticlePage, CategoryPage

REPEAT = 20


def count_queries(client, url):
    executed = []

    def record(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(url).status_code
    return status, len(executed)


def main():
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    article = ArticlePage.objects.live().order_by("-published_at").first()
    category = CategoryPage.objects.live().order_by("-numchild").first()
    day = timezone.localtime(article.published_at).strftime("%Y/%m/%d")
    urls = ["/", category.url, category.url + "?page=50", article.url, f"/ngay/{day}/", "/rss/"]
    print(f"articles: {ArticlePage.objects.count()}  database: {connection.vendor}")
    for url in urls:
        client.get(url)
        status, queries = count_queries(client, url)
        timings = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        print(f"{url[:70]:70s} {status} queries={queries:3d} median={statistics.median(timings):6.1f} ms")


if __name__ == "__main__":
    main()
