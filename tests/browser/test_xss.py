"""64 XSS payloads in every place text reaches a reader, rendered by a real Chromium: no script may run.

Payloads go into titles, leads, bylines (author and department), rich-text bodies saved by an editor and HTML
brought in by the bulk importer, the search query and the date-archive URL. Each payload, if it ran, would set
``window.__xss`` or open a dialog; the page is also inspected for handlers and script URLs that only wait for a click.
The browser ignores the Content-Security-Policy here: the policy is a second wall, and this test is about the first
one (sanitising and escaping), which must hold on its own.
"""

from urllib.parse import quote

import pytest
from django.test import Client

from portal.news.bulk import append_children
from portal.news.models import ArticlePage, Department
from tests.factories import local_dt, make_article, make_category, make_site
from tests.safety.payloads import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = 8  # payloads per article: 64 payloads, 8 articles
DAY = (2022, 12, 15)
# Elements and attributes through which markup runs script; the portal's own scripts are external files under /static/.
INSPECT = """() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        const tag = el.tagName.toLowerCase();
        if (["iframe", "object", "embed", "base", "svg", "math"].includes(tag)) found.push(tag);
        if (tag === "meta" && el.httpEquiv) found.push("meta http-equiv");
        const ownScript = tag === "script" && (el.src.includes("/static/") || el.type === "application/ld+json");
        if (tag === "script" && !ownScript) found.push("script");
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
            if (attr.name.startsWith("on") || attr.name === "srcdoc") found.push(`${tag} ${attr.name}`);
            const scriptUrl = /^(javascript|vbscript|data):/.test(value) && attr.name !== "content";
            if (scriptUrl) found.push(`${tag} ${attr.name}`);
        }
    }
    return found;
}"""


def groups():
    return [PAYLOADS[start : start + GROUP] for start in range(0, len(PAYLOADS), GROUP)]


def article_fields(index, payloads):
    text = " ".join(payloads)
    return {
        # "Kiểm tra" in every title, so one search lists them all.
        "title": f"Kiểm tra {index} {text}"[:255],
        "lead": text,
        "author_name": text[:255],
        "department": Department.objects.create(short_name=f"{index} {payloads[0]}"[:100]),
        "body": [
            {"type": "paragraph", "value": "".join(f"<p>{payload}</p>" for payload in payloads)},
            {"type": "quote", "value": {"text": text, "attribution": payloads[-1]}},
            {
                "type": "table",
                "value": {"data": [payloads[:4], payloads[4:]], "first_row_is_table_header": True},
            },
        ],
    }


@pytest.fixture
def reader(chromium):
    """A browser tab that ignores CSP and records every dialog a payload might open."""
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture
def xss_site(live_server):
    """Half the articles saved as an editor saves them, half through the bulk importer (raw imported HTML)."""
    _, home = make_site()
    category = make_category(home)
    imported = []
    for index, payloads in enumerate(groups()):
        fields = article_fields(index, payloads)
        if index % 2:
            make_article(category, published_at=local_dt(*DAY), **fields)
        else:
            published = local_dt(*DAY, hour=9)
            imported.append(
                ArticlePage(
                    slug=f"nhap-{index}",
                    published_at=published,
                    first_published_at=published,
                    last_published_at=published,
                    live=True,
                    **fields,
                )
            )
    append_children(category, imported)
    return live_server.url, home, category


def assert_nothing_ran(page, url=None, html=None):
    if html is None:
        page.goto(url, wait_until="load")
    else:
        page.set_content(html, wait_until="load")
    page.wait_for_timeout(50)  # handlers of failed image loads and autofocus fire just after "load"
    assert page.evaluate("typeof window.__xss") == "undefined", f"a payload ran on {url}"
    assert page.dialogs == [], f"a payload opened a dialog on {url}"
    assert page.evaluate(INSPECT) == [], f"script-carrying markup on {url}"


def test_no_payload_runs_anywhere_a_reader_looks(reader, xss_site):
    base_url, home, category = xss_site
    articles = list(ArticlePage.objects.live().order_by("pk"))
    assert len(articles) == len(groups()) and len(PAYLOADS) >= 50

    urls = [base_url + article.url for article in articles]
    urls += [base_url + home.url, base_url + category.url, f"{base_url}/ngay/{DAY[0]}/{DAY[1]}/{DAY[2]}/"]
    urls.append(f"{base_url}/tim-kiem/?q={quote('Kiểm tra')}")
    for payloads in groups():
        joined = quote(" ".join(payloads)[:400], safe="")
        urls.append(f"{base_url}/tim-kiem/?q={joined}")
        urls.append(f"{base_url}/ngay/{joined}/")
        urls.append(f"{base_url}/ngay/?ngay={joined}")
        urls.append(f"{base_url}/ngay/{DAY[0]}/{DAY[1]}/{DAY[2]}/?page={joined}")
    for url in urls:
        assert_nothing_ran(reader, url)

    # The payloads are really on the pages, shown as text: the test looks where they are.
    reader.goto(base_url + ArticlePage.objects.get(title__startswith="Kiểm tra 0 ").url)  # imported
    assert reader.locator("h1.article-title").inner_text().startswith("Kiểm tra 0 <script>__xss=1</script>")
    assert "</script><script>__xss=1</script>" in reader.locator(".article-lead").inner_text()
    assert "<SCRIPT>__xss=1</SCRIPT>" in reader.locator(".article-byline").inner_text()
    reader.goto(f"{base_url}/tim-kiem/?q={quote('Kiểm tra')}")
    assert reader.locator(".search-results li").count() == len(articles)


def test_saved_copy_of_an_article_runs_no_payload(reader, xss_site):
    client = Client()
    for article in ArticlePage.objects.live().order_by("pk")[:2]:
        response = client.get(article.url + "luu/")
        assert response.status_code == 200
        assert_nothing_ran(reader, url=f"{article.url}luu/", html=response.content.decode())
