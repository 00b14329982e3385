"""On PostgreSQL, every listing reads its page from one range of one listing index, whatever the corpus size.

The plans checked are those of the SQL the listing functions really run (captured while they run), on tables
large and ANALYZEd enough for the planner to choose freely: no planner setting is changed. A sequential scan of
news_articlepage or wagtailcore_page, or sorting a whole category, would make a page cost more as the corpus grows.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.news import listings
from portal.news.archive import published_on
from portal.news.bulk import append_children
from portal.news.feeds import ArticleFeed
from portal.news.models import ArticlePage, placement_under
from tests.factories import local_dt, make_article, make_category, make_site

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="checks PostgreSQL's query plans")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="checks SQLite's query plans")

# Articles are made by the portal's own code (append_children, so ArticlePage.save), SEEDS per category, then
# copied in SQL below the same category, further back in time: 30,250 articles in categories of 1,250 to 5,250,
# about the demo corpus (33,500 articles, categories of 1,200 to 4,500). At half that size the planner rightly
# prefers reading whole tables for a page 50 (a thousand rows of the category) or a count (all of them); built
# article by article, a corpus that size would take minutes.
SEEDS = 250
COPIES = {"news": 15, "wards": 4, "culture": 19, "sport": 19, "village": 19, "economy": 19, "health": 19}
SCANNED_TABLES = {"news_articlepage", "wagtailcore_page"}
NEWEST = local_dt(2024, 6, 30, 20)
HOURS_APART = 7


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_corpus()
        transaction.set_rollback(True)


def build_corpus():
    _, home = make_site("huongtra.example.vn", "Thị xã Hương Trà")
    _, other_home = make_site("binhtien.example.vn", "Xã Bình Tiến", default=False)
    news = make_category(home, "Tin tức - Sự kiện")
    categories = {
        "news": news,
        "wards": make_category(news, "Tin phường xã"),
        "culture": make_category(home, "Văn hóa"),
        "sport": make_category(home, "Thể thao"),
        "village": make_category(other_home, "Tin xã"),
        "economy": make_category(other_home, "Kinh tế"),
        "health": make_category(other_home, "Y tế"),
    }
    for offset, (name, category) in enumerate(categories.items()):
        seeds = [
            ArticlePage(
                title=f"Tin {name} {i}",
                slug=f"tin-{name}-{i}",
                live=True,
                published_at=NEWEST - datetime.timedelta(hours=HOURS_APART * i + offset),
                featured=i % 25 == 0,
            )
            for i in range(SEEDS)
        ]
        append_children(category, seeds)
        copy_children(category, seeds, COPIES[name])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page, news_articlepage, news_categorypage, news_homepage")
    return home, other_home, categories


def copy_children(parent, seeds, copies):
    """Append ``copies`` copies of the ``seeds`` (children of ``parent``) to it, each copy older than the last.

    Every column is copied but the tree position, slug, translation key and dates; the placement columns stay
    right since the copies share the seeds' parent (checked below).
    """
    last_step = Page._str2int(parent.get_last_child().path[-Page.steplen :])
    seed_ids, paths, slugs, url_paths, hours = [], [], [], [], []
    for copy in range(1, copies + 1):
        for step, seed in enumerate(seeds, start=1):
            seed_ids.append(seed.pk)
            paths.append(Page._get_path(parent.path, parent.depth + 1, last_step + (copy - 1) * len(seeds) + step))
            slugs.append(f"{seed.slug}-{copy}")
            url_paths.append(f"{parent.url_path}{seed.slug}-{copy}/")
            hours.append(copy * len(seeds) * HOURS_APART)
    moved_back = "{} - make_interval(hours => copied.hours)"
    page_values = {
        "path": "copied.path",
        "slug": "copied.slug",
        "url_path": "copied.url_path",
        "translation_key": "gen_random_uuid()",
        "first_published_at": moved_back.format("page.first_published_at"),
        "last_published_at": moved_back.format("page.last_published_at"),
    }
    article_values = {"page_ptr_id": "copy.id", "published_at": moved_back.format("article.published_at")}
    quote = connection.ops.quote_name
    page_columns = [field.column for field in Page._meta.concrete_fields if not field.primary_key]
    article_columns = [field.column for field in ArticlePage._meta.local_concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO wagtailcore_page ({', '.join(map(quote, page_columns))}) "
            f"SELECT {', '.join(page_values.get(c, f'page.{quote(c)}') for c in page_columns)} "
            "FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::int[]) "
            "AS copied(seed, path, slug, url_path, hours) JOIN wagtailcore_page page ON page.id = copied.seed",
            [seed_ids, paths, slugs, url_paths, hours],
        )
        cursor.execute(
            f"INSERT INTO news_articlepage ({', '.join(map(quote, article_columns))}) "
            f"SELECT {', '.join(article_values.get(c, f'article.{quote(c)}') for c in article_columns)} "
            "FROM unnest(%s::int[], %s::text[], %s::int[]) AS copied(seed, path, hours) "
            "JOIN news_articlepage article ON article.page_ptr_id = copied.seed "
            "JOIN wagtailcore_page copy ON copy.path = copied.path",
            [seed_ids, paths, hours],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(paths))
    copied = ArticlePage.objects.get(path=paths[-1])
    expected = placement_under(parent.path)
    assert {field: getattr(copied, field) for field in expected} == expected
    assert copied.listed and copied.published_at < seeds[-1].published_at


def article_queries(run):
    """The SQL ``run`` sends that reads articles (not its look-ups of categories or restrictions)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    queries = [query["sql"] for query in captured if "news_articlepage" in query["sql"]]
    assert queries
    return queries


def plan_nodes(sql, analyze=False):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}" if analyze else f"EXPLAIN (FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    nodes, pending = [], [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        nodes.append(node)
        pending.extend(node.get("Plans", []))
    return nodes


def article_index_names():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "news_articlepage")
    return {name for name, info in constraints.items() if info["index"]}


def assert_reads_one_index_range(sql, index, ordered=True):
    """``sql`` reads news_articlepage through ``index`` alone and, if ``ordered``, already in the listing's order.

    A count has no order: it may read its range through a bitmap, since without the visibility map VACUUM keeps
    (none inside a test's transaction) an index-only scan still visits the table.
    """
    nodes = plan_nodes(sql)
    summary = [(n["Node Type"], n.get("Relation Name"), n.get("Index Name")) for n in nodes]
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in SCANNED_TABLES], summary
    used = [n for n in nodes if n.get("Index Name") in article_index_names()]
    assert [n["Index Name"] for n in used] == [index], summary
    if sql.startswith("SELECT COUNT(*)"):
        assert "wagtailcore_page" not in sql, sql  # nothing but the index is needed, once vacuumed
    elif ordered:
        assert used[0]["Node Type"] in {"Index Scan", "Index Only Scan"}, summary
        assert not [n for n in nodes if n["Node Type"] in {"Sort", "Incremental Sort"}], summary


def page_of(page, number=None, **kwargs):
    request = RequestFactory().get("/", {"page": number} if number else {})
    return lambda: list(listings.paginate_under(request, page, **kwargs))


@on_postgresql
def test_category_pages_read_their_category_index(corpus):
    home, _, categories = corpus
    max_pages = listings.CATEGORY_MAX_PAGES
    for category, index, numbers in (
        (categories["news"], "article_top_newest_idx", (None, "50")),  # outermost, with a subcategory
        (categories["culture"], "article_category_newest_idx", (None, "50")),  # outermost, no subcategory
        (categories["wards"], "article_category_newest_idx", (None,)),  # nested
    ):
        for number in numbers:
            queries = article_queries(page_of(category, number, max_pages=max_pages))
            assert [sql.startswith("SELECT COUNT(*)") for sql in queries] == [True, False]
            for sql in queries:
                assert_reads_one_index_range(sql, index)
            if number:
                assert queries[1].endswith("LIMIT 20 OFFSET 980")


@on_postgresql
def test_home_page_reads_the_site_and_section_indexes(corpus):
    home, _, _ = corpus
    (featured,) = article_queries(lambda: listings.featured_articles(home))
    assert_reads_one_index_range(featured, "article_featured_newest_idx")
    sections = article_queries(lambda: listings.latest_by_category(home))
    assert len(sections) == 3
    for sql in sections:
        assert_reads_one_index_range(sql, "article_top_newest_idx")
    (feed,) = article_queries(lambda: list(ArticleFeed(home).items()))
    assert_reads_one_index_range(feed, "article_site_newest_idx")


@on_postgresql
def test_date_page_reads_the_site_index(corpus):
    home, other_home, _ = corpus
    for site_home in (home, other_home):
        queries = article_queries(page_of(site_home, where=published_on(datetime.date(2024, 6, 1))))
        assert len(queries) == 2
        for sql in queries:
            # One day's range of the index: the planner may sort those few rows rather than walk them in order.
            assert_reads_one_index_range(sql, "article_site_newest_idx", ordered=False)


@on_postgresql
def test_other_articles_read_the_category_index(corpus):
    _, _, categories = corpus
    for name, index in (("wards", "article_category_newest_idx"), ("culture", "article_top_newest_idx")):
        category = categories[name]
        article = ArticlePage.objects.filter(category=category).order_by("-published_at")[300]
        (sql,) = article_queries(lambda: listings.other_articles(article, category, 10))
        assert_reads_one_index_range(sql, index)


@on_postgresql
def test_finding_a_page_by_its_url_reads_one_slug_entry(corpus):
    """Wagtail routes /category/article/ by slug among each parent's children. The children's path range holds
    every descendant of the parent, and PostgreSQL misjudged it at 33,500 articles (a bitmap of 33,000 entries per
    request); news.0005's (slug, path) index lets it read a handful."""
    home, _, categories = corpus
    category = categories["culture"]
    article = ArticlePage.objects.filter(category=category).order_by("-published_at")[300]
    for parent, slug in ((home, category.slug), (category, article.slug)):
        with CaptureQueriesContext(connection) as captured:
            assert parent.get_children().get(slug=slug).pk in {category.pk, article.pk}
        (sql,) = [query["sql"] for query in captured]
        nodes = plan_nodes(sql, analyze=True)
        summary = [(n["Node Type"], n.get("Index Name"), n["Actual Rows"]) for n in nodes]
        # Not the children's path range (every descendant of the site): a slug-led index, a handful of entries.
        assert "wagtailcore_page_path_key" not in {n.get("Index Name") for n in nodes}, summary
        assert max(n["Actual Rows"] for n in nodes if "Index" in n["Node Type"]) <= 5, summary


@on_sqlite
def test_sqlite_walks_the_same_indexes_in_order(site_tree):
    """SQLite's planner has no statistics to weigh here: it takes the index that answers filter and order."""
    _, home, news = site_tree
    wards = make_category(news, "Tin phường xã")
    for i in range(30):
        make_article(news if i % 3 else wards, published_at=local_dt(2022, 12, 1 + i % 20), featured=i % 4 == 0)
    article = ArticlePage.objects.filter(category=wards).first()
    expectations = [
        (page_of(news, "2", max_pages=listings.CATEGORY_MAX_PAGES), "article_top_newest_idx"),
        (page_of(wards, max_pages=listings.CATEGORY_MAX_PAGES), "article_category_newest_idx"),
        (page_of(home, where=published_on(datetime.date(2022, 12, 3))), "article_site_newest_idx"),
        (lambda: listings.featured_articles(home), "article_featured_newest_idx"),
        (lambda: listings.latest_by_category(home), "article_top_newest_idx"),
        (lambda: listings.other_articles(article, wards, 10), "article_category_newest_idx"),
    ]
    for run, index in expectations:
        for sql in article_queries(run):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert f"news_articlepage USING COVERING INDEX {index}" in plan or (
                f"news_articlepage USING INDEX {index}" in plan
            ), plan
            assert "TEMP B-TREE" not in plan and "SCAN wagtailcore_page" not in plan, plan
