"""The home, category and article pages cost a fixed number of SQL queries, whatever the corpus size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.delivery import generations
from tests.factories import local_dt, make_article, make_category

MAX_QUERIES = 30


def count_queries(client, url):
    # Warm per-process caches (site root paths, locales, what memo.py remembers) so only the page's own work is
    # counted: three times, since the first read of a site's settings creates them (a change that forgets the rest),
    # the next remembers the URL's route and the one after that the page it leads to.
    for _ in range(3):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_articles(categories, count, start):
    for i in range(count):
        category = categories[i % len(categories)]
        make_article(category, published_at=local_dt(2022, 3, 1, i % 24), featured=i % 3 == 0)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_articles(client, site_tree, monkeypatch):
    # Right after an edit, remembered entries live only seconds (the settle window, delivery/generations.py); on a
    # busy machine one could expire between the warm-up and the count. Counting is about steady state.
    monkeypatch.setattr(generations, "SETTLE_SECONDS", 0)
    _, home, news = site_tree
    categories = [news, make_category(home, "Văn hóa"), make_category(news, "Tin phường xã")]
    add_articles(categories, 6, 0)
    article = make_article(news, title="Bài đo")
    urls = ["/", news.url, article.url, "/ngay/2022/03/01/", "/rss/"]
    small = {url: count_queries(client, url) for url in urls}

    add_articles(categories, 60, 6)
    large = {url: count_queries(client, url) for url in urls}

    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
