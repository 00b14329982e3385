"""Share metadata for articles: schema.org NewsArticle as JSON-LD."""

import json

from django import template
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


def _local_iso(value):
    return timezone.localtime(value).isoformat() if value else None


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article, agency_name=""):
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "mainEntityOfPage": article.get_full_url(request),
        "datePublished": _local_iso(article.published_at),
        "dateModified": _local_iso(article.updated_at),
        "inLanguage": "vi",
        "author": {"@type": "Person", "name": article.author_name} if article.author_name else None,
        "publisher": {"@type": "GovernmentOrganization", "name": agency_name} if agency_name else None,
    }
    payload = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False).translate(_json_script_escapes)
    # <, > and & are escaped as \uXXXX above, so the payload cannot close the script element.
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
