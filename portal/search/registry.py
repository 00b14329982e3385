"""Content apps tell search what can be found; search knows nothing of articles.

A source describes one model: how to turn instances into ``IndexDocument``s (None for one that must not be found,
e.g. unpublished), how to list every document for a rebuild, how to load objects by primary key, and which
objects sit under a page that moved. The search app's signal handlers (``signals``) keep the index in step with
every registered model.

For the results page and the API a source also loads result objects (only what showing a result needs) and says
what to show of each: its title, address, date, category and the plain text a snippet is cut from. The search
app reads nothing else of a result object.
"""

import datetime
from typing import Protocol

from django.db import models

from .documents import IndexDocument


class SearchSource(Protocol):
    model: type[models.Model]
    label: str  # key prefix, unique per source, e.g. "news.articlepage"

    def documents_for(self, objects) -> dict[int, IndexDocument | None]: ...

    def all_documents(self): ...

    def objects_by_pk(self, pks: list[int]) -> dict[int, models.Model]: ...

    def pks_under(self, page) -> list[int]: ...

    def results_by_pk(self, pks: list[int], text: bool = True) -> dict[int, models.Model]:
        """The objects a reader may see among ``pks``, loaded for ``result_*`` only (not for indexing); without
        ``text``, ``result_lead`` and ``result_text`` will not be asked for (title suggestions)."""

    def result_title(self, obj) -> str: ...

    def result_url(self, obj, request, full: bool = False) -> str:
        """The object's address: relative for the page, absolute (the site's own address) for the API."""

    def result_date(self, obj) -> datetime.datetime | None: ...

    def result_category(self, obj, request) -> tuple[str, str] | None:
        """(title, address) of the section the object is listed in, if any."""

    def result_lead(self, obj) -> str:
        """The object's summary as its authors wrote it ("" if it has none)."""

    def result_text(self, obj) -> str:
        """The plain text a snippet is cut from."""


_sources: dict[str, SearchSource] = {}


def register_source(source: SearchSource):
    _sources[source.label] = source


def sources() -> list[SearchSource]:
    return list(_sources.values())


def source_for_model(model) -> SearchSource | None:
    return next((s for s in _sources.values() if issubclass(model, s.model)), None)


def make_key(source: SearchSource, pk) -> str:
    return f"{source.label}:{pk}"


def split_key(key: str) -> tuple[SearchSource | None, int | None]:
    label, _, pk = key.rpartition(":")
    source = _sources.get(label)
    return (source, int(pk)) if source and pk.isdigit() else (None, None)
