"""Lưu bài viết: a clean, self-contained HTML copy of an article (styles inline, images embedded, no script)."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

SAVE_STYLESHEET = "css/saved-article.css"


def article_download_response(article, request):
    stylesheet_path = finders.find(SAVE_STYLESHEET)
    with open(stylesheet_path, encoding="utf-8") as handle:
        stylesheet = handle.read()
    html = render_to_string(
        "news/article_download.html",
        {
            "page": article,
            "stylesheet": stylesheet,
            "embed_images": True,
            "source_url": article.get_full_url(request),
        },
        request=request,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
    return response
