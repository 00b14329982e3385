"""Content apps tell search what can be found; search knows nothing of articles.

A source is a callable ``(site_root_page, query) -> queryset`` of pages with ``title``, ``lead`` and ``published_at``.
"""

_sources = []


def register_source(source):
    if source not in _sources:
        _sources.append(source)


def sources():
    return list(_sources)
