"""Rich text keeps what Wagtail's editor writes and loses everything that can run script, on every save path."""

import json
import re
from html.parser import HTMLParser

import pytest
from wagtail.rich_text import expand_db_html

from portal.core.models import SiteSettings
from portal.news.bulk import append_children
from portal.news.models import ArticlePage
from portal.safety.html import ALLOWED_TAGS, sanitize_html
from tests.factories import local_dt, make_article

from .payloads import MARKUP_PAYLOADS, PAYLOADS

# What Draftail stores for the portal's features, plus an image and a media embed.
WAGTAIL_STORAGE_HTML = (
    '<h2 data-block-key="a1">Tiêu đề</h2>'
    '<p data-block-key="b2"><b>Đậm</b> <i>nghiêng</i> <a linktype="page" id="3">trang</a> '
    '<a linktype="document" id="7">tệp</a> <a href="https://example.gov.vn/a?b=1&amp;c=2">ngoài</a> '
    '<a href="mailto:vanphong@example.gov.vn">thư</a></p>'
    '<ul><li data-block-key="c3">một</li></ul><ol><li data-block-key="d4">hai</li></ol>'
    '<blockquote data-block-key="e5">trích</blockquote><hr/>'
    '<embed alt="Ảnh" embedtype="image" format="left" id="5"/>'
    '<embed embedtype="media" url="https://www.youtube.com/watch?v=abc"/>'
    "<table><tbody><tr><th>Cột</th><td>ô</td></tr></tbody></table>"
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "url"}


class _Inspector(HTMLParser):
    """What the browser would build from the HTML: tags and attributes, not text that merely looks like code."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            scheme = re.sub(r"[\x00-\x20]", "", value or "").lower().partition(":")[0]
            if name.startswith("on") or name in ("style", "srcdoc") or (name == "id" and not value.isdigit()):
                self.problems.append(f"{tag} {name}")
            elif name in URL_ATTRIBUTES and scheme in ("javascript", "data", "vbscript"):
                self.problems.append(f"{tag} {name}={value}")


def problems(html):
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def without_markup_differences(html):
    return html.replace("<hr/>", "<hr>")


def test_wagtail_storage_format_is_kept():
    cleaned = sanitize_html(WAGTAIL_STORAGE_HTML)
    assert cleaned == without_markup_differences(WAGTAIL_STORAGE_HTML)
    assert sanitize_html(cleaned) == cleaned  # saving again changes nothing


@pytest.mark.django_db
def test_embeds_stay_in_the_form_wagtail_expands():
    image_embed = '<embed alt="Ảnh" embedtype="image" format="left" id="5"/>'
    # Wagtail only expands "<embed .../>": an image that stopped expanding would vanish from the article.
    assert sanitize_html(image_embed) == image_embed
    assert "<embed" not in expand_db_html(sanitize_html(image_embed))


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_payload_loses_everything_that_runs(payload):
    assert problems(f"<p>{payload}</p>"), "the payload itself must be caught by the inspector"
    cleaned = sanitize_html(f"<p>{payload}</p>")
    assert problems(cleaned) == [], cleaned


def body_html(article):
    return "".join(block.value.source for block in article.body if block.block_type == "paragraph")


@pytest.mark.django_db
def test_article_saved_by_an_editor_is_sanitised(site_tree):
    _, _, category = site_tree
    payload_html = "<p>Giữ lại <b>đậm</b></p>" + "".join(PAYLOADS)
    article = make_article(category, body=[{"type": "paragraph", "value": payload_html}])
    stored = ArticlePage.objects.get(pk=article.pk)
    assert "<p>Giữ lại <b>đậm</b></p>" in body_html(stored)
    assert problems(body_html(stored)) == []
    # Later edits are cleaned again.
    stored.body = [{"type": "paragraph", "value": '<p onclick="__xss=1">Sửa</p>'}]
    stored.save_revision().publish()
    assert body_html(ArticlePage.objects.get(pk=article.pk)) == "<p>Sửa</p>"


@pytest.mark.django_db
def test_bulk_imported_html_is_sanitised(site_tree):
    _, _, category = site_tree
    imported = ArticlePage(
        title="Tin nhập khẩu",
        slug="tin-nhap-khau",
        body=[{"type": "paragraph", "value": '<p>Nhập <img src=x onerror=alert(1)><a href="javascript:x()">l</a></p>'}],
        published_at=local_dt(2022, 12, 15),
        live=True,
    )
    append_children(category, [imported])
    assert body_html(ArticlePage.objects.get(slug="tin-nhap-khau")) == "<p>Nhập <a>l</a></p>"


@pytest.mark.django_db
def test_rich_text_field_of_site_settings_is_sanitised(site_tree):
    site, _, _ = site_tree
    settings_row = SiteSettings.for_site(site)
    settings_row.footer_text = '<p>Chân trang <a href="javascript:alert(1)">x</a><script>alert(1)</script></p>'
    settings_row.save()
    settings_row.refresh_from_db()
    assert settings_row.footer_text == "<p>Chân trang <a>x</a></p>"


BROKEN_REFERENCES = (
    '<p><a linktype="document" id="²">số mũ</a> <a linktype="document">không mã</a> '
    '<a linktype="page" id="1.5">thập phân</a> <a linktype="document" id="{document}">tệp thật</a></p>'
    '<p><embed embedtype="image" format="left"/></p>'
)


@pytest.mark.django_db
def test_links_without_a_usable_id_become_text_and_keep_the_reference_index_whole(client, site_tree):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    _, _, category = site_tree
    document = get_document_model().objects.create(title="Kế hoạch", file=ContentFile(b"x", name="ke-hoach.txt"))
    html = BROKEN_REFERENCES.format(document=document.pk)
    article = make_article(category, title="Tin có liên kết hỏng", body=[{"type": "paragraph", "value": html}])
    expected = (
        "<p><a>số mũ</a> <a>không mã</a> <a>thập phân</a> "
        f'<a linktype="document" id="{document.pk}">tệp thật</a></p><p></p>'
    )
    assert ArticlePage.objects.get(pk=article.pk).body.raw_data[0]["value"] == expected
    # A draft is previewed from its revision, which no page save has cleaned: the revision is cleaned too.
    article.body = [{"type": "paragraph", "value": html}]
    draft = article.save_revision()
    assert json.loads(draft.content["body"])[0]["value"] == expected
    response = client.get(article.url)
    assert response.status_code == 200 and "tệp thật" in response.content.decode()
    # The reference index was built (Wagtail raised KeyError on a link without an id and indexed nothing).
    assert ReferenceIndex.get_references_to(document).filter(object_id=str(article.pk)).exists()
