import pytest

from portal.core.blocks import stream_text
from portal.news.models import ArticlePage


@pytest.mark.django_db
def test_paragraphs_stay_apart_and_entities_decode_once():
    page = ArticlePage(
        title="x",
        body=[
            {
                "type": "paragraph",
                "value": "<p>Cảnh đẹp</p><p>IT &amp; &quot;số hóa&quot;</p><ul><li>a</li><li>b</li></ul>",
            }
        ],
    )
    assert stream_text(page.body).split("\n") == ["Cảnh đẹp", 'IT & "số hóa"', "a", "b"]
